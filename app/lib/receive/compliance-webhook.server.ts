import type { PrismaClient } from "@prisma/client";
import type { CompliancePayload, ShopifyComplianceTopic } from "../inbox/contract";
import { commitInboxEvent, orderKeyOf } from "../inbox/inbox.server";
import { config } from "../platform/config/config.server";
import { shopDomainOf } from "./shop-domain";
import { type VerifiedWebhook, type WebhookHandler, answered } from "./webhook.server";

/**
 * Mandatory compliance webhooks (customers/redact, customers/data_request, shop/redact):
 * verified, reduced to the ids the work needs, queued. jobs/compliance.server.ts does it.
 *
 * Their bodies name the shop (`shop_domain`, https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance):
 * a body signed for one shop and replayed under another shop's X-Shopify-Shop-Domain is
 * refused, so that one shop's webhook can never redact another shop's data.
 */

interface ComplianceBody {
  shop_domain?: unknown;
  orders_to_redact?: unknown[];
  orders_requested?: unknown[];
  customer?: { id?: unknown };
  data_request?: { id?: unknown };
}

/** 200 once queued, 400 when the body does not name the header's shop. */
export function complianceWebhookHandler(prisma: PrismaClient): WebhookHandler<ShopifyComplianceTopic> {
  return async (context) => {
    const refusal = await recordComplianceWebhook(prisma, context);
    return refusal === null ? answered(200) : answered(400, refusal);
  };
}

/** Whether the signed body names the same shop as the (unsigned) header. */
export function bodyNamesShop(bodyShop: unknown, headerShop: string): boolean {
  return shopDomainOf(bodyShop, config().shopify.customShopDomain) === headerShop;
}

/**
 * Keeps only the ids the compliance work needs (no names, emails or phones). Null when
 * stored; otherwise why not.
 */
export async function recordComplianceWebhook(
  prisma: PrismaClient,
  context: VerifiedWebhook<ShopifyComplianceTopic>,
): Promise<string | null> {
  const body = (context.payload && typeof context.payload === "object" ? context.payload : {}) as ComplianceBody;
  if (!bodyNamesShop(body.shop_domain, context.shop)) return "The body's shop_domain is not X-Shopify-Shop-Domain";
  const listed = body.orders_to_redact ?? body.orders_requested;
  const orders: unknown[] = Array.isArray(listed) ? listed : [];
  const payload: CompliancePayload = {
    orderKeys: orders.map(orderKeyOf).filter((key): key is string => key !== null),
    customerId: idOf(body.customer),
    dataRequestId: idOf(body.data_request),
  };
  await commitInboxEvent(prisma, {
    dedupeKey: `shopify:${context.webhookId}`,
    shop: context.shop,
    topic: context.topic,
    payload,
  });
  return null;
}

function idOf(value: unknown): string | null {
  const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof id === "number" || typeof id === "string" ? String(id).slice(0, 64) : null;
}
