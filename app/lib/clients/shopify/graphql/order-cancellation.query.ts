/** Whether Shopify has the order as cancelled: an orders/cancelled webhook is acted on only if so. */
export const ORDER_CANCELLATION_QUERY = `#graphql
  query OrderCancellation($id: ID!) {
    order(id: $id) {
      id
      cancelledAt
    }
  }
`;
