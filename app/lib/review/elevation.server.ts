import type { PrismaClient } from "@prisma/client";
import type { CustomerOrderCountQuery } from "../../types/admin.generated";
import { type AdminGraphql, AdminGraphqlError } from "../clients/shopify/admin-graphql";
import { CUSTOMER_ORDER_COUNT_QUERY } from "../clients/shopify/graphql/customer-order-count.query";
import { logger } from "../platform/logger.server";
import { type FiredRule, firedElevationRules, parseElevationRules } from "./elevation-rules";
import type { ReviewOrder } from "./mapping";
import { historyLine } from "../merchant/i18n/history-lines";
import { recordReviewEvent } from "./review-events.server";
import { type ReviewWithHolds, saveReview } from "./review-row.server";
import { SUBMIT_THEN_ELEVATE } from "./review-state";
import type { ReviewDeps } from "./review-service.server";

/**
 * "Submit every order, elevate the suspicious ones", right after a submission: the shop's
 * elevation rules are checked on the order just read, the rules that fired are stored on
 * the review before Apruvd is asked to elevate, then the review becomes Reviewing. Each
 * step is stored before the next, so a replay after a crash picks up where it stopped:
 * rules not checked yet (`elevationReasons` null) are checked, an elevation stored but
 * not sent (reasons fired, still Submitted) is sent.
 *
 * When Apruvd answers Reviewing to a fresh submission, the merchant's Apruvd account
 * reviews every order whatever the shop chose: the shop is marked (the settings page
 * says so) and the order is simply under review, as in "review every order".
 */

export interface SubmissionOutcome {
  /** Apruvd answered this submission now (not a transaction adopted after a duplicate). */
  fresh: boolean;
}

/** Reads the order only if the rules still need it (a replay of a stored review). */
export type OrderSource = ReviewOrder | (() => Promise<ReviewOrder | null>);

export async function elevateIfSuspicious(
  deps: ReviewDeps,
  stored: ReviewWithHolds,
  orderSource: OrderSource,
  outcome: SubmissionOutcome,
): Promise<ReviewWithHolds> {
  const { prisma, settings } = deps;
  if (settings.reviewMode !== SUBMIT_THEN_ELEVATE || stored.transactionId === null) return stored;
  if (outcome.fresh) await rememberAccountMode(prisma, settings.shop, stored.status, deps.now);
  if (stored.status !== "Submitted") return stored;

  let review = stored;
  if (review.elevationReasons === null) {
    const order = typeof orderSource === "function" ? await orderSource() : orderSource;
    if (!order) return review;
    const rules = parseElevationRules(settings.elevationRules);
    const fired = firedElevationRules(order, rules, {
      highRiskProductTag: settings.highRiskProductTag,
      customerOrderCount: rules.firstOrder ? await customerOrderCount(deps.admin, order) : null,
    });
    review = await saveReview(prisma, review, { elevationReasons: JSON.stringify(fired) });
    if (fired.length === 0) {
      const line =
        settings.submittedOrders === "release"
          ? historyLine("history.notElevatedReleased")
          : historyLine("history.notElevatedHeld");
      await recordReviewEvent(prisma, review.id, "not_elevated", line);
      return review;
    }
  }
  const fired = firedRulesOf(review);
  if (fired.length === 0 || !deps.apruvd) return review;
  const answer = await deps.apruvd.elevate({ transaction_id: stored.transactionId });
  review = await saveReview(prisma, review, { status: answer.status, round: { increment: 1 } });
  await recordReviewEvent(
    prisma,
    review.id,
    "elevated",
    historyLine("history.elevatedByRules", { rules: fired.map((f) => f.label).join("; "), status: answer.status }),
    { transactionId: stored.transactionId, rules: fired.map((f) => f.rule), automatic: true },
  );
  return review;
}

function firedRulesOf(review: ReviewWithHolds): FiredRule[] {
  try {
    const value: unknown = JSON.parse(review.elevationReasons ?? "[]");
    return Array.isArray(value) ? (value as FiredRule[]) : [];
  } catch {
    return [];
  }
}

/** Reviewing after a fresh submission: the account reviews every order; Submitted: it does not. */
async function rememberAccountMode(
  prisma: PrismaClient,
  shop: string,
  status: string,
  now: (() => Date) | undefined,
): Promise<void> {
  if (status === "Reviewing") {
    await prisma.shopSettings.updateMany({
      where: { shop, apruvdReviewsAllSince: null },
      data: { apruvdReviewsAllSince: (now ?? (() => new Date()))() },
    });
  } else if (status === "Submitted") {
    await prisma.shopSettings.updateMany({
      where: { shop, apruvdReviewsAllSince: { not: null } },
      data: { apruvdReviewsAllSince: null },
    });
  }
}

/** Customer.numberOfOrders, or null for a guest, a withheld customer or a refused read. */
async function customerOrderCount(admin: AdminGraphql, order: ReviewOrder): Promise<number | null> {
  const id = order.customer?.id;
  if (!id) return null;
  try {
    const data = await admin<CustomerOrderCountQuery>(CUSTOMER_ORDER_COUNT_QUERY, { id });
    const count = Number(data.customer?.numberOfOrders ?? Number.NaN);
    return Number.isFinite(count) ? count : null;
  } catch (error) {
    // Refused (e.g. no read_customers scope): the rule cannot tell, so it does not match.
    if (error instanceof AdminGraphqlError && !error.retryable) {
      logger.warn("customer order count unavailable", { orderId: order.id, status: error.status ?? null });
      return null;
    }
    throw error;
  }
}
