import type { PrismaClient } from "@prisma/client";
import type { DecisionEventPayload } from "../inbox/contract";
import { logger } from "../platform/logger.server";
import { historyLine } from "../merchant/i18n/history-lines";
import { recordReviewEvent } from "../review/review-events.server";
import { findReviewByTransaction } from "../review/review-row.server";
import { applyDecision, type ReviewDeps } from "../review/review-service.server";
import { cancelStoredReview } from "../review/review-decisions.server";
import { RetryLaterError } from "../runner/retry-policy";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";

/** How long a callback for a transaction we have not stored yet is retried before it is dropped with a log line. */
const UNKNOWN_TRANSACTION_ATTEMPTS = 30;

/**
 * Apruvd's review-complete callback: the verdict is written back to the order, but only
 * as Apruvd confirms it. A callback is authenticated by the shop's callback credentials
 * alone, so whoever holds them could claim "Approved" and have a hold released (or
 * "Declined" and, with cancel-declined on, have the order cancelled and refunded). Before
 * anything is written back the job asks Apruvd (`GET transactions/status/`) and applies
 * the status Apruvd reports; the callback's notes and corrected email are used only when
 * Apruvd confirms the callback's status.
 */
export function apruvdDecisionJobs(deps: JobDeps): Pick<TopicJobs, "apruvd/review-complete"> {
  return {
    "apruvd/review-complete": forInstalledShop(deps, async (review, event) => {
      const claimed = event.payload;
      const stored = await findReviewByTransaction(deps.prisma, event.shop, claimed.transaction_id);
      if (!stored) {
        if (event.attempts >= UNKNOWN_TRANSACTION_ATTEMPTS) {
          logger.warn("decision for an unknown transaction dropped", {
            shop: event.shop,
            transactionId: claimed.transaction_id,
          });
          return;
        }
        // The submit may not be stored yet (the callback overtook it): look again shortly.
        throw new RetryLaterError("decision for a transaction not stored yet", 2000);
      }
      await applyConfirmedDecision(review, stored.id, event.shop, claimed);
      await forgetCorrectedEmail(deps.prisma, event.id, claimed);
    }),
  };
}

async function applyConfirmedDecision(
  deps: ReviewDeps,
  reviewId: string,
  shop: string,
  claimed: DecisionEventPayload,
): Promise<void> {
  const { prisma } = deps;
  if (!deps.apruvd) {
    await recordReviewEvent(
      prisma,
      reviewId,
      "decision_unconfirmed",
      historyLine("history.callbackUnconfirmedNoKeys", { claimed: claimed.status }),
      { transactionId: claimed.transaction_id, claimed: claimed.status },
    );
    return;
  }
  const confirmed = await deps.apruvd.getStatus(claimed.transaction_id);
  const agrees = !confirmed.canceled && confirmed.status === claimed.status;
  if (!agrees) {
    const reported = confirmed.canceled ? "cancelled" : confirmed.status;
    await recordReviewEvent(
      prisma,
      reviewId,
      "decision_unconfirmed",
      historyLine("history.callbackUnconfirmed", { claimed: claimed.status, reported }),
      { transactionId: claimed.transaction_id, claimed: claimed.status, confirmed: reported },
    );
    logger.warn("callback verdict not confirmed by Apruvd", {
      shop,
      transactionId: claimed.transaction_id,
      claimed: claimed.status,
      confirmed: reported,
    });
  }
  if (confirmed.canceled) {
    const stored = await findReviewByTransaction(prisma, shop, claimed.transaction_id);
    if (stored) await cancelStoredReview(deps, stored, historyLine("history.cancelledByApruvd"));
    return;
  }
  await applyDecision(deps, shop, {
    transaction_id: claimed.transaction_id,
    status: confirmed.status,
    risk_grade: confirmed.risk_grade,
    notes: agrees ? claimed.notes : undefined,
    corrected_email: agrees ? claimed.corrected_email : undefined,
  });
}

/**
 * A corrected email is personal data: once the decision is written back (applied to the
 * order when the shop opted in, or not at all), the inbox row keeps no copy of it.
 */
async function forgetCorrectedEmail(
  prisma: PrismaClient,
  eventId: string,
  claimed: DecisionEventPayload,
): Promise<void> {
  if (claimed.corrected_email === undefined) return;
  const { corrected_email: _forgotten, ...rest } = claimed;
  await prisma.inboxEvent.update({ where: { id: eventId }, data: { payload: JSON.stringify(rest) } });
}
