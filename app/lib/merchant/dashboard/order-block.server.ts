/**
 * What the admin order block (extensions/apruvd-order-block) shows for one order and
 * the one action it offers: submit for review (new, excluded or failed orders),
 * elevate (Submitted in submit-then-elevate mode), otherwise open the review in the app.
 */
import type { PrismaClient } from "@prisma/client";
import { findReviewByOrder } from "./review-detail.server";
import { availableActions } from "../../review/review-state";
import { statusLabel } from "./statuses";

export type OrderBlockAction = "submit" | "elevate" | "open";

export interface OrderBlockState {
  reviewId: string | null;
  status: string | null;
  statusLabel: string;
  riskGrade: string | null;
  notes: string | null;
  errorMessage: string | null;
  action: OrderBlockAction;
}

export async function orderBlockState(
  prisma: PrismaClient,
  shop: string,
  orderId: string,
): Promise<OrderBlockState | null> {
  if (!/^(?:gid:\/\/shopify\/Order\/)?\d+$/.test(orderId.trim())) return null;
  const review = await findReviewByOrder(prisma, shop, orderId);
  if (!review) {
    return {
      reviewId: null,
      status: null,
      statusLabel: "Not reviewed",
      riskGrade: null,
      notes: null,
      errorMessage: null,
      action: "submit",
    };
  }
  const actions = availableActions(review);
  const action: OrderBlockAction = actions.includes("submit")
    ? "submit"
    : actions.includes("elevate")
      ? "elevate"
      : "open";
  return {
    reviewId: review.id,
    status: review.status,
    statusLabel: statusLabel(review.status),
    riskGrade: review.riskGrade,
    notes: review.notes,
    errorMessage: review.errorMessage,
    action,
  };
}
