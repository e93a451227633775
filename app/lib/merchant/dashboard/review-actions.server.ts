import type { PrismaClient } from "@prisma/client";
import {
  type CancelOrderChoices,
  isMerchantAction,
  requestMerchantAction,
  type MerchantAction,
} from "../../receive/merchant-actions.server";
import { availableActions } from "../../review/review-state";
import { translate, type MessageKey } from "../i18n/translate";
import { ACTION_DONE } from "./statuses";

/**
 * `messageKey` is what the page shows, in the merchant's language; `message` is its English
 * text, for the order block's resource route and logs.
 */
export type ReviewActionResult =
  | { ok: true; action: MerchantAction; message: string; messageKey: MessageKey }
  | { ok: false; message: string; messageKey: MessageKey };

const done = (action: MerchantAction): ReviewActionResult => ({
  ok: true,
  action,
  message: translate("en", ACTION_DONE[action]),
  messageKey: ACTION_DONE[action],
});
const refused = (messageKey: MessageKey): ReviewActionResult => ({
  ok: false,
  message: translate("en", messageKey),
  messageKey,
});

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
  if (!isMerchantAction(action)) return refused("actionError.unknown");
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
    if (action !== "submit" || !target.orderId) return refused("actionError.gone");
    const queued = await requestMerchantAction(prisma, shop, target.orderId, "submit");
    return queued ? done("submit") : refused("actionError.notOrder");
  }
  if (!availableActions({ ...review, openHolds: review.holds.length }).includes(action)) {
    return refused("actionError.notAvailable");
  }
  const queued = await requestMerchantAction(prisma, shop, review.orderId, action, cancel);
  return queued ? done(action) : refused("actionError.notOrder");
}
