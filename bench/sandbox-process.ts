/**
 * Child process: the Shopify simulator (Shopify's Admin schema, cost rules and leaky
 * bucket) and the Apruvd sandbox, out of the load generator's event loop.
 *
 * The app reaches the simulator through a thin recording proxy (the URL this process
 * reports as `adminOrigin`): the simulator's own call log (simulator.calls()) has each
 * call's cost but not which order it was for; the proxy notes the order of every call
 * (from its variables) so that calls per order and per review round can be counted.
 *
 * Env: BENCH_THROTTLE ("max,rate" or "off"), BENCH_REVIEW_DELAY_MS.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startApruvdSandbox } from "../sandbox/apruvd/server";
import {
  generateOrders,
  orderWebhookPayload,
  ORDER_VARIANTS,
  type OrderSpec,
  type OrderVariant,
} from "../sandbox/shopify/orders";
import { startShopifySimulator } from "../sandbox/shopify/simulator";
import { serveIpc } from "../sandbox/harness/child-process";

/** The Admin operations of the app's hold-first step, by the names its documents give them. */
const HOLD_OPERATIONS = new Set(["OrderFulfillmentOrdersForHold", "FulfillmentOrdersHold"]);

export interface ProxyCall {
  shop: string;
  operationName: string | null;
  kind: "query" | "mutation";
  /** Order GID the call was about (null when it could not be told). */
  orderId: string | null;
  status: number;
  throttled: boolean;
  requested: number | null;
  actual: number | null;
  /** Epoch ms when the answer came back. */
  at: number;
}

export interface GeneratedOrder {
  id: string;
  legacyResourceId: string;
  name: string;
  variant: OrderVariant;
  /** The exact orders/create body Shopify would post (orderWebhookPayload), serialised once. */
  body: string;
}

const throttleEnv = process.env.BENCH_THROTTLE ?? "2000,100";
const throttle =
  throttleEnv === "off"
    ? (false as const)
    : { maximumAvailable: Number(throttleEnv.split(",")[0]), restoreRate: Number(throttleEnv.split(",")[1]) };

const shopify = await startShopifySimulator({ throttle });
const apruvd = await startApruvdSandbox({ reviewDelayMs: Number(process.env.BENCH_REVIEW_DELAY_MS ?? 50) });

// ---- recording proxy in front of the simulator ----------------------------------------
const proxyLog: ProxyCall[] = [];
const upstream = new URL(shopify.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function orderOf(shop: string, variables: Record<string, unknown> | undefined): string | null {
  if (!variables) return null;
  // id0: the first fulfillment order of a batched hold or release (FulfillmentOrdersHold).
  const candidates = [
    variables.id,
    variables.id0,
    variables.orderId,
    (variables.risk as { orderId?: unknown } | undefined)?.orderId,
  ];
  for (const c of candidates) {
    if (typeof c !== "string") continue;
    if (c.startsWith("gid://shopify/Order/")) return c;
    if (c.startsWith("gid://shopify/FulfillmentOrder/")) {
      try {
        return shopify.store.findFulfillmentOrder(shop, c)?.orderId ?? null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

const proxy = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    let parsed: { query?: string; operationName?: string; variables?: Record<string, unknown> } = {};
    try {
      parsed = JSON.parse(raw.toString("utf8")) as typeof parsed;
    } catch {
      /* the simulator will answer the bad body */
    }
    const head = /\b(query|mutation)\s+(\w+)/.exec(parsed.query ?? "");
    const shop = String(req.headers["x-simulator-shop"] ?? "");
    const headers = { ...req.headers, host: upstream.host, "content-length": String(raw.length) };
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
      (up) => {
        const body: Buffer[] = [];
        up.on("data", (c: Buffer) => body.push(c));
        up.on("end", () => {
          const text = Buffer.concat(body);
          let answer: {
            errors?: unknown;
            extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null } };
          } = {};
          try {
            answer = JSON.parse(text.toString("utf8")) as typeof answer;
          } catch {
            /* non-JSON answer */
          }
          const throttled =
            up.statusCode === 429 ||
            (Array.isArray(answer.errors) &&
              answer.errors.some((e: { extensions?: { code?: string } }) => e?.extensions?.code === "THROTTLED"));
          proxyLog.push({
            shop,
            operationName: parsed.operationName ?? head?.[2] ?? null,
            kind: head?.[1] === "mutation" ? "mutation" : "query",
            orderId: orderOf(shop, parsed.variables),
            status: up.statusCode ?? 0,
            throttled,
            requested: answer.extensions?.cost?.requestedQueryCost ?? null,
            actual: answer.extensions?.cost?.actualQueryCost ?? null,
            at: Date.now(),
          });
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(text);
        });
      },
    );
    out.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: `bench proxy: ${error.message}` }));
    });
    out.end(raw);
  });
});
proxy.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const adminOrigin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

// The bucket's level over time (sampled here, next to the bucket, every `intervalMs`).
let bucketTrace: { shop: string; timer: NodeJS.Timeout; samples: { at: number; available: number }[] } | null = null;

/**
 * Apruvd's documented "Submitted" triggers (sandbox/apruvd/contract.ts TEST_TRIGGERS: email
 * starting with "submit", billing first name "submit", card BIN 333333): such an order waits
 * for the merchant's elevate and is never decided on its own. The card-billing-name-trigger
 * variant draws "Submit" for a third of its orders.
 */
function waitsForMerchant(spec: OrderSpec): boolean {
  return (
    (spec.email ?? "").toLowerCase().startsWith("submit") ||
    (spec.billingAddress?.firstName ?? "").toLowerCase() === "submit" ||
    (spec.transactions ?? []).some((t) => t.card?.bin === "333333")
  );
}

interface CreateOrdersArgs {
  shop: string;
  count: number;
  seed?: number;
  variants?: OrderVariant[];
  /** Leave out the orders Apruvd would leave waiting for the merchant (runs that wait for every decision). */
  decidable?: boolean;
}

function createOrders(args: CreateOrdersArgs): GeneratedOrder[] {
  const variants = args.variants ?? [...ORDER_VARIANTS];
  let specs = generateOrders(args.decidable ? args.count * 2 + 10 : args.count, {
    seed: args.seed ?? 1,
    variants,
    shopDomain: args.shop,
  }).map((spec, i) => ({ spec, variant: variants[i % variants.length] }));
  if (args.decidable) specs = specs.filter((x) => !waitsForMerchant(x.spec)).slice(0, args.count);
  const utcOffsetMinutes = shopify.store.shop(args.shop)._utcOffsetMinutes;
  return specs.map(({ spec, variant }) => {
    const order = shopify.createOrder(args.shop, spec);
    return {
      id: order.id,
      legacyResourceId: order.legacyResourceId,
      name: order.name,
      variant,
      body: JSON.stringify(orderWebhookPayload(order, "orders/create", { utcOffsetMinutes, shopDomain: args.shop })),
    };
  });
}

// A throwaway order per shop whose tags the drain mutations change (never sent to the app).
const drainOrders = new Map<string, string>();

serveIpc(
  {
    seedShop(args: { shop: string; accessToken: string }) {
      shopify.seedShop(args.shop, { accessToken: args.accessToken });
      return { ok: true };
    },
    createApruvdAccount() {
      return apruvd.createAccount();
    },
    /**
     * Many shops at once (the many-shops run): each seeded in the simulator with its own
     * access token and given its own Apruvd sandbox account, as seedShop +
     * createApruvdAccount do for one.
     */
    seedShops(args: { shops: string[] }) {
      return args.shops.map((shop) => {
        const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
        shopify.seedShop(shop, { accessToken });
        return { shop, accessToken, apruvdCredentials: apruvd.createAccount() };
      });
    },
    /** createOrders for several shops in one call (the many-shops run creates 10 per shop). */
    createOrdersForShops(args: Omit<CreateOrdersArgs, "shop"> & { shops: string[] }): (GeneratedOrder & {
      shop: string;
    })[] {
      return args.shops.flatMap((shop) =>
        createOrders({ ...args, shop }).map((o) => ({
          ...o,
          shop,
        })),
      );
    },
    /**
     * Per order of the proxy log: the first hold Shopify executed for it, its last executed
     * call and the actual cost of its executed calls, as [shop, orderId, firstHoldAt,
     * lastCallAt, actualCost] (epoch ms; null when none), so a run of thousands of orders
     * does not ship every call back.
     */
    orderTimings(): [string, string, number | null, number | null, number][] {
      const byOrder = new Map<string, [string, string, number | null, number | null, number]>();
      for (const c of proxyLog) {
        if (!c.orderId || c.throttled || c.status !== 200) continue;
        let row = byOrder.get(c.orderId);
        if (!row) {
          row = [c.shop, c.orderId, null, null, 0];
          byOrder.set(c.orderId, row);
        }
        if (c.operationName === "FulfillmentOrdersHold" && (row[2] === null || c.at < row[2])) row[2] = c.at;
        if (row[3] === null || c.at > row[3]) row[3] = c.at;
        row[4] += c.actual ?? 0;
      }
      return [...byOrder.values()];
    },
    /**
     * Executed (not throttled) calls' actual cost per shop and throttled calls, since the
     * last reset; holdActual is the part spent on holds (the fulfillment-order read the
     * hold needs, and the hold).
     */
    callTotals() {
      const byShop: Record<string, { actual: number; holdActual: number; executed: number; throttled: number }> = {};
      for (const c of shopify.calls()) {
        const t = (byShop[c.shop] ??= { actual: 0, holdActual: 0, executed: 0, throttled: 0 });
        if (c.throttled) t.throttled++;
        else if (c.status === 200 && c.actualCost !== null) {
          t.executed++;
          t.actual += c.actualCost;
          if (c.operationName !== null && HOLD_OPERATIONS.has(c.operationName)) t.holdActual += c.actualCost;
        }
      }
      return byShop;
    },
    createOrders(args: CreateOrdersArgs): GeneratedOrder[] {
      return createOrders(args);
    },
    /**
     * Empties the shop's bucket (to at most `target` points) with aliased tagsAdd mutations
     * on a throwaway order, so that a throughput run measures the sustained rate rather than
     * the first 2000-point burst; then clears the call logs.
     */
    async drain(args: { shop: string; target: number; timeoutMs?: number }) {
      let orderId = drainOrders.get(args.shop);
      if (!orderId) {
        orderId = shopify.createOrder(args.shop, { email: "drain@example.com" }).id;
        drainOrders.set(args.shop, orderId);
      }
      const fields = Array.from(
        { length: 40 },
        (_, i) => `t${i}: tagsAdd(id: $id, tags: ["bench-drain"]) { userErrors { message } }`,
      ).join("\n");
      const document = `mutation BenchDrain($id: ID!) {\n${fields}\n}`;
      const deadline = Date.now() + (args.timeoutMs ?? 20_000);
      let calls = 0;
      while (
        shopify.throttleStatus(args.shop).currentlyAvailable > args.target &&
        Date.now() < deadline &&
        calls < 200
      ) {
        const available = shopify.throttleStatus(args.shop).currentlyAvailable;
        const n = Math.max(1, Math.min(40, Math.floor((available - args.target) / 10)));
        const doc =
          n === 40 ? document : `mutation BenchDrain($id: ID!) {\n${fields.split("\n").slice(0, n).join("\n")}\n}`;
        await shopify.graphql(args.shop, doc, { id: orderId });
        calls++;
      }
      shopify.resetCalls();
      proxyLog.length = 0;
      return { calls, status: shopify.throttleStatus(args.shop) };
    },
    startBucketTrace(args: { shop: string; intervalMs?: number }) {
      if (bucketTrace) clearInterval(bucketTrace.timer);
      const samples: { at: number; available: number }[] = [];
      const sample = () =>
        samples.push({ at: Date.now(), available: shopify.throttleStatus(args.shop).currentlyAvailable });
      sample();
      bucketTrace = { shop: args.shop, samples, timer: setInterval(sample, args.intervalMs ?? 250) };
      return { ok: true };
    },
    stopBucketTrace() {
      if (!bucketTrace) return [];
      clearInterval(bucketTrace.timer);
      const { samples } = bucketTrace;
      samples.push({ at: Date.now(), available: shopify.throttleStatus(bucketTrace.shop).currentlyAvailable });
      bucketTrace = null;
      return samples;
    },
    resetCalls() {
      shopify.resetCalls();
      proxyLog.length = 0;
      return { ok: true };
    },
    calls() {
      return shopify.calls();
    },
    proxyCalls() {
      return proxyLog;
    },
    throttleStatus(args: { shop: string }) {
      return shopify.throttleStatus(args.shop);
    },
    apruvdStats() {
      const transactions = apruvd.transactions();
      const byStatus: Record<string, number> = {};
      for (const t of transactions) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
      const callbacks = apruvd.callbacks();
      return {
        transactions: transactions.length,
        byStatus,
        callbacksDelivered: callbacks.filter((c) => c.delivered).length,
        callbacksFailed: callbacks.filter((c) => !c.delivered && c.attempts > 0).length,
        requests: apruvd.requests().length,
      };
    },
  },
  { simulatorUrl: shopify.url, adminOrigin, apruvdUrl: apruvd.url, pid: process.pid, throttle },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    proxy.closeAllConnections();
    proxy.close();
    void Promise.allSettled([shopify.close(), apruvd.close()]).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
