import "@shopify/shopify-api/adapters/web-api";
import { createHmac } from "node:crypto";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import {
  type IncomingWebhook,
  type ValidateWebhook,
  type WebhookHandler,
  answerShopifyWebhook,
} from "./webhook.server";

/**
 * What the library's validation is given: only the headers it needs and the app reads
 * (each further one costs a canonicalisation on every one of its lookups), and with only
 * those the library still accepts a genuine webhook and refuses a forged one.
 */

const SECRET = "webhook-test-secret";
const BODY = JSON.stringify({ id: 4501, admin_graphql_api_id: "gid://shopify/Order/4501" });
const sign = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

/** Everything a Shopify delivery carries, and what a proxy in front of the app adds. */
function deliveryHeaders(hmac: string): Record<string, string> {
  return {
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Hmac-Sha256": hmac,
    "X-Shopify-Shop-Domain": "headers.myshopify.com",
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "X-Shopify-Triggered-At": "2026-11-30T12:00:00.000Z",
    "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "X-Shopify-Shop-Id": "548380009",
    "Content-Type": "application/json",
    "User-Agent": "Shopify-Captain-Hook",
    "X-Forwarded-For": "203.0.113.9",
    Accept: "*/*",
  };
}

function incoming(headers: Record<string, string>, body = BODY): IncomingWebhook {
  const fetchHeaders = new Headers(headers);
  return {
    method: "POST",
    url: "http://webhooks.local/webhooks/orders/create",
    headers: fetchHeaders,
    readBody: () => Promise.resolve(Buffer.from(body)),
  };
}

const accept: WebhookHandler<"orders/create"> = () => Promise.resolve({ status: 200 });

describe("the library's webhook validation is given only the headers it needs", () => {
  it("lists the HMAC, topic, shop domain, API version and webhook id, and no other header", async () => {
    const seen: string[][] = [];
    const spy: ValidateWebhook = (params) => {
      const request = params.rawRequest as { headers: { entries(): Iterable<[string, string]> } };
      seen.push([...request.headers.entries()].map(([name]) => name.toLowerCase()).sort());
      return Promise.resolve({ valid: false, reason: "invalid_hmac" } as Awaited<ReturnType<ValidateWebhook>>);
    };
    const answer = await answerShopifyWebhook(incoming(deliveryHeaders(sign(BODY))), spy, "orders/create", accept);
    expect(answer.status).toBe(401);
    expect(seen).toEqual([
      [
        "x-shopify-api-version",
        "x-shopify-hmac-sha256",
        "x-shopify-shop-domain",
        "x-shopify-topic",
        "x-shopify-webhook-id",
      ],
    ]);
  });

  const library = shopifyApi({
    apiKey: "key",
    apiSecretKey: SECRET,
    apiVersion: "2026-10" as never,
    hostName: "app.example.com",
    isEmbeddedApp: true,
    scopes: ["read_orders"],
    logger: { level: LogSeverity.Error },
  });
  const validate: ValidateWebhook = (params) => library.webhooks.validate(params);

  it("with those alone the library accepts a genuine delivery", async () => {
    const answer = await answerShopifyWebhook(incoming(deliveryHeaders(sign(BODY))), validate, "orders/create", accept);
    expect(answer.status).toBe(200);
  });

  it("and refuses one signed with another secret (401) or missing a required header (400)", async () => {
    const forged = await answerShopifyWebhook(
      incoming(deliveryHeaders(sign(BODY, "another-secret"))),
      validate,
      "orders/create",
      accept,
    );
    expect(forged.status).toBe(401);
    const headers = deliveryHeaders(sign(BODY));
    delete headers["X-Shopify-Webhook-Id"];
    const missing = await answerShopifyWebhook(incoming(headers), validate, "orders/create", accept);
    expect(missing.status).toBe(400);
  });
});
