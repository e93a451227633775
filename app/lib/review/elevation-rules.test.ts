import { describe, expect, it } from "vitest";
import {
  type ElevationContext,
  type ElevationRules,
  elevationReasonsOf,
  firedElevationRules,
  hasElevationRules,
  parseElevationRules,
} from "./elevation-rules";
import type { ReviewOrder } from "./mapping";

/** An order that matches no rule; each test changes only what its rule reads. */
function order(changes: Record<string, unknown> = {}): ReviewOrder {
  const base = {
    id: "gid://shopify/Order/1",
    totalPriceSet: {
      shopMoney: { amount: "100.00", currencyCode: "USD" },
      presentmentMoney: { amount: "92.00", currencyCode: "EUR" },
    },
    customer: { id: "gid://shopify/Customer/7", email: "a@example.com", tags: [] },
    billingAddress: { countryCodeV2: "US" },
    shippingAddress: { countryCodeV2: "US" },
    shippingLine: { title: "Standard", code: "STANDARD", source: "shopify", carrierIdentifier: null },
    lineItems: {
      nodes: [{ id: "gid://shopify/LineItem/1", isGiftCard: false, product: { id: "p1", tags: ["shoes"] } }],
    },
  };
  return { ...base, ...changes } as unknown as ReviewOrder;
}

const ctx: ElevationContext = { highRiskProductTag: "high-risk", customerOrderCount: 5 };
const rulesOf = (order: ReviewOrder, rules: ElevationRules, context = ctx) =>
  firedElevationRules(order, rules, context).map((f) => f.rule);

describe("elevation rules", () => {
  it("an ordinary order with every rule on matches none", () => {
    const all: ElevationRules = {
      totalOver: 500,
      highRiskProduct: true,
      countriesDiffer: true,
      giftCard: true,
      expeditedShipping: ["express", "overnight"],
      firstOrder: true,
    };
    expect(firedElevationRules(order(), all, ctx)).toEqual([]);
  });

  it("total over an amount, in the shop's currency, strictly greater", () => {
    const big = order({
      totalPriceSet: {
        shopMoney: { amount: "500.01", currencyCode: "USD" },
        presentmentMoney: { amount: "460.00", currencyCode: "EUR" },
      },
    });
    expect(firedElevationRules(big, { totalOver: 500 }, ctx)).toEqual([
      { rule: "totalOver", label: "Total over 500.00 USD" },
    ]);
    const exactly = order({
      totalPriceSet: {
        shopMoney: { amount: "500.00", currencyCode: "USD" },
        presentmentMoney: { amount: "999.00", currencyCode: "EUR" },
      },
    });
    expect(rulesOf(exactly, { totalOver: 500 })).toEqual([]);
    expect(rulesOf(big, {})).toEqual([]);
  });

  it("a high-risk product in the cart (the shop's tag, any case); needs the tag", () => {
    const risky = order({
      lineItems: {
        nodes: [
          { id: "1", isGiftCard: false, product: { id: "p1", tags: ["shoes"] } },
          { id: "2", isGiftCard: false, product: { id: "p2", tags: ["High-Risk"] } },
        ],
      },
    });
    expect(rulesOf(risky, { highRiskProduct: true })).toEqual(["highRiskProduct"]);
    expect(rulesOf(risky, { highRiskProduct: false })).toEqual([]);
    expect(rulesOf(risky, { highRiskProduct: true }, { ...ctx, highRiskProductTag: null })).toEqual([]);
    // A line item without a product (custom item) is not high risk.
    expect(
      rulesOf(order({ lineItems: { nodes: [{ id: "3", isGiftCard: false, product: null }] } }), {
        highRiskProduct: true,
      }),
    ).toEqual([]);
  });

  it("billing and shipping countries differ; a missing address does not match", () => {
    const abroad = order({ shippingAddress: { countryCodeV2: "CA" } });
    expect(rulesOf(abroad, { countriesDiffer: true })).toEqual(["countriesDiffer"]);
    expect(rulesOf(abroad, {})).toEqual([]);
    expect(rulesOf(order({ shippingAddress: null }), { countriesDiffer: true })).toEqual([]);
  });

  it("gift card purchase (a gift card line item, not paying with one)", () => {
    const gift = order({
      lineItems: { nodes: [{ id: "1", isGiftCard: true, product: { id: "p9", tags: [] } }] },
    });
    expect(rulesOf(gift, { giftCard: true })).toEqual(["giftCard"]);
    expect(rulesOf(gift, {})).toEqual([]);
  });

  it("expedited shipping: a keyword in the method's title or code, any case", () => {
    const fast = order({ shippingLine: { title: "Next-Day Air", code: "UPS_NDA", source: "ups" } });
    expect(firedElevationRules(fast, { expeditedShipping: ["next-day"] }, ctx)).toEqual([
      { rule: "expeditedShipping", label: "Expedited shipping (“next-day”)" },
    ]);
    const byCode = order({ shippingLine: { title: "Fast", code: "EXPRESS_24", source: "dhl" } });
    expect(rulesOf(byCode, { expeditedShipping: ["Express"] })).toEqual(["expeditedShipping"]);
    expect(rulesOf(fast, { expeditedShipping: [] })).toEqual([]);
    expect(rulesOf(order({ shippingLine: null }), { expeditedShipping: ["express"] })).toEqual([]);
  });

  it("first order of a customer: Shopify's lifetime count (this order included) is at most 1", () => {
    expect(rulesOf(order(), { firstOrder: true }, { ...ctx, customerOrderCount: 1 })).toEqual(["firstOrder"]);
    expect(rulesOf(order(), { firstOrder: true }, { ...ctx, customerOrderCount: 2 })).toEqual([]);
    expect(rulesOf(order(), {}, { ...ctx, customerOrderCount: 1 })).toEqual([]);
    // Guest checkout or a count Shopify withheld: unknown, no match.
    expect(rulesOf(order({ customer: null }), { firstOrder: true }, { ...ctx, customerOrderCount: null })).toEqual([]);
  });

  it("several rules fire together, in the merchant's list order", () => {
    const o = order({
      shippingAddress: { countryCodeV2: "GB" },
      lineItems: { nodes: [{ id: "1", isGiftCard: true, product: { id: "p1", tags: [] } }] },
    });
    expect(rulesOf(o, { giftCard: true, countriesDiffer: true })).toEqual(["countriesDiffer", "giftCard"]);
  });

  it("stored rules are read defensively", () => {
    expect(parseElevationRules("not json")).toEqual({});
    expect(parseElevationRules('{"totalOver":"lots","giftCard":"yes","expeditedShipping":["", "air", 3]}')).toEqual({
      expeditedShipping: ["air"],
    });
    expect(hasElevationRules({})).toBe(false);
    expect(hasElevationRules({ expeditedShipping: [] })).toBe(false);
    expect(hasElevationRules({ totalOver: 0 })).toBe(true);
    expect(elevationReasonsOf(null)).toBeNull();
    expect(elevationReasonsOf('[{"rule":"giftCard","label":"Gift card purchase"},{"x":1}]')).toEqual([
      { rule: "giftCard", label: "Gift card purchase" },
    ]);
  });
});
