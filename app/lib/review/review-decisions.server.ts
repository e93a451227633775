import type { ReviewCompleteCallback, ApruvdStatus } from "../clients/apruvd/types";
import { logger } from "../platform/logger.server";
import { type HistoryLine, historyLine } from "../merchant/i18n/history-lines";
import { recordReviewEvent } from "./review-events.server";
import { type ReviewWithHolds, findReviewByTransaction, loadReview, saveReview } from "./review-row.server";
import { CANCELLED_STATUS, isFinalStatus } from "./review-state";
import type { ReviewDeps } from "./review-service.server";
import { writeBackDecision } from "./write-back.server";

/**
 * What happens to a review after it was submitted: Apruvd's decisions (callback or
 * poll) and the merchant's follow-up actions (elevate, re-sync, cancel). Like the
 * review service, each step reads the Review row once and hands it on.
 */

type Decision = Pick<ReviewCompleteCallback, "transaction_id" | "status" | "notes" | "corrected_email"> & {
  risk_grade?: string;
};

/** A decision from Apruvd (callback or poll). Repeats and stale decisions change nothing. */
export async function applyDecision(
  deps: ReviewDeps,
  shop: string,
  decision: Decision,
): Promise<{ applied: boolean; reason?: string }> {
  return applyDecisionTo(deps, await findReviewByTransaction(deps.prisma, shop, decision.transaction_id), decision);
}

async function applyDecisionTo(
  deps: ReviewDeps,
  review: ReviewWithHolds | null,
  decision: Decision,
): Promise<{ applied: boolean; reason?: string }> {
  const { prisma } = deps;
  if (!review) return { applied: false, reason: "unknown transaction" };
  if (review.status === CANCELLED_STATUS) return { applied: false, reason: "review cancelled" };
  const status: ApruvdStatus = decision.status;
  const sameDecision = review.status === status && (decision.notes ?? null) === (review.notes ?? null);
  let current = review;
  if (!sameDecision) {
    const now = (deps.now ?? (() => new Date()))();
    current = await saveReview(prisma, review, {
      status,
      notes: decision.notes ?? review.notes,
      riskGrade: decision.risk_grade ?? review.riskGrade,
      decidedAt: isFinalStatus(status) ? (review.decidedAt ?? now) : null,
    });
    await recordReviewEvent(prisma, review.id, "decision", historyLine("history.decision", { status }), {
      transactionId: decision.transaction_id,
      status,
      hasNotes: Boolean(decision.notes),
      correctedEmail: Boolean(decision.corrected_email),
    });
    logger.info("apruvd decision applied", { shop: review.shop, orderId: review.orderId, status });
  }
  await writeBackDecision(deps, current, { correctedEmail: decision.corrected_email });
  return { applied: !sameDecision };
}

/**
 * The order was cancelled in Shopify (or the merchant cancelled the review): tell Apruvd,
 * release our holds, tag. A cancelled review is never submitted afterwards, even when the
 * orders/create event arrives later.
 */
export async function cancelReview(
  deps: ReviewDeps,
  shop: string,
  orderId: string,
  reason: HistoryLine,
): Promise<void> {
  await cancelStoredReview(deps, await loadReview(deps.prisma, shop, orderId), reason);
}

export async function cancelStoredReview(
  deps: ReviewDeps,
  stored: ReviewWithHolds,
  reason: HistoryLine,
): Promise<void> {
  const { prisma } = deps;
  let review = stored;
  if (review.transactionId !== null && !review.apruvdCancelledAt) {
    if (!deps.apruvd) {
      await recordReviewEvent(prisma, review.id, "error", historyLine("history.cancelNoKeys"));
    } else {
      await deps.apruvd.cancelTransaction(review.transactionId);
      review = await saveReview(prisma, review, { apruvdCancelledAt: new Date() });
      await recordReviewEvent(prisma, review.id, "apruvd_cancelled", historyLine("history.apruvdCancelled"), {
        transactionId: review.transactionId,
      });
    }
  }
  if (review.status !== CANCELLED_STATUS) {
    review = await saveReview(prisma, review, { status: CANCELLED_STATUS, errorMessage: null });
    await recordReviewEvent(prisma, review.id, "cancelled", reason);
  }
  await writeBackDecision(deps, review);
}

/** "Submit, then elevate" shops: send a Submitted transaction for review. */
export async function elevateReview(deps: ReviewDeps, shop: string, orderId: string): Promise<void> {
  const { prisma } = deps;
  const review = await loadReview(prisma, shop, orderId);
  if (review.transactionId === null || review.status !== "Submitted" || !deps.apruvd) {
    await recordReviewEvent(
      prisma,
      review.id,
      "elevate_skipped",
      historyLine("history.elevateSkipped", { status: review.status }),
    );
    return;
  }
  const answer = await deps.apruvd.elevate({ transaction_id: review.transactionId });
  const elevated = await saveReview(prisma, review, { status: answer.status, round: { increment: 1 } });
  await recordReviewEvent(prisma, review.id, "elevated", historyLine("history.elevated", { status: answer.status }), {
    transactionId: review.transactionId,
  });
  await writeBackDecision(deps, elevated);
}

/** Asks Apruvd for the transaction's status (re-sync, or polling when no callback came). */
export async function resyncReview(deps: ReviewDeps, shop: string, orderId: string): Promise<void> {
  const { prisma } = deps;
  const review = await loadReview(prisma, shop, orderId);
  if (review.transactionId === null || !deps.apruvd) {
    await recordReviewEvent(prisma, review.id, "resync_skipped", historyLine("history.resyncSkipped"));
    return;
  }
  const status = await deps.apruvd.getStatus(review.transactionId);
  await recordReviewEvent(
    prisma,
    review.id,
    "status_checked",
    historyLine(status.canceled ? "history.statusCheckedCancelled" : "history.statusChecked", {
      status: status.status,
    }),
  );
  if (status.canceled) {
    await cancelStoredReview(deps, review, historyLine("history.cancelledByApruvd"));
    return;
  }
  await applyDecisionTo(deps, review, {
    transaction_id: review.transactionId,
    status: status.status,
    risk_grade: status.risk_grade,
  });
}
