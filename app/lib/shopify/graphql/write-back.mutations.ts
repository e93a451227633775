/** Documents that write a review's state back to the order. Each payload's userErrors is checked. */



export const FULFILLMENT_ORDER_HOLD_MUTATION = `#graphql
  mutation FulfillmentOrderHold($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) {
      fulfillmentHold { id handle }
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

export const FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION = `#graphql
  mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;


/**
 * A review's visible state on the order in one request: tags moved from the previous
 * state to the new one, the risk assessment for the new state, the order note, and the
 * Shopify Flow trigger "Apruvd review completed". `@include` switches
 * off the parts a shop turned off, so one document serves every combination.
 */
export const ORDER_REVIEW_STATE_MUTATION = `#graphql
  mutation OrderReviewState(
    $id: ID!
    $addTags: [String!]!
    $removeTags: [String!]!
    $risk: OrderRiskAssessmentCreateInput!
    $withAdd: Boolean!
    $withRemove: Boolean!
    $withRisk: Boolean!
    $order: OrderInput!
    $withOrderUpdate: Boolean!
    $flowHandle: String
    $flowPayload: JSON
    $withFlow: Boolean!
  ) {
    tagsRemove(id: $id, tags: $removeTags) @include(if: $withRemove) {
      userErrors { field message }
    }
    tagsAdd(id: $id, tags: $addTags) @include(if: $withAdd) {
      userErrors { field message }
    }
    orderRiskAssessmentCreate(orderRiskAssessmentInput: $risk) @include(if: $withRisk) {
      userErrors { field message code }
    }
    orderUpdate(input: $order) @include(if: $withOrderUpdate) {
      userErrors { field message }
    }
    flowTriggerReceive(handle: $flowHandle, payload: $flowPayload) @include(if: $withFlow) {
      userErrors { field message }
    }
  }
`;

/** The order's note, read only when a reviewer's notes must be added to it. */
export const ORDER_NOTE_QUERY = `#graphql
  query OrderNote($id: ID!) {
    order(id: $id) {
      id
      note
    }
  }
`;

/** Opt-in (off by default): cancel a declined order, with the shop's choices for restock, refund and notification. */
export const ORDER_CANCEL_MUTATION = `#graphql
  mutation OrderCancel(
    $orderId: ID!
    $restock: Boolean!
    $notifyCustomer: Boolean!
    $refundMethod: OrderCancelRefundMethodInput
    $staffNote: String
  ) {
    orderCancel(
      orderId: $orderId
      reason: FRAUD
      restock: $restock
      notifyCustomer: $notifyCustomer
      refundMethod: $refundMethod
      staffNote: $staffNote
    ) {
      job { id }
      orderCancelUserErrors { field message code }
    }
  }
`;
