import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exclusionReason, matchKey, type ExclusionRules } from "./exclusions";
import {
  ALL_SCENARIOS,
  b2bNetTermsOrder,
  cardOrder,
  cashOnDeliveryOrder,
  moneyBag,
  multiCurrencyOrder,
  posCashOrder,
  splitGiftCardAndCardOrder,
  giftCardPaymentOrder,
} from "../../../test/support/order-fixtures";

describe("exclusionReason", () => {
  it("returns null without rules or when nothing matches", () => {
    expect(exclusionReason(cardOrder(), {})).toBeNull();
    expect(exclusionReason(cardOrder(), null)).toBeNull();
    expect(
      exclusionReason(cardOrder(), {
        gateways: ["manual"],
        salesChannels: ["pos"],
        minTotal: 10,
        maxTotal: 1000,
        customerTags: ["staff"],
        orderTags: ["no-review"],
        excludeB2B: true,
        excludeTestOrders: true,
      }),
    ).toBeNull();
  });

  describe("gateways", () => {
    it("excludes an order paid only through an excluded gateway (case-insensitive)", () => {
      expect(exclusionReason(cashOnDeliveryOrder(), { gateways: ["cash on delivery (cod)"] })).toBe(
        "Payment gateway 'Cash on Delivery (COD)' is excluded",
      );
    });
    it("treats spaces, underscores and hyphens alike", () => {
      expect(exclusionReason(cardOrder(), { gateways: ["Shopify Payments"] })).toBe(
        "Payment gateway 'shopify_payments' is excluded",
      );
    });
    it("excludes a split payment only when every gateway is excluded", () => {
      expect(exclusionReason(splitGiftCardAndCardOrder(), { gateways: ["gift_card"] })).toBeNull();
      expect(exclusionReason(splitGiftCardAndCardOrder(), { gateways: ["GIFT_CARD", "shopify_payments"] })).toBe(
        "Payment gateways 'gift_card', 'shopify_payments' are excluded",
      );
    });
    it("does not exclude an order without gateways", () => {
      expect(exclusionReason(cardOrder({ paymentGatewayNames: [] }), { gateways: ["manual"] })).toBeNull();
    });
  });

  it("salesChannels matches the source name", () => {
    expect(exclusionReason(posCashOrder(), { salesChannels: ["POS"] })).toBe("Sales channel 'pos' is excluded");
    expect(exclusionReason(b2bNetTermsOrder(), { salesChannels: ["shopify draft order"] })).toBe(
      "Sales channel 'shopify_draft_order' is excluded",
    );
    expect(exclusionReason(cardOrder(), { salesChannels: ["pos"] })).toBeNull();
  });

  describe("totals", () => {
    it("minTotal excludes orders below it", () => {
      expect(exclusionReason(cardOrder(), { minTotal: 150 })).toBe(
        "Order total 112.49 USD is below the minimum of 150.00 USD",
      );
      expect(exclusionReason(cardOrder(), { minTotal: 112.49 })).toBeNull();
    });
    it("maxTotal excludes orders above it", () => {
      expect(exclusionReason(b2bNetTermsOrder(), { maxTotal: 2500 })).toBe(
        "Order total 4820.50 USD is above the maximum of 2500.00 USD",
      );
      expect(exclusionReason(cardOrder(), { maxTotal: 112.49 })).toBeNull();
    });
    it("compares in the shop currency", () => {
      // 92.10 EUR charged, 99.87 USD in the shop's currency
      expect(exclusionReason(multiCurrencyOrder(), { minTotal: 95 })).toBeNull();
      expect(exclusionReason(multiCurrencyOrder(), { minTotal: 100 })).toBe(
        "Order total 99.87 USD is below the minimum of 100.00 USD",
      );
    });
    it("ignores null, NaN and non-numeric limits", () => {
      expect(exclusionReason(cardOrder(), { minTotal: null, maxTotal: null })).toBeNull();
      expect(exclusionReason(cardOrder(), { minTotal: Number.NaN })).toBeNull();
      expect(exclusionReason(cardOrder(), { minTotal: "abc" } as unknown as ExclusionRules)).toBeNull();
      expect(exclusionReason(cardOrder(), { minTotal: "200" } as unknown as ExclusionRules)).toBe(
        "Order total 112.49 USD is below the minimum of 200.00 USD",
      );
    });
    it("a zero-total order is excluded by any positive minimum", () => {
      expect(exclusionReason(cardOrder({ totalPriceSet: moneyBag("0.00") }), { minTotal: 0.01 })).toBe(
        "Order total 0.00 USD is below the minimum of 0.01 USD",
      );
    });
  });

  it("orderTags and customerTags match case-insensitively", () => {
    expect(exclusionReason(cardOrder(), { orderTags: ["NEWSLETTER"] })).toBe("Order tag 'newsletter' is excluded");
    expect(exclusionReason(cardOrder(), { customerTags: ["vip"] })).toBe("Customer tag 'VIP' is excluded");
    expect(exclusionReason(cardOrder({ customer: null }), { customerTags: ["vip"] })).toBeNull();
  });

  it("excludeB2B excludes company orders only", () => {
    expect(exclusionReason(b2bNetTermsOrder(), { excludeB2B: true })).toBe(
      "B2B orders are excluded (company 'Acme Industrial Supply')",
    );
    expect(exclusionReason(cardOrder(), { excludeB2B: true })).toBeNull();
    expect(exclusionReason(b2bNetTermsOrder(), { excludeB2B: false })).toBeNull();
  });

  it("excludeTestOrders excludes test orders only", () => {
    expect(exclusionReason(cardOrder({ test: true }), { excludeTestOrders: true })).toBe("Test orders are excluded");
    expect(exclusionReason(cardOrder(), { excludeTestOrders: true })).toBeNull();
    expect(exclusionReason(cardOrder({ test: true }), {})).toBeNull();
  });

  it("reports the first matching rule in a fixed order", () => {
    const order = cashOnDeliveryOrder({ test: true, tags: ["no-review"] });
    expect(
      exclusionReason(order, {
        gateways: ["Cash on Delivery (COD)"],
        orderTags: ["no-review"],
        excludeTestOrders: true,
      }),
    ).toBe("Test orders are excluded");
    expect(exclusionReason(order, { gateways: ["Cash on Delivery (COD)"], orderTags: ["no-review"] })).toBe(
      "Payment gateway 'Cash on Delivery (COD)' is excluded",
    );
  });

  it("tolerates malformed stored rules", () => {
    const rules = {
      gateways: "gift_card",
      salesChannels: [null, 3],
      orderTags: {},
      customerTags: [""],
    } as unknown as ExclusionRules;
    expect(exclusionReason(giftCardPaymentOrder(), rules)).toBe("Payment gateway 'gift_card' is excluded");
    expect(exclusionReason(cardOrder(), rules)).toBeNull();
    expect(exclusionReason(cardOrder(), "nonsense" as unknown as ExclusionRules)).toBeNull();
  });

  it("never throws and returns null or a non-empty reason for any scenario and rules", () => {
    const list = fc.array(
      fc.oneof(fc.string(), fc.constantFrom("pos", "web", "gift_card", "manual", "VIP", "vip", "shopify_payments")),
      { maxLength: 4 },
    );
    const rules = fc.record(
      {
        gateways: list,
        salesChannels: list,
        minTotal: fc.option(fc.double(), { nil: null }),
        maxTotal: fc.option(fc.double(), { nil: null }),
        customerTags: list,
        orderTags: list,
        excludeB2B: fc.boolean(),
        excludeTestOrders: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    const scenarios = Object.values(ALL_SCENARIOS);
    fc.assert(
      fc.property(fc.nat({ max: scenarios.length - 1 }), rules, (i, r) => {
        const reason = exclusionReason(scenarios[i](), r);
        expect(reason === null || (typeof reason === "string" && reason.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("matchKey", () => {
  it("normalises case and separators", () => {
    expect(matchKey("  Shopify_Payments ")).toBe("shopify payments");
    expect(matchKey("cash-on--delivery")).toBe("cash on delivery");
  });
});
