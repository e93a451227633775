/** Documents that write a review's state back to the order. Each payload's userErrors is checked. */

/** Fulfillment orders one hold or release request covers (aliased fields, switched by @include). */
export const FULFILLMENT_ORDERS_PER_REQUEST = 5;

/**
 * Holds up to 5 fulfillment orders of an order in one request; unused slots are
 * switched off (their id variables repeat the first id, as GraphQL needs a value).
 */
export const FULFILLMENT_ORDERS_HOLD_MUTATION = `#graphql
  mutation FulfillmentOrdersHold($hold: FulfillmentOrderHoldInput!, $id0: ID!, $id1: ID!, $id2: ID!, $id3: ID!, $id4: ID!, $with1: Boolean!, $with2: Boolean!, $with3: Boolean!, $with4: Boolean!) {
    hold0: fulfillmentOrderHold(id: $id0, fulfillmentHold: $hold) { ...HoldResult }
    hold1: fulfillmentOrderHold(id: $id1, fulfillmentHold: $hold) @include(if: $with1) { ...HoldResult }
    hold2: fulfillmentOrderHold(id: $id2, fulfillmentHold: $hold) @include(if: $with2) { ...HoldResult }
    hold3: fulfillmentOrderHold(id: $id3, fulfillmentHold: $hold) @include(if: $with3) { ...HoldResult }
    hold4: fulfillmentOrderHold(id: $id4, fulfillmentHold: $hold) @include(if: $with4) { ...HoldResult }
  }

  fragment HoldResult on FulfillmentOrderHoldPayload {
    fulfillmentHold { id handle }
    fulfillmentOrder { id status }
    userErrors { field message code }
  }
`;

/** Releases our holds on up to 5 fulfillment orders in one request, by hold id. */
export const FULFILLMENT_ORDERS_RELEASE_HOLD_MUTATION = `#graphql
  mutation FulfillmentOrdersReleaseHold($id0: ID!, $id1: ID!, $id2: ID!, $id3: ID!, $id4: ID!, $holds0: [ID!], $holds1: [ID!], $holds2: [ID!], $holds3: [ID!], $holds4: [ID!], $with1: Boolean!, $with2: Boolean!, $with3: Boolean!, $with4: Boolean!) {
    release0: fulfillmentOrderReleaseHold(id: $id0, holdIds: $holds0) { ...ReleaseResult }
    release1: fulfillmentOrderReleaseHold(id: $id1, holdIds: $holds1) @include(if: $with1) { ...ReleaseResult }
    release2: fulfillmentOrderReleaseHold(id: $id2, holdIds: $holds2) @include(if: $with2) { ...ReleaseResult }
    release3: fulfillmentOrderReleaseHold(id: $id3, holdIds: $holds3) @include(if: $with3) { ...ReleaseResult }
    release4: fulfillmentOrderReleaseHold(id: $id4, holdIds: $holds4) @include(if: $with4) { ...ReleaseResult }
  }

  fragment ReleaseResult on FulfillmentOrderReleaseHoldPayload {
    fulfillmentOrder { id status }
    userErrors { field message code }
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
