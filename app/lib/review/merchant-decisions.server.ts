import type { OrderCancelMutation } from "../../types/admin.generated";
import { UserErrorsError } from "../clients/shopify/admin-graphql";
import { ORDER_CANCEL_MUTATION } from "../clients/shopify/graphql/write-back.mutations";
import type { CancelOrderChoices } from "../inbox/contract";
import { historyLine } from "../merchant/i18n/history-lines";
import { cancelStoredReview } from "./review-decisions.server";
import { recordReviewEvent } from "./review-events.server";
import { loadReview, saveReview } from "./review-row.server";
import { availableActions, CANCELLED_STATUS, RELEASED_STATUS } from "./review-state";
import type { ReviewDeps } from "./review-service.server";
import { releaseHolds, writeBackDecision } from "./write-back.server";

/**
 * The merchant's own decisions on an order that needs them (review page, dashboard row):
 * release the hold and ship anyway, or cancel the order in Shopify. Both were confirmed
 * on the page and come through the inbox like every merchant action; each checks the
 * review's state again here, since the order may have moved on since the page was drawn.
 */

async function reviewWithOpenHolds(deps: ReviewDeps, shop: string, orderId: string) {
  const review = await loadReview(deps.prisma, shop, orderId);
  return { review, openHolds: review.holds.filter((h) => !h.releasedAt).length };
}

/**
 * Release: a review that never reached Apruvd (failed, waiting, paused) becomes "released"
 * and is shown in Shopify as not reviewed (our holds released, tag, risk NONE); a declined
 * one keeps Apruvd's verdict and only its holds are released.
 */
export async function releaseForMerchant(deps: ReviewDeps, shop: string, orderId: string): Promise<void> {
  const { review, openHolds } = await reviewWithOpenHolds(deps, shop, orderId);
  if (!availableActions({ ...review, openHolds }).includes("release")) {
    await recordReviewEvent(
      deps.prisma,
      review.id,
      "release_skipped",
      historyLine("history.releaseSkipped", { status: review.status }),
    );
    return;
  }
  if (review.status === "Declined") {
    await releaseHolds(deps, review);
    await recordReviewEvent(deps.prisma, review.id, "released_by_merchant", historyLine("history.releasedDeclined"));
    return;
  }
  const released = await saveReview(deps.prisma, review, { status: RELEASED_STATUS, errorMessage: null });
  await recordReviewEvent(deps.prisma, review.id, "released_by_merchant", historyLine("history.released"));
  await writeBackDecision(deps, released);
}

/** Cancel the order in Shopify with the merchant's choices, then withdraw the review. */
export async function cancelOrderForMerchant(
  deps: ReviewDeps,
  shop: string,
  orderId: string,
  choices: CancelOrderChoices,
): Promise<void> {
  const { review, openHolds } = await reviewWithOpenHolds(deps, shop, orderId);
  if (review.status === CANCELLED_STATUS || !availableActions({ ...review, openHolds }).includes("cancel-order")) {
    await recordReviewEvent(
      deps.prisma,
      review.id,
      "cancel_skipped",
      historyLine("history.cancelSkipped", { status: review.status }),
    );
    return;
  }
  const result = await deps.admin<OrderCancelMutation>(ORDER_CANCEL_MUTATION, {
    orderId: review.orderId,
    restock: choices.restock,
    notifyCustomer: choices.notifyCustomer,
    refundMethod: choices.refund ? { originalPaymentMethodsRefund: true } : null,
    staffNote: "Cancelled by the merchant from the Apruvd review",
  });
  const errors = result.orderCancel?.orderCancelUserErrors ?? [];
  // Cancelled already (by staff, or a replay of this step) is the state we want.
  const real = errors.filter((e) => !/already (?:been )?cancel/i.test(e.message));
  if (real.length > 0) throw new UserErrorsError("orderCancel", real);
  await recordReviewEvent(deps.prisma, review.id, "order_cancelled", historyLine("history.orderCancelledByMerchant"), {
    restock: choices.restock,
    refund: choices.refund,
    notifyCustomer: choices.notifyCustomer,
  });
  if (review.transactionId === null) {
    const cancelled = await saveReview(deps.prisma, review, { status: CANCELLED_STATUS, errorMessage: null });
    await recordReviewEvent(deps.prisma, review.id, "cancelled", historyLine("history.cancelledByMerchant"));
    await writeBackDecision(deps, cancelled);
    return;
  }
  await cancelStoredReview(deps, review, historyLine("history.cancelledByMerchant"));
}
