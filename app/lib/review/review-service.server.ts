import type { FulfillmentHold, PrismaClient, Review, ShopSettings } from "@prisma/client";
import type { OrderForReviewQuery } from "../../types/admin.generated";
import type { ApruvdClient } from "../clients/apruvd/client";
import { ApruvdError, ApruvdInvalidRequestError } from "../clients/apruvd/errors";
import type { ApruvdStatus, ReviewCompleteCallback, SubmitTransactionResponse, TransactionStatusResponse } from "../clients/apruvd/types";
import { logger } from "../platform/logger.server";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { ORDER_FOR_REVIEW_QUERY } from "../clients/shopify/graphql/order-for-review.query";
import { type ExclusionRules, exclusionReason } from "./exclusions";
import { MappingError, type ReviewOrder, mapOrderToTransaction } from "./mapping";
import { type UpdateField, changedFields, fieldHashes, maskChangelog, maskTransaction } from "./order-changes";
import { recordReviewEvent } from "./review-events.server";
import { markUnderReview, type VisibleState, visibleStateOf, writeBackDecision } from "./write-back.server";

/**
 * The life of one order's review: read the order once, put it under review (hold, tag),
 * submit it to Apruvd, store the answer and write decisions back. Each step first looks
 * at what is already stored, so running it again after a crash or a duplicate event
 * repeats nothing that already happened.
 */

export interface ReviewDeps {
  prisma: PrismaClient;
  admin: AdminGraphql;
  /** null when the shop has not entered Apruvd credentials yet. */
  apruvd: ApruvdClient | null;
  settings: ShopSettings;
  now?: () => Date;
}

type ReviewWithHolds = Review & { holds: FulfillmentHold[] };

const FINAL = new Set(["Approved", "Declined"]);
/** States in which nothing more happens on its own (a merchant action restarts them). */
const SETTLED = new Set(["Approved", "Declined", "error", "excluded", "skipped", "cancelled"]);

async function loadReview(prisma: PrismaClient, shop: string, orderId: string): Promise<ReviewWithHolds> {
  return prisma.review.upsert({
    where: { shop_orderId: { shop, orderId } },
    create: { shop, orderId },
    update: {},
    include: { holds: true },
  });
}

async function reload(prisma: PrismaClient, id: string): Promise<ReviewWithHolds> {
  return prisma.review.findUniqueOrThrow({ where: { id }, include: { holds: true } });
}

async function fetchOrder(admin: AdminGraphql, orderId: string): Promise<ReviewOrder | null> {
  const data = await admin<OrderForReviewQuery>(ORDER_FOR_REVIEW_QUERY, { id: orderId });
  return data.order ?? null;
}

function exclusionRulesOf(settings: ShopSettings): ExclusionRules {
  try {
    return JSON.parse(settings.exclusionRules) as ExclusionRules;
  } catch {
    return {};
  }
}

async function settle(
  prisma: PrismaClient,
  review: Review,
  status: string,
  eventType: string,
  message: string,
  extra: Partial<Review> = {},
): Promise<void> {
  await prisma.review.update({ where: { id: review.id }, data: { status, errorMessage: status === "error" ? message : null, ...extra } });
  await recordReviewEvent(prisma, review.id, eventType, message);
}

/**
 * Reviews a new order. `force` is a merchant's explicit "submit" (it also covers
 * orders that were excluded or failed before).
 */
export async function reviewOrder(
  deps: ReviewDeps,
  shop: string,
  orderId: string,
  options: { force?: boolean; fingerprint?: string | null } = {},
): Promise<void> {
  const { prisma, settings } = deps;
  let review = await loadReview(prisma, shop, orderId);
  if (options.fingerprint && !review.fingerprint) {
    review = await prisma.review.update({ where: { id: review.id }, data: { fingerprint: options.fingerprint }, include: { holds: true } });
  }
  if (review.transactionId !== null || review.status === "cancelled") {
    // Already submitted (or cancelled): only make sure Shopify shows the stored state.
    const expected = visibleStateOf(review.status);
    if (expected && review.writtenBackStatus !== expected) await ensureWrittenBack(deps, review, expected);
    return;
  }
  if (SETTLED.has(review.status) && !options.force) return;

  if (!settings.autoSubmit && !options.force) {
    await settle(prisma, review, "skipped", "skipped", "Automatic submission is off; submit from the dashboard.");
    return;
  }
  if (!deps.apruvd) {
    await settle(prisma, review, "error", "error", "Apruvd API keys are not set up. Add them in Settings, then submit.");
    return;
  }

  const order = await fetchOrder(deps.admin, orderId);
  if (!order) {
    await settle(prisma, review, "error", "error", "The order could not be found in Shopify.");
    return;
  }
  if (review.orderName !== order.name) {
    review = await prisma.review.update({
      where: { id: review.id },
      data: { orderName: order.name, total: order.totalPriceSet.presentmentMoney.amount, currency: order.totalPriceSet.presentmentMoney.currencyCode },
      include: { holds: true },
    });
  }
  if (order.cancelledAt) {
    await settle(prisma, review, "cancelled", "cancelled", "The order was cancelled before it was submitted.");
    return;
  }
  const excluded = options.force ? null : exclusionReason(order, exclusionRulesOf(settings));
  if (excluded) {
    await settle(prisma, review, "excluded", "excluded", excluded);
    return;
  }

  let transaction;
  try {
    transaction = mapFor(settings, order);
  } catch (error) {
    if (error instanceof MappingError) {
      await settle(prisma, review, "error", "error", `The order cannot be sent to Apruvd: ${error.message}`);
      return;
    }
    throw error;
  }

  // Hold first: nothing ships while Apruvd has not answered (or is down).
  await markUnderReview(deps, review, order);
  if (review.status !== "pending") {
    await prisma.review.update({ where: { id: review.id }, data: { status: "pending", errorMessage: null } });
  }

  let answer: SubmitTransactionResponse | TransactionStatusResponse;
  try {
    answer = await deps.apruvd.submitTransaction(transaction);
    await recordReviewEvent(prisma, review.id, "submitted", `Submitted to Apruvd: ${answer.status}`, {
      transactionId: answer.transaction_id,
      status: answer.status,
      transaction: maskTransaction(transaction),
    });
  } catch (error) {
    if (error instanceof ApruvdInvalidRequestError && error.isDuplicateOrder && transaction.order_num) {
      // Submitted before (e.g. we crashed before storing the answer): adopt that transaction.
      const existing = await adoptExistingTransaction(deps.apruvd, transaction.order_num);
      if (!existing) throw error;
      answer = existing;
      await recordReviewEvent(prisma, review.id, "submitted", `Already known to Apruvd: ${answer.status}`, {
        transactionId: answer.transaction_id,
        status: answer.status,
      });
    } else if (error instanceof ApruvdError && !error.retryable) {
      await settle(prisma, review, "error", "error", `Apruvd refused the transaction: ${error.apruvdMessage ?? error.message}`);
      return;
    } else {
      await recordReviewEvent(prisma, review.id, "retry", `Apruvd unavailable, will retry: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  const now = (deps.now ?? (() => new Date()))();
  review = await prisma.review.update({
    where: { id: review.id },
    data: {
      transactionId: answer.transaction_id,
      orderNum: transaction.order_num ?? null,
      status: answer.status,
      riskGrade: "risk_grade" in answer && answer.risk_grade ? answer.risk_grade : review.riskGrade,
      submittedAt: now,
      decidedAt: FINAL.has(answer.status) ? now : null,
      errorMessage: null,
      sentFieldHashes: JSON.stringify(fieldHashes(transaction)),
    },
    include: { holds: true },
  });
  await writeBackDecision(deps, review);
}

function mapFor(settings: ShopSettings, order: ReviewOrder) {
  return mapOrderToTransaction(order, {
    orderNumberSource: settings.orderNumberSource === "id" ? "id" : "name",
    highRiskProductTag: settings.highRiskProductTag,
  });
}

/**
 * orders/updated. A change Apruvd cares about (total, email, addresses, phones, line
 * items, shipping method) is sent as an update with only the changed fields, and the
 * order goes back under review; anything else (our own tags, notes, fulfillment) does
 * nothing. Works whatever order the events arrive in.
 */
export async function updateReview(deps: ReviewDeps, shop: string, orderId: string, fingerprint: string | null): Promise<void> {
  const { prisma } = deps;
  const existing = await prisma.review.findUnique({ where: { shop_orderId: { shop, orderId } } });
  // No review yet (the create event is late or was lost): review the order now.
  if (!existing || existing.transactionId === null) {
    await reviewOrder(deps, shop, orderId, { fingerprint });
    return;
  }
  if (existing.status === "cancelled") return;
  if (fingerprint && existing.fingerprint === fingerprint) return;
  const review = await loadReview(prisma, shop, orderId);
  const order = await fetchOrder(deps.admin, orderId);
  if (!order) return;
  if (order.cancelledAt) {
    await cancelReview(deps, shop, orderId, "The order was cancelled in Shopify.");
    return;
  }
  const transaction = mapFor(deps.settings, order);
  const previous = review.sentFieldHashes ? (JSON.parse(review.sentFieldHashes) as Partial<Record<UpdateField, string>>) : null;
  const changes = changedFields(transaction, previous);
  const fields = Object.keys(changes);
  if (fields.length === 0 || !deps.apruvd || review.transactionId === null) {
    await prisma.review.update({ where: { id: review.id }, data: { fingerprint: fingerprint ?? review.fingerprint } });
    return;
  }
  const answer = await deps.apruvd.updateTransaction(review.transactionId, changes);
  await prisma.review.update({
    where: { id: review.id },
    data: {
      status: answer.status,
      decidedAt: FINAL.has(answer.status) ? review.decidedAt : null,
      fingerprint: fingerprint ?? review.fingerprint,
      sentFieldHashes: JSON.stringify(fieldHashes(transaction)),
      round: { increment: 1 },
    },
  });
  await recordReviewEvent(prisma, review.id, "updated", `Order changed (${fields.join(", ")}): sent to Apruvd again, now ${answer.status}`, {
    fields,
    changelog: maskChangelog(answer.changelog),
  });
  const state = visibleStateOf(answer.status);
  if (state === "under_review") await markUnderReview(deps, await reload(prisma, review.id), order);
  else await writeBackDecision(deps, review);
}

async function adoptExistingTransaction(apruvd: ApruvdClient, orderNum: string): Promise<TransactionStatusResponse | null> {
  const matches = await apruvd.getStatusByOrderNum(orderNum);
  const live = matches.filter((m) => !m.canceled).sort((a, b) => b.transaction_id - a.transaction_id);
  return live[0] ?? null;
}

/** Re-applies the stored state to Shopify (after a crash between storing and writing back). */
async function ensureWrittenBack(deps: ReviewDeps, review: ReviewWithHolds, expected: VisibleState): Promise<void> {
  if (expected !== "under_review") {
    await writeBackDecision(deps, review);
    return;
  }
  const order = await fetchOrder(deps.admin, review.orderId);
  if (order) await markUnderReview(deps, review, order);
}

/** A decision from Apruvd (callback or poll). Repeats and stale decisions change nothing. */
export async function applyDecision(
  deps: ReviewDeps,
  shop: string,
  decision: Pick<ReviewCompleteCallback, "transaction_id" | "status" | "notes" | "corrected_email"> & { risk_grade?: string },
): Promise<{ applied: boolean; reason?: string }> {
  const { prisma } = deps;
  const review = await prisma.review.findFirst({
    where: { shop, transactionId: decision.transaction_id },
    include: { holds: true },
  });
  if (!review) return { applied: false, reason: "unknown transaction" };
  if (review.status === "cancelled") return { applied: false, reason: "review cancelled" };
  const status: ApruvdStatus = decision.status;
  const sameDecision = review.status === status && (decision.notes ?? null) === (review.notes ?? null);
  if (!sameDecision) {
    const now = (deps.now ?? (() => new Date()))();
    await prisma.review.update({
      where: { id: review.id },
      data: {
        status,
        notes: decision.notes ?? review.notes,
        riskGrade: decision.risk_grade ?? review.riskGrade,
        decidedAt: FINAL.has(status) ? (review.decidedAt ?? now) : null,
      },
    });
    await recordReviewEvent(prisma, review.id, "decision", `Apruvd decision: ${status}`, {
      transactionId: decision.transaction_id,
      status,
      hasNotes: Boolean(decision.notes),
      correctedEmail: Boolean(decision.corrected_email),
    });
    logger.info("apruvd decision applied", { shop, orderId: review.orderId, status });
  }
  const fresh = await reload(prisma, review.id);
  await writeBackDecision(deps, fresh, { correctedEmail: decision.corrected_email });
  return { applied: !sameDecision };
}

/**
 * The order was cancelled in Shopify (or the merchant cancelled the review): tell Apruvd,
 * release our holds, tag. A cancelled review is never submitted afterwards, even when the
 * orders/create event arrives later.
 */
export async function cancelReview(deps: ReviewDeps, shop: string, orderId: string, reason: string): Promise<void> {
  const { prisma } = deps;
  const review = await loadReview(prisma, shop, orderId);
  if (review.transactionId !== null && !review.apruvdCancelledAt) {
    if (!deps.apruvd) {
      await recordReviewEvent(prisma, review.id, "error", "Cannot cancel the Apruvd transaction: API keys are not set up.");
    } else {
      await deps.apruvd.cancelTransaction(review.transactionId);
      await prisma.review.update({ where: { id: review.id }, data: { apruvdCancelledAt: new Date() } });
      await recordReviewEvent(prisma, review.id, "apruvd_cancelled", "Apruvd transaction cancelled", { transactionId: review.transactionId });
    }
  }
  if (review.status !== "cancelled") {
    await prisma.review.update({ where: { id: review.id }, data: { status: "cancelled", errorMessage: null } });
    await recordReviewEvent(prisma, review.id, "cancelled", reason);
  }
  await writeBackDecision(deps, review);
}

/** "Submit, then elevate" shops: send a Submitted transaction for review. */
export async function elevateReview(deps: ReviewDeps, shop: string, orderId: string): Promise<void> {
  const { prisma } = deps;
  const review = await loadReview(prisma, shop, orderId);
  if (review.transactionId === null || review.status !== "Submitted" || !deps.apruvd) {
    await recordReviewEvent(prisma, review.id, "elevate_skipped", `Nothing to elevate (status ${review.status}).`);
    return;
  }
  const answer = await deps.apruvd.elevate({ transaction_id: review.transactionId });
  await prisma.review.update({ where: { id: review.id }, data: { status: answer.status, round: { increment: 1 } } });
  await recordReviewEvent(prisma, review.id, "elevated", `Elevated for review: ${answer.status}`, { transactionId: review.transactionId });
  await writeBackDecision(deps, review);
}

/** Asks Apruvd for the transaction's status (re-sync, or polling when no callback came). */
export async function resyncReview(deps: ReviewDeps, shop: string, orderId: string): Promise<void> {
  const { prisma } = deps;
  const review = await loadReview(prisma, shop, orderId);
  if (review.transactionId === null || !deps.apruvd) {
    await recordReviewEvent(prisma, review.id, "resync_skipped", "Not submitted to Apruvd yet.");
    return;
  }
  const status = await deps.apruvd.getStatus(review.transactionId);
  await recordReviewEvent(prisma, review.id, "status_checked", `Apruvd status: ${status.status}${status.canceled ? " (cancelled)" : ""}`);
  if (status.canceled) {
    await cancelReview(deps, shop, orderId, "Apruvd reports the transaction as cancelled.");
    return;
  }
  await applyDecision(deps, shop, { transaction_id: review.transactionId, status: status.status, risk_grade: status.risk_grade });
}
