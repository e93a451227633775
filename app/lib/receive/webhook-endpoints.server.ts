// The library's Fetch (web-api) adapter, as @shopify/shopify-app-remix sets it: its request
// conversion reads `headers.entries()`, `method` and `url`, which both entry points give.
import "@shopify/shopify-api/adapters/web-api";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import prisma from "../../db.server";
import { ADMIN_API_VERSION, sessionStorage, unauthenticated } from "../../shopify.server";
import { adminGraphqlFrom } from "../clients/shopify/admin-graphql";
import type { ShopifyWebhookTopic } from "../inbox/contract";
import { config } from "../platform/config/config.server";
import { EVENTBRIDGE_CHANNEL, PUBSUB_CHANNEL, receiveCloudWebhook } from "./cloud-delivery.server";
import { complianceWebhookHandler } from "./compliance-webhook.server";
import { fulfillmentOrderWebhookHandler } from "./fulfillment-order-webhook.server";
import { appUninstalledHandler, installationCheck, scopesUpdateHandler } from "./lifecycle-webhook.server";
import {
  type IncomingWebhook,
  type ValidateWebhook,
  type WebhookAnswer,
  type WebhookHandler,
  answerShopifyWebhook,
  incomingFromRequest,
  orderWebhookHandler,
  responseOf,
} from "./webhook.server";

/**
 * Every webhook endpoint of the app, by path: what the Remix routes
 * (app/routes/webhooks.*.tsx) call, and what the server's fast path ahead of Remix
 * (webhook-fast-path.server.ts) serves, so that the two are one implementation.
 */

/**
 * The library's webhook validation (`shopify.webhooks.validate` of @shopify/shopify-api)
 * on an api object configured as app/shopify.server.ts configures the app's: the same
 * key, secret, Admin API version, app URL, scopes and custom shop domain.
 * @shopify/shopify-app-remix keeps its own api object private, so this is a second one of
 * the same configuration (validation reads only the secret). Built on first use; its
 * start-up notices are not printed (the app's already are).
 */
let validator: ValidateWebhook | null = null;

export function validateWebhook(): ValidateWebhook {
  if (validator) return validator;
  const settings = config().shopify;
  const appUrl = new URL(settings.appUrl);
  const api = shopifyApi({
    apiKey: settings.apiKey,
    apiSecretKey: settings.apiSecret,
    apiVersion: ADMIN_API_VERSION,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    scopes: [...settings.scopes],
    logger: { level: LogSeverity.Error },
    ...(settings.customShopDomain ? { customShopDomains: [settings.customShopDomain] } : {}),
  });
  validator = (params) => api.webhooks.validate(params);
  return validator;
}

// app/uninstalled: confirmed with Shopify (the shop's token no longer works) before the shop's work stops.
const installationOf = installationCheck(
  async (shop) => adminGraphqlFrom((await unauthenticated.admin(shop)).admin),
  (error) => error instanceof SessionNotFoundError,
);

type Endpoint = (incoming: IncomingWebhook) => Promise<WebhookAnswer>;

/** A Shopify HTTPS webhook route: the library's verification, then the topic's handler. */
function shopifyWebhook<T extends ShopifyWebhookTopic>(topic: T, handle: WebhookHandler<T>): Endpoint {
  return (incoming) => answerShopifyWebhook(incoming, validateWebhook(), topic, handle);
}

const orders = orderWebhookHandler(prisma);
const fulfillmentOrders = fulfillmentOrderWebhookHandler(prisma);
const compliance = complianceWebhookHandler(prisma);

const ENDPOINTS = {
  // The order topics carry the volume: the durable inbox, the worker does the rest.
  "/webhooks/orders/create": shopifyWebhook("orders/create", orders),
  "/webhooks/orders/updated": shopifyWebhook("orders/updated", orders),
  "/webhooks/orders/cancelled": shopifyWebhook("orders/cancelled", orders),
  // The worker holds the new fulfillment orders.
  "/webhooks/fulfillment_orders/split": shopifyWebhook("fulfillment_orders/split", fulfillmentOrders),
  "/webhooks/fulfillment_orders/moved": shopifyWebhook("fulfillment_orders/moved", fulfillmentOrders),
  "/webhooks/fulfillment_orders/merged": shopifyWebhook("fulfillment_orders/merged", fulfillmentOrders),
  "/webhooks/fulfillment_orders/order_routing_complete": shopifyWebhook(
    "fulfillment_orders/order_routing_complete",
    fulfillmentOrders,
  ),
  // Compliance: recorded in the inbox, carried out by the worker.
  "/webhooks/customers/data_request": shopifyWebhook("customers/data_request", compliance),
  "/webhooks/customers/redact": shopifyWebhook("customers/redact", compliance),
  "/webhooks/shop/redact": shopifyWebhook("shop/redact", compliance),
  // Lifecycle: handled at once, never queued.
  "/webhooks/app/uninstalled": shopifyWebhook(
    "app/uninstalled",
    appUninstalledHandler(prisma, { installationOf, forgetShop: (shop) => sessionStorage.forgetShop(shop) }),
  ),
  "/webhooks/app/scopes_update": shopifyWebhook("app/scopes_update", scopesUpdateHandler(prisma)),
  // The same webhooks delivered through a cloud (Pub/Sub push, EventBridge API destination).
  "/webhooks/pubsub": (incoming) => receiveCloudWebhook(prisma, incoming, PUBSUB_CHANNEL),
  "/webhooks/eventbridge": (incoming) => receiveCloudWebhook(prisma, incoming, EVENTBRIDGE_CHANNEL),
} satisfies Record<string, Endpoint>;

export type WebhookPath = keyof typeof ENDPOINTS;

const byPath = new Map<string, Endpoint>(Object.entries(ENDPOINTS));

/** The endpoint served at exactly this path, if any. */
export function webhookEndpointAt(pathname: string): Endpoint | undefined {
  return byPath.get(pathname);
}

/** A Remix route's action: the endpoint at `path`, for a Fetch Request. */
export async function answerWebhookRequest(path: WebhookPath, request: Request): Promise<Response> {
  return responseOf(await ENDPOINTS[path](incomingFromRequest(request)));
}
