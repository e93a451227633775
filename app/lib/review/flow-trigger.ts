/**
 * Shopify Flow trigger "Apruvd review completed" (extensions/apruvd-flow-review-completed).
 *
 * `flowTriggerPayload(review)` builds the arguments of the Admin API's
 * `flowTriggerReceive(handle:, payload:)`, which the write-back sends inside its
 * OrderReviewState mutation when a review completes. The payload keys must match the trigger's
 * fields in shopify.extension.toml: the order reference is sent as `order_id` (the
 * numeric order id), the custom fields under their keys. Null when the review is not
 * completed (only Approved and Declined complete a review) or has no valid order id.
 */
import { type FinalStatus, isFinalStatus } from "./review-state";

export const FLOW_TRIGGER_HANDLE = "apruvd-review-completed";

/** Keys of the custom fields, exactly as in the extension's TOML. */
export const FLOW_FIELD_KEYS = { status: "Status", riskGrade: "Risk grade" } as const;

export interface FlowReviewInput {
  orderId: string;
  status: string;
  riskGrade?: string | null;
}

export interface FlowTriggerBody {
  handle: typeof FLOW_TRIGGER_HANDLE;
  payload: {
    order_id: number;
    Status: FinalStatus;
    "Risk grade": string;
  };
}

export function flowTriggerPayload(review: FlowReviewInput): FlowTriggerBody | null {
  if (!isFinalStatus(review.status)) return null;
  const match = /^(?:gid:\/\/shopify\/Order\/)?(\d+)$/.exec(String(review.orderId ?? "").trim());
  if (!match) return null;
  const orderId = Number(match[1]);
  if (!Number.isSafeInteger(orderId) || orderId <= 0) return null;
  return {
    handle: FLOW_TRIGGER_HANDLE,
    payload: {
      order_id: orderId,
      [FLOW_FIELD_KEYS.status]: review.status,
      [FLOW_FIELD_KEYS.riskGrade]: review.riskGrade?.trim() || "",
    } as FlowTriggerBody["payload"],
  };
}
