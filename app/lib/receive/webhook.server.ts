import type { PrismaClient } from "@prisma/client";
import {
  ShopifyEventsHeader,
  ShopifyHeader,
  type WebhookValidation,
  WebhookValidationErrorReason,
} from "@shopify/shopify-api";
import { type ShopifyOrderTopic, type ShopifyWebhookTopic, normaliseTopic } from "../inbox/contract";
import { commitInboxEvent, orderKeyOf } from "../inbox/inbox.server";
import { config } from "../platform/config/config.server";
import { logger } from "../platform/logger.server";
import { webhookFingerprint } from "../review/order-changes";
import { MAX_WEBHOOK_BYTES, readBodyLimited } from "./body-limit.server";
import { shopDomainOf } from "./shop-domain";

/**
 * The webhook hot path: verify, write one inbox row, answer. Nothing here calls
 * Shopify or Apruvd; the worker does.
 *
 * One implementation for both ways a webhook arrives: the Remix routes
 * (app/routes/webhooks.*.tsx, a Fetch Request) and the server's fast path ahead of Remix
 * (webhook-fast-path.server.ts, node:http). Both hand over an `IncomingWebhook` and get a
 * `WebhookAnswer`, so they answer the same request the same way.
 *
 * Shopify's HMAC covers the body only, and one app secret signs every shop's webhooks:
 * the X-Shopify-Topic and X-Shopify-Shop-Domain headers are not signed. So each route
 * accepts exactly its own topic (a signed body replayed to another route, or under
 * another topic, is refused with 400), and the topics whose work is a shop's whole data
 * (uninstall, redaction) also check that the signed body names the header's shop.
 */

export { MAX_WEBHOOK_BYTES };

/** Request headers, read by name (case-insensitive) or listed (for the library's request conversion). */
export interface WebhookHeaders {
  get(name: string): string | null;
  entries(): IterableIterator<[string, string]>;
}

/** A webhook request as both entry points give it. */
export interface IncomingWebhook {
  method: string;
  /** Absolute URL: the library's request conversion parses it, the Pub/Sub route reads its token. */
  url: string;
  headers: WebhookHeaders;
  /** The body within `limit` bytes, or null when it is larger (413). Read at most once. */
  readBody(limit: number): Promise<Buffer | null>;
}

/** What to answer. */
export interface WebhookAnswer {
  status: number;
  statusText?: string;
  body?: string;
}

/** `shopify.webhooks.validate` of @shopify/shopify-api (webhook-endpoints.server.ts configures it). */
export type ValidateWebhook = (params: { rawBody: string; rawRequest: unknown }) => Promise<WebhookValidation>;

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

export const answered = (status: number, body?: string, statusText?: string): WebhookAnswer => ({
  status,
  ...(body === undefined ? {} : { body }),
  ...(statusText === undefined ? {} : { statusText }),
});

/** Signed, but naming no shop: acknowledged so that Shopify does not retry it, and dropped. */
const acknowledgedAndDropped = () => answered(200);

export const payloadTooLargeAnswer = () => answered(413, "Payload too large");

/**
 * The body as text exactly as a Fetch Request's text() gives it (and as the library hashed
 * it behind the Remix routes): UTF-8, a leading byte-order mark dropped, invalid bytes
 * replaced. So a body that is not valid UTF-8 cannot match its HMAC on either path.
 */
const utf8 = new TextDecoder();

/**
 * The headers the library's validation needs and the app reads from its result: the HMAC,
 * topic, shop domain, API version and webhook id, under both of Shopify's spellings
 * (`X-Shopify-*` for webhooks, `Shopify-*` for events webhooks; the library's
 * ShopifyHeader and ShopifyEventsHeader). The library canonicalises every header name it
 * is given on each of its lookups (a dozen per webhook), so each further header, even
 * another `X-Shopify-*` one whose value the app never reads (triggered-at, event id,
 * name), costs time on every webhook: about a third of the validation's CPU with seven.
 */
const VALIDATED_HEADERS: ReadonlySet<string> = new Set(
  [
    ShopifyHeader.Hmac,
    ShopifyHeader.Topic,
    ShopifyHeader.Domain,
    ShopifyHeader.ApiVersion,
    ShopifyHeader.WebhookId,
    ShopifyEventsHeader.Hmac,
    ShopifyEventsHeader.Topic,
    ShopifyEventsHeader.Domain,
    ShopifyEventsHeader.ApiVersion,
    ShopifyEventsHeader.WebhookId,
  ].map((name) => name.toLowerCase()),
);

/** The request as the library's validation reads it: method, URL and VALIDATED_HEADERS. */
function libraryRequestOf(incoming: IncomingWebhook): { method: string; url: string; headers: WebhookHeaders } {
  const { headers } = incoming;
  return {
    method: incoming.method,
    url: incoming.url,
    headers: {
      get: (name) => headers.get(name),
      *entries() {
        for (const entry of headers.entries()) {
          if (VALIDATED_HEADERS.has(entry[0].toLowerCase())) yield entry;
        }
      },
    },
  };
}

/**
 * Verifies a webhook for a route that takes only `topic`, with the library's own
 * validation (`shopify.webhooks.validate`), and turns every failure into the HTTP answer:
 * 405 not a POST, 413 too large, 401 bad HMAC, 400 missing headers or body, malformed
 * JSON or another topic, 200 (nothing stored) for a signed request whose shop domain is
 * not a shop. The checks run in the order @shopify/shopify-app-remix's
 * `authenticate.webhook` ran them behind these routes before: a domain that is not a shop
 * is dropped before the body is parsed (there, its session lookup refused it).
 */
export async function verifyShopifyWebhook<T extends ShopifyWebhookTopic>(
  incoming: IncomingWebhook,
  validate: ValidateWebhook,
  topic: T,
): Promise<VerifiedWebhook<T> | WebhookAnswer> {
  if (incoming.method !== "POST") return answered(405, undefined, "Method not allowed");
  const body = await incoming.readBody(MAX_WEBHOOK_BYTES);
  if (body === null) return payloadTooLargeAnswer();
  const rawBody = utf8.decode(body);
  const check = await validate({ rawBody, rawRequest: libraryRequestOf(incoming) });
  if (!check.valid) {
    return check.reason === WebhookValidationErrorReason.InvalidHmac
      ? answered(401, undefined, "Unauthorized")
      : answered(400, undefined, "Bad Request");
  }
  const shop = shopDomainOf(check.domain, config().shopify.customShopDomain);
  if (!shop) {
    logger.warn("webhook dropped: X-Shopify-Shop-Domain is not a shop domain", { route: topic });
    return acknowledgedAndDropped();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    // Only after the HMAC matched: a signed but malformed body.
    return answered(400, "Malformed JSON body");
  }
  if (normaliseTopic(check.topic) !== topic) {
    return answered(400, `X-Shopify-Topic is not ${topic}, the only topic this route takes`);
  }
  return { topic, shop, webhookId: check.webhookId, payload };
}

/** What a route does with its verified webhook. */
export type WebhookHandler<T extends ShopifyWebhookTopic> = (verified: VerifiedWebhook<T>) => Promise<WebhookAnswer>;

/** Verify, then handle: a route of one topic. */
export async function answerShopifyWebhook<T extends ShopifyWebhookTopic>(
  incoming: IncomingWebhook,
  validate: ValidateWebhook,
  topic: T,
  handle: WebhookHandler<T>,
): Promise<WebhookAnswer> {
  const verified = await verifyShopifyWebhook(incoming, validate, topic);
  if (!("webhookId" in verified)) return verified;
  return handle(verified);
}

/** orders/create, orders/updated, orders/cancelled: 200 once stored, 400 when the body is not one to store. */
export function orderWebhookHandler(prisma: PrismaClient): WebhookHandler<ShopifyOrderTopic> {
  return async (context) => {
    const refusal = await recordOrderWebhook(prisma, context);
    return refusal === null ? answered(200) : answered(400, refusal);
  };
}

/** An orders/cancelled body says when the order was cancelled; any other order body does not make a cancellation. */
function saysCancelled(payload: { cancelled_at?: unknown }): boolean {
  return typeof payload.cancelled_at === "string" && payload.cancelled_at.trim() !== "";
}

/**
 * The inbox row of a verified order webhook, whichever channel it came by (HTTPS, Pub/Sub,
 * EventBridge): the order id and a keyed hash of the fields Apruvd cares about, not the
 * customer's data. Null when stored (committed); otherwise why it was not (no order id,
 * or an orders/cancelled body that does not say the order is cancelled).
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
  const { created } = await commitInboxEvent(prisma, {
    dedupeKey: `shopify:${context.webhookId}`,
    shop: context.shop,
    topic,
    orderKey,
    payload: { orderKey, fingerprint: webhookFingerprint(payload) },
  });
  // Debug, not info: at a burst's rate one line per webhook was a twentieth of the
  // acknowledgement's CPU (serialised, redacted, written), and the inbox row is the record.
  logger.debug("webhook received", { topic, shop: context.shop, webhookId: context.webhookId, duplicate: !created });
  return null;
}

// --- The Remix routes' side: a Fetch Request in, a Response out ---

/** A Fetch Request as an IncomingWebhook. */
export function incomingFromRequest(request: Request): IncomingWebhook {
  let read = false;
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    readBody(limit) {
      if (read) throw new Error("the webhook's body was read already");
      read = true;
      return readBodyLimited(request, limit);
    },
  };
}

export function responseOf(answer: WebhookAnswer): Response {
  const headers = answer.body === undefined ? undefined : { "Content-Type": "text/plain; charset=utf-8" };
  return new Response(answer.body ?? null, {
    status: answer.status,
    ...(answer.statusText ? { statusText: answer.statusText } : {}),
    ...(headers ? { headers } : {}),
  });
}
