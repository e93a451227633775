import type { MerchantAction } from "../inbox/contract";
import { orderGid } from "../inbox/inbox.server";
import { cancelOrderForMerchant, releaseForMerchant } from "../review/merchant-decisions.server";
import { historyLine } from "../merchant/i18n/history-lines";
import { cancelReview, elevateReview, resyncReview, reviewOrder } from "../review/review-service.server";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";
import { resumeNextPaused } from "./submissions-paused.server";

type ActionTopic = `merchant/${MerchantAction}` | "system/poll";

/** When the merchant cancels an order without saying otherwise: restock, no refund, no email. */
const DEFAULT_CANCEL_CHOICES = { restock: true, refund: false, notifyCustomer: false };

/**
 * A merchant's action (dashboard, review page, order block), the sweep's status poll of a
 * review stuck under review (a resync), and a submission resumed once Apruvd accepts the
 * shop's keys again (system/resume: the review step, without the merchant's force).
 */
export function merchantActionJobs(deps: JobDeps): Pick<TopicJobs, ActionTopic | "system/resume"> {
  const carryOut = forInstalledShop<ActionTopic>(deps, async (review, { shop, payload }) => {
    const orderId = orderGid(payload.orderKey);
    if (payload.action === "submit") await reviewOrder(review, shop, orderId, { force: true });
    else if (payload.action === "elevate") await elevateReview(review, shop, orderId);
    else if (payload.action === "resync") await resyncReview(review, shop, orderId);
    else if (payload.action === "release") await releaseForMerchant(review, shop, orderId);
    else if (payload.action === "cancel-order")
      await cancelOrderForMerchant(review, shop, orderId, payload.cancel ?? DEFAULT_CANCEL_CHOICES);
    else await cancelReview(review, shop, orderId, historyLine("history.cancelledByMerchant"));
  });
  return {
    "merchant/submit": carryOut,
    "merchant/elevate": carryOut,
    "merchant/resync": carryOut,
    "merchant/cancel": carryOut,
    "merchant/release": carryOut,
    "merchant/cancel-order": carryOut,
    "system/poll": carryOut,
    "system/resume": forInstalledShop<"system/resume">(deps, async (review, { shop, payload }) => {
      await reviewOrder(review, shop, orderGid(payload.orderKey));
      // Sent (or settled otherwise): the next oldest paused review's turn. Not while the
      // keys are refused again: the sweep's probe starts the chain once they work.
      const current = await deps.prisma.shopSettings.findUnique({
        where: { shop },
        select: { apruvdKeysRefusedAt: true },
      });
      if (!current?.apruvdKeysRefusedAt) await resumeNextPaused(deps.prisma, shop);
    }),
  };
}
