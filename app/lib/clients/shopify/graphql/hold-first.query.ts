/**
 * The cheapest read that finds an order's fulfillment orders to hold: no customer, lines
 * or payments, so its requested cost (what Shopify needs available in the bucket before
 * it admits the query) is a small fraction of OrderForReview's. The hold-first step
 * (jobs/hold-first.server.ts) runs it for every new order before any full read. The page
 * is as large as OrderForReview's first page; an order with more fulfillment orders is
 * read to the end with ORDER_FULFILLMENT_ORDERS_PAGE_QUERY.
 */
export const ORDER_FULFILLMENT_ORDERS_FOR_HOLD_QUERY = `#graphql
  query OrderFulfillmentOrdersForHold($id: ID!) {
    order(id: $id) {
      id
      cancelledAt
      fulfillmentOrders(first: 10) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          status
          requestStatus
          supportedActions { action }
          fulfillmentHolds { id handle reason heldByRequestingApp }
        }
      }
    }
  }
`;
