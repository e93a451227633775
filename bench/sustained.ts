/**
 * Benchmark 3 — sustained overload: orders arriving at twice a standard shop's Admin API
 * ceiling for five minutes (bench/README.md §3).
 *
 * One shop, the standard bucket (2000 points, 100 points/s), emptied first. The ceiling in
 * orders per second is what the bucket's restore rate allows, restoreRate / (actual cost
 * per order); orders/create webhooks arrive open loop (paced.ts) at `multiple` times it,
 * spread evenly over the window. At the window's end: how long orders waited for their
 * hold and their decision (those still waiting count as at least end − sent), how many
 * orders the app decided per minute against the ceiling, and the backlog left.
 */
import { randomBytes } from "node:crypto";
import {
  type BenchContext,
  type ChildHandle,
  installApp,
  seedShop,
  startAppProcess,
  startSandboxProcess,
} from "./children";
import { E2E_VARIANTS, STANDARD_BUCKET } from "./end-to-end";
import type { PeakMemory } from "./memory";
import { orderCreateWebhook, sendPaced } from "./paced";
import type { GeneratedOrder } from "./sandbox-process";
import {
  type CensoredPercentiles,
  formatPercentiles,
  type OrderTimingRow,
  orderOutcomes,
  outcomePercentiles,
} from "./timings";
import { recordMemory } from "./webhook-ack";

export const SUSTAINED_MULTIPLE = 2;
/**
 * Admin cost per order used to pace the arrivals when the run has no end-to-end figure of
 * its own: the actual cost per order the end-to-end run measured (bench/results.md, 125
 * points). The result reports the multiple actually reached against the cost it measures.
 */
export const DEFAULT_COST_PER_ORDER = 125;
/** How long after the window the holds of the last orders sent are awaited. */
const HOLD_GRACE_MS = 60_000;

export interface SustainedOptions {
  ctx: BenchContext;
  /** Arrival window (default 5 minutes). */
  durationMs?: number;
  /** Arrival rate as a multiple of the ceiling (default 2). */
  multiple?: number;
  /** Actual Admin cost per order the arrival rate is computed from. */
  costPerOrder?: number;
  reviewDelayMs?: number;
  throttle?: { maximumAvailable: number; restoreRate: number };
  /** Empty the bucket before the orders arrive (default true). */
  drainFirst?: boolean;
  memory?: PeakMemory;
  log?: (line: string) => void;
}

export interface SustainedResult {
  durationMs: number;
  multiple: number;
  throttle: { maximumAvailable: number; restoreRate: number };
  /** The cost per order the arrival rate was paced on, and the rate (orders/s). */
  pacedOnCostPerOrder: number;
  arrivalPerSecond: number;
  ordersSent: number;
  webhookStatuses: Record<string, number>;
  /** Webhook acknowledgement latency of the paced deliveries (ms). */
  ackMs: { p50: number; p99: number; max: number };
  /** Every order's, the holds of orders sent near the end awaited up to a minute after the window. */
  webhookToHoldMs: CensoredPercentiles;
  /** At the end of the window (orders not decided by then count as at least end − sent). */
  webhookToDecisionMs: CensoredPercentiles;
  ordersDecided: number;
  ordersPerMinute: number;
  /** Actual Admin cost per decided order (its executed calls, from the proxy). */
  actualCostPerDecidedOrder: number;
  ceilingOrdersPerMinute: number;
  ceilingShare: number;
  /** The arrival rate over the ceiling this run measured (the intended multiple, if the pacing cost was right). */
  arrivalMultipleMeasured: number;
  /**
   * The most orders per minute the bucket can decide while every arrival is held first:
   * 60 × (restore rate − points/s spent on holds) / (actual cost per decided order − its
   * hold's). Above the ceiling's rate, holding every new order at once spends part of
   * the bucket ahead of the orders' reviews, so the decisions' rate cannot reach the
   * ceiling; this is what it can reach.
   */
  holdFirstBound: { holdPointsPerOrder: number; holdPointsPerSecond: number; ordersPerMinute: number; share: number };
  /** Actual points executed over the window / (restore rate × window): how busy the bucket was kept. */
  bucketUse: number;
  throttledCalls: number;
  /** At the end of the window: orders sent and not decided, of which not even held; inbox rows still pending. */
  backlog: { undecided: number; unheld: number; inboxPending: number; expectedAtCeiling: number };
  /** Every 5 s: orders sent, held and decided so far (s after the first webhook). */
  backlogTrace: { t: number; sent: number; decided: number }[];
  bucketTrace: { t: number; available: number }[];
  memoryPeak: { rssBytes: number } | null;
}

interface AppStats {
  reviews: { status: string; writtenBackStatus: string | null; count: number }[];
  inbox: { topic: string; status: string; count: number }[];
}

const decidedCount = (stats: AppStats) =>
  stats.reviews
    .filter((r) => (r.status === "Approved" || r.status === "Declined") && r.writtenBackStatus === r.status)
    .reduce((s, r) => s + r.count, 0);

export async function runSustained(options: SustainedOptions): Promise<SustainedResult> {
  const { ctx } = options;
  const log = options.log ?? (() => {});
  const durationMs = options.durationMs ?? 5 * 60_000;
  const multiple = options.multiple ?? SUSTAINED_MULTIPLE;
  const throttle = options.throttle ?? STANDARD_BUCKET;
  const costPerOrder = options.costPerOrder ?? DEFAULT_COST_PER_ORDER;
  const arrivalPerSecond = (multiple * throttle.restoreRate) / costPerOrder;
  const count = Math.max(1, Math.floor((arrivalPerSecond * durationMs) / 1000));
  const shop = "bench-sustained.myshopify.com";
  const started: ChildHandle<unknown>[] = [];
  try {
    const sandbox = await startSandboxProcess(ctx, {
      label: "sustained",
      throttle,
      reviewDelayMs: options.reviewDelayMs ?? 50,
    });
    started.push(sandbox);
    const app = await startAppProcess(ctx, {
      label: "sustained",
      worker: true,
      adminOrigin: sandbox.ready.adminOrigin,
      apruvdUrl: sandbox.ready.apruvdUrl,
    });
    started.push(app);
    await installApp(app, await seedShop(sandbox, shop));
    const orders = await sandbox.call<GeneratedOrder[]>("createOrders", {
      shop,
      count,
      seed: 31,
      variants: E2E_VARIANTS,
      decidable: true,
    });
    if (options.drainFirst !== false) await sandbox.call("drain", { shop, target: 20 });
    else await sandbox.call("resetCalls");
    log(
      `  ${count} orders at ${arrivalPerSecond.toFixed(2)}/s (${multiple}× the ceiling at ${costPerOrder.toFixed(0)} points per order) over ${(durationMs / 1000).toFixed(0)} s`,
    );

    await sandbox.call("startBucketTrace", { shop, intervalMs: 1000 });
    const runId = randomBytes(4).toString("hex");
    const bodies = orders.map((o) => Buffer.from(o.body, "utf8"));
    const intervalMs = 1000 / arrivalPerSecond;
    const t0 = Date.now();
    const windowEnd = t0 + durationMs;
    const backlogTrace: SustainedResult["backlogTrace"] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((r) => setTimeout(r, 5000));
        if (!sampling) break;
        const elapsed = Date.now() - t0;
        const stats = await app.call<AppStats>("stats", { shop });
        backlogTrace.push({
          t: elapsed / 1000,
          sent: Math.min(count, Math.floor(elapsed / intervalMs) + 1),
          decided: decidedCount(stats),
        });
        if (backlogTrace.length % 6 === 0)
          log(
            `  … ${(elapsed / 1000).toFixed(0)} s: ${backlogTrace.at(-1)!.sent} sent, ${backlogTrace.at(-1)!.decided} decided`,
          );
      }
    })();
    const sent = await sendPaced({
      url: `${app.ready.url}/webhooks/orders/create`,
      deliveries: orders.map((_, i) => ({
        atMs: i * intervalMs,
        request: () => orderCreateWebhook(ctx.secret, shop, bodies[i], `${runId}-${i}`),
      })),
    });
    if (Date.now() < windowEnd) await new Promise((r) => setTimeout(r, windowEnd - Date.now()));
    sampling = false;
    await sampler;
    const endAt = Date.now();

    // The backlog, the rate and the decisions as they stand when the window closes.
    const decided = await app.call<[string, string][]>("decidedOrders", { shops: [shop] });
    const timings = await sandbox.call<OrderTimingRow[]>("orderTimings");
    const totals =
      await sandbox.call<Record<string, { actual: number; holdActual: number; executed: number; throttled: number }>>(
        "callTotals",
      );
    const trace = await sandbox.call<{ at: number; available: number }[]>("stopBucketTrace");
    const stats = await app.call<AppStats>("stats", { shop });
    const sentOrders = orders.map((o, i) => ({ shop, orderId: o.id, sentAt: sent.sentAt[i] }));
    const outcomes = orderOutcomes(sentOrders, timings, decided, endAt);
    const { decision } = outcomePercentiles(outcomes, endAt);

    // Webhook → hold of every order, the last ones sent included: an order sent a second
    // before the window closed has not had its chance yet, so the holds are awaited a
    // little longer (bounded) instead of counting such orders as lower bounds.
    const holdDeadline = Date.now() + HOLD_GRACE_MS;
    let holdTimings = timings;
    const unheld = () => orderOutcomes(sentOrders, holdTimings, [], Date.now()).filter((o) => o.holdAt === null).length;
    while (unheld() > 0 && Date.now() < holdDeadline) {
      await new Promise((r) => setTimeout(r, 1000));
      holdTimings = await sandbox.call<OrderTimingRow[]>("orderTimings");
    }
    const holdEndAt = Date.now();
    const { hold } = outcomePercentiles(orderOutcomes(sentOrders, holdTimings, [], holdEndAt), holdEndAt);
    const mem = await recordMemory(app, "sustained, worker on", options.memory);
    const decidedOutcomes = outcomes.filter((o) => o.decidedAt !== null);
    const windowMs = endAt - t0;
    const ordersPerMinute = (decidedOutcomes.length * 60_000) / windowMs;
    const actualCostPerDecidedOrder =
      decidedOutcomes.reduce((s, o) => s + o.actualCost, 0) / Math.max(1, decidedOutcomes.length);
    const ceilingOrdersPerMinute = (60 * throttle.restoreRate) / actualCostPerDecidedOrder;
    const heldInWindow = outcomes.filter((o) => o.holdAt !== null).length;
    const holdPoints = totals[shop]?.holdActual ?? 0;
    const holdPointsPerOrder = holdPoints / Math.max(1, heldInWindow);
    const holdPointsPerSecond = holdPoints / (windowMs / 1000);
    const boundPerMinute =
      (60 * Math.max(0, throttle.restoreRate - holdPointsPerSecond)) /
      Math.max(1, actualCostPerDecidedOrder - holdPointsPerOrder);
    const acks = [...sent.latencyMs].sort((a, b) => a - b);
    const rank = (q: number) => acks[Math.max(0, Math.ceil(q * acks.length) - 1)] ?? Number.NaN;
    const result: SustainedResult = {
      durationMs: windowMs,
      multiple,
      throttle,
      pacedOnCostPerOrder: costPerOrder,
      arrivalPerSecond,
      ordersSent: count,
      webhookStatuses: sent.statusCounts,
      ackMs: { p50: rank(0.5), p99: rank(0.99), max: acks[acks.length - 1] ?? Number.NaN },
      webhookToHoldMs: hold,
      webhookToDecisionMs: decision,
      ordersDecided: decidedOutcomes.length,
      ordersPerMinute,
      actualCostPerDecidedOrder,
      ceilingOrdersPerMinute,
      ceilingShare: ordersPerMinute / ceilingOrdersPerMinute,
      arrivalMultipleMeasured: (arrivalPerSecond * 60) / ceilingOrdersPerMinute,
      holdFirstBound: {
        holdPointsPerOrder,
        holdPointsPerSecond,
        ordersPerMinute: boundPerMinute,
        share: ordersPerMinute / boundPerMinute,
      },
      bucketUse: (totals[shop]?.actual ?? 0) / ((throttle.restoreRate * windowMs) / 1000),
      throttledCalls: totals[shop]?.throttled ?? 0,
      backlog: {
        undecided: count - decidedOutcomes.length,
        unheld: outcomes.filter((o) => o.holdAt === null).length,
        inboxPending: stats.inbox.filter((r) => r.status === "pending").reduce((s, r) => s + r.count, 0),
        expectedAtCeiling: Math.max(0, Math.round(count - (ceilingOrdersPerMinute * windowMs) / 60_000)),
      },
      backlogTrace,
      bucketTrace: trace.map((x) => ({ t: (x.at - t0) / 1000, available: Math.round(x.available) })),
      memoryPeak: mem ? { rssBytes: Math.max(mem.peakSampledRss, mem.vmHWM ?? 0) } : null,
    };
    log(
      `  ${result.ordersDecided}/${count} decided in ${(windowMs / 1000).toFixed(0)} s → ${ordersPerMinute.toFixed(1)} orders/min = ` +
        `${(result.ceilingShare * 100).toFixed(0)}% of the ceiling ${ceilingOrdersPerMinute.toFixed(1)}/min (actual ${actualCostPerDecidedOrder.toFixed(1)} points per decided order; ` +
        `arrivals ${result.arrivalMultipleMeasured.toFixed(2)}× it); bucket use ${(result.bucketUse * 100).toFixed(0)}%`,
    );
    log(`  webhook → hold ${formatPercentiles(hold, "not held at the end")}`);
    log(`  webhook → decision ${formatPercentiles(decision, "not decided at the end")}`);
    log(
      `  backlog at the end: ${result.backlog.undecided} undecided (${result.backlog.unheld} not held), ${result.backlog.inboxPending} inbox rows pending; at the ceiling it would be ${result.backlog.expectedAtCeiling}`,
    );
    return result;
  } finally {
    await Promise.allSettled(started.map((c) => c.stop()));
  }
}
