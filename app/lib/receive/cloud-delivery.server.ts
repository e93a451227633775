import type { PrismaClient } from "@prisma/client";
import { safeEqual } from "../platform/crypto/secret-box.server";
import { logger } from "../platform/logger.server";
import { normaliseTopic, shopifyComplianceTopicOf, shopifyOrderTopicOf } from "../inbox/contract";
import { recordComplianceWebhook } from "./compliance-webhook.server";
import { type WebhookContext, recordOrderWebhook } from "./webhook.server";

/**
 * For very large merchants Shopify can deliver webhooks to Google Cloud Pub/Sub or Amazon
 * EventBridge instead of HTTPS. Both carry Shopify's headers as metadata next to the
 * payload; these consumers turn such a message into the same inbox row the HTTPS route
 * writes, so everything after the inbox is identical. The cloud authenticates the sender
 * (a Pub/Sub push subscription with a secret token in its URL; an EventBridge API
 * destination with an API key header); Shopify's HMAC does not survive re-serialisation
 * by those services, so it is not what is checked here.
 */

export class CloudMessageError extends Error {
  override name = "CloudMessageError";
}

function header(metadata: Record<string, unknown>, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(metadata)) {
    if (key.toLowerCase() === wanted && typeof value === "string" && value) return value;
  }
  return null;
}

function contextFrom(metadata: Record<string, unknown>, payload: unknown): WebhookContext {
  const topic = header(metadata, "X-Shopify-Topic");
  const shop = header(metadata, "X-Shopify-Shop-Domain");
  const webhookId = header(metadata, "X-Shopify-Webhook-Id") ?? header(metadata, "X-Shopify-Event-Id");
  if (!topic || !shop || !webhookId)
    throw new CloudMessageError("message lacks X-Shopify-Topic, X-Shopify-Shop-Domain or X-Shopify-Webhook-Id");
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(shop))
    throw new CloudMessageError("X-Shopify-Shop-Domain is not a shop domain");
  if (!payload || typeof payload !== "object") throw new CloudMessageError("message has no JSON payload");
  return { topic: normaliseTopic(topic), shop: shop.toLowerCase(), webhookId, payload };
}

/** A Pub/Sub push body: `{ message: { attributes, data: base64(JSON) }, subscription }`. */
export function webhookFromPubSubPush(body: unknown): WebhookContext {
  const message = (body as { message?: { attributes?: unknown; data?: unknown } } | null)?.message;
  if (!message || typeof message !== "object") throw new CloudMessageError("not a Pub/Sub push message");
  const attributes = (message.attributes ?? {}) as Record<string, unknown>;
  if (typeof message.data !== "string") throw new CloudMessageError("Pub/Sub message has no data");
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(message.data, "base64").toString("utf8"));
  } catch {
    throw new CloudMessageError("Pub/Sub message data is not base64 JSON");
  }
  return contextFrom(attributes, payload);
}

/** An EventBridge event: `{ "detail-type": "shopifyWebhook", detail: { metadata, payload } }`. */
export function webhookFromEventBridge(event: unknown): WebhookContext {
  const detail = (event as { detail?: { metadata?: unknown; payload?: unknown } } | null)?.detail;
  if (!detail || typeof detail !== "object" || !detail.metadata || typeof detail.metadata !== "object") {
    throw new CloudMessageError("not a Shopify EventBridge event");
  }
  return contextFrom(detail.metadata as Record<string, unknown>, detail.payload);
}

/** Writes the message's inbox row. Topics this app does not subscribe to are acknowledged and dropped. */
export async function recordCloudWebhook(
  prisma: PrismaClient,
  context: WebhookContext,
): Promise<"recorded" | "ignored"> {
  if (shopifyOrderTopicOf(context.topic)) {
    if (!(await recordOrderWebhook(prisma, context))) throw new CloudMessageError("order message without an order id");
    return "recorded";
  }
  if (shopifyComplianceTopicOf(context.topic)) {
    await recordComplianceWebhook(prisma, context);
    return "recorded";
  }
  logger.info("cloud webhook ignored", { topic: context.topic, shop: context.shop });
  return "ignored";
}

/**
 * The HTTP entry points' common path: check the shared secret, parse, record. A bad secret
 * is 401, a malformed message 400 (the cloud parks it for a human); anything else the
 * cloud retries.
 */
export async function receiveCloudWebhook(
  prisma: PrismaClient,
  request: Request,
  options: { expectedSecret: string | undefined; givenSecret: string | null; parse: (body: unknown) => WebhookContext },
): Promise<Response> {
  if (!options.expectedSecret) return new Response("Not enabled", { status: 404 });
  if (request.method !== "POST") return new Response(null, { status: 405 });
  if (!safeEqual(options.givenSecret ?? "", options.expectedSecret))
    return new Response("Unauthorized", { status: 401 });
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > 2_000_000) return new Response("Payload too large", { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return new Response("Malformed JSON body", { status: 400 });
  }
  try {
    await recordCloudWebhook(prisma, options.parse(body));
  } catch (error) {
    if (error instanceof CloudMessageError) return new Response(error.message, { status: 400 });
    throw error;
  }
  return new Response(null, { status: 204 });
}
