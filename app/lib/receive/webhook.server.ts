import type { PrismaClient } from "@prisma/client";
import { type ShopifyOrderTopic, type ShopifyWebhookTopic, normaliseTopic } from "../inbox/contract";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { config } from "../platform/config/config.server";
import { logger } from "../platform/logger.server";
import { webhookFingerprint } from "../review/order-changes";
import { MAX_WEBHOOK_BYTES, payloadTooLarge, readBodyLimited } from "./body-limit.server";
import { shopDomainOf } from "./shop-domain";

/**
 * The webhook hot path: verify, write one inbox row, answer. Nothing here calls
 * Shopify or Apruvd; the worker does.
 *
 * Shopify's HMAC covers the body only, and one app secret signs every shop's webhooks:
 * the X-Shopify-Topic and X-Shopify-Shop-Domain headers are not signed. So each route
 * accepts exactly its own topic (a signed body replayed to another route, or under
 * another topic, is refused with 400), and the topics whose work is a shop's whole data
 * (uninstall, redaction) also check that the signed body names the header's shop.
 */

export { MAX_WEBHOOK_BYTES };

/** A verified webhook as the library (or a cloud message's metadata) gives it: the topic is not parsed yet. */
export interface WebhookContext {
  topic: string;
  shop: string;
  webhookId: string;
  payload: unknown;
}

/** A verified webhook of a route's own topic, for a well-formed shop domain. */
export interface VerifiedWebhook<T extends ShopifyWebhookTopic> extends WebhookContext {
  topic: T;
}

export type Authenticate = (request: Request) => Promise<WebhookContext>;

/** Signed, but naming no shop: acknowledged so that Shopify does not retry it, and dropped. */
const acknowledgedAndDropped = () => new Response(null, { status: 200 });

/**
 * Runs the library's verification for a route that takes only `topic`, and turns every
 * failure into a clear HTTP answer: 413 too large, 401 bad HMAC, 400 missing headers,
 * malformed JSON or another topic, 200 (nothing stored) for a signed request whose shop
 * domain is not a shop.
 */
export async function authenticateWebhookRequest<T extends ShopifyWebhookTopic>(
  request: Request,
  authenticate: Authenticate,
  topic: T,
): Promise<VerifiedWebhook<T> | Response> {
  let verified: Request = request;
  if (request.method === "POST") {
    const body = await readBodyLimited(request, MAX_WEBHOOK_BYTES);
    if (body === null) return payloadTooLarge();
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
    // Also only after the HMAC matched: a signed request naming something that is not a shop makes the library's session lookup throw.
    if (!shopDomainOf(request.headers.get("x-shopify-shop-domain"), config().shopify.customShopDomain)) {
      logger.warn("webhook dropped: X-Shopify-Shop-Domain is not a shop domain", { route: topic });
      return acknowledgedAndDropped();
    }
    throw error;
  }
  if (normaliseTopic(context.topic) !== topic) {
    return new Response(`X-Shopify-Topic is not ${topic}, the only topic this route takes`, { status: 400 });
  }
  const shop = shopDomainOf(context.shop, config().shopify.customShopDomain);
  if (!shop) {
    logger.warn("webhook dropped: X-Shopify-Shop-Domain is not a shop domain", { route: topic });
    return acknowledgedAndDropped();
  }
  return { ...context, topic, shop };
}

/**
 * orders/create, orders/updated, orders/cancelled: keep the order id and a keyed hash of
 * the fields Apruvd cares about, not the customer's data.
 */
export async function receiveOrderWebhook(
  prisma: PrismaClient,
  request: Request,
  authenticate: Authenticate,
  topic: ShopifyOrderTopic,
): Promise<Response> {
  const context = await authenticateWebhookRequest(request, authenticate, topic);
  if (context instanceof Response) return context;
  const refusal = await recordOrderWebhook(prisma, context);
  return refusal === null ? new Response(null, { status: 200 }) : new Response(refusal, { status: 400 });
}

/** An orders/cancelled body says when the order was cancelled; any other order body does not make a cancellation. */
function saysCancelled(payload: { cancelled_at?: unknown }): boolean {
  return typeof payload.cancelled_at === "string" && payload.cancelled_at.trim() !== "";
}

/**
 * The inbox row of a verified order webhook, whichever channel it came by (HTTPS, Pub/Sub,
 * EventBridge). Null when stored; otherwise why it was not (no order id, or an
 * orders/cancelled body that does not say the order is cancelled).
 */
export async function recordOrderWebhook(
  prisma: PrismaClient,
  context: VerifiedWebhook<ShopifyOrderTopic>,
): Promise<string | null> {
  const payload = context.payload as { admin_graphql_api_id?: unknown; id?: unknown; cancelled_at?: unknown } | null;
  if (!payload || typeof payload !== "object") return "Not an order webhook with an order id";
  const orderKey = orderKeyOf(payload.admin_graphql_api_id) ?? orderKeyOf(payload.id);
  if (!orderKey) return "Not an order webhook with an order id";
  const { topic } = context;
  if (topic === "orders/cancelled" && !saysCancelled(payload)) return "The order in this body is not cancelled";
  const { created } = await recordInboxEvent(prisma, {
    dedupeKey: `shopify:${context.webhookId}`,
    shop: context.shop,
    topic,
    orderKey,
    payload: { orderKey, fingerprint: webhookFingerprint(payload) },
  });
  logger.info("webhook received", { topic, shop: context.shop, webhookId: context.webhookId, duplicate: !created });
  return null;
}
