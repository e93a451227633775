import type { PrismaClient } from "@prisma/client";
import { shopifyOrderTopicOf } from "../inbox/contract";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import { webhookFingerprint } from "../review/order-changes";

/**
 * The webhook hot path: verify, write one inbox row, answer. Nothing here calls
 * Shopify or Apruvd; the worker does.
 */

/** Shopify's order payloads are a few KB; anything near this is not a real webhook. */
export const MAX_WEBHOOK_BYTES = 1_000_000;

/** A verified webhook as the library (or a cloud message's metadata) gives it: the topic is not parsed yet. */
export interface WebhookContext {
  topic: string;
  shop: string;
  webhookId: string;
  payload: unknown;
}

export type Authenticate = (request: Request) => Promise<WebhookContext>;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/**
 * The body, kept up to the limit whatever Content-Length claims (or does not). Past the
 * limit the rest is read and dropped, so that the sender can still read our 413 (closing
 * the stream early resets the connection); past a hard cap the connection is reset.
 */
async function readLimited(request: Request, limit: number, hardCap = 16 * limit): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > hardCap) {
      await reader.cancel();
      return null;
    }
    if (size <= limit) chunks.push(value);
  }
  return size > limit ? null : Buffer.concat(chunks, size);
}

/** Runs the library's verification and turns its failures into clear HTTP answers. */
export async function authenticateWebhookRequest(
  request: Request,
  authenticate: Authenticate,
): Promise<WebhookContext | Response> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_WEBHOOK_BYTES) return new Response("Payload too large", { status: 413 });
  let verified: Request = request;
  if (request.method === "POST") {
    const body = await readLimited(request, MAX_WEBHOOK_BYTES);
    if (body === null) return new Response("Payload too large", { status: 413 });
    // The exact bytes (the HMAC covers them), as an ArrayBuffer the Fetch types accept.
    const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    verified = new Request(request.url, { method: "POST", headers: request.headers, body: bytes });
  }
  let context: WebhookContext;
  try {
    context = await authenticate(verified);
  } catch (error) {
    if (error instanceof Response) return error; // 401 bad HMAC, 400 missing headers, 405 method
    // The library parses the body only after the HMAC matched: a signed but malformed body.
    if (error instanceof SyntaxError) return new Response("Malformed JSON body", { status: 400 });
    // A signed request naming something that is not a shop makes the library's session lookup throw.
    if (!SHOP_DOMAIN.test(request.headers.get("x-shopify-shop-domain") ?? "")) {
      return new Response("X-Shopify-Shop-Domain is not a shop domain", { status: 400 });
    }
    throw error;
  }
  if (!SHOP_DOMAIN.test(context.shop))
    return new Response("X-Shopify-Shop-Domain is not a shop domain", { status: 400 });
  return context;
}

/**
 * orders/create, orders/updated, orders/cancelled: keep the order id and a keyed hash of
 * the fields Apruvd cares about, not the customer's data.
 */
export async function receiveOrderWebhook(
  prisma: PrismaClient,
  request: Request,
  authenticate: Authenticate,
): Promise<Response> {
  const context = await authenticateWebhookRequest(request, authenticate);
  if (context instanceof Response) return context;
  const recorded = await recordOrderWebhook(prisma, context);
  return recorded
    ? new Response(null, { status: 200 })
    : new Response("Not an order webhook with an order id", { status: 400 });
}

/**
 * The inbox row of a verified order webhook, whichever channel it came by (HTTPS, Pub/Sub,
 * EventBridge). False when it names no order, or a topic that is not an order topic.
 */
export async function recordOrderWebhook(prisma: PrismaClient, context: WebhookContext): Promise<boolean> {
  const payload = context.payload as { admin_graphql_api_id?: unknown; id?: unknown } | null;
  const orderKey =
    payload && typeof payload === "object"
      ? (orderKeyOf(payload.admin_graphql_api_id) ?? orderKeyOf(payload.id))
      : null;
  const topic = shopifyOrderTopicOf(context.topic);
  if (!orderKey || !topic) return false;
  const { created } = await recordInboxEvent(prisma, {
    dedupeKey: `shopify:${context.webhookId}`,
    shop: context.shop,
    topic,
    orderKey,
    payload: { orderKey, fingerprint: webhookFingerprint(payload) },
  });
  logger.info("webhook received", { topic, shop: context.shop, webhookId: context.webhookId, duplicate: !created });
  return true;
}
