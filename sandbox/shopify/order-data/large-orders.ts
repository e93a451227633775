/**
 * Orders beyond one page of every connection the app reads, the sizes real stores reach:
 * a wholesale order with hundreds of line items, card testing (many declined
 * authorizations, then a success), stacked discounts, an order split over many locations.
 * Each part is optional; the specs go through the ordinary builder (build.ts).
 */
import type { DiscountSpec, FulfillmentOrderSpec, LineItemSpec, OrderSpec, TransactionSpec } from "./spec";

export interface LargeOrderOptions {
  /** Line items (default 1). Item i costs 10 + (i mod 7) and is quantity 1 + (i mod 3). */
  lineItems?: number;
  /** Failed AUTHORIZATION attempts, each with another card, before the successful SALE (default 0). */
  declinedAttempts?: number;
  /** Code discounts of 1.00 each (default 0). */
  discounts?: number;
  /** Fulfillment orders, the line items dealt out over them round-robin (default 1). */
  fulfillmentOrders?: number;
}

/** The card that finally paid, in a card-testing order (the declined ones differ from it). */
export const PAYING_CARD = {
  bin: "444444",
  last4: "4242",
  company: "Visa",
  avsResultCode: "Y",
  cvvResultCode: "M",
} as const;

export function largeOrderSpec(options: LargeOrderOptions = {}, base: OrderSpec = {}): OrderSpec {
  const count = options.lineItems ?? 1;
  const lineItems: LineItemSpec[] = Array.from({ length: count }, (_, i) => ({
    title: `Item ${i + 1}`,
    sku: `SKU-${String(i + 1).padStart(4, "0")}`,
    price: (10 + (i % 7)).toFixed(2),
    quantity: 1 + (i % 3),
  }));
  const discounts: DiscountSpec[] = Array.from({ length: options.discounts ?? 0 }, (_, i) => ({
    kind: "code",
    code: `STACK${i + 1}`,
    valueType: "fixed_amount",
    value: 1,
    allocationMethod: "across",
  }));
  const declined: TransactionSpec[] = Array.from({ length: options.declinedAttempts ?? 0 }, (_, i) => ({
    gateway: "shopify_payments",
    kind: "AUTHORIZATION",
    status: "FAILURE",
    errorCode: "CARD_DECLINED",
    amount: "1.00",
    card: {
      bin: String(400000 + i).padStart(6, "0"),
      last4: String(1000 + i).slice(-4),
      company: "Visa",
      avsResultCode: "N",
      cvvResultCode: "N",
    },
  }));
  const transactions: TransactionSpec[] | undefined =
    options.declinedAttempts !== undefined
      ? [...declined, { gateway: "shopify_payments", kind: "SALE", status: "SUCCESS", card: { ...PAYING_CARD } }]
      : undefined;
  const foCount = options.fulfillmentOrders ?? 1;
  const fulfillmentOrders: FulfillmentOrderSpec[] | undefined =
    foCount > 1
      ? Array.from({ length: foCount }, (_, f) => ({
          lineItems: lineItems.map((_, i) => i).filter((i) => i % foCount === f),
          locationName: `Location ${f + 1}`,
        }))
      : undefined;
  if (fulfillmentOrders && count < foCount) throw new Error("need at least one line item per fulfillment order");
  return {
    email: "wholesale@example.com",
    ...base,
    lineItems,
    ...(discounts.length ? { discounts } : {}),
    ...(transactions ? { transactions } : {}),
    ...(fulfillmentOrders ? { fulfillmentOrders } : {}),
  };
}
