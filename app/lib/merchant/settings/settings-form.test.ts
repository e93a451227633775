import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { ensureShopSettings } from "./shop-settings.server";
import { exclusionReason, type ExclusionRules } from "../../review/exclusions";
import { cardOrder } from "../../../../test/support/order-fixtures";
import { saveShopSettings } from "./save-settings.server";
import {
  BOOLEAN_FIELDS,
  DEFAULT_SETTINGS,
  TEXT_FIELDS,
  formFieldsOf,
  formValuesOf,
  isDirty,
  parseAmount,
  parseCredentialsForm,
  parseList,
  parseSettingsForm,
  type SettingsFormValues,
} from "./settings-form";
import { type Message, englishOf } from "../i18n/message";

/** An error as the English page shows it. */
const english = (error: Message | undefined) => (error ? englishOf(error) : undefined);
const defaults = (): SettingsFormValues => formValuesOf(DEFAULT_SETTINGS);
const submit = (changes: Partial<SettingsFormValues> = {}) =>
  parseSettingsForm(formFieldsOf({ ...defaults(), ...changes }));
const toFormData = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};

describe("formValuesOf", () => {
  it("starts from the schema defaults: automatic steps on, destructive steps off", () => {
    const values = defaults();
    expect(values).toMatchObject({
      autoSubmit: true,
      holdWhileReviewing: true,
      releaseHoldOnApproval: true,
      tagOrders: true,
      riskAssessments: true,
      cancelDeclined: false,
      cancelRefund: false,
      cancelNotifyCustomer: false,
      applyCorrectedEmail: false,
      reviewMode: "review_all",
      orderNumberSource: "name",
      gateways: "",
      minTotal: "",
    });
  });

  it("reads stored exclusion rules and tolerates malformed JSON", () => {
    const rules: ExclusionRules = {
      gateways: ["manual", "Cash on Delivery (COD)"],
      minTotal: 5,
      maxTotal: 2500.5,
      excludeB2B: true,
    };
    const values = formValuesOf({ ...DEFAULT_SETTINGS, exclusionRules: JSON.stringify(rules) });
    expect(values.gateways).toBe("manual, Cash on Delivery (COD)");
    expect(values.minTotal).toBe("5");
    expect(values.maxTotal).toBe("2500.5");
    expect(values.excludeB2B).toBe(true);
    expect(values.excludeTestOrders).toBe(false);
    expect(formValuesOf({ ...DEFAULT_SETTINGS, exclusionRules: "{not json" }).gateways).toBe("");
    expect(formValuesOf({ ...DEFAULT_SETTINGS, exclusionRules: "[1,2]" }).gateways).toBe("");
  });
});

describe("parseSettingsForm", () => {
  it("accepts the defaults unchanged", () => {
    const result = submit();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.update).toMatchObject({ ...DEFAULT_SETTINGS, exclusionRules: "{}" });
  });

  it("round-trips every switch both ways", () => {
    for (const name of BOOLEAN_FIELDS) {
      for (const value of [true, false]) {
        // The high-risk product rule needs the shop's high-risk product tag.
        const result = submit({ [name]: value, highRiskProductTag: "high-risk" });
        expect(result.ok, name).toBe(true);
        if (result.ok) expect(result.values[name], name).toBe(value);
      }
    }
  });

  it("builds exclusion rules that the review service applies", () => {
    const result = submit({
      gateways: "manual, Cash on Delivery (COD), manual",
      salesChannels: "pos",
      minTotal: "1,000.00",
      orderTags: "wholesale\nvip",
      excludeTestOrders: true,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const rules = JSON.parse(result.update.exclusionRules) as ExclusionRules;
    expect(rules).toEqual({
      gateways: ["manual", "Cash on Delivery (COD)"],
      salesChannels: ["pos"],
      minTotal: 1000,
      orderTags: ["wholesale", "vip"],
      excludeTestOrders: true,
    });
    // The saved rules have the shape exclusions.ts reads.
    const order = cardOrder({ test: true });
    expect(exclusionReason(order, rules)).toBe("Test orders are excluded");
  });

  it("reports inline errors for every invalid field at once", () => {
    const result = submit({
      tagReviewing: "",
      tagApproved: "a,b",
      tagDeclined: "x".repeat(41),
      reviewMode: "sometimes",
      orderNumberSource: "sku",
      minTotal: "ten",
      maxTotal: "-5",
      highRiskProductTag: "risky,tag",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        "highRiskProductTag",
        "maxTotal",
        "minTotal",
        "orderNumberSource",
        "reviewMode",
        "tagApproved",
        "tagDeclined",
        "tagReviewing",
      ].sort(),
    );
    expect(english(result.errors.tagReviewing)).toBe("Enter the tag for orders under review");
    expect(english(result.errors.tagApproved)).toMatch(/comma/);
    expect(english(result.errors.tagDeclined)).toMatch(/40 characters/);
    expect(english(result.errors.minTotal)).toBe("Enter the minimum total as an amount, like 25 or 25.50");
  });

  it("needs tags only while tagging is on", () => {
    expect(submit({ tagOrders: false, tagReviewing: "" }).ok).toBe(true);
    expect(submit({ tagOrders: true, tagReviewing: "" }).ok).toBe(false);
  });

  it("rejects two statuses sharing one tag", () => {
    const result = submit({ tagApproved: "Fraud-Checked", tagDeclined: "fraud-checked" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(english(result.errors.tagDeclined)).toMatch(/own tag/);
  });

  it("rejects a minimum above the maximum", () => {
    const result = submit({ minTotal: "500", maxTotal: "100" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(english(result.errors.maxTotal)).toMatch(/at least the minimum/);
    expect(submit({ minTotal: "100", maxTotal: "100" }).ok).toBe(true);
  });

  it("refuses a partial form instead of switching missing steps off", () => {
    const fields = formFieldsOf(defaults());
    delete (fields as Partial<typeof fields>).holdWhileReviewing;
    const result = parseSettingsForm(toFormData(fields));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(english(result.errors.form)).toMatch(/holdWhileReviewing/);
  });

  it("rejects a switch value that is not on or off", () => {
    const result = parseSettingsForm(toFormData({ ...formFieldsOf(defaults()), autoSubmit: "maybe" }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.autoSubmit).toBeDefined();
  });

  it("covers every field in the form fields", () => {
    expect(Object.keys(formFieldsOf(defaults())).sort()).toEqual([...BOOLEAN_FIELDS, ...TEXT_FIELDS].sort());
  });
});

describe("field parsers", () => {
  it("parseList trims, splits on commas and newlines, de-duplicates", () => {
    expect(parseList(" a, B ,,b\nc ", "settingsList.orderTag")).toEqual({ values: ["a", "B", "c"] });
    const tooMany = parseList(Array.from({ length: 51 }, (_, i) => `t${i}`).join(","), "settingsList.orderTag");
    expect("error" in tooMany && englishOf(tooMany.error)).toBe("Enter at most 50 order tags");
    const tooLong = parseList("x".repeat(101), "settingsList.orderTag");
    expect("error" in tooLong && englishOf(tooLong.error)).toBe("Each order tag must be 100 characters or fewer");
  });

  it("parseAmount accepts up to two decimals", () => {
    expect(parseAmount("", "settingsField.minTotal")).toEqual({ value: null });
    expect(parseAmount("25.5", "settingsField.minTotal")).toEqual({ value: 25.5 });
    expect(parseAmount("25.555", "settingsField.minTotal")).toHaveProperty("error");
    expect(parseAmount("1e3", "settingsField.minTotal")).toHaveProperty("error");
  });

  it("parseCredentialsForm requires both keys", () => {
    expect(parseCredentialsForm({ keyId: "", secret: "" })).toEqual({
      ok: false,
      errors: { keyId: { key: "credentialsError.keyIdRequired" }, secret: { key: "credentialsError.secretRequired" } },
    });
    expect(parseCredentialsForm({ keyId: " K1 ", secret: "s3cret" })).toEqual({
      ok: true,
      keyId: "K1",
      secret: "s3cret",
    });
    expect(parseCredentialsForm({ keyId: "has space", secret: "s" }).ok).toBe(false);
  });

  it("isDirty notices any change", () => {
    expect(isDirty(defaults(), defaults())).toBe(false);
    expect(isDirty(defaults(), { ...defaults(), minTotal: "1" })).toBe(true);
    expect(isDirty(defaults(), { ...defaults(), cancelDeclined: true })).toBe(true);
  });
});

describe("saveShopSettings (real database)", () => {
  const shop = "settings-test.myshopify.com";
  beforeEach(async () => {
    await prisma.shopSettings.deleteMany();
  });

  it("saves every field in one update", async () => {
    await ensureShopSettings(prisma, shop);
    const values = {
      ...defaults(),
      autoSubmit: false,
      cancelDeclined: true,
      cancelRefund: true,
      reviewMode: "submit_then_elevate",
      highRiskProductTag: "high-risk",
      maxTotal: "5000",
    };
    const result = await saveShopSettings(prisma, shop, toFormData(formFieldsOf(values)));
    expect(result.ok).toBe(true);
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop } });
    expect(row).toMatchObject({
      autoSubmit: false,
      cancelDeclined: true,
      cancelRefund: true,
      reviewMode: "submit_then_elevate",
      highRiskProductTag: "high-risk",
    });
    expect(JSON.parse(row.exclusionRules)).toEqual({ maxTotal: 5000 });
    expect(formValuesOf(row)).toEqual({ ...values, maxTotal: "5000" });
  });

  it("writes nothing when any field is invalid", async () => {
    const before = await ensureShopSettings(prisma, shop);
    const result = await saveShopSettings(
      prisma,
      shop,
      formFieldsOf({ ...defaults(), autoSubmit: false, minTotal: "lots" }),
    );
    expect(result.ok).toBe(false);
    const after = await prisma.shopSettings.findUniqueOrThrow({ where: { shop } });
    expect(after.autoSubmit).toBe(true);
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
  });
});
