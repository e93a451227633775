/** Recent orders of a shop, for the sweep that catches orders whose webhook never came. */
export const RECENT_ORDERS_QUERY = `#graphql
  query RecentOrders($query: String!, $after: String) {
    orders(first: 100, after: $after, query: $query, sortKey: CREATED_AT) {
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
