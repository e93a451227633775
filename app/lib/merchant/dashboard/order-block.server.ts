/**
 * What the admin order block (extensions/apruvd-order-block) shows for one order and
 * the one action it offers: submit for review (new, excluded or failed orders),
 * elevate (Submitted in submit-then-elevate mode), otherwise open the review in the app.
 */
import type { PrismaClient } from "@prisma/client";
import { findReviewByOrder } from "./review-detail.server";
import { availableActions } from "../../review/review-state";
import { statusLabel } from "./statuses";
import { displayedLine } from "../i18n/history-lines";
import { type Language } from "../i18n/locale";
import { translateMessage } from "../i18n/message";
import { translator } from "../i18n/translate";

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

/**
 * `language`: the admin user's, as the block tells it (its own translations carry it), so
 * that the review's error reads in that language like the rest of the block.
 */
export async function orderBlockState(
  prisma: PrismaClient,
  shop: string,
  orderId: string,
  language: Language = "en",
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
    errorMessage: errorIn(language, review),
    action,
  };
}

/** The review's error in `language` when it is one of ours; Apruvd's words, or older text, as written. */
function errorIn(
  language: Language,
  review: { errorKey: string | null; errorParams: string | null; errorMessage: string | null },
): string | null {
  if (!review.errorMessage) return null;
  const line = displayedLine(
    { key: review.errorKey, params: review.errorParams, text: review.errorMessage },
    { keyFollowsText: true },
  );
  return line ? translateMessage(translator(language), line) : review.errorMessage;
}
