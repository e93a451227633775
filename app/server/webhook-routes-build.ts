import type { ServerBuild } from "@remix-run/node";
import * as entry from "../entry.server";
import * as appUninstalled from "../routes/webhooks.app.uninstalled";
import * as scopesUpdate from "../routes/webhooks.app.scopes_update";
import * as customersDataRequest from "../routes/webhooks.customers.data_request";
import * as customersRedact from "../routes/webhooks.customers.redact";
import * as eventbridge from "../routes/webhooks.eventbridge";
import * as fulfillmentOrdersMerged from "../routes/webhooks.fulfillment_orders.merged";
import * as fulfillmentOrdersMoved from "../routes/webhooks.fulfillment_orders.moved";
import * as fulfillmentOrdersRoutingComplete from "../routes/webhooks.fulfillment_orders.order_routing_complete";
import * as fulfillmentOrdersSplit from "../routes/webhooks.fulfillment_orders.split";
import * as ordersCancelled from "../routes/webhooks.orders.cancelled";
import * as ordersCreate from "../routes/webhooks.orders.create";
import * as ordersUpdated from "../routes/webhooks.orders.updated";
import * as pubsub from "../routes/webhooks.pubsub";
import * as shopRedact from "../routes/webhooks.shop.redact";

/**
 * For tests: a Remix server build of the webhook routes only, made from the source modules
 * (entry.server.tsx and app/routes/webhooks.*.tsx) instead of `remix vite:build`, so that a
 * unit test can serve them with startAppServer over real HTTP — through the fast path
 * ahead of Remix, or (`fastPath: false`, a build without `serveWebhook`) through Express
 * and Remix to the route's action — and still share its module instances (the database
 * client, the session storage) with the test.
 */

const WEBHOOK_ROUTES = {
  "webhooks/orders/create": ordersCreate,
  "webhooks/orders/updated": ordersUpdated,
  "webhooks/orders/cancelled": ordersCancelled,
  "webhooks/fulfillment_orders/split": fulfillmentOrdersSplit,
  "webhooks/fulfillment_orders/moved": fulfillmentOrdersMoved,
  "webhooks/fulfillment_orders/merged": fulfillmentOrdersMerged,
  "webhooks/fulfillment_orders/order_routing_complete": fulfillmentOrdersRoutingComplete,
  "webhooks/customers/data_request": customersDataRequest,
  "webhooks/customers/redact": customersRedact,
  "webhooks/shop/redact": shopRedact,
  "webhooks/app/uninstalled": appUninstalled,
  "webhooks/app/scopes_update": scopesUpdate,
  "webhooks/pubsub": pubsub,
  "webhooks/eventbridge": eventbridge,
};

export function webhookRoutesBuild(options: {
  fastPath: boolean;
  /** Told of every request the fast path took. */
  onFastPath?: () => void;
}): ServerBuild {
  const { serveWebhook, ...withoutFastPath } = entry;
  const countedServeWebhook: typeof serveWebhook = (req, res) => {
    const taken = serveWebhook(req, res);
    if (taken) options.onFastPath?.();
    return taken;
  };
  // entry.server.tsx's default export resolves a Response (typed unknown by its Promise constructor).
  const module = (
    options.fastPath ? { ...entry, serveWebhook: countedServeWebhook } : withoutFastPath
  ) as ServerBuild["entry"]["module"];
  const routes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: { default: () => null } },
  };
  for (const [path, routeModule] of Object.entries(WEBHOOK_ROUTES)) {
    const id = `routes/${path.replace(/\//g, ".")}`;
    routes[id] = { id, parentId: "root", path, module: { ...routeModule, default: undefined } };
  }
  return {
    mode: "production",
    entry: { module },
    routes,
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
    publicPath: "/assets/",
    assetsBuildDirectory: "",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_singleFetch: false,
      v3_lazyRouteDiscovery: true,
      unstable_optimizeDeps: false,
    } as ServerBuild["future"],
    isSpaMode: false,
  };
}

/** The routes' actions by path, for calling them directly. */
const ACTIONS = new Map<string, (typeof ordersCreate)["action"]>(
  Object.entries(WEBHOOK_ROUTES).map(([path, routeModule]) => [`/${path}`, routeModule.action]),
);

/** How a test sends a webhook request to one route (the request's own path is replaced by `path`). */
export interface WebhookTransport {
  name: string;
  /** True when the request goes over HTTP through startAppServer (Remix answers other methods itself). */
  overHttp: boolean;
  send(path: string, request: Request): Promise<Response>;
  /** Requests sent, and how many of them the fast path answered (over HTTP). */
  readonly counts: { sent: number; fastPath: number };
  close(): Promise<void>;
}

/** The route's action, called with the Request as Remix would pass it. */
export function routeActionTransport(): WebhookTransport {
  return {
    name: "the route's action, called directly",
    overHttp: false,
    counts: { sent: 0, fastPath: 0 },
    async send(path, request) {
      this.counts.sent++;
      const action = ACTIONS.get(path);
      if (!action) throw new Error(`no webhook route at ${path}`);
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      headers.delete("transfer-encoding");
      const hasBody = request.method !== "GET" && request.method !== "HEAD";
      const retargeted = new Request(new URL(path + url.search, url).href, {
        method: request.method,
        headers,
        ...(hasBody ? { body: request.body, duplex: "half" } : {}),
      } as RequestInit);
      return action({ request: retargeted, params: {}, context: {} });
    },
    close: async () => undefined,
  };
}

/**
 * The app's HTTP server (startAppServer) serving the source routes: through the fast path
 * ahead of Remix, or, with `fastPath: false`, through Express and Remix to the action.
 */
export async function httpTransport(options: { fastPath: boolean }): Promise<WebhookTransport> {
  const { startAppServer } = await import("./app-server");
  const counts = { sent: 0, fastPath: 0 };
  const build = webhookRoutesBuild({ ...options, onFastPath: () => counts.fastPath++ });
  const server = await startAppServer({ build, port: 0, worker: false });
  return {
    name: options.fastPath ? "the fast path over HTTP" : "Express and Remix over HTTP (no fast path)",
    overHttp: true,
    counts,
    async send(path, request) {
      counts.sent++;
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      // fetch counts the body itself; `Transfer-Encoding: chunked` asks for a body that declares no size.
      headers.delete("content-length");
      const chunked = headers.get("transfer-encoding") === "chunked";
      headers.delete("transfer-encoding");
      const hasBody = request.method !== "GET" && request.method !== "HEAD";
      const init: RequestInit & { duplex?: "half" } = { method: request.method, headers };
      if (hasBody && chunked && request.body) {
        init.body = request.body;
        init.duplex = "half";
      } else if (hasBody) {
        init.body = Buffer.from(await request.arrayBuffer());
      }
      return fetch(`${server.url}${path}${url.search}`, init);
    },
    close: () => server.close(),
  };
}
