/**
 * Local Shopify store simulator: an HTTP server answering the Admin GraphQL API for seeded
 * shops, validated and executed against Shopify's real Admin schema (admin-schema.ts),
 * with Shopify's query cost / leaky-bucket throttling (cost.ts), fault injection, and
 * helpers to send HMAC-signed webhooks to the app (webhooks.ts). The state is the store
 * (store.ts); the GraphQL fields are resolved from it by graphql/.
 *
 * The app reaches it by rewriting `https://{shop}/admin/api/...` to
 * `{simulator.url}/admin/api/...` and adding `X-Simulator-Shop: {shop}`
 * (see app/lib/clients/shopify/local-admin-origin.server.ts, or `createSimulatorFetch` below).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { ADMIN_API_VERSION, adminSchema } from "./admin-schema";
import {
  actualQueryCost,
  findOperation,
  MAX_SINGLE_QUERY_COST,
  requestedQueryCost,
  ThrottleRegistry,
  type CostExtension,
  type ThrottleOptions,
  type ThrottleStatus,
} from "./cost";
import type { ResolverContext } from "./graphql/context";
import { formatError, validationCode } from "./graphql/errors";
import { fieldResolver, typeResolver } from "./graphql/execute";
import { flowTriggersOf, type FlowTriggerRecord } from "./graphql/order-changes";
import { parseRequestBody, operationInfo, readBody, send } from "./graphql/request";
import type {
  FulfillmentHold,
  FulfillmentHoldReason,
  OrderInspection,
  SeedShopOptions,
  StoreOrder,
  StoreShop,
} from "./store";
import { Store } from "./store";
import { createOrder as createStoreOrder, orderWebhookPayload, type OrderSpec, type OrderWebhookTopic } from "./orders";
import { applyIncludeFields, webhookSubscriptionsFromAppToml, type WebhookSubscription } from "./subscriptions";
import { sendWebhook, type WebhookDelivery } from "./webhooks";

export { NOT_IMPLEMENTED } from "./graphql/errors";
export type { FlowTriggerRecord };

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

export interface SimulatorOptions {
  /** Port on 127.0.0.1; 0 (default) = random free port. */
  port?: number;
  host?: string;
  /** Leaky bucket per shop; false disables throttling. Default { maximumAvailable: 2000, restoreRate: 100 }. */
  throttle?: Partial<ThrottleOptions> | false;
  /** Single-query cost ceiling (Shopify: 1000). */
  maxQueryCost?: number;
  /** Clock in epoch ms, shared by the store (timestamps), the buckets and call records. Default Date.now. */
  now?: () => number;
  /** API versions served. Default [ADMIN_API_VERSION] (the schema's version); others answer 404. */
  apiVersions?: string[];
  /** Version sent in X-Shopify-API-Version on webhooks. Default ADMIN_API_VERSION. */
  webhookApiVersion?: string;
  /** Defaults to Shopify's Admin schema for ADMIN_API_VERSION. */
  schema?: GraphQLSchema;
  /** The app's subscriptions (their include_fields trim order webhooks). Default shopify.app.toml's. */
  webhookSubscriptions?: WebhookSubscription[];
}

export interface CallRecord {
  shop: string;
  operationName: string | null;
  kind: "query" | "mutation";
  /** Requested query cost (0 when the request never got that far). */
  cost: number;
  actualCost: number | null;
  throttled: boolean;
  /** Epoch ms from the simulator clock. */
  at: number;
  /** HTTP status answered. */
  status: number;
  /** Top-level GraphQL error codes in the answer, if any. */
  errorCodes: string[];
}

export interface SimulatorFaults {
  /** The next n GraphQL requests answer HTTP 429 (Retry-After: 2.0), executing nothing. */
  throttleNext(n?: number): void;
  /** The next n GraphQL requests answer HTTP `status` (default 500), executing nothing. */
  failNext(n?: number, status?: number): void;
  /** The next n GraphQL requests are answered only after `ms` milliseconds. */
  delayNext(n: number, ms: number): void;
  reset(): void;
}

export interface GraphqlErrorJson {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GraphqlResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** `errors` is a string for HTTP-level failures (401, 429, 5xx), a list for GraphQL errors. */
  body: {
    data?: TData;
    errors?: GraphqlErrorJson[] | string;
    extensions?: { cost?: CostExtension; search?: unknown[]; [k: string]: unknown };
  };
}

export interface ShopifySimulator {
  /** e.g. http://127.0.0.1:41234 — set SHOPIFY_ADMIN_API_ORIGIN to this. */
  url: string;
  port: number;
  apiVersion: string;
  /** `${url}/admin/api/${version}/graphql.json` */
  graphqlUrl(version?: string): string;
  store: Store;
  schema: GraphQLSchema;
  /** Seeds a shop and the access token its app will present. */
  seedShop(shop: string, options: SeedShopOptions): StoreShop;
  /** Adds an order built from the spec (see orders.ts) and returns the store order. */
  createOrder(shop: string, spec?: OrderSpec): StoreOrder;
  /** Tags, holds (active/released), FO statuses, risk assessments, note... of one order. */
  order(shop: string, orderIdOrName: string | number): OrderInspection;
  /** Places a hold on a fulfillment order as another app (not releasable by the shop's app). */
  placeForeignHold(
    shop: string,
    fulfillmentOrderId: string,
    hold: { reason: FulfillmentHoldReason; handle?: string | null; reasonNotes?: string | null },
    appTitle?: string,
  ): FulfillmentHold;
  calls(): CallRecord[];
  /** Shopify Flow triggers the app fired (flowTriggerReceive), oldest first. */
  flowTriggers(): FlowTriggerRecord[];
  resetCalls(): void;
  throttleStatus(shop: string): ThrottleStatus;
  faults: SimulatorFaults;
  /** POSTs a GraphQL request over HTTP like the app would (token defaults to the seeded one). */
  graphql<TData = Record<string, unknown>>(
    shop: string,
    query: string,
    variables?: Record<string, unknown>,
    options?: { accessToken?: string; operationName?: string; version?: string },
  ): Promise<GraphqlResponse<TData>>;
  /** Sends the order's current state as a signed webhook of `topic` to the app. */
  deliverOrderWebhook(
    shop: string,
    orderId: string | number,
    topic: OrderWebhookTopic,
    appUrl: string,
    secret: string,
    extra?: { webhookId?: string; eventId?: string; tamper?: "bad-hmac" | "missing-hmac" | "missing-topic" },
  ): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

/**
 * A fetch that sends `https://{shop}/admin/...` to the simulator with X-Simulator-Shop — the
 * same rewrite app/lib/clients/shopify/local-admin-origin.server.ts does. Other URLs pass through.
 */
export function createSimulatorFetch(simulatorUrl: string, baseFetch: typeof fetch = fetch): typeof fetch {
  const target = new URL(simulatorUrl);
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.startsWith("/admin/")) return baseFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Simulator-Shop", url.host);
    const body = init?.body ?? (input instanceof Request ? await input.text() : undefined);
    return baseFetch(new URL(url.pathname + url.search, target), {
      ...init,
      method: init?.method ?? (input instanceof Request ? input.method : undefined),
      headers,
      body,
    });
  }) as typeof fetch;
}

export async function startShopifySimulator(options: SimulatorOptions = {}): Promise<ShopifySimulator> {
  const schema = options.schema ?? adminSchema();
  const now = options.now ?? Date.now;
  const store = new Store({ now });
  const throttles = new ThrottleRegistry(options.throttle, now);
  const maxCost = options.maxQueryCost ?? MAX_SINGLE_QUERY_COST;
  const versions = new Set(options.apiVersions ?? [ADMIN_API_VERSION]);
  const calls: CallRecord[] = [];
  const subscriptions = options.webhookSubscriptions ?? webhookSubscriptionsFromAppToml();
  const fault = { throttle: 0, fail: 0, failStatus: 500, delay: 0, delayMs: 0 };
  const documents = new Map<string, { document: DocumentNode } | { errors: Record<string, unknown>[] }>();

  function prepare(query: string): { document: DocumentNode } | { errors: Record<string, unknown>[] } {
    const cached = documents.get(query);
    if (cached) return cached;
    let result: { document: DocumentNode } | { errors: Record<string, unknown>[] };
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      result = errors.length ? { errors: errors.map((e) => formatError(e, validationCode(e.message))) } : { document };
    } catch (e) {
      result = { errors: [formatError(e instanceof GraphQLError ? e : new GraphQLError(String(e)), "PARSE_ERROR")] };
    }
    if (documents.size > 1000) documents.clear();
    documents.set(query, result);
    return result;
  }

  async function handleGraphql(req: http.IncomingMessage, res: http.ServerResponse, version: string): Promise<void> {
    const shopDomain = String(req.headers["x-simulator-shop"] ?? "")
      .trim()
      .toLowerCase();
    const raw = await readBody(req);
    const parsed = parseRequestBody(raw, req.headers["content-type"]);
    const op =
      "error" in parsed ? { name: null, kind: "query" as const } : operationInfo(parsed.query, parsed.operationName);
    const record = (status: number, extra: Partial<CallRecord> = {}) =>
      calls.push({
        shop: shopDomain,
        operationName: op.name,
        kind: op.kind,
        cost: 0,
        actualCost: null,
        throttled: false,
        at: now(),
        status,
        errorCodes: [],
        ...extra,
      });
    const versionHeader = { "X-Shopify-API-Version": version, "X-Request-Id": `sim-${calls.length + 1}` };

    if (!shopDomain) {
      record(400);
      return send(res, 400, {
        errors: "Missing X-Simulator-Shop header: name the shop domain (e.g. demo-store.myshopify.com).",
      });
    }
    const shop = store.findShop(shopDomain);
    if (!shop) {
      record(404);
      return send(res, 404, { errors: "Not Found" });
    }
    if (fault.delay > 0) {
      fault.delay--;
      await new Promise((r) => setTimeout(r, fault.delayMs));
    }
    if (fault.throttle > 0) {
      fault.throttle--;
      record(429, { throttled: true });
      return send(
        res,
        429,
        { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." },
        { "Retry-After": "2.0", ...versionHeader },
      );
    }
    if (fault.fail > 0) {
      fault.fail--;
      const status = fault.failStatus;
      record(status);
      return send(res, status, { errors: http.STATUS_CODES[status] ?? "Internal Server Error" }, versionHeader);
    }
    const token = req.headers["x-shopify-access-token"];
    const app = store.authenticate(shopDomain, Array.isArray(token) ? token[0] : token);
    if (!app) {
      record(401);
      return send(
        res,
        401,
        { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
        versionHeader,
      );
    }
    if ("error" in parsed) {
      record(400);
      return send(res, 400, { errors: parsed.error }, versionHeader);
    }
    if (!parsed.query) {
      record(400);
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } }, versionHeader);
    }
    const prepared = prepare(parsed.query);
    if ("errors" in prepared) {
      record(200, {
        errorCodes: prepared.errors.map((e) => String((e.extensions as { code?: string } | undefined)?.code ?? "")),
      });
      return send(res, 200, { errors: prepared.errors }, versionHeader);
    }
    const { document } = prepared;
    const operation = findOperation(document, parsed.operationName);
    if (!operation) {
      const message = parsed.operationName
        ? `No operation named "${parsed.operationName}"`
        : "An operation name is required when the document contains several operations";
      record(200, { errorCodes: ["OPERATION_NOT_FOUND"] });
      return send(res, 200, { errors: [{ message, extensions: { code: "OPERATION_NOT_FOUND" } }] }, versionHeader);
    }
    const kind = operation.operation === "mutation" ? "mutation" : "query";
    const opName = operation.name?.value ?? parsed.operationName ?? null;
    let requested = 0;
    try {
      requested = requestedQueryCost(schema, document, parsed.operationName, parsed.variables);
    } catch {
      requested = 0; // invalid variables: execute() reports them below
    }
    const bucket = throttles.bucket(shopDomain);
    const costExt = (actual: number | null): CostExtension => ({
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: throttles.status(shopDomain),
    });
    const base = { shop: shopDomain, operationName: opName, kind, cost: requested } as const;

    if (requested > maxCost) {
      const body = {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}).`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost },
          },
        ],
        extensions: { cost: costExt(null) },
      };
      calls.push({
        ...base,
        actualCost: null,
        throttled: false,
        at: now(),
        status: 200,
        errorCodes: ["MAX_COST_EXCEEDED"],
      });
      return send(res, 200, body, versionHeader);
    }
    if (bucket && !bucket.tryTake(requested)) {
      const body = {
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: { cost: costExt(null) },
      };
      calls.push({ ...base, actualCost: null, throttled: true, at: now(), status: 200, errorCodes: ["THROTTLED"] });
      return send(res, 200, body, versionHeader);
    }

    const ctx: ResolverContext = { store, shop, app, extensions: {} };
    const result = (await execute({
      schema,
      document,
      rootValue: {},
      contextValue: ctx,
      variableValues: parsed.variables,
      operationName: parsed.operationName,
      fieldResolver,
      typeResolver,
    })) as ExecutionResult;

    let actual: number | null = null;
    if (result.data !== undefined) {
      actual = actualQueryCost(schema, document, parsed.operationName, parsed.variables, result.data);
      bucket?.refund(requested - actual);
    } else {
      bucket?.refund(requested); // nothing executed (e.g. invalid variables)
    }
    const errors = result.errors?.map((e) =>
      formatError(e, result.data === undefined ? "INVALID_VARIABLE" : "INTERNAL_SERVER_ERROR"),
    );
    const body: Record<string, unknown> = {};
    if (errors?.length) body.errors = errors;
    if (result.data !== undefined) body.data = result.data;
    body.extensions = { cost: costExt(actual), ...(Object.keys(ctx.extensions).length ? ctx.extensions : {}) };
    calls.push({
      ...base,
      actualCost: actual,
      throttled: false,
      at: now(),
      status: 200,
      errorCodes: (errors ?? []).map((e) => String((e.extensions as { code?: string }).code)),
    });
    return send(res, 200, body, versionHeader);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (req.method === "GET" && url.pathname === "/health")
      return send(res, 200, { ok: true, shops: store.shopNames() });
    if (!m) return send(res, 404, { errors: "Not Found" });
    if (req.method !== "POST") return send(res, 405, { errors: "Method Not Allowed" }, { Allow: "POST" });
    if (!versions.has(m[1])) {
      return send(res, 404, {
        errors: `Not Found: the simulator serves Admin API version(s) ${[...versions].join(", ")}, not ${m[1]}`,
      });
    }
    handleGraphql(req, res, m[1]).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: `Simulator failure: ${(e as Error)?.stack ?? String(e)}` });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const baseUrl = `http://${host}:${address.port}`;
  const apiVersion = [...versions][0];

  const sim: ShopifySimulator = {
    url: baseUrl,
    port: address.port,
    apiVersion,
    graphqlUrl: (version = apiVersion) => `${baseUrl}/admin/api/${version}/graphql.json`,
    store,
    schema,
    seedShop: (shop, opts) => store.seedShop(shop, opts),
    createOrder: (shop, spec = {}) => createStoreOrder(store, shop, spec),
    order: (shop, idOrName) => store.inspectOrder(shop, idOrName),
    placeForeignHold: (shop, foId, hold, appTitle = "Other Fraud App") => {
      const fo = store.findFulfillmentOrder(shop, foId);
      if (!fo) throw new Error(`no fulfillment order ${foId} in ${shop}`);
      return store.addHold(shop, fo, hold, store.otherApp(appTitle).id);
    },
    calls: () => calls.map((c) => ({ ...c })),
    flowTriggers: () => flowTriggersOf(store).map((t) => ({ ...t })),
    resetCalls: () => {
      calls.length = 0;
    },
    throttleStatus: (shop) => throttles.status(shop),
    faults: {
      throttleNext: (n = 1) => {
        fault.throttle += n;
      },
      failNext: (n = 1, status = 500) => {
        fault.fail += n;
        fault.failStatus = status;
      },
      delayNext: (n, ms) => {
        fault.delay += n;
        fault.delayMs = ms;
      },
      reset: () => {
        Object.assign(fault, { throttle: 0, fail: 0, failStatus: 500, delay: 0, delayMs: 0 });
      },
    },
    async graphql<TData>(
      shop: string,
      query: string,
      variables?: Record<string, unknown>,
      opts: { accessToken?: string; operationName?: string; version?: string } = {},
    ) {
      const s = store.shop(shop);
      const token = opts.accessToken ?? [...s._tokens.entries()].find(([, appId]) => appId === s._app.id)?.[0] ?? "";
      const res = await fetch(sim.graphqlUrl(opts.version), {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Simulator-Shop": shop },
        body: JSON.stringify({
          query,
          variables,
          ...(opts.operationName ? { operationName: opts.operationName } : {}),
        }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as GraphqlResponse<TData>["body"] };
    },
    deliverOrderWebhook: (shop, orderId, topic, appUrl, secret, extra = {}) => {
      const order = store.order(shop, orderId);
      const s = store.shop(shop);
      const u = new URL(appUrl);
      const url = u.pathname === "/" || u.pathname === "" ? new URL(`/webhooks/${topic}`, u).toString() : u.toString();
      return sendWebhook({
        url,
        topic,
        shop,
        apiVersion: options.webhookApiVersion ?? ADMIN_API_VERSION,
        secret,
        body: applyIncludeFields(
          orderWebhookPayload(order, topic, { utcOffsetMinutes: s._utcOffsetMinutes, shopDomain: shop }),
          subscriptions.find((sub) => sub.topics.includes(topic))?.includeFields,
        ),
        webhookId: extra.webhookId,
        eventId: extra.eventId,
        triggeredAt: new Date(now()).toISOString(),
        tamper: extra.tamper,
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return sim;
}
