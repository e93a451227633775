import type { PrismaClient } from "@prisma/client";
import {
  type CancelOrderChoices,
  isMerchantAction,
  requestMerchantAction,
  type MerchantAction,
} from "../../receive/merchant-actions.server";
import { availableActions } from "../../review/review-state";
import { ACTION_DONE } from "./statuses";

export type ReviewActionResult = { ok: true; action: MerchantAction; message: string } | { ok: false; message: string };

/**
 * A merchant's action on one review (dashboard row, review page, order block): checked
 * against the review's current state, then queued durably with requestMerchantAction —
 * the worker carries it out.
 */
export async function performReviewAction(
  prisma: PrismaClient,
  shop: string,
  target: { reviewId?: string | null; orderId?: string | null },
  action: unknown,
  /** cancel-order: the merchant's restock, refund and notification choices from the confirmation. */
  cancel?: CancelOrderChoices,
): Promise<ReviewActionResult> {
  if (!isMerchantAction(action)) return { ok: false, message: "Unknown action." };
  // Reviews are stored under the order's GID; the order block may send either form.
  if (target.orderId && /^\d+$/.test(target.orderId.trim()))
    target = { ...target, orderId: `gid://shopify/Order/${target.orderId.trim()}` };
  // With this app's open holds: releasing and cancelling a declined order depend on them.
  const openHolds = { holds: { where: { releasedAt: null }, select: { id: true } } } as const;
  const review = target.reviewId
    ? await prisma.review.findFirst({ where: { id: target.reviewId, shop }, include: openHolds })
    : target.orderId
      ? await prisma.review.findUnique({
          where: { shop_orderId: { shop, orderId: target.orderId } },
          include: openHolds,
        })
      : null;
  // An order Apruvd never saw (e.g. placed before the app was installed) can still be submitted.
  if (!review) {
    if (action !== "submit" || !target.orderId) return { ok: false, message: "This review no longer exists." };
    const queued = await requestMerchantAction(prisma, shop, target.orderId, "submit");
    return queued ? { ok: true, action, message: ACTION_DONE.submit } : { ok: false, message: "That is not an order." };
  }
  if (!availableActions({ ...review, openHolds: review.holds.length }).includes(action)) {
    return {
      ok: false,
      message: "That action isn't available for this order any more. Reload to see its current status.",
    };
  }
  const queued = await requestMerchantAction(prisma, shop, review.orderId, action, cancel);
  return queued ? { ok: true, action, message: ACTION_DONE[action] } : { ok: false, message: "That is not an order." };
}
