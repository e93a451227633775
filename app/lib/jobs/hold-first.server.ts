import type { OrderFulfillmentOrdersForHoldQuery } from "../../types/admin.generated";
import { ORDER_FULFILLMENT_ORDERS_FOR_HOLD_QUERY } from "../clients/shopify/graphql/hold-first.query";
import { orderGid } from "../inbox/inbox.server";
import { readFulfillmentOrders } from "../review/read-order.server";
import type { ReviewDeps } from "../review/review-service.server";
import { type ReviewWithHolds, loadReview } from "../review/review-row.server";
import { CANCELLED_STATUS, isSettledStatus } from "../review/review-state";
import { holdFulfillmentOrders } from "../review/write-back.server";

/**
 * Hold first. The time from an order's webhook to our hold is the window in which a
 * fraudulent order can ship, so a new order's first job (orders/create) only holds it:
 * the cheapest read that finds its open fulfillment orders (hold-first.query.ts), then the
 * hold. Its review (the full read, tags, submission) is queued as a separate
 * system/review-order event, and the runner claims orders/create before any other topic
 * (inbox/priority.ts): under a burst every waiting order is held before the first one is
 * read whole. The review step finds our hold already placed (placeHolds only records it).
 *
 * Only an order the review would hold is held here: automatic submission on, Apruvd keys
 * set, not yet submitted, settled or cancelled. An order the review then leaves unsent
 * (excluded, cancelled, unmappable) has this hold released by the review step.
 */
export async function holdFirst(deps: ReviewDeps, shop: string, orderKey: string): Promise<ReviewWithHolds | null> {
  const review = await loadReview(deps.prisma, shop, orderGid(orderKey));
  if (!wouldBeHeldByReview(deps, review)) return null;
  if (review.holds.some((h) => !h.releasedAt)) return review;
  const data = await deps.admin<OrderFulfillmentOrdersForHoldQuery>(ORDER_FULFILLMENT_ORDERS_FOR_HOLD_QUERY, {
    id: review.orderId,
  });
  const order = data.order;
  // Gone or cancelled already: the review step settles it without a hold.
  if (!order || order.cancelledAt) return null;
  const fulfillmentOrders = order.fulfillmentOrders.pageInfo.hasNextPage
    ? await readFulfillmentOrders(deps.admin, review.orderId)
    : order.fulfillmentOrders.nodes;
  if (!fulfillmentOrders) return null;
  return holdFulfillmentOrders(deps, review, fulfillmentOrders);
}

function wouldBeHeldByReview(deps: ReviewDeps, review: ReviewWithHolds): boolean {
  if (review.transactionId !== null || review.status === CANCELLED_STATUS) return false;
  if (isSettledStatus(review.status)) return false;
  return deps.settings.autoSubmit && deps.apruvd !== null;
}
