import type { PrismaClient } from "@prisma/client";
import { orderGid, orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import type { InboxHandler } from "../runner/sqlite-lease-worker.server";
import { type Authenticate, type WebhookContext, authenticateWebhookRequest, normaliseTopic } from "../receive/webhook.server";

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
  dataRequestId?: string | null;
}

export async function receiveComplianceWebhook(
  prisma: PrismaClient,
  request: Request,
  authenticate: Authenticate,
): Promise<Response> {
  const context = await authenticateWebhookRequest(request, authenticate);
  if (context instanceof Response) return context;
  await recordComplianceWebhook(prisma, context);
  return new Response(null, { status: 200 });
}

/** Keeps only the ids the compliance work needs (no names, emails or phones). */
export async function recordComplianceWebhook(prisma: PrismaClient, context: WebhookContext): Promise<void> {
  const body = (context.payload && typeof context.payload === "object" ? context.payload : {}) as CompliancePayload;
  const listed = body.orders_to_redact ?? body.orders_requested;
  const orders: unknown[] = Array.isArray(listed) ? listed : [];
  const payload: ComplianceEventPayload = {
    orderKeys: orders.map(orderKeyOf).filter((key): key is string => key !== null),
    customerId: idOf(body.customer),
    dataRequestId: idOf(body.data_request),
  };
  await recordInboxEvent(prisma, {
    dedupeKey: `shopify:${context.webhookId}`,
    shop: context.shop,
    topic: normaliseTopic(context.topic),
    payload,
  });
}

function idOf(value: unknown): string | null {
  const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof id === "number" || typeof id === "string" ? String(id).slice(0, 64) : null;
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
      const { orderKeys, customerId, dataRequestId } = JSON.parse(event.payload) as ComplianceEventPayload;
      const reviews = await prisma.review.findMany({
        where: { shop: event.shop, orderId: { in: orderKeys.map(orderGid) } },
        select: {
          orderId: true, orderName: true, status: true, riskGrade: true, notes: true, total: true, currency: true,
          transactionId: true, submittedAt: true, decidedAt: true, createdAt: true,
          events: { select: { type: true, message: true, createdAt: true }, orderBy: { createdAt: "asc" } },
        },
      });
      const existing = dataRequestId
        ? await prisma.dataRequestReport.findFirst({ where: { shop: event.shop, dataRequestId } })
        : null;
      if (!existing) {
        await prisma.dataRequestReport.create({
          data: { shop: event.shop, dataRequestId: dataRequestId ?? null, customerId, report: JSON.stringify({ reviews }) },
        });
      }
      logger.info("customer data request answered", { shop: event.shop, reviewsHeld: reviews.length });
    },
    "shop/redact": async (event) => {
      await prisma.$transaction([
        prisma.review.deleteMany({ where: { shop: event.shop } }),
        prisma.dataRequestReport.deleteMany({ where: { shop: event.shop } }),
        prisma.shopSettings.deleteMany({ where: { shop: event.shop } }),
        prisma.session.deleteMany({ where: { shop: event.shop } }),
        prisma.inboxEvent.deleteMany({ where: { shop: event.shop, id: { not: event.id } } }),
      ]);
      logger.info("shop data redacted", { shop: event.shop });
    },
  };
}
