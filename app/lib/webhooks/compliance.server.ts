import type { PrismaClient } from "@prisma/client";
import { orderGid, orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../logger.server";
import type { InboxHandler } from "../worker/inbox-worker.server";
import { type Authenticate, authenticateWebhookRequest, normaliseTopic } from "./receive-webhook.server";

/**
 * Mandatory compliance topics. We store no customer profile, only per-order reviews, so
 * a customer's data is the reviews of the orders Shopify names.
 */

interface CompliancePayload {
  orders_to_redact?: unknown[];
  orders_requested?: unknown[];
  customer?: { id?: unknown };
  data_request?: { id?: unknown };
}

export interface ComplianceEventPayload {
  orderKeys: string[];
  customerId: string | null;
}

export async function receiveComplianceWebhook(
  prisma: PrismaClient,
  request: Request,
  authenticate: Authenticate,
): Promise<Response> {
  const context = await authenticateWebhookRequest(request, authenticate);
  if (context instanceof Response) return context;
  const body = (context.payload ?? {}) as CompliancePayload;
  const orders = body.orders_to_redact ?? body.orders_requested ?? [];
  const payload: ComplianceEventPayload = {
    orderKeys: orders.map(orderKeyOf).filter((key): key is string => key !== null),
    customerId: body.customer?.id != null ? String(body.customer.id) : null,
  };
  await recordInboxEvent(prisma, {
    dedupeKey: `shopify:${context.webhookId}`,
    shop: context.shop,
    topic: normaliseTopic(context.topic),
    payload,
  });
  return new Response(null, { status: 200 });
}

export function createComplianceHandlers(prisma: PrismaClient): Record<string, InboxHandler> {
  return {
    "customers/redact": async (event) => {
      const { orderKeys } = JSON.parse(event.payload) as ComplianceEventPayload;
      const [removed] = await prisma.$transaction([
        prisma.review.deleteMany({ where: { shop: event.shop, orderId: { in: orderKeys.map(orderGid) } } }),
        // Apruvd callbacks waiting in the inbox may carry notes or a corrected email.
        prisma.inboxEvent.deleteMany({ where: { shop: event.shop, orderKey: { in: orderKeys }, id: { not: event.id } } }),
      ]);
      logger.info("customer data redacted", { shop: event.shop, reviews: removed.count });
    },
    "customers/data_request": async (event) => {
      const { orderKeys } = JSON.parse(event.payload) as ComplianceEventPayload;
      const held = await prisma.review.count({ where: { shop: event.shop, orderId: { in: orderKeys.map(orderGid) } } });
      logger.info("customer data request received", { shop: event.shop, reviewsHeld: held });
    },
    "shop/redact": async (event) => {
      await prisma.$transaction([
        prisma.review.deleteMany({ where: { shop: event.shop } }),
        prisma.shopSettings.deleteMany({ where: { shop: event.shop } }),
        prisma.session.deleteMany({ where: { shop: event.shop } }),
        prisma.inboxEvent.deleteMany({ where: { shop: event.shop, id: { not: event.id } } }),
      ]);
      logger.info("shop data redacted", { shop: event.shop });
    },
  };
}
