import type { MerchantAction } from "../inbox/contract";
import { orderGid } from "../inbox/inbox.server";
import { cancelReview, elevateReview, resyncReview, reviewOrder } from "../review/review-service.server";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";

type ActionTopic = `merchant/${MerchantAction}` | "system/poll";

/**
 * A merchant's action (dashboard, review page, order block) and the sweep's status poll
 * of a review stuck under review, which is a resync.
 */
export function merchantActionJobs(deps: JobDeps): Pick<TopicJobs, ActionTopic> {
  const carryOut = forInstalledShop<ActionTopic>(deps, async (review, { shop, payload }) => {
    const orderId = orderGid(payload.orderKey);
    if (payload.action === "submit") await reviewOrder(review, shop, orderId, { force: true });
    else if (payload.action === "elevate") await elevateReview(review, shop, orderId);
    else if (payload.action === "resync") await resyncReview(review, shop, orderId);
    else await cancelReview(review, shop, orderId, "Cancelled by the merchant.");
  });
  return {
    "merchant/submit": carryOut,
    "merchant/elevate": carryOut,
    "merchant/resync": carryOut,
    "merchant/cancel": carryOut,
    "system/poll": carryOut,
  };
}
