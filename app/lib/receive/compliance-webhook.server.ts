import type { PrismaClient } from "@prisma/client";
import { type CompliancePayload, shopifyComplianceTopicOf } from "../inbox/contract";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { type Authenticate, type WebhookContext, authenticateWebhookRequest } from "./webhook.server";

/**
 * Mandatory compliance webhooks (customers/redact, customers/data_request, shop/redact):
 * verified, reduced to the ids the work needs, queued. jobs/compliance.server.ts does it.
 */

interface ComplianceBody {
  orders_to_redact?: unknown[];
  orders_requested?: unknown[];
  customer?: { id?: unknown };
  data_request?: { id?: unknown };
}

export async function receiveComplianceWebhook(
  prisma: PrismaClient,
  request: Request,
  authenticate: Authenticate,
): Promise<Response> {
  const context = await authenticateWebhookRequest(request, authenticate);
  if (context instanceof Response) return context;
  const recorded = await recordComplianceWebhook(prisma, context);
  return recorded ? new Response(null, { status: 200 }) : new Response("Not a compliance webhook", { status: 400 });
}

/** Keeps only the ids the compliance work needs (no names, emails or phones). False when the topic is not a compliance topic. */
export async function recordComplianceWebhook(prisma: PrismaClient, context: WebhookContext): Promise<boolean> {
  const topic = shopifyComplianceTopicOf(context.topic);
  if (!topic) return false;
  const body = (context.payload && typeof context.payload === "object" ? context.payload : {}) as ComplianceBody;
  const listed = body.orders_to_redact ?? body.orders_requested;
  const orders: unknown[] = Array.isArray(listed) ? listed : [];
  const payload: CompliancePayload = {
    orderKeys: orders.map(orderKeyOf).filter((key): key is string => key !== null),
    customerId: idOf(body.customer),
    dataRequestId: idOf(body.data_request),
  };
  await recordInboxEvent(prisma, { dedupeKey: `shopify:${context.webhookId}`, shop: context.shop, topic, payload });
  return true;
}

function idOf(value: unknown): string | null {
  const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof id === "number" || typeof id === "string" ? String(id).slice(0, 64) : null;
}
