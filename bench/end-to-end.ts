/**
 * Benchmark 2 — end to end through the sandbox.
 *
 * The Shopify simulator enforces a standard shop's leaky bucket (maximumAvailable 2000
 * points, restoreRate 100 points/second) with Shopify's cost rules; the Apruvd sandbox
 * decides each transaction after a short review delay and calls the app back. N orders
 * are created in the simulator and their orders/create webhooks sent to the app (worker
 * on, production defaults), which reviews them all: read the order, hold + tag + PENDING
 * risk (round 1, "under review"), submit to Apruvd; then on the decision callback,
 * release + tag + risk (round 2, "decision").
 *
 * The bucket is emptied first (sandbox-process.ts `drain`), so the rate measured is the
 * sustained one a busy shop gets, not the first 2000-point burst; the ceiling it is
 * compared with is what the bucket's restore rate allows: 60 × 100 / (actual cost per
 * order) orders per minute.
 */
import { createHmac, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { ADMIN_API_VERSION } from "../app/lib/platform/shopify-app";
import type { CallRecord } from "../sandbox/shopify/simulator";
import { ORDER_VARIANTS, type OrderVariant } from "../sandbox/shopify/orders";
import {
  type BenchContext,
  type ChildHandle,
  installApp,
  seedShop,
  startAppProcess,
  startSandboxProcess,
} from "./children";
import { runLoad } from "./load";
import type { PeakMemory } from "./memory";
import type { GeneratedOrder, ProxyCall } from "./sandbox-process";
import { recordMemory } from "./webhook-ack";

export const STANDARD_BUCKET = { maximumAvailable: 2000, restoreRate: 100 } as const;
export const E2E_CEILING_SHARE_TARGET = 0.9;
export const MAX_QUERIES_PER_ROUND = 1;
export const MAX_MUTATIONS_PER_ROUND = 2;
/** p99 from an order's webhook to our hold on its fulfillment orders, 100-order burst on an empty bucket. */
export const HOLD_P99_TARGET_MS = 20_000;

/**
 * Every generated variant except "card-submit": Apruvd answers it "Submitted" and it
 * waits for the merchant's elevate, so it never reaches a decision on its own.
 */
export const E2E_VARIANTS: OrderVariant[] = ORDER_VARIANTS.filter((v) => v !== "card-submit");

export interface EndToEndOptions {
  ctx: BenchContext;
  orders?: number;
  /** Bound on the wait for every order to be decided and written back. */
  timeoutMs?: number;
  reviewDelayMs?: number;
  throttle?: { maximumAvailable: number; restoreRate: number };
  /** Empty the bucket before the orders arrive (default true). */
  drainFirst?: boolean;
  memory?: PeakMemory;
  log?: (line: string) => void;
  shop?: string;
  workerConcurrency?: number;
  /** Extra Node flags for the app process (e.g. --cpu-prof). */
  appNodeArgs?: string[];
}

export interface RoundCounts {
  /** Mean executed (not throttled) calls per order in this round. */
  queriesMean: number;
  mutationsMean: number;
  queriesMax: number;
  mutationsMax: number;
}

export interface EndToEndResult {
  ordersPlaced: number;
  ordersReviewed: number;
  complete: boolean;
  decisions: Record<string, number>;
  elapsedMs: number;
  ordersPerMinute: number;
  throttle: { maximumAvailable: number; restoreRate: number };
  cost: {
    /** Per reviewed order, over executed calls (simulator.calls()). */
    requestedPerOrder: number;
    actualPerOrder: number;
    /** Calls the simulator refused as THROTTLED (or 429), per order: retries the app had to make. */
    throttledCallsPerOrder: number;
    executedCalls: number;
    throttledCalls: number;
    /** Requested / actual cost of each operation (mean over executed calls). */
    byOperation: {
      operationName: string;
      kind: string;
      calls: number;
      callsPerOrder: number;
      requestedMean: number;
      actualMean: number;
    }[];
  };
  ceilingOrdersPerMinute: number;
  ceilingShare: number;
  perOrder: {
    queries: number;
    mutations: number;
    /** Round 1: read + put under review. Round 2: the decision written back. */
    rounds: { hold: RoundCounts; underReview: RoundCounts; decision: RoundCounts };
    /** Orders whose calls could not be attributed (should be 0). */
    unattributedCalls: number;
  };
  /** From the webhook burst to each order's decision written back (last Admin call of the order). */
  timeToDecisionMs: { p50: number; max: number };
  /**
   * From each order's own webhook (the moment it was sent) to the first hold placed on it
   * (the first FulfillmentOrdersHold Shopify executed for the order) and to its decision
   * written back (its last executed Admin call). `missing` counts orders without a hold.
   */
  webhookToHoldMs: Percentiles & { missing: number };
  webhookToDecisionMs: Percentiles;
  /**
   * The bucket over the run. While it never reaches its maximum, points consumed =
   * restoreRate × elapsed − (level at end − level at start), so the share of the ceiling
   * falls short by exactly the points left unused: (end − start) / (restoreRate × elapsed).
   */
  bucket: { startLevel: number; endLevel: number; maxLevel: number; secondsAtMaximum: number; unusedShare: number };
  /** Raw samples (ms since the webhook burst, points available), for results.json. */
  bucketTrace: { t: number; available: number }[];
  /** Every Admin call of the app (ms since the burst), for results.json. */
  callTimeline: { t: number; op: string | null; throttled: boolean; requested: number; actual: number | null }[];
  /** Orders whose calls in a round exceeded the per-round targets (up to 8), with their calls in order. */
  outliers: { variant: string; name: string; round: "hold" | "underReview" | "decision"; calls: string[] }[];
  /** The app's peak RSS in this run and when it happened (s after the burst; negative = during set-up). */
  memoryPeak: { rssBytes: number; atSeconds: number } | null;
  webhookStatuses: Record<string, number>;
  apruvd: { transactions: number; callbacksDelivered: number };
  inbox: { topic: string; status: string; count: number }[];
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** Nearest-rank percentiles of `xs` (ms). */
export function percentiles(xs: number[]): Percentiles {
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] ?? Number.NaN, count: sorted.length };
}

interface AppStats {
  reviews: { status: string; writtenBackStatus: string | null; count: number }[];
  inbox: { topic: string; status: string; count: number }[];
}

const FINAL = new Set(["Approved", "Declined"]);

function reviewedCount(stats: AppStats): number {
  return stats.reviews
    .filter((r) => FINAL.has(r.status) && r.writtenBackStatus === r.status)
    .reduce((s, r) => s + r.count, 0);
}

export async function runEndToEnd(options: EndToEndOptions): Promise<EndToEndResult> {
  const { ctx } = options;
  const log = options.log ?? (() => {});
  const n = options.orders ?? 120;
  const timeoutMs = options.timeoutMs ?? 150_000;
  const throttle = options.throttle ?? STANDARD_BUCKET;
  const shop = options.shop ?? "bench-e2e.myshopify.com";
  const started: ChildHandle<unknown>[] = [];
  try {
    const sandbox = await startSandboxProcess(ctx, {
      label: "e2e",
      throttle,
      reviewDelayMs: options.reviewDelayMs ?? 50,
    });
    started.push(sandbox);
    const app = await startAppProcess(ctx, {
      label: "e2e",
      worker: true,
      adminOrigin: sandbox.ready.adminOrigin,
      apruvdUrl: sandbox.ready.apruvdUrl,
      workerConcurrency: options.workerConcurrency,
      nodeArgs: options.appNodeArgs,
    });
    started.push(app);
    const seeded = await seedShop(sandbox, shop);
    await installApp(app, seeded);
    const orders = await sandbox.call<GeneratedOrder[]>("createOrders", {
      shop,
      count: n,
      seed: 29,
      variants: E2E_VARIANTS,
    });

    if (options.drainFirst !== false) {
      const drained = await sandbox.call<{ calls: number; status: { currentlyAvailable: number } }>("drain", {
        shop,
        target: 20,
      });
      log(
        `  bucket drained to ${drained.status.currentlyAvailable.toFixed(0)} points (${drained.calls} drain calls, not counted)`,
      );
    } else {
      await sandbox.call("resetCalls");
    }

    await sandbox.call("startBucketTrace", { shop, intervalMs: 250 });
    // Every order's orders/create webhook, signed, as fast as 16 connections send them.
    const runId = randomBytes(4).toString("hex");
    const bodies = orders.map((o) => Buffer.from(o.body, "utf8"));
    const t0 = Date.now();
    const p0 = performance.now();
    const sentAt = new Map<string, number>();
    const sent = await runLoad({
      url: `${app.ready.url}/webhooks/orders/create`,
      connections: Math.min(16, n),
      durationMs: 60_000,
      maxRequests: n,
      request: (i) => {
        sentAt.set(orders[i].id, Date.now());
        return {
          body: bodies[i],
          headers: {
            "content-type": "application/json",
            "x-shopify-topic": "orders/create",
            "x-shopify-hmac-sha256": createHmac("sha256", ctx.secret).update(bodies[i]).digest("base64"),
            "x-shopify-shop-domain": shop,
            "x-shopify-api-version": ADMIN_API_VERSION,
            "x-shopify-webhook-id": `${runId}-${i}`,
            "x-shopify-event-id": `${runId}-e${i}`,
            "x-shopify-triggered-at": new Date().toISOString(),
          },
        };
      },
    });
    log(
      `  ${sent.requests} orders/create webhooks sent in ${sent.durationMs.toFixed(0)} ms (${JSON.stringify(sent.statusCounts)})`,
    );

    // Wait (bounded) for every order to be decided and written back.
    const deadline = p0 + timeoutMs;
    let stats = await app.call<AppStats>("stats", { shop });
    let lastLog = performance.now();
    while (reviewedCount(stats) < n && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      stats = await app.call<AppStats>("stats", { shop });
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  … ${reviewedCount(stats)}/${n} reviewed after ${((performance.now() - p0) / 1000).toFixed(0)} s`);
      }
    }
    const pollEnd = Date.now();
    const reviewed = reviewedCount(stats);
    const complete = reviewed >= n;

    const trace = await sandbox.call<{ at: number; available: number }[]>("stopBucketTrace");
    const calls = await sandbox.call<CallRecord[]>("calls");
    const proxyCalls = await sandbox.call<ProxyCall[]>("proxyCalls");
    const apruvdStats = await sandbox.call<{ transactions: number; callbacksDelivered: number }>("apruvdStats");
    const mem = await recordMemory(app, "end-to-end, worker on", options.memory);

    const appCalls = calls.filter((c) => c.shop === shop);
    const executed = appCalls.filter((c) => !c.throttled && c.status === 200 && c.actualCost !== null);
    const throttled = appCalls.filter((c) => c.throttled);
    // The last write-back is the last executed Admin call; the poll only confirms it.
    const lastCallAt = executed.reduce((m, c) => Math.max(m, c.at), t0);
    const end = complete ? Math.min(pollEnd, Math.max(lastCallAt, t0 + 1)) : pollEnd;
    const elapsedMs = end - t0;
    const perOrder = (x: number) => (reviewed > 0 ? x / reviewed : Number.NaN);
    const requested = executed.reduce((s, c) => s + c.cost, 0);
    const actual = executed.reduce((s, c) => s + (c.actualCost ?? 0), 0);
    const actualPerOrder = perOrder(actual);
    const ordersPerMinute = (reviewed * 60_000) / Math.max(1, elapsedMs);
    const ceilingOrdersPerMinute = (60 * throttle.restoreRate) / actualPerOrder;

    const ops = new Map<string, { kind: string; calls: number; requested: number; actual: number }>();
    for (const c of executed) {
      const key = c.operationName ?? "(anonymous)";
      const o = ops.get(key) ?? { kind: c.kind, calls: 0, requested: 0, actual: 0 };
      o.calls++;
      o.requested += c.cost;
      o.actual += c.actualCost ?? 0;
      ops.set(key, o);
    }

    // Rounds per order, from the recording proxy (which knows each call's order).
    const byOrder = new Map<string, ProxyCall[]>();
    let unattributed = 0;
    for (const c of proxyCalls) {
      if (c.shop !== shop) continue;
      if (!c.orderId) {
        unattributed++;
        continue;
      }
      const list = byOrder.get(c.orderId) ?? [];
      list.push(c);
      byOrder.set(c.orderId, list);
    }
    const rounds = {
      hold: [] as { q: number; m: number }[],
      underReview: [] as { q: number; m: number }[],
      decision: [] as { q: number; m: number }[],
    };
    const outliers: EndToEndResult["outliers"] = [];
    const doneAt: number[] = [];
    const toHold: number[] = [];
    const toDecision: number[] = [];
    const orderInfo = new Map(orders.map((o) => [o.id, o]));
    for (const [orderId, list] of byOrder) {
      list.sort((a, b) => a.at - b.at);
      const ok = list.filter((c) => !c.throttled && c.status === 200);
      const firstState = ok.findIndex((c) => c.operationName === "OrderReviewState");
      const upToState = firstState === -1 ? ok : ok.slice(0, firstState + 1);
      // Hold first: the calls up to the first hold, when it came before the order's full read.
      const firstHold = upToState.findIndex((c) => c.operationName === "FulfillmentOrdersHold");
      const firstRead = upToState.findIndex((c) => c.operationName === "OrderForReview");
      const holdEnd = firstHold !== -1 && (firstRead === -1 || firstHold < firstRead) ? firstHold + 1 : 0;
      const r0 = upToState.slice(0, holdEnd);
      const r1 = upToState.slice(holdEnd);
      const r2 = firstState === -1 ? [] : ok.slice(firstState + 1);
      const count = (xs: ProxyCall[]) => ({
        q: xs.filter((c) => c.kind === "query").length,
        m: xs.filter((c) => c.kind === "mutation").length,
      });
      rounds.hold.push(count(r0));
      rounds.underReview.push(count(r1));
      rounds.decision.push(count(r2));
      if (ok.length) doneAt.push(ok[ok.length - 1].at - t0);
      const sentAtOrder = sentAt.get(orderId);
      if (sentAtOrder !== undefined) {
        const hold = ok.find((c) => c.operationName === "FulfillmentOrdersHold");
        if (hold) toHold.push(hold.at - sentAtOrder);
        if (ok.length) toDecision.push(ok[ok.length - 1].at - sentAtOrder);
      }
      for (const [round, xs] of [
        ["hold", r0],
        ["underReview", r1],
        ["decision", r2],
      ] as const) {
        const c = count(xs);
        if ((c.q > MAX_QUERIES_PER_ROUND || c.m > MAX_MUTATIONS_PER_ROUND) && outliers.length < 8) {
          const info = orderInfo.get(orderId);
          // Every attempt of the order in this round's time span, throttled ones marked.
          const from = xs[0]?.at ?? 0;
          const to = xs[xs.length - 1]?.at ?? 0;
          const attempts = list
            .filter((x) => x.at >= from && x.at <= to)
            .map((x) => `${x.operationName}${x.throttled ? " (throttled)" : ""}`);
          outliers.push({ variant: info?.variant ?? "?", name: info?.name ?? orderId, round, calls: attempts });
        }
      }
    }
    doneAt.sort((a, b) => a - b);
    const startLevel = trace[0]?.available ?? 0;
    const endSample = [...trace].reverse().find((x) => x.at <= end) ?? trace[trace.length - 1];
    const endLevel = endSample?.available ?? 0;
    const maxLevel = trace.reduce((m, x) => Math.max(m, x.available), 0);
    let atMax = 0;
    for (let i = 1; i < trace.length; i++)
      if (trace[i].available >= throttle.maximumAvailable - 1 && trace[i].at <= end)
        atMax += (trace[i].at - trace[i - 1].at) / 1000;
    const summarise = (xs: { q: number; m: number }[]): RoundCounts => ({
      queriesMean: xs.length ? xs.reduce((s, x) => s + x.q, 0) / xs.length : Number.NaN,
      mutationsMean: xs.length ? xs.reduce((s, x) => s + x.m, 0) / xs.length : Number.NaN,
      queriesMax: xs.reduce((m, x) => Math.max(m, x.q), 0),
      mutationsMax: xs.reduce((m, x) => Math.max(m, x.m), 0),
    });

    const decisions: Record<string, number> = {};
    for (const r of stats.reviews)
      decisions[`${r.status}/${r.writtenBackStatus ?? "-"}`] =
        (decisions[`${r.status}/${r.writtenBackStatus ?? "-"}`] ?? 0) + r.count;

    const result: EndToEndResult = {
      ordersPlaced: n,
      ordersReviewed: reviewed,
      complete,
      decisions,
      elapsedMs,
      ordersPerMinute,
      throttle,
      cost: {
        requestedPerOrder: perOrder(requested),
        actualPerOrder,
        throttledCallsPerOrder: perOrder(throttled.length),
        executedCalls: executed.length,
        throttledCalls: throttled.length,
        byOperation: [...ops]
          .map(([operationName, o]) => ({
            operationName,
            kind: o.kind,
            calls: o.calls,
            callsPerOrder: perOrder(o.calls),
            requestedMean: o.requested / o.calls,
            actualMean: o.actual / o.calls,
          }))
          .sort((a, b) => b.calls - a.calls),
      },
      ceilingOrdersPerMinute,
      ceilingShare: ordersPerMinute / ceilingOrdersPerMinute,
      perOrder: {
        queries: perOrder(executed.filter((c) => c.kind === "query").length),
        mutations: perOrder(executed.filter((c) => c.kind === "mutation").length),
        rounds: {
          hold: summarise(rounds.hold),
          underReview: summarise(rounds.underReview),
          decision: summarise(rounds.decision),
        },
        unattributedCalls: unattributed,
      },
      timeToDecisionMs: {
        p50: doneAt.length ? doneAt[Math.ceil(doneAt.length / 2) - 1] : Number.NaN,
        max: doneAt.length ? doneAt[doneAt.length - 1] : Number.NaN,
      },
      webhookToHoldMs: { ...percentiles(toHold), missing: n - toHold.length },
      webhookToDecisionMs: percentiles(toDecision),
      bucket: {
        startLevel,
        endLevel,
        maxLevel,
        secondsAtMaximum: atMax,
        unusedShare: (endLevel - startLevel) / ((throttle.restoreRate * elapsedMs) / 1000),
      },
      bucketTrace: trace.map((x) => ({ t: x.at - t0, available: Math.round(x.available) })),
      callTimeline: appCalls.map((c) => ({
        t: c.at - t0,
        op: c.operationName,
        throttled: c.throttled,
        requested: c.cost,
        actual: c.actualCost,
      })),
      outliers,
      memoryPeak: mem ? { rssBytes: mem.peakSampledRss, atSeconds: (mem.peak.at - t0) / 1000 } : null,
      webhookStatuses: sent.statusCounts,
      apruvd: { transactions: apruvdStats.transactions, callbacksDelivered: apruvdStats.callbacksDelivered },
      inbox: stats.inbox,
    };
    log(
      `  ${reviewed}/${n} orders reviewed in ${(elapsedMs / 1000).toFixed(1)} s → ${ordersPerMinute.toFixed(1)} orders/min; ` +
        `cost/order requested ${result.cost.requestedPerOrder.toFixed(1)}, actual ${actualPerOrder.toFixed(1)} → ceiling ${ceilingOrdersPerMinute.toFixed(1)} orders/min, ` +
        `share ${(result.ceilingShare * 100).toFixed(0)}%; ${throttled.length} throttled calls`,
    );
    const s = (x: number) => (x / 1000).toFixed(1);
    log(
      `  webhook → hold p50 ${s(result.webhookToHoldMs.p50)} s, p99 ${s(result.webhookToHoldMs.p99)} s, max ${s(result.webhookToHoldMs.max)} s (${result.webhookToHoldMs.missing} orders without a hold); ` +
        `webhook → decision written back p50 ${s(result.webhookToDecisionMs.p50)} s, p99 ${s(result.webhookToDecisionMs.p99)} s, max ${s(result.webhookToDecisionMs.max)} s`,
    );
    return result;
  } finally {
    await Promise.allSettled(started.map((c) => c.stop()));
  }
}
