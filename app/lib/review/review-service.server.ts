import type { Prisma, PrismaClient, ShopSettings } from "@prisma/client";
import type { ApruvdClient } from "../clients/apruvd/client";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { type ExclusionRules, exclusionLine } from "./exclusions";
import { MappingError, type ReviewOrder, mapOrderToTransaction } from "./mapping";
import { type UpdateField, changedFields, fieldHashes, maskChangelog } from "./order-changes";
import { elevateIfSuspicious } from "./elevation.server";
import { readWholeOrder } from "./read-order.server";
import { type HistoryLine, historyLine } from "../merchant/i18n/history-lines";
import { recordReviewEvent, reviewError } from "./review-events.server";
import { type ReviewWithHolds, findReview, loadReview, saveReview } from "./review-row.server";
import {
  CANCELLED_STATUS,
  PENDING_STATUS,
  type VisibleState,
  isFinalStatus,
  isSettledStatus,
  submittedHandlingOf,
  visibleStateOf,
} from "./review-state";
import { cancelStoredReview } from "./review-decisions.server";
import { markUnderReview, releaseHolds, writeBackDecision } from "./write-back.server";
import { keepVerifiedSessionId } from "../merchant/storefront/session-id-check.server";
import { submitOnce } from "./submission.server";

export { applyDecision, cancelReview, elevateReview, resyncReview } from "./review-decisions.server";

/**
 * The life of one order's review: read the order once, put it under review (hold, tag),
 * submit it to Apruvd, store the answer and write decisions back. Each step first looks
 * at what is already stored, so running it again after a crash or a duplicate event
 * repeats nothing that already happened. Each step reads the Review row once and hands
 * it on; every write returns the row as stored (review-row.server.ts). What follows the
 * submission (decisions, elevate, re-sync, cancel) is in review-decisions.server.ts.
 */

export interface ReviewDeps {
  prisma: PrismaClient;
  admin: AdminGraphql;
  /** null when the shop has not entered Apruvd credentials yet. */
  apruvd: ApruvdClient | null;
  settings: ShopSettings;
  now?: () => Date;
}

/**
 * The whole order (read-order.server.ts). What Shopify withheld (protected customer data
 * the shop has not granted) or what could not be read whole is recorded on the review,
 * field names and counts only: the review goes on without it.
 */
async function fetchOrder(deps: ReviewDeps, review: ReviewWithHolds): Promise<ReviewOrder | null> {
  const read = await readWholeOrder(deps.admin, review.orderId);
  if (read.withheld.length > 0) {
    const fields = read.withheld.map((w) => w.path);
    await recordReviewEvent(
      deps.prisma,
      review.id,
      "fields_withheld",
      historyLine("history.fieldsWithheld", { fields, count: fields.length }),
      { fields, requiredAccess: read.withheld.map((w) => w.requiredAccess ?? null) },
    );
  }
  for (const problem of read.incomplete) {
    await recordReviewEvent(deps.prisma, review.id, "order_incomplete", problem);
  }
  return read.order;
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
  review: ReviewWithHolds,
  status: string,
  eventType: string,
  line: HistoryLine,
  extra: Prisma.ReviewUpdateInput = {},
): Promise<void> {
  const error = status === "error" ? reviewError(line) : { errorMessage: null, errorKey: null, errorParams: null };
  await saveReview(prisma, review, { status, ...error, ...extra });
  await recordReviewEvent(prisma, review.id, eventType, line);
}

/**
 * Settles an order the review leaves unsent (skipped, excluded, cancelled, not mappable):
 * the hold placed first (jobs/hold-first.server.ts) comes off, as if it never went on.
 */
async function settleUnsent(
  deps: ReviewDeps,
  review: ReviewWithHolds,
  status: string,
  eventType: string,
  line: HistoryLine,
  extra: Prisma.ReviewUpdateInput = {},
): Promise<void> {
  const released = review.holds.some((h) => !h.releasedAt) ? await releaseHolds(deps, review) : review;
  await settle(deps.prisma, released, status, eventType, line, extra);
}

interface ReviewOptions {
  force?: boolean;
  fingerprint?: string | null;
}

/**
 * Reviews a new order. `force` is a merchant's explicit "submit" (it also covers
 * orders that were excluded or failed before).
 */
export async function reviewOrder(
  deps: ReviewDeps,
  shop: string,
  orderId: string,
  options: ReviewOptions = {},
): Promise<void> {
  await reviewStoredOrder(deps, await loadReview(deps.prisma, shop, orderId), options);
}

/** The review step on the row the caller read. */
async function reviewStoredOrder(deps: ReviewDeps, stored: ReviewWithHolds, options: ReviewOptions): Promise<void> {
  const { prisma, settings } = deps;
  let review = stored;
  if (options.fingerprint && !review.fingerprint) {
    review = await saveReview(prisma, review, { fingerprint: options.fingerprint });
  }
  if (review.transactionId !== null || review.status === CANCELLED_STATUS) {
    // Already submitted (or cancelled): finish an elevation a crash interrupted, then make
    // sure Shopify shows the stored state.
    review = await elevateIfSuspicious(deps, review, () => fetchOrder(deps, review), { fresh: false });
    const expected = visibleStateOf(review.status, submittedHandlingOf(settings, review));
    if (expected && review.writtenBackStatus !== expected) await ensureWrittenBack(deps, review, expected);
    return;
  }
  if (isSettledStatus(review.status) && !options.force) return;

  if (!settings.autoSubmit && !options.force) {
    await settleUnsent(deps, review, "skipped", "skipped", historyLine("history.autoSubmitOff"));
    return;
  }
  if (!deps.apruvd) {
    await settleUnsent(deps, review, "error", "error", historyLine("history.keysNotSetUp"));
    return;
  }

  const order = await fetchOrder(deps, review);
  if (!order) {
    await settleUnsent(deps, review, "error", "error", historyLine("history.orderNotFound"));
    return;
  }
  if (review.orderName !== order.name) {
    review = await saveReview(prisma, review, {
      orderName: order.name,
      total: order.currentTotalPriceSet.presentmentMoney.amount,
      currency: order.currentTotalPriceSet.presentmentMoney.currencyCode,
    });
  }
  if (order.cancelledAt) {
    await settleUnsent(deps, review, "cancelled", "cancelled", historyLine("history.cancelledBeforeSubmit"));
    return;
  }
  const excluded = options.force ? null : exclusionLine(order, exclusionRulesOf(settings));
  if (excluded) {
    await settleUnsent(deps, review, "excluded", "excluded", excluded);
    return;
  }

  let transaction;
  try {
    transaction = mapFor(settings, order);
  } catch (error) {
    if (error instanceof MappingError) {
      await settleUnsent(deps, review, "error", "error", mappingErrorLine(error));
      return;
    }
    throw error;
  }
  // The shopper writes the cart attribute: it is sent only when it is the server's id for the order's cart.
  transaction = await keepVerifiedSessionId(prisma, review.id, review.shop, order, transaction);

  // Hold first: nothing ships while Apruvd has not answered (or is down).
  review = await markUnderReview(deps, review, order);
  if (review.status !== PENDING_STATUS) {
    review = await saveReview(prisma, review, { status: PENDING_STATUS, errorMessage: null });
  }

  // Recorded before it is sent, and looked up at Apruvd before it is ever sent again (submission.server.ts).
  const sent = await submitOnce({ prisma, apruvd: deps.apruvd, now: deps.now }, review, transaction);
  if (sent.kind === "refused") {
    await settle(prisma, review, "error", "error", sent.line);
    return;
  }
  // fresh: Apruvd's answer to this submission, not a transaction adopted from an earlier one.
  const { answer, fresh } = sent;

  const now = (deps.now ?? (() => new Date()))();
  review = await saveReview(prisma, review, {
    transactionId: answer.transaction_id,
    orderNum: transaction.order_num ?? null,
    status: answer.status,
    riskGrade: "risk_grade" in answer && answer.risk_grade ? answer.risk_grade : review.riskGrade,
    submittedAt: now,
    decidedAt: isFinalStatus(answer.status) ? now : null,
    errorMessage: null,
    sentFieldHashes: JSON.stringify(fieldHashes(transaction)),
  });
  // "Submit then elevate": elevate now if the shop's rules flag the order.
  review = await elevateIfSuspicious(deps, review, order, { fresh });
  await writeBackDecision(deps, review);
}

function mappingErrorLine(error: MappingError): HistoryLine {
  switch (error.code) {
    case "MISSING_TOTAL":
      return historyLine("history.cannotMap.missingTotal");
    case "MISSING_CURRENCY":
      return historyLine("history.cannotMap.missingCurrency");
    case "INVALID_CURRENCY":
      return historyLine("history.cannotMap.invalidCurrency", { currency: error.value ?? "" });
    case "INVALID_TOTAL":
      return historyLine("history.cannotMap.invalidTotal", { total: error.value ?? "" });
  }
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
export async function updateReview(
  deps: ReviewDeps,
  shop: string,
  orderId: string,
  fingerprint: string | null,
): Promise<void> {
  const { prisma } = deps;
  const review = await findReview(prisma, shop, orderId);
  // No review yet (the create event is late or was lost): review the order now.
  if (!review || review.transactionId === null) {
    await reviewStoredOrder(deps, review ?? (await loadReview(prisma, shop, orderId)), { fingerprint });
    return;
  }
  if (review.status === CANCELLED_STATUS) return;
  if (fingerprint && review.fingerprint === fingerprint) return;
  const order = await fetchOrder(deps, review);
  if (!order) return;
  if (order.cancelledAt) {
    await cancelStoredReview(deps, review, historyLine("history.cancelledInShopify"));
    return;
  }
  const transaction = mapFor(deps.settings, order);
  const previous = review.sentFieldHashes
    ? (JSON.parse(review.sentFieldHashes) as Partial<Record<UpdateField, string>>)
    : null;
  const changes = changedFields(transaction, previous);
  const fields = Object.keys(changes);
  if (fields.length === 0 || !deps.apruvd || review.transactionId === null) {
    await saveReview(prisma, review, { fingerprint: fingerprint ?? review.fingerprint });
    return;
  }
  const answer = await deps.apruvd.updateTransaction(review.transactionId, changes);
  const updated = await saveReview(prisma, review, {
    status: answer.status,
    decidedAt: isFinalStatus(answer.status) ? review.decidedAt : null,
    fingerprint: fingerprint ?? review.fingerprint,
    sentFieldHashes: JSON.stringify(fieldHashes(transaction)),
    round: { increment: 1 },
  });
  await recordReviewEvent(
    prisma,
    review.id,
    "updated",
    historyLine("history.updated", { fields, status: answer.status }),
    {
      fields,
      changelog: maskChangelog(answer.changelog),
    },
  );
  const state = visibleStateOf(answer.status, submittedHandlingOf(deps.settings, updated));
  if (state === "under_review") await markUnderReview(deps, updated, order);
  else await writeBackDecision(deps, updated);
}

/** Re-applies the stored state to Shopify (after a crash between storing and writing back). */
async function ensureWrittenBack(deps: ReviewDeps, review: ReviewWithHolds, expected: VisibleState): Promise<void> {
  if (expected !== "under_review") {
    await writeBackDecision(deps, review);
    return;
  }
  const order = await fetchOrder(deps, review);
  if (order) await markUnderReview(deps, review, order);
}
