import type { FulfillmentOrderOrdersQuery } from "../../types/admin.generated";
import { FULFILLMENT_ORDER_ORDERS_QUERY } from "../clients/shopify/graphql/order-for-review.query";
import type { DecodedInboxEvent, ShopifyFulfillmentOrderTopic } from "../inbox/contract";
import { orderGid, orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import { readFulfillmentOrders } from "../review/read-order.server";
import { findReview } from "../review/review-row.server";
import { submittedHandlingOf, visibleStateOf } from "../review/review-state";
import type { ReviewDeps } from "../review/review-service.server";
import { holdFulfillmentOrders } from "../review/write-back.server";
import { type JobDeps, type TopicJob, type TopicJobs, forInstalledShop } from "./job.server";

/**
 * Every fulfillment order held while its order is under review. Shopify creates
 * fulfillment orders after the review began when one is split, moved to another location,
 * merged, or when order routing completes; those topics name only fulfillment orders. Two
 * steps: the webhook's job asks Shopify which orders they belong to and queues one
 * `system/hold-fulfillment-orders` per reviewed order, which runs in that order's turn
 * (the runners never run two events of one order at once, so it cannot interleave with
 * the decision that releases our holds); it reads the order's fulfillment orders to the
 * end and holds any without our hold. Approval releases every hold we recorded, by id.
 */
export function fulfillmentOrderJobs(
  deps: JobDeps,
): Pick<TopicJobs, ShopifyFulfillmentOrderTopic | "system/hold-fulfillment-orders"> {
  const resolve: TopicJob<ShopifyFulfillmentOrderTopic> = forInstalledShop(deps, async (review, event) => {
    const data = await review.admin<FulfillmentOrderOrdersQuery>(FULFILLMENT_ORDER_ORDERS_QUERY, {
      ids: event.payload.fulfillmentOrderIds,
    });
    const orderKeys = new Set<string>();
    for (const node of data.nodes) {
      const key = node && "orderId" in node ? orderKeyOf(node.orderId) : null;
      if (key) orderKeys.add(key);
    }
    for (const orderKey of orderKeys) {
      // Only orders we review: another order's fulfillment orders are not ours to hold.
      if (!(await findReview(deps.prisma, event.shop, orderGid(orderKey)))) continue;
      await recordInboxEvent(deps.prisma, {
        dedupeKey: `${event.dedupeKey}:hold:${orderKey}`,
        shop: event.shop,
        topic: "system/hold-fulfillment-orders",
        orderKey,
        payload: { orderKey },
      });
    }
  });

  return {
    "fulfillment_orders/split": resolve,
    "fulfillment_orders/moved": resolve,
    "fulfillment_orders/merged": resolve,
    "fulfillment_orders/order_routing_complete": resolve,
    "system/hold-fulfillment-orders": forInstalledShop(deps, holdWhileUnderReview),
  };
}

async function holdWhileUnderReview(
  deps: ReviewDeps,
  event: DecodedInboxEvent<"system/hold-fulfillment-orders">,
): Promise<void> {
  const review = await findReview(deps.prisma, event.shop, orderGid(event.payload.orderKey));
  if (!review) return;
  const state = visibleStateOf(review.status, submittedHandlingOf(deps.settings, review));
  // Held while under review, and a declined order keeps our holds: a fulfillment order that
  // appears on either (moved, split, routed late) must not be the one that ships. An approved,
  // cancelled or released order keeps none; a new one is held by its own review step.
  const underReview = state === "under_review" && review.writtenBackStatus === "under_review";
  const declinedAndHeld =
    state === "Declined" && review.writtenBackStatus === "Declined" && review.holds.some((h) => h.releasedAt === null);
  if (!underReview && !declinedAndHeld) return;
  const fulfillmentOrders = await readFulfillmentOrders(deps.admin, review.orderId);
  if (!fulfillmentOrders) return;
  const before = review.holds.length;
  const held = await holdFulfillmentOrders(deps, review, fulfillmentOrders);
  logger.info("fulfillment orders checked under review", {
    shop: event.shop,
    orderId: review.orderId,
    fulfillmentOrders: fulfillmentOrders.length,
    newHolds: held.holds.length - before,
  });
}
