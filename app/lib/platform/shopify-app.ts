/**
 * The app as Shopify knows it: the Admin API version it speaks and the access scopes it
 * asks for. Defined once here; the app (shopify.server.ts), codegen (.graphqlrc.ts), the
 * local Shopify simulator, the bench and the scripts import them. No server-only imports,
 * so that any of those can load this file.
 */

/** The Admin API version of every GraphQL document and webhook (shopify.app.toml's `[webhooks] api_version`). */
export const ADMIN_API_VERSION = "2026-10";

/** The access scopes of shopify.app.toml's `[access_scopes]` (a test keeps the two lists equal). */
export const APP_SCOPES: readonly string[] = [
  // Orders: read the order for review, tag it, write risk assessments.
  "read_orders",
  "write_orders",
  // Fulfillment orders (merchant-managed and third-party): place and release holds.
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
  "read_third_party_fulfillment_orders",
  "write_third_party_fulfillment_orders",
  // Customers: the order's customer (tags for exclusion rules, order count for elevation, B2B company).
  "read_customers",
  // Products: the line items' product tags (the shop's high-risk product tag) and links.
  "read_products",
  // Payment terms: net terms of B2B orders, told to Apruvd.
  "read_payment_terms",
];

/** The scopes as Shopify writes them: in the SCOPES variable, a session's `scope`, an OAuth grant. */
export const APP_SCOPES_CSV = APP_SCOPES.join(",");
