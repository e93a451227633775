import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { recordInstallation } from "../../sandbox/harness/install-shop";
import { generateOrder, type OrderSpec } from "../../sandbox/shopify/orders";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { saveShopSettings } from "../../app/lib/merchant/settings/save-settings.server";
import {
  DEFAULT_SETTINGS,
  type SettingsFormValues,
  formFieldsOf,
  formValuesOf,
} from "../../app/lib/merchant/settings/settings-form";
import { loadSettingsPage } from "../../app/lib/merchant/settings/settings-page.server";
import { listReviews } from "../../app/lib/merchant/dashboard/reviews-table.server";
import { getReviewDetail } from "../../app/lib/merchant/dashboard/review-detail.server";
import { type Message, translateText } from "../../app/lib/merchant/i18n/message";
import { translator } from "../../app/lib/merchant/i18n/translate";

// "Submit every order, elevate the suspicious ones", through real HTTP: a shop whose Apruvd
// account defaults into Submitted, the elevation rules set through the settings form,
// orders placed as signed webhooks; what Apruvd received and what Shopify shows checked.
const SHOP = "elevate-store.myshopify.com";
const HOLD_HANDLE = "apruvd-review";
let stack: LocalStack;
let account: { keyId: string; secret: string };

beforeAll(async () => {
  stack = await startLocalStack({
    useEnvDatabase: true,
    apruvd: { reviewDelayMs: 100 },
    shopify: { throttle: false },
    retryBaseMs: 100,
    retryCapMs: 1000,
    breakerOpenMs: 500,
  });
  const accessToken = `shpat_${crypto.randomBytes(16).toString("hex")}`;
  stack.shopify.seedShop(SHOP, { accessToken });
  account = stack.apruvd.createAccount({ submittedByDefault: true });
  await recordInstallation({
    prisma: stack.prisma,
    installed: { shop: SHOP, accessToken, apruvdCredentials: account },
    appUrl: stack.app.url,
    apruvdUrl: stack.apruvd.url,
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function configure(changes: Partial<SettingsFormValues>): Promise<void> {
  const values = { ...formValuesOf(DEFAULT_SETTINGS), reviewMode: "submit_then_elevate", ...changes };
  const saved = await saveShopSettings(stack.prisma, SHOP, formFieldsOf(values));
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
}

/** An ordinary card order (no Apruvd test trigger), shipped by `shippingTitle`. */
function ordinaryOrder(index: number, shippingTitle = "Standard Shipping"): OrderSpec {
  const spec = generateOrder("card-ordinary", 11, index);
  return { ...spec, shippingLine: { title: shippingTitle, code: shippingTitle.toUpperCase(), price: "9.95" } };
}

async function reviewOf(order: StoreOrder) {
  return stack.prisma.review.findUnique({
    where: { shop_orderId: { shop: SHOP, orderId: order.id } },
    include: { events: true },
  });
}

async function settle(order: StoreOrder, status: string, written: string): Promise<void> {
  const ok = await stack.waitUntil(async () => {
    const review = await reviewOf(order);
    return review?.status === status && review.writtenBackStatus === written;
  });
  const review = await reviewOf(order);
  expect(ok, `order ${order.name} is ${review?.status}/${review?.writtenBackStatus}`).toBe(true);
}

function ourHolds(order: StoreOrder) {
  return stack.shopify
    .order(SHOP, order.id)
    .fulfillmentOrders.flatMap((fo) => [...fo.holds, ...fo.releasedHolds])
    .filter((hold) => hold.handle === HOLD_HANDLE);
}

function apruvdTransactionOf(order: StoreOrder) {
  return stack.apruvd
    .transactions()
    .find((t) => t.account === account.keyId && t.order_num === order.name.replace(/^#/, ""));
}

describe("submit then elevate, end to end", () => {
  it("elevates right after submission an order a rule flags; the rule is on the review, the dashboard row and the review page", async () => {
    await configure({ elevateExpeditedShipping: true, expeditedKeywords: "overnight, express" });
    const { order } = await stack.placeOrder(SHOP, ordinaryOrder(0, "Overnight Air"));
    // Elevated → Reviewing → the sandbox's review approves → callback → write-back.
    await settle(order, "Approved", "Approved");

    const review = await reviewOf(order);
    expect(JSON.parse(review?.elevationReasons ?? "null")).toEqual([
      { rule: "expeditedShipping", label: "Expedited shipping (“overnight”)" },
    ]);
    const elevated = review?.events.find((e) => e.type === "elevated");
    expect(elevated?.message).toMatch(/Elevated for review automatically \(Expedited shipping/);
    expect(JSON.parse(elevated?.detail ?? "{}")).toMatchObject({ rules: ["expeditedShipping"], automatic: true });
    // One elevation, for this order (the stack is fresh).
    const elevateCalls = stack.apruvd.requests().filter((r) => r.path === "/api/transactions/elevate/");
    expect(elevateCalls).toHaveLength(1);
    expect(apruvdTransactionOf(order)?.status).toBe("Approved");
    // Nothing shipped before the decision; the approval released our hold.
    expect(ourHolds(order).length).toBeGreaterThan(0);
    expect(ourHolds(order).every((h) => h.releasedAt !== null)).toBe(true);

    // The rules as the page shows them, in the admin's language.
    const shown = (rules: Array<Message | string> | null | undefined, language: "en" | "fr") =>
      rules?.map((rule) => translateText(translator(language), rule));
    const page = await listReviews(stack.prisma, SHOP, { tab: "all", from: null, to: null, query: order.name });
    expect(shown(page.rows.find((r) => r.orderId === order.id)?.elevatedBy, "en")).toEqual([
      "Expedited shipping (“overnight”)",
    ]);
    const detail = await getReviewDetail(stack.prisma, SHOP, review!.id);
    expect(shown(detail?.elevatedBy, "en")).toEqual(["Expedited shipping (“overnight”)"]);
    expect(shown(detail?.elevatedBy, "fr")).toEqual(["Livraison express (« overnight »)"]);
  });

  it("a rule switched off elevates nothing: the same order stays Submitted", async () => {
    await configure({ elevateExpeditedShipping: false, submittedOrders: "keep" });
    const { order } = await stack.placeOrder(SHOP, ordinaryOrder(1, "Overnight Air"));
    await settle(order, "Submitted", "under_review");
    expect(JSON.parse((await reviewOf(order))?.elevationReasons ?? "null")).toEqual([]);
    expect(apruvdTransactionOf(order)?.status).toBe("Submitted");
  });

  it("orders left Submitted keep our hold when the shop says keep", async () => {
    await configure({ elevateGiftCard: true, submittedOrders: "keep" });
    const { order } = await stack.placeOrder(SHOP, ordinaryOrder(2));
    await settle(order, "Submitted", "under_review");
    const holds = ourHolds(order);
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((h) => h.releasedAt === null)).toBe(true);
    const seen = stack.shopify.order(SHOP, order.id);
    expect(seen.tags).toContain("apruvd-reviewing");
    expect(seen.riskAssessments.at(-1)?.riskLevel).toBe("PENDING");
  });

  it("orders left Submitted are released, tagged and marked unreviewed when the shop says release", async () => {
    await configure({ elevateGiftCard: true, submittedOrders: "release" });
    const { order } = await stack.placeOrder(SHOP, ordinaryOrder(3));
    await settle(order, "Submitted", "not_reviewed");
    const holds = ourHolds(order);
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((h) => h.releasedAt !== null)).toBe(true);
    const seen = stack.shopify.order(SHOP, order.id);
    expect(seen.tags).toContain("apruvd-not-reviewed");
    expect(seen.tags).not.toContain("apruvd-reviewing");
    expect(seen.riskAssessments.at(-1)?.riskLevel).toBe("NONE");
    expect(apruvdTransactionOf(order)?.status).toBe("Submitted");
    const events = (await reviewOf(order))?.events.map((e) => e.type) ?? [];
    expect(events).toContain("not_elevated");
    expect(events).not.toContain("elevated");
  });

  it("when the Apruvd account reviews every order, the settings page says so and the order is simply reviewed", async () => {
    await configure({ elevateGiftCard: true, submittedOrders: "release" });
    expect((await loadSettingsPage(stack.prisma, SHOP)).accountReviewsEveryOrderSince).toBeNull();
    stack.apruvd.setSubmittedByDefault(account, false);
    const { order } = await stack.placeOrder(SHOP, ordinaryOrder(4));
    await settle(order, "Approved", "Approved");
    expect((await loadSettingsPage(stack.prisma, SHOP)).accountReviewsEveryOrderSince).not.toBeNull();
    // Reviewed as in "review every order": held until the decision, no elevation call.
    expect(ourHolds(order).every((h) => h.releasedAt !== null)).toBe(true);
    expect((await reviewOf(order))?.events.map((e) => e.type)).not.toContain("elevated");

    // Apruvd switches the account back: the next Submitted answer clears the notice.
    stack.apruvd.setSubmittedByDefault(account, true);
    const next = await stack.placeOrder(SHOP, ordinaryOrder(5));
    await settle(next.order, "Submitted", "not_reviewed");
    expect((await loadSettingsPage(stack.prisma, SHOP)).accountReviewsEveryOrderSince).toBeNull();
  });
});
