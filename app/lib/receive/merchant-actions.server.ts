import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import type { CancelOrderChoices, MerchantAction, MerchantActionPayload } from "../inbox/contract";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";

/**
 * What a merchant can ask for from the dashboard, the review page or the order block.
 * Each request is queued in the inbox like a webhook, so it is durable, retried on an
 * outage and never runs at the same time as other work on the same order.
 */
export { MERCHANT_ACTIONS, isMerchantAction, type CancelOrderChoices, type MerchantAction } from "../inbox/contract";

/** Queues `action` for an order (GID or numeric id). Returns false when the id is not an order id. */
export async function requestMerchantAction(
  prisma: PrismaClient,
  shop: string,
  orderId: string,
  action: MerchantAction,
  /** cancel-order: the merchant's restock, refund and notification choices. */
  cancel?: CancelOrderChoices,
): Promise<boolean> {
  const orderKey = orderKeyOf(orderId);
  if (!orderKey) return false;
  const payload: MerchantActionPayload =
    action === "cancel-order" && cancel ? { orderKey, action, cancel } : { orderKey, action };
  await recordInboxEvent(prisma, {
    dedupeKey: `merchant:${shop}:${orderKey}:${action}:${randomUUID()}`,
    shop,
    topic: `merchant/${action}` as const,
    orderKey,
    payload,
  });
  return true;
}
