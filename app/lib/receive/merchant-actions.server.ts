import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";

/**
 * What a merchant can ask for from the dashboard, the review page or the order block.
 * Each request is queued in the inbox like a webhook, so it is durable, retried on an
 * outage and never runs at the same time as other work on the same order.
 */
export const MERCHANT_ACTIONS = ["submit", "elevate", "resync", "cancel"] as const;
export type MerchantAction = (typeof MERCHANT_ACTIONS)[number];

export function isMerchantAction(value: unknown): value is MerchantAction {
  return typeof value === "string" && (MERCHANT_ACTIONS as readonly string[]).includes(value);
}

export interface MerchantActionPayload {
  orderKey: string;
  action: MerchantAction;
}

/** Queues `action` for an order (GID or numeric id). Returns false when the id is not an order id. */
export async function requestMerchantAction(
  prisma: PrismaClient,
  shop: string,
  orderId: string,
  action: MerchantAction,
): Promise<boolean> {
  const orderKey = orderKeyOf(orderId);
  if (!orderKey) return false;
  const payload: MerchantActionPayload = { orderKey, action };
  await recordInboxEvent(prisma, {
    dedupeKey: `merchant:${shop}:${orderKey}:${action}:${randomUUID()}`,
    shop,
    topic: `merchant/${action}`,
    orderKey,
    payload,
  });
  return true;
}
