import type { OrderCancellationQuery } from "../../types/admin.generated";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { ORDER_CANCELLATION_QUERY } from "../clients/shopify/graphql/order-cancellation.query";
import { orderGid, recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import { historyLine } from "../merchant/i18n/history-lines";
import { cancelReview, reviewOrder, updateReview } from "../review/review-service.server";
import { holdFirst } from "./hold-first.server";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";

/** Shopify's order topics: a new order is reviewed, a changed one re-checked, a cancelled one withdrawn. */
export function orderJobs(
  deps: JobDeps,
): Pick<TopicJobs, "orders/create" | "orders/updated" | "orders/cancelled" | "system/review-order"> {
  const updateForShop = forInstalledShop<"orders/updated">(deps, (review, { shop, payload }) =>
    updateReview(review, shop, orderGid(payload.orderKey), payload.fingerprint ?? null),
  );

  return {
    // Hold first (hold-first.server.ts), then the review in its own event, after every waiting order's hold.
    "orders/create": forInstalledShop(deps, async (review, { shop, payload, dedupeKey }) => {
      await holdFirst(review, shop, payload.orderKey);
      await recordInboxEvent(deps.prisma, {
        dedupeKey: `${dedupeKey}:review`,
        shop,
        topic: "system/review-order",
        orderKey: payload.orderKey,
        payload,
      });
    }),

    "system/review-order": forInstalledShop(deps, async (review, { shop, payload }) => {
      await reviewOrder(review, shop, orderGid(payload.orderKey), { fingerprint: payload.fingerprint });
    }),

    "orders/updated": async (event) => {
      const { orderKey, fingerprint } = event.payload;
      // Our own tag and hold changes fire orders/updated too: settle those without an Admin call.
      const stored = await deps.prisma.review.findUnique({
        where: { shop_orderId: { shop: event.shop, orderId: orderGid(orderKey) } },
        select: { fingerprint: true, status: true },
      });
      if (stored && (stored.status === "cancelled" || (fingerprint && stored.fingerprint === fingerprint))) return;
      await updateForShop(event);
    },

    // Cancelling releases our holds: a replayed or misrouted webhook must not do that, so Shopify is asked first.
    "orders/cancelled": forInstalledShop(deps, async (review, { shop, payload, id }) => {
      const orderId = orderGid(payload.orderKey);
      if (!(await shopifyHasCancelled(review.admin, orderId))) {
        logger.warn("orders/cancelled not acted on: Shopify does not have the order as cancelled", {
          shop,
          orderId,
          eventId: id,
        });
        return;
      }
      await cancelReview(review, shop, orderId, historyLine("history.cancelledInShopify"));
    }),
  };
}

async function shopifyHasCancelled(admin: AdminGraphql, orderId: string): Promise<boolean> {
  const data = await admin<OrderCancellationQuery>(ORDER_CANCELLATION_QUERY, { id: orderId });
  return Boolean(data.order?.cancelledAt);
}
