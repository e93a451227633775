/** Mutations that write a review's state back to the order. Each payload's userErrors is checked. */

export const TAGS_ADD_MUTATION = `#graphql
  mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors { field message }
    }
  }
`;

export const TAGS_REMOVE_MUTATION = `#graphql
  mutation TagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors { field message }
    }
  }
`;

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

export const ORDER_RISK_ASSESSMENT_CREATE_MUTATION = `#graphql
  mutation OrderRiskAssessmentCreate($input: OrderRiskAssessmentCreateInput!) {
    orderRiskAssessmentCreate(orderRiskAssessmentInput: $input) {
      orderRiskAssessment { riskLevel }
      userErrors { field message code }
    }
  }
`;

/**
 * A review's visible state on the order in one request: tags moved from the previous
 * state to the new one and the risk assessment for the new state. `@include` switches
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
  }
`;
