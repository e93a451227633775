/** Mapping tests: Discount applications → discount_codes. */
import { describe, expect, it } from "vitest";
import { mapOrderToTransaction, type MappingOptions, type ReviewOrder } from "./index";
import {
  automaticDiscount,
  b2bNetTermsOrder,
  cardOrder,
  discountCode,
  draftOrderWithStaff,
  manualDiscount,
  scriptDiscount,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) =>
  mapOrderToTransaction(order, { ...OPTIONS, ...options });

describe("discount_codes", () => {
  it("maps a percentage code; its amount is the order's discount when it is the only one", () => {
    expect(map(cardOrder()).discount_codes).toEqual([
      {
        code: "WELCOME10",
        discount_type: "Percent",
        amount: "11.50",
        extra: { application: "code", percentage: "10" },
      },
    ]);
  });
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
  it("maps fixed, free-shipping, automatic and script discounts", () => {
    const order = cardOrder({
      discountApplications: {
        nodes: [
          discountCode("SAVE5", { amount: "5.0" }),
          discountCode("SHIPFREE", { percentage: 100 }, { target: "SHIPPING_LINE" }),
          automaticDiscount("Spring sale", { percentage: 15 }),
          scriptDiscount("Buy 2 get 1", { amount: "3.00" }, { allocation: "EACH" }),
        ],
      },
    });
    expect(map(order).discount_codes).toEqual([
      { code: "SAVE5", discount_type: "Fixed", amount: "5.00", extra: { application: "code" } },
      { code: "SHIPFREE", discount_type: "Free Shipping", extra: { application: "code", percentage: "100" } },
      { description: "Spring sale", discount_type: "Percent", extra: { application: "automatic", percentage: "15" } },
      { description: "Buy 2 get 1", discount_type: "Fixed", extra: { application: "script", amount_per_line: "3.00" } },
    ]);
  });
  it("a fixed shipping discount is Free Shipping with its amount", () => {
    const order = cardOrder({
      discountApplications: {
        nodes: [manualDiscount("Ship comp", null, { amount: "9.99" }, { target: "SHIPPING_LINE" })],
      },
    });
    expect(map(order).discount_codes).toEqual([
      { description: "Ship comp", discount_type: "Free Shipping", amount: "9.99", extra: { application: "manual" } },
    ]);
  });
  it("cuts code and description to 250; omitted without discounts", () => {
    const order = cardOrder({
      discountApplications: {
        nodes: [
          discountCode("C".repeat(300), { amount: "1.00" }),
          automaticDiscount("D".repeat(300), { amount: "1.00" }),
        ],
      },
    });
    const codes = map(order).discount_codes!;
    expect(codes[0].code).toHaveLength(250);
    expect(codes[1].description).toHaveLength(250);
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("discount_codes");
  });
});
