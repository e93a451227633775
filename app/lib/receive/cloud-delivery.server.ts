import type { PrismaClient } from "@prisma/client";
import { safeEqual } from "../platform/crypto/secret-box.server";
import { config } from "../platform/config/config.server";
import { logger } from "../platform/logger.server";
import { normaliseTopic, shopifyComplianceTopicOf, shopifyOrderTopicOf } from "../inbox/contract";
import { MAX_CLOUD_WEBHOOK_BYTES } from "./body-limit.server";
import { recordComplianceWebhook } from "./compliance-webhook.server";
import { shopDomainOf } from "./shop-domain";
import {
  type IncomingWebhook,
  type WebhookAnswer,
  type WebhookContext,
  answered,
  payloadTooLargeAnswer,
  recordOrderWebhook,
} from "./webhook.server";

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
  if (!payload || typeof payload !== "object") throw new CloudMessageError("message has no JSON payload");
  // Checked when recorded: a message naming no shop is acknowledged and dropped, never retried.
  return { topic: normaliseTopic(topic), shop, webhookId, payload };
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

/**
 * Writes the message's inbox row. Topics this app does not take from the cloud, and
 * messages naming no shop, are acknowledged and dropped.
 */
export async function recordCloudWebhook(
  prisma: PrismaClient,
  context: WebhookContext,
): Promise<"recorded" | "ignored"> {
  const shop = shopDomainOf(context.shop, config().shopify.customShopDomain);
  if (!shop) {
    logger.warn("cloud webhook dropped: X-Shopify-Shop-Domain is not a shop domain", {});
    return "ignored";
  }
  const orderTopic = shopifyOrderTopicOf(context.topic);
  if (orderTopic) {
    const refusal = await recordOrderWebhook(prisma, { ...context, shop, topic: orderTopic });
    if (refusal !== null) throw new CloudMessageError(refusal);
    return "recorded";
  }
  const complianceTopic = shopifyComplianceTopicOf(context.topic);
  if (complianceTopic) {
    const refusal = await recordComplianceWebhook(prisma, { ...context, shop, topic: complianceTopic });
    if (refusal !== null) throw new CloudMessageError(refusal);
    return "recorded";
  }
  logger.info("cloud webhook ignored", { topic: context.topic.slice(0, 64), shop });
  return "ignored";
}

/** How one cloud's messages arrive: where its shared secret is, and the shape of its body. */
export interface CloudChannel {
  /** The secret configured for this channel; undefined when the channel is not enabled (404). */
  expectedSecret(): string | undefined;
  /** The secret the request gives. */
  givenSecret(incoming: IncomingWebhook): string | null;
  parse(body: unknown): WebhookContext;
}

/** Google Cloud Pub/Sub push subscription: https://<app>/webhooks/pubsub?token=<PUBSUB_PUSH_TOKEN> */
export const PUBSUB_CHANNEL: CloudChannel = {
  expectedSecret: () => config().cloudWebhooks.pubSubPushToken,
  givenSecret: (incoming) => new URL(incoming.url).searchParams.get("token"),
  parse: webhookFromPubSubPush,
};

/** Amazon EventBridge API destination (rule on the Shopify partner event bus), API key in X-Api-Key. */
export const EVENTBRIDGE_CHANNEL: CloudChannel = {
  expectedSecret: () => config().cloudWebhooks.eventBridgeApiKey,
  givenSecret: (incoming) => incoming.headers.get("x-api-key"),
  parse: webhookFromEventBridge,
};

/**
 * The HTTP entry points' common path (the Remix routes and the server's fast path): check
 * the shared secret, parse, record. A bad secret is 401, a malformed message 400 (the
 * cloud parks it for a human); anything else the cloud retries.
 */
export async function receiveCloudWebhook(
  prisma: PrismaClient,
  incoming: IncomingWebhook,
  channel: CloudChannel,
): Promise<WebhookAnswer> {
  const expectedSecret = channel.expectedSecret();
  if (!expectedSecret) return answered(404, "Not enabled");
  if (incoming.method !== "POST") return answered(405);
  if (!safeEqual(channel.givenSecret(incoming) ?? "", expectedSecret)) return answered(401, "Unauthorized");
  const raw = await incoming.readBody(MAX_CLOUD_WEBHOOK_BYTES);
  if (raw === null) return payloadTooLargeAnswer();
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return answered(400, "Malformed JSON body");
  }
  try {
    await recordCloudWebhook(prisma, channel.parse(body));
  } catch (error) {
    if (error instanceof CloudMessageError) return answered(400, error.message);
    throw error;
  }
  return answered(204);
}
