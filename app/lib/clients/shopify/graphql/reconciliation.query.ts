/**
 * A shop's orders created in a window, oldest first, 250 a page (Shopify's largest page):
 * the sweep that catches orders whose webhook never came, and the backfill at install,
 * walk it page by page with the cursor. `query` is Shopify's search syntax
 * (`created_at:>='…'`, `status:open`, `fulfillment_status:unfulfilled`):
 * https://shopify.dev/docs/api/admin-graphql/latest/queries/orders
 */
export const RECENT_ORDERS_QUERY = `#graphql
  query RecentOrders($query: String!, $after: String) {
    orders(first: 250, after: $after, query: $query, sortKey: CREATED_AT) {
      nodes {
        id
        createdAt
        cancelledAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
