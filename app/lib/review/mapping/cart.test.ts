/** Mapping tests: Line items → cart_contents, and digital_only_order. */
import { describe, expect, it } from "vitest";
import { mapOrderToTransaction, type MappingOptions, type ReviewOrder } from "./index";
import {
  b2bNetTermsOrder,
  baseOrder,
  cardOrder,
  digitalOnlyOrder,
  giftCardPurchaseOrder,
  lineItem,
  moneyBag,
  multiCurrencyOrder,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) =>
  mapOrderToTransaction(order, { ...OPTIONS, ...options });

describe("cart_contents", () => {
  it("maps each line item", () => {
    expect(map(cardOrder()).cart_contents).toEqual([
      {
        item: "Classic Leather Wallet - Brown",
        is_high_risk: false,
        is_digital: false,
        quantity: 2,
        unit_price: "25.00",
        extra: { sku: "WAL-BRN-001", link: "https://shop.example.com/products/classic-leather-wallet" },
      },
      {
        item: "Canvas Weekender Bag - Olive",
        is_high_risk: true, // product tag "High-Risk" matches "high-risk"
        is_digital: false,
        quantity: 1,
        unit_price: "65.00",
        extra: { sku: "BAG-OLV-002", link: "https://shop.example.com/products/canvas-weekender-bag" },
      },
    ]);
  });
  it("marks gift cards and digital items, with no sku", () => {
    expect(map(giftCardPurchaseOrder()).cart_contents).toEqual([
      {
        item: "E-Gift Card - $100",
        is_high_risk: false,
        is_digital: true,
        quantity: 1,
        unit_price: "100.00",
        extra: { link: "https://shop.example.com/products/e-gift-card", gift_card: "true" },
      },
    ]);
  });
  it("is_high_risk is false when no tag is configured", () => {
    expect(map(cardOrder(), { highRiskProductTag: null }).cart_contents?.map((i) => i.is_high_risk)).toEqual([
      false,
      false,
    ]);
  });
  it("link falls back to the product's online store URL; omitted without either", () => {
    const items = map(b2bNetTermsOrder(), { storefrontUrl: undefined }).cart_contents!;
    expect(items[0].extra).toEqual({ sku: "HP-200" }); // not published, no storefront URL
    const withUrl = map(cardOrder(), { storefrontUrl: undefined }).cart_contents!;
    expect(withUrl[1].extra?.link).toBe("https://shop.example.com/products/canvas-weekender-bag");
    const trailing = map(cardOrder(), { storefrontUrl: "https://www.example.com/" }).cart_contents!;
    expect(trailing[0].extra?.link).toBe("https://www.example.com/products/classic-leather-wallet");
  });
  it("unit_price is the presentment price as a stringified decimal", () => {
    expect(map(multiCurrencyOrder()).cart_contents![0].unit_price).toBe("92.10");
  });
  it("keeps item or extra.sku for nameless items; cuts names to 250", () => {
    const order = cardOrder({
      lineItems: {
        nodes: [
          lineItem({ name: " ", title: "", sku: "ONLY-SKU" }),
          lineItem({ id: "gid://shopify/LineItem/77", name: "", title: "", sku: null }),
          lineItem({ name: "N".repeat(300) }),
        ],
      },
    });
    const items = map(order).cart_contents!;
    expect(items[0]).not.toHaveProperty("item");
    expect(items[0].extra?.sku).toBe("ONLY-SKU");
    expect(items[1].item).toBe("Line item 77");
    expect(items[2].item).toHaveLength(250);
  });
  it("is omitted for an order without line items", () => {
    expect(map(baseOrder({ totalPriceSet: moneyBag("5.00") }))).not.toHaveProperty("cart_contents");
  });
});

describe("digital_only_order", () => {
  it("is true when every line item is digital", () => {
    expect(map(digitalOnlyOrder()).digital_only_order).toBe(true);
    expect(map(giftCardPurchaseOrder()).digital_only_order).toBe(true);
  });
  it("is false with any physical item or no items", () => {
    expect(map(cardOrder()).digital_only_order).toBe(false);
    const mixed = cardOrder({ lineItems: { nodes: [lineItem({ requiresShipping: false }), lineItem()] } });
    expect(map(mixed).digital_only_order).toBe(false);
    expect(map(baseOrder({ totalPriceSet: moneyBag("5.00") })).digital_only_order).toBe(false);
  });
});
