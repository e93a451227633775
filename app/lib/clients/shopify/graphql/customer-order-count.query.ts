/**
 * The customer's lifetime order count, for the "first order of a customer" elevation
 * rule (review/elevation-rules.ts). Read only when that rule is on, so shops that do not
 * use it pay nothing. `Customer` needs the read_customers access scope
 * (https://shopify.dev/docs/api/admin-graphql/latest/objects/Customer); without it the
 * read is refused and the rule does not match.
 */
export const CUSTOMER_ORDER_COUNT_QUERY = `#graphql
  query CustomerOrderCount($id: ID!) {
    customer(id: $id) {
      id
      numberOfOrders
    }
  }
`;
