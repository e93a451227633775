import { orderGid } from "../inbox/inbox.server";
import { cancelReview, reviewOrder, updateReview } from "../review/review-service.server";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";

/** Shopify's order topics: a new order is reviewed, a changed one re-checked, a cancelled one withdrawn. */
export function orderJobs(deps: JobDeps): Pick<TopicJobs, "orders/create" | "orders/updated" | "orders/cancelled"> {
  const updateForShop = forInstalledShop<"orders/updated">(deps, (review, { shop, payload }) =>
    updateReview(review, shop, orderGid(payload.orderKey), payload.fingerprint ?? null),
  );

  return {
    "orders/create": forInstalledShop(deps, async (review, { shop, payload }) => {
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

    "orders/cancelled": forInstalledShop(deps, async (review, { shop, payload }) => {
      await cancelReview(review, shop, orderGid(payload.orderKey), "The order was cancelled in Shopify.");
    }),
  };
}
