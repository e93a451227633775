import { describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { firedElevationRules, parseElevationRules } from "../../review/elevation-rules";
import type { ReviewOrder } from "../../review/mapping";
import { saveShopSettings } from "./save-settings.server";
import { translateFields } from "../i18n/message";
import { translator } from "../i18n/translate";
import {
  DEFAULT_SETTINGS,
  type SettingsFormValues,
  formFieldsOf,
  formValuesOf,
  parseSettingsForm,
} from "./settings-form";

const defaults = (): SettingsFormValues => formValuesOf(DEFAULT_SETTINGS);
const submit = (changes: Partial<SettingsFormValues> = {}) =>
  parseSettingsForm(formFieldsOf({ ...defaults(), ...changes }));

describe("the submit-then-elevate settings", () => {
  it("start with no rule, orders left Submitted kept on hold, their own tag", () => {
    expect(defaults()).toMatchObject({
      elevateTotalOver: "",
      elevateHighRiskProduct: false,
      elevateCountriesDiffer: false,
      elevateGiftCard: false,
      elevateExpeditedShipping: false,
      expeditedKeywords: "express, expedited, overnight, next day, priority",
      elevateFirstOrder: false,
      submittedOrders: "keep",
      tagNotReviewed: "apruvd-not-reviewed",
    });
  });

  it("save every rule as the rules module reads it, and the rules then fire on a matching order", () => {
    const result = submit({
      reviewMode: "submit_then_elevate",
      highRiskProductTag: "high-risk",
      elevateTotalOver: "1,000.50",
      elevateHighRiskProduct: true,
      elevateCountriesDiffer: true,
      elevateGiftCard: true,
      elevateExpeditedShipping: true,
      expeditedKeywords: "Overnight, express, overnight",
      elevateFirstOrder: true,
      submittedOrders: "release",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.update.submittedOrders).toBe("release");
    const rules = parseElevationRules(result.update.elevationRules);
    expect(rules).toEqual({
      totalOver: 1000.5,
      highRiskProduct: true,
      countriesDiffer: true,
      giftCard: true,
      expeditedShipping: ["Overnight", "express"],
      firstOrder: true,
    });
    const order = {
      totalPriceSet: { shopMoney: { amount: "2000.00", currencyCode: "USD" } },
      billingAddress: { countryCodeV2: "US" },
      shippingAddress: { countryCodeV2: "FR" },
      shippingLine: { title: "Overnight", code: null },
      lineItems: { nodes: [{ isGiftCard: true, product: { tags: ["high-risk"] } }] },
    } as unknown as ReviewOrder;
    expect(
      firedElevationRules(order, rules, { highRiskProductTag: "high-risk", customerOrderCount: 1 }).map((f) => f.rule),
    ).toEqual(["totalOver", "highRiskProduct", "countriesDiffer", "giftCard", "expeditedShipping", "firstOrder"]);
    // And the form shows what was saved.
    expect(result.values).toMatchObject({ elevateTotalOver: "1000.5", expeditedKeywords: "Overnight, express" });
  });

  it("a switched-off rule is not saved", () => {
    const result = submit({ elevateExpeditedShipping: false, elevateGiftCard: false });
    expect(result.ok && parseElevationRules(result.update.elevationRules)).toEqual({});
  });

  it("report inline errors on the field at fault", () => {
    const result = submit({
      elevateTotalOver: "lots",
      elevateHighRiskProduct: true,
      highRiskProductTag: "",
      elevateExpeditedShipping: true,
      expeditedKeywords: " , ",
      submittedOrders: "ship-anyway",
      tagNotReviewed: "a,b",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(translateFields(translator("en"), result.errors)).toEqual({
      elevateTotalOver: "Enter the total threshold as an amount, like 25 or 25.50",
      elevateHighRiskProduct: "Enter a high-risk product tag (under Review) to use this rule",
      expeditedKeywords: "Enter at least one word that names an expedited shipping method",
      submittedOrders: "Choose what happens to orders that are not elevated",
      tagNotReviewed: "The tag for orders released without review can't contain a comma",
    });
    // The same errors on a French admin's page.
    expect(translateFields(translator("fr"), result.errors)).toMatchObject({
      elevateTotalOver: "Saisissez le seuil de total sous forme de montant, par exemple 25 ou 25,50",
      tagNotReviewed: "Une virgule n’est pas autorisée dans la balise des commandes libérées sans analyse",
    });
    expect(submit({ tagNotReviewed: "apruvd-reviewing" }).ok).toBe(false);
  });

  it("are stored by the one atomic save", async () => {
    const shop = "elevation-settings.myshopify.com";
    await prisma.shopSettings.deleteMany({ where: { shop } });
    const values = { ...defaults(), elevateGiftCard: true, submittedOrders: "release", tagNotReviewed: "unreviewed" };
    const saved = await saveShopSettings(prisma, shop, formFieldsOf(values));
    expect(saved.ok).toBe(true);
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop } });
    expect(row).toMatchObject({ submittedOrders: "release", tagNotReviewed: "unreviewed" });
    expect(parseElevationRules(row.elevationRules)).toEqual({ giftCard: true });
    expect(formValuesOf(row)).toEqual(values);
  });
});
