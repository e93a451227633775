/**
 * Mapping tests: Discount applications → discount_codes. Each discount's amount is what
 * Shopify allocated of it (line items and shipping line, presentment money), in the
 * transaction's currency, whatever mix of discounts the order has.
 */
import { describe, expect, it } from "vitest";
import { mapOrderToTransaction, type MappingOptions, type ReviewOrder } from "./index";
import {
  automaticDiscount,
  b2bNetTermsOrder,
  baseOrder,
  cardOrder,
  discountAllocation,
  discountCode,
  draftOrderWithStaff,
  lineItem,
  manualDiscount,
  money,
  moneyBag,
  scriptDiscount,
  shippingLine,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) =>
  mapOrderToTransaction(order, { ...OPTIONS, ...options });

/** 15% automatic discount and a $10 code on a 200.00 cart, 9.99 shipping made free by a third. */
function stackedDiscountsOrder(): ReviewOrder {
  return cardOrder({
    totalPriceSet: moneyBag("160.00"),
    discountApplications: {
      nodes: [
        automaticDiscount("Spring sale", { percentage: 15 }, { index: 0 }),
        discountCode("TENOFF", { amount: "10.00" }, { index: 1 }),
        discountCode("SHIPFREE", { percentage: 100 }, { index: 2, target: "SHIPPING_LINE", allocation: "EACH" }),
      ],
    },
    totalDiscountsSet: { presentmentMoney: money("49.99") },
    lineItems: {
      nodes: [
        lineItem({
          quantity: 2,
          unitPrice: "50.00",
          discountAllocations: [discountAllocation(0, "15.00"), discountAllocation(1, "5.00")],
        }),
        lineItem({
          name: "Canvas Weekender Bag - Olive",
          unitPrice: "100.00",
          discountAllocations: [discountAllocation(0, "15.00"), discountAllocation(1, "5.00")],
        }),
      ],
    },
    shippingLine: shippingLine("Standard Shipping", "STANDARD", [discountAllocation(2, "9.99")]),
  });
}

/** Shop in EUR, customer charged in USD: a €20 code took 21.70 USD. */
function foreignCurrencyCodeOrder(): ReviewOrder {
  return baseOrder({
    presentmentCurrencyCode: "USD" as ReviewOrder["presentmentCurrencyCode"],
    currencyCode: "EUR" as ReviewOrder["currencyCode"],
    totalPriceSet: moneyBag("86.80", "USD", "80.00", "EUR"),
    discountApplications: { nodes: [discountCode("ZWANZIG", { amount: "20.00", currency: "EUR" })] },
    totalDiscountsSet: { presentmentMoney: money("21.70", "USD") },
    lineItems: {
      nodes: [
        lineItem({
          unitPrice: "108.50",
          currency: "USD",
          discountAllocations: [discountAllocation(0, "21.70", "USD")],
        }),
      ],
    },
  });
}

describe("discount_codes[].amount: the applied amount, from Shopify's discount allocations", () => {
  it.each([
    ["a 10% code, the order's only discount", cardOrder(), ["11.50"]],
    ["15% + a 10.00 code + free shipping: each its own amount", stackedDiscountsOrder(), ["30.00", "10.00", "9.99"]],
    ["a €20 code on a USD order: the USD it took", foreignCurrencyCodeOrder(), ["21.70"]],
    ["a manual fixed discount spread over two lines", draftOrderWithStaff(), ["15.00"]],
  ])("%s", (_case, order, amounts) => {
    const tx = map(order);
    expect(tx.discount_codes?.map((d) => d.amount)).toEqual(amounts);
    expect(tx.currency).toBe(order.totalPriceSet.presentmentMoney.currencyCode);
  });

  it("the amounts of a mixed order, field by field", () => {
    expect(map(stackedDiscountsOrder()).discount_codes).toEqual([
      {
        description: "Spring sale",
        discount_type: "Percent",
        amount: "30.00",
        extra: { application: "automatic", percentage: "15" },
      },
      { code: "TENOFF", discount_type: "Fixed", amount: "10.00", extra: { application: "code" } },
      {
        code: "SHIPFREE",
        discount_type: "Free Shipping",
        amount: "9.99",
        extra: { application: "code", percentage: "100" },
      },
    ]);
  });

  it("a fixed amount applied to each line is the sum of what it took from each", () => {
    const order = cardOrder({
      discountApplications: { nodes: [scriptDiscount("Buy 2 get 1", { amount: "3.00" }, { allocation: "EACH" })] },
      lineItems: {
        nodes: [
          lineItem({ discountAllocations: [discountAllocation(0, "3.00")] }),
          lineItem({ discountAllocations: [discountAllocation(0, "3.00")] }),
        ],
      },
    });
    expect(map(order).discount_codes).toEqual([
      { description: "Buy 2 get 1", discount_type: "Fixed", amount: "6.00", extra: { application: "script" } },
    ]);
  });

  it("a fixed shipping discount is Free Shipping with the amount it took from shipping", () => {
    const order = cardOrder({
      discountApplications: {
        nodes: [manualDiscount("Ship comp", null, { amount: "9.99" }, { target: "SHIPPING_LINE" })],
      },
      lineItems: { nodes: [lineItem()] },
      shippingLine: shippingLine("Standard Shipping", "STANDARD", [discountAllocation(0, "9.99")]),
    });
    expect(map(order).discount_codes).toEqual([
      { description: "Ship comp", discount_type: "Free Shipping", amount: "9.99", extra: { application: "manual" } },
    ]);
  });

  it("no amount rather than a wrong one: none allocated, or allocated in another currency", () => {
    const unallocated = cardOrder({ lineItems: { nodes: [lineItem()] } });
    expect(map(unallocated).discount_codes?.[0]).not.toHaveProperty("amount");
    const otherCurrency = foreignCurrencyCodeOrder();
    otherCurrency.lineItems.nodes[0].discountAllocations = [discountAllocation(0, "20.00", "EUR")];
    expect(map(otherCurrency).discount_codes?.[0]).not.toHaveProperty("amount");
  });

  it("a line item an order edit removed (currentQuantity 0) no longer counts", () => {
    const order = cardOrder();
    order.lineItems.nodes[1] = { ...order.lineItems.nodes[1], currentQuantity: 0 };
    expect(map(order).discount_codes?.[0].amount).toBe("5.00");
  });
});

describe("discount_codes: codes and descriptions", () => {
  it("maps a manual discount to its title (no code)", () => {
    expect(map(draftOrderWithStaff()).discount_codes).toEqual([
      {
        description: "Loyalty",
        discount_type: "Fixed",
        amount: "15.00",
        extra: { reason: "Repeat customer courtesy", application: "manual" },
      },
    ]);
  });

  it("cuts code and description to 250 characters, never splitting one; omitted without discounts", () => {
    const order = cardOrder({
      discountApplications: {
        nodes: [
          discountCode("C".repeat(300), { amount: "1.00" }),
          automaticDiscount("D".repeat(300), { amount: "1.00" }, { index: 1 }),
          discountCode("😀".repeat(250), { amount: "1.00" }, { index: 2 }),
          discountCode(`${"a".repeat(249)}👩‍👩‍👧`, { amount: "1.00" }, { index: 3 }),
        ],
      },
    });
    const codes = map(order).discount_codes!;
    expect(codes[0].code).toHaveLength(250);
    expect(codes[1].description).toHaveLength(250);
    expect(codes[2].code).toBe("😀".repeat(250));
    expect(codes[3].code).toBe("a".repeat(249));
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("discount_codes");
  });
});
