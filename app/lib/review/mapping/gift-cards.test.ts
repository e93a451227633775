/** Mapping tests: Gift cards that paid, and the recipient of one bought. */
import { describe, expect, it } from "vitest";
import { mapOrderToTransaction, type MappingOptions, type ReviewOrder } from "./index";
import {
  cardOrder,
  giftCardPaymentOrder,
  giftCardPurchaseOrder,
  giftCardTransaction,
  splitGiftCardAndCardOrder,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) =>
  mapOrderToTransaction(order, { ...OPTIONS, ...options });

describe("gift_cards", () => {
  it("lists every successful gift card payment", () => {
    expect(map(giftCardPaymentOrder()).gift_cards).toEqual([
      { merchant_payment_id: "981234567", amount: "45.00", currency: "USD", last_four: "x7k2", type: "electronic" },
    ]);
    expect(map(splitGiftCardAndCardOrder()).gift_cards).toEqual([
      { merchant_payment_id: "gc_7731", amount: "50.00", currency: "USD", last_four: "ab12", type: "electronic" },
    ]);
  });
  it("accepts receiptJson as an object, keeps only the last 4 characters, falls back to the transaction id", () => {
    const order = giftCardPaymentOrder({
      transactions: [
        giftCardTransaction({ amount: "10.0", receiptJson: { gift_card_id: 42, gift_card_last_characters: "abcdef" } }),
        giftCardTransaction({ id: "gid://shopify/OrderTransaction/7788990011", amount: "5", receiptJson: "not json" }),
        giftCardTransaction({
          kind: "CAPTURE",
          amount: "1.50",
          receiptJson: null,
          id: "gid://shopify/OrderTransaction/1",
        }),
      ],
    });
    expect(map(order).gift_cards).toEqual([
      { merchant_payment_id: "42", amount: "10.00", currency: "USD", last_four: "cdef", type: "electronic" },
      { merchant_payment_id: "7788990011", amount: "5.00", currency: "USD", type: "electronic" },
      { merchant_payment_id: "1", amount: "1.50", currency: "USD", type: "electronic" },
    ]);
  });
  it("ignores failed, pending and non-SALE/CAPTURE gift card transactions", () => {
    const order = giftCardPaymentOrder({
      transactions: [
        giftCardTransaction({ status: "FAILURE" }),
        giftCardTransaction({ status: "PENDING" }),
        giftCardTransaction({ kind: "REFUND" }),
        giftCardTransaction({ kind: "AUTHORIZATION" }),
      ],
    });
    expect(map(order)).not.toHaveProperty("gift_cards");
  });
  it("is omitted without gift card payments", () => {
    expect(map(cardOrder())).not.toHaveProperty("gift_cards");
  });
});

describe("egc_recipient", () => {
  it("is the gift card recipient email when it differs from the buyer's", () => {
    expect(map(giftCardPurchaseOrder()).egc_recipient).toBe("friend@example.org");
    const snake = giftCardPurchaseOrder({
      customAttributes: [{ key: "_recipient_email", value: "other@example.net" }],
    });
    expect(map(snake).egc_recipient).toBe("other@example.net");
  });
  it("is read from the gift card line item's properties, where Shopify keeps it", () => {
    const order = giftCardPurchaseOrder({ customAttributes: [] });
    order.lineItems.nodes[0] = {
      ...order.lineItems.nodes[0],
      customAttributes: [{ key: "Recipient email", value: "line@example.org" }],
    };
    expect(order.lineItems.nodes[0].isGiftCard).toBe(true);
    expect(map(order).egc_recipient).toBe("line@example.org");
  });
  it("is omitted when the recipient is the buyer, invalid, or the order buys no gift card", () => {
    expect(
      map(giftCardPurchaseOrder({ customAttributes: [{ key: "Recipient email", value: "JANE.COOPER@example.com" }] })),
    ).not.toHaveProperty("egc_recipient");
    expect(
      map(giftCardPurchaseOrder({ customAttributes: [{ key: "Recipient email", value: "friend" }] })),
    ).not.toHaveProperty("egc_recipient");
    expect(
      map(cardOrder({ customAttributes: [{ key: "Recipient email", value: "friend@example.org" }] })),
    ).not.toHaveProperty("egc_recipient");
  });
});
