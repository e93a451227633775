import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import type { ApruvdClient } from "../clients/apruvd/client";
import { CircuitOpenError } from "../clients/apruvd/circuit-breaker";
import {
  ApruvdAuthenticationError,
  ApruvdConnectionError,
  ApruvdError,
  ApruvdInvalidRequestError,
  ApruvdRateLimitError,
  ApruvdServerError,
} from "../clients/apruvd/errors";
import type { ApruvdTransaction, SubmitTransactionResponse, TransactionStatusResponse } from "../clients/apruvd/types";
import { LeaseLostError, assertLeaseHeld } from "../runner/lease";
import { RetryLaterError } from "../runner/retry-policy";
import { maskTransaction } from "./order-changes";
import { type HistoryLine, historyLine } from "../merchant/i18n/history-lines";
import { retryLineOf } from "../merchant/i18n/apruvd-unavailable";
import { recordReviewEvent } from "./review-events.server";
import type { ReviewWithHolds } from "./review-row.server";

/**
 * Sending an order to Apruvd at most once, whatever crashes (issue 12).
 *
 * Apruvd's document says an account accepts a second transaction with the same order_num
 * unless `enforce_unique_order_num` is on, and it "defaults to false": Apruvd's "already
 * exists" answer cannot be the guard. So the submission is recorded on the Review row
 * BEFORE it is sent (submitAttemptId, submitAttemptAt, submitOrderNum), and a try that
 * finds such a record without a stored answer asks Apruvd first
 * (`transactions/status/?order_num=`), whatever the account's setting:
 * - Apruvd has it (the app died, or the answer was lost, after Apruvd accepted it): adopt.
 * - Apruvd has none: the earlier request may still be on its way (a worker that lost its
 *   lease with a request in flight). The first such look is recorded (submitCheckedAt) and
 *   the order is looked up again after SUBMIT_SETTLE_MS, longer than one request can take
 *   (the worker's client times out after 15 s, and makes no new attempt once its lease is
 *   lost: app/lib/runner/lease.ts). Still none then: the request never arrived; submit.
 * The record is written with a compare-and-set on the attempt read, so two tries cannot
 * both send. A failure that certainly created nothing (Apruvd refused the request, 429,
 * 503, connection refused, an open circuit, a lost lease) clears the record, so the next
 * try submits at once; a timeout or a reset keeps it.
 *
 * The lookup uses the order_num that was recorded, and the one the order maps to now if
 * the merchant changed the order number format since; the client sends the POST again
 * only when the first attempt certainly did not reach Apruvd (retry "unsent").
 */

/** How long a recorded submission that Apruvd does not know yet may still arrive there. */
export const SUBMIT_SETTLE_MS = 30_000;

export interface SubmissionDeps {
  prisma: PrismaClient;
  apruvd: ApruvdClient;
  now?: () => Date;
}

export type SubmissionResult =
  /** fresh: Apruvd's answer to this submission; false for a transaction adopted from an earlier one. */
  | { kind: "answered"; answer: SubmitTransactionResponse | TransactionStatusResponse; fresh: boolean }
  | { kind: "refused"; line: HistoryLine };

export async function submitOnce(
  deps: SubmissionDeps,
  review: ReviewWithHolds,
  transaction: ApruvdTransaction,
): Promise<SubmissionResult> {
  const { prisma, apruvd } = deps;
  const now = (deps.now ?? (() => new Date()))();

  if (review.submitAttemptId !== null) {
    const earlier = await findEarlierSubmission(apruvd, [review.submitOrderNum, transaction.order_num]);
    if (earlier) {
      await recordReviewEvent(
        prisma,
        review.id,
        "submitted",
        historyLine("history.submittedBefore", { status: earlier.status }),
        {
          transactionId: earlier.transaction_id,
          status: earlier.status,
        },
      );
      return { kind: "answered", answer: earlier, fresh: false };
    }
    await waitForEarlierRequest(prisma, review, now);
  }

  const attemptId = randomUUID();
  assertLeaseHeld();
  const recorded = await prisma.review.updateMany({
    where: { id: review.id, transactionId: null, submitAttemptId: review.submitAttemptId },
    data: {
      submitAttemptId: attemptId,
      submitAttemptAt: now,
      submitOrderNum: transaction.order_num ?? null,
      submitCheckedAt: null,
    },
  });
  if (recorded.count !== 1) throw new RetryLaterError("Another try is submitting this order", 1000);

  try {
    assertLeaseHeld();
    const answer = await apruvd.submitTransaction(transaction);
    await recordReviewEvent(
      prisma,
      review.id,
      "submitted",
      historyLine("history.submitted", { status: answer.status }),
      {
        transactionId: answer.transaction_id,
        status: answer.status,
        transaction: maskTransaction(transaction),
      },
    );
    return { kind: "answered", answer, fresh: true };
  } catch (error) {
    if (error instanceof ApruvdInvalidRequestError && error.isDuplicateOrder && transaction.order_num) {
      // The account enforces unique order numbers and has this one: adopt that transaction.
      const existing = await findEarlierSubmission(apruvd, [transaction.order_num]);
      if (!existing) throw error;
      await recordReviewEvent(
        prisma,
        review.id,
        "submitted",
        historyLine("history.alreadyKnown", { status: existing.status }),
        {
          transactionId: existing.transaction_id,
          status: existing.status,
        },
      );
      return { kind: "answered", answer: existing, fresh: false };
    }
    if (certainlyNotCreated(error)) {
      await prisma.review.updateMany({
        where: { id: review.id, submitAttemptId: attemptId },
        data: { submitAttemptId: null, submitAttemptAt: null, submitOrderNum: null, submitCheckedAt: null },
      });
    }
    if (error instanceof ApruvdError && !error.retryable) {
      return {
        kind: "refused",
        line: historyLine("history.refused", { apruvdMessage: error.apruvdMessage ?? error.message }),
      };
    }
    await recordReviewEvent(prisma, review.id, "retry", retryLineOf(error));
    throw error;
  }
}

/** The live transaction Apruvd holds under one of these order numbers (the newest), or null. */
async function findEarlierSubmission(
  apruvd: ApruvdClient,
  orderNums: readonly (string | null | undefined)[],
): Promise<TransactionStatusResponse | null> {
  const distinct = [...new Set(orderNums.filter((n): n is string => typeof n === "string" && n !== ""))];
  for (const orderNum of distinct) {
    const matches = await apruvd.getStatusByOrderNum(orderNum);
    const live = matches.filter((m) => !m.canceled).sort((a, b) => b.transaction_id - a.transaction_id);
    if (live[0]) return live[0];
  }
  return null;
}

/**
 * Apruvd has no transaction for a recorded submission: wait until a request still in
 * flight would have arrived (RetryLaterError), counted from the first time a try saw it
 * missing; after that the earlier request never reached Apruvd.
 */
async function waitForEarlierRequest(prisma: PrismaClient, review: ReviewWithHolds, now: Date): Promise<void> {
  const checkedAt = review.submitCheckedAt;
  if (checkedAt === null) {
    await prisma.review.updateMany({
      where: { id: review.id, submitAttemptId: review.submitAttemptId, submitCheckedAt: null },
      data: { submitCheckedAt: now },
    });
    throw new RetryLaterError("An earlier submission may still reach Apruvd; looking again", SUBMIT_SETTLE_MS);
  }
  const waited = now.getTime() - checkedAt.getTime();
  if (waited < SUBMIT_SETTLE_MS) {
    throw new RetryLaterError("An earlier submission may still reach Apruvd; looking again", SUBMIT_SETTLE_MS - waited);
  }
}

/** The request certainly created no transaction: Apruvd refused it, or it never left. */
function certainlyNotCreated(error: unknown): boolean {
  if (error instanceof LeaseLostError || error instanceof CircuitOpenError) return true;
  if (error instanceof ApruvdInvalidRequestError || error instanceof ApruvdAuthenticationError) return true;
  if (error instanceof ApruvdRateLimitError) return true;
  if (error instanceof ApruvdServerError && error.status === 503) return true;
  if (error instanceof ApruvdConnectionError) {
    return error.neverSent || error.cause instanceof LeaseLostError || error.cause instanceof CircuitOpenError;
  }
  return false;
}
