/** The mapping's input (the OrderForReview Admin query's order), its options and its one error. */
import type { OrderForReviewQuery } from "../../../types/admin.generated";

type OrderForReviewPage = NonNullable<OrderForReviewQuery["order"]>;
type Nodes<Connection> = Connection extends { nodes: infer N } ? { nodes: N } : never;

/**
 * A whole order: OrderForReview's answer with every connection read to the end by
 * review/read-order.server.ts (so no paging information is left on it).
 */
export type ReviewOrder = Omit<
  OrderForReviewPage,
  "lineItems" | "discountApplications" | "fulfillmentOrders" | "transactionsCount"
> & {
  lineItems: Nodes<OrderForReviewPage["lineItems"]>;
  discountApplications: Nodes<OrderForReviewPage["discountApplications"]>;
  fulfillmentOrders: Nodes<OrderForReviewPage["fulfillmentOrders"]>;
};
export type ReviewTransaction = ReviewOrder["transactions"][number];
export type ReviewLineItem = ReviewOrder["lineItems"]["nodes"][number];
export type ReviewDiscountApplication = ReviewOrder["discountApplications"]["nodes"][number];
export type ReviewAddress = NonNullable<ReviewOrder["billingAddress"]>;
export type ReviewCardPaymentDetails = Extract<
  NonNullable<ReviewTransaction["paymentDetails"]>,
  { __typename: "CardPaymentDetails" }
>;

export interface MappingOptions {
  /** "name": order name without "#" (e.g. "1001"); "id": the numeric order id (legacyResourceId). */
  orderNumberSource: "name" | "id";
  /** Product tag that marks a product as high risk (case-insensitive). Unset → every item is_high_risk: false. */
  highRiskProductTag?: string | null;
  /** Order custom attribute (note attribute) keys that carry the storefront session id. */
  sessionIdAttributeKeys?: string[];
  /** Storefront base URL, e.g. https://shop.example.com, for cart_contents[].extra.link. */
  storefrontUrl?: string;
  /** Apruvd transaction type. Default "Ecommerce". */
  transactionType?: string;
}

export const DEFAULT_SESSION_ID_ATTRIBUTE_KEYS: readonly string[] = ["apruvd_session_id", "_apruvd_session_id"];
export const DEFAULT_TRANSACTION_TYPE = "Ecommerce";

export type MappingErrorCode = "MISSING_TOTAL" | "INVALID_TOTAL" | "MISSING_CURRENCY" | "INVALID_CURRENCY";

/** Thrown only when the order lacks the API's required total/currency. */
export class MappingError extends Error {
  override readonly name = "MappingError";
  constructor(
    readonly code: MappingErrorCode,
    message: string,
    readonly orderId?: string,
    /** The value that is not valid (INVALID_CURRENCY, INVALID_TOTAL), for the review's history line. */
    readonly value?: string,
  ) {
    super(message);
  }
}
