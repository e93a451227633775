/**
 * Webhook signing and delivery, the way Shopify does it: the raw JSON body is signed with
 * HMAC-SHA256 using the app's client secret, base64-encoded into X-Shopify-Hmac-Sha256,
 * and posted with the X-Shopify-* headers below.
 */
import { createHmac, randomUUID } from "node:crypto";

/** base64(HMAC-SHA256(secret, rawBody)) — the value of X-Shopify-Hmac-Sha256. */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

export type WebhookTamper = "bad-hmac" | "missing-hmac" | "missing-topic";

export interface SendWebhookOptions {
  /** Full URL of the app's route, e.g. http://127.0.0.1:3000/webhooks/orders/create */
  url: string;
  /** REST-style topic, e.g. "orders/create". */
  topic: string;
  /** Shop domain, e.g. demo-store.myshopify.com */
  shop: string;
  apiVersion: string;
  /** The app's client secret (SHOPIFY_API_SECRET). */
  secret: string;
  /** Object (serialised with JSON.stringify) or the exact raw body to send. */
  body: unknown;
  webhookId?: string;
  eventId?: string;
  /** ISO timestamp; default now. */
  triggeredAt?: string;
  tamper?: WebhookTamper;
  /** Extra headers (override the defaults). */
  headers?: Record<string, string>;
  /** Per-request timeout in ms. Default 30000. */
  timeoutMs?: number;
}

export interface WebhookDelivery {
  status: number;
  body: string;
  /** The headers that were sent (useful for asserting idempotency keys). */
  sentHeaders: Record<string, string>;
  rawBody: string;
}

/** The headers Shopify sends with a webhook (before any tampering). */
export function webhookHeaders(
  opts: Pick<SendWebhookOptions, "topic" | "shop" | "apiVersion" | "secret" | "webhookId" | "eventId" | "triggeredAt">,
  rawBody: string,
): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": opts.topic,
    "X-Shopify-Hmac-Sha256": signWebhookBody(rawBody, opts.secret),
    "X-Shopify-Shop-Domain": opts.shop,
    "X-Shopify-API-Version": opts.apiVersion,
    "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": opts.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": opts.triggeredAt ?? new Date().toISOString(),
  };
}

/** Posts a signed webhook to the app and returns its response. */
export async function sendWebhook(opts: SendWebhookOptions): Promise<WebhookDelivery> {
  const rawBody = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  const headers = webhookHeaders(opts, rawBody);
  switch (opts.tamper) {
    case "bad-hmac": {
      // Same length and alphabet as a real signature, wrong value.
      headers["X-Shopify-Hmac-Sha256"] = signWebhookBody(rawBody, `${opts.secret}-wrong`);
      break;
    }
    case "missing-hmac":
      delete headers["X-Shopify-Hmac-Sha256"];
      break;
    case "missing-topic":
      delete headers["X-Shopify-Topic"];
      break;
    case undefined:
      break;
  }
  Object.assign(headers, opts.headers ?? {});
  const res = await fetch(opts.url, {
    method: "POST",
    headers,
    body: rawBody,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  return { status: res.status, body: await res.text(), sentHeaders: headers, rawBody };
}
