/**
 * Benchmark 4 — many installed shops (bench/README.md §4).
 *
 * N shops (1,000 in a full run) installed in the app as the bench installs its one shop
 * (offline session + the real onboarding call, app-process.ts `installMany`), each seeded
 * in the Shopify simulator with its own standard bucket and given its own Apruvd sandbox
 * account. Each shop gets `ordersPerShop` orders/create webhooks, interleaved (one order of
 * every shop, then the next round), arriving open loop at `ratePerSecond`. Two runs in
 * fresh processes with the same shops and schedule:
 *   - quiet: only the interleaved orders;
 *   - burst: the same, plus `burstOrders` orders of the first shop (its bucket emptied
 *     first) all sent at once, 10% into the schedule.
 * The figure is the other shops' p99 webhook → hold in the burst run over the quiet run's:
 * one shop's burst should not delay every other shop's holds (target ≤ 1.5×).
 *
 * The quiet run also measures memory per installed shop: the app's RSS (after a full GC)
 * and its database's bytes with N shops installed minus with one, over N − 1.
 */
import { randomBytes } from "node:crypto";
import { type BenchContext, type ChildHandle, type SeededShop, startAppProcess, startSandboxProcess } from "./children";
import { E2E_VARIANTS } from "./end-to-end";
import type { AppMemoryReport, PeakMemory } from "./memory";
import { orderCreateWebhook, type PacedDelivery, sendPaced } from "./paced";
import type { GeneratedOrder } from "./sandbox-process";
import {
  type CensoredPercentiles,
  formatPercentiles,
  formatSeconds,
  type OrderOutcome,
  type OrderTimingRow,
  orderOutcomes,
  outcomePercentiles,
} from "./timings";
import { recordMemory } from "./webhook-ack";

/** The other shops' p99 webhook → hold with one shop bursting, over the same without it. */
export const MANY_SHOPS_P99_RATIO_TARGET = 1.5;
/** Interleaved orders per second, all shops together (see bench/README.md §4 for why this rate). */
export const MANY_SHOPS_DEFAULT_RATE = 25;
/** Orders of the first shop served before the one-shop memory baseline is read. */
const WARM_UP_ORDERS = 5;

export interface ManyShopsOptions {
  ctx: BenchContext;
  shops: number;
  ordersPerShop?: number;
  burstOrders?: number;
  /** Arrival rate of the interleaved orders (orders/s, all shops together). */
  ratePerSecond: number;
  /** Bound on the wait for every order to be decided after the last one was sent. */
  drainTimeoutMs?: number;
  reviewDelayMs?: number;
  memory?: PeakMemory;
  log?: (line: string) => void;
}

export interface ManyShopsRun {
  mode: "quiet" | "burst";
  ordersSent: number;
  webhookStatuses: Record<string, number>;
  /** The load generator's largest lag behind the schedule (ms). */
  scheduleLagMs: number;
  /** Every order decided and written back before the bound. */
  complete: boolean;
  /** First webhook → every order decided (or the bound), ms. */
  elapsedMs: number;
  /** The other shops' (every shop but the first) orders. */
  others: { hold: CensoredPercentiles; decision: CensoredPercentiles };
  /** The other shops' orders sent while the first shop's burst was still unfinished (burst run). */
  othersDuringBurst: { hold: CensoredPercentiles; orders: number } | null;
  /** The first shop's burst orders (burst run). */
  burstShop: { hold: CensoredPercentiles; decision: CensoredPercentiles } | null;
  memoryPeak: { rssBytes: number } | null;
}

export interface ManyShopsResult {
  shops: number;
  ordersPerShop: number;
  burstOrders: number;
  ratePerSecond: number;
  /** Memory per installed shop (quiet run): with one shop (served its warm-up orders), with all installed, after all served. */
  install: {
    /** Time to install the N − 1 shops after the first, one after another (ms). */
    durationMs: number;
    withOne: MemorySnapshot;
    installed: MemorySnapshot;
    served: MemorySnapshot;
    /** (installed − withOne) / (N − 1) */
    perShopInstalled: MemorySnapshot;
    /** (served − withOne) / (N − 1): per shop once each has had its orders */
    perShopServed: MemorySnapshot;
  };
  quiet: ManyShopsRun;
  burst: ManyShopsRun;
  /** burst.others.hold.p99 / quiet.others.hold.p99 */
  p99Ratio: number;
}

interface AppStats {
  reviews: { status: string; writtenBackStatus: string | null; count: number }[];
  inbox: { topic: string; status: string; count: number }[];
}

const decidedCount = (stats: AppStats) =>
  stats.reviews
    .filter((r) => (r.status === "Approved" || r.status === "Declined") && r.writtenBackStatus === r.status)
    .reduce((s, r) => s + r.count, 0);

export function shopDomain(i: number): string {
  return `bench-many-${String(i).padStart(4, "0")}.myshopify.com`;
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export async function runManyShops(options: ManyShopsOptions): Promise<ManyShopsResult> {
  const log = options.log ?? (() => {});
  const quiet = await runOnce(options, "quiet", log);
  const burst = await runOnce(options, "burst", log);
  const p99Ratio = burst.run.others.hold.p99 / quiet.run.others.hold.p99;
  log(
    `  other shops' p99 webhook → hold: ${formatSeconds(burst.run.others.hold.p99)} with the burst vs ${formatSeconds(quiet.run.others.hold.p99)} quiet = ${p99Ratio.toFixed(2)}×`,
  );
  return {
    shops: options.shops,
    ordersPerShop: options.ordersPerShop ?? 10,
    burstOrders: options.burstOrders ?? 100,
    ratePerSecond: options.ratePerSecond,
    install: quiet.install!,
    quiet: quiet.run,
    burst: burst.run,
    p99Ratio,
  };
}

async function runOnce(
  options: ManyShopsOptions,
  mode: "quiet" | "burst",
  log: (line: string) => void,
): Promise<{ run: ManyShopsRun; install?: ManyShopsResult["install"] }> {
  const { ctx } = options;
  const n = options.shops;
  const perShop = options.ordersPerShop ?? 10;
  const burstCount = options.burstOrders ?? 100;
  const started: ChildHandle<unknown>[] = [];
  try {
    const sandbox = await startSandboxProcess(ctx, { label: `many-${mode}`, reviewDelayMs: options.reviewDelayMs });
    started.push(sandbox);
    const app = await startAppProcess(ctx, {
      label: `many-${mode}`,
      worker: true,
      adminOrigin: sandbox.ready.adminOrigin,
      apruvdUrl: sandbox.ready.apruvdUrl,
    });
    started.push(app);

    const domains = Array.from({ length: n }, (_, i) => shopDomain(i));
    const burstShop = domains[0];
    const seeded: SeededShop[] = [];
    for (const part of chunks(domains, 250))
      seeded.push(...(await sandbox.call<SeededShop[]>("seedShops", { shops: part })));

    // The first shop alone, served a few orders (so start-up's transient memory and the
    // code paths' first use are behind the baseline), then the rest: memory per installed
    // shop (quiet run). Done in both runs, so they differ only by the burst.
    await app.call("installMany", { shops: seeded.slice(0, 1) });
    await warmUp(app, sandbox, ctx.secret, burstShop);
    const withOne = mode === "quiet" ? await settledMemory(app) : null;
    const installStarted = Date.now();
    for (const part of chunks(seeded.slice(1), 100)) await app.call("installMany", { shops: part });
    const installMs = Date.now() - installStarted;
    const installed = withOne ? await settledMemory(app) : null;
    if (withOne && installed) {
      const per = memoryPerShop(withOne, installed, n);
      log(
        `  ${n} shops installed (${n - 1} after the first in ${(installMs / 1000).toFixed(1)} s); RSS ${mbText(withOne.rssBytes)} with one (${breakdown(withOne, mbText)}), ${mbText(installed.rssBytes)} with ${n} → ` +
          `${kbText(per.rssBytes)} per shop (${breakdown(per)}); database ${kbText(per.databaseBytes)} per shop`,
      );
    } else log(`  ${n} shops installed in ${(installMs / 1000).toFixed(1)} s`);

    const orders: (GeneratedOrder & { shop: string })[] = [];
    for (const part of chunks(domains, 100))
      orders.push(
        ...(await sandbox.call<(GeneratedOrder & { shop: string })[]>("createOrdersForShops", {
          shops: part,
          count: perShop,
          seed: 37,
          variants: E2E_VARIANTS,
          decidable: true,
        })),
      );
    const burstOrders =
      mode === "burst"
        ? (
            await sandbox.call<GeneratedOrder[]>("createOrders", {
              shop: burstShop,
              count: burstCount,
              seed: 41,
              variants: E2E_VARIANTS,
              decidable: true,
            })
          ).map((o) => ({ ...o, shop: burstShop }))
        : [];
    // The bursting shop starts with an empty bucket in both runs, so they differ only by the burst.
    await sandbox.call("drain", { shop: burstShop, target: 20 });

    // Interleaved: round j sends order j of every shop, one every 1/rate seconds.
    const byShop = new Map<string, (GeneratedOrder & { shop: string })[]>();
    for (const o of orders) byShop.set(o.shop, [...(byShop.get(o.shop) ?? []), o]);
    const scheduled: { order: GeneratedOrder & { shop: string }; atMs: number }[] = [];
    const stepMs = 1000 / options.ratePerSecond;
    for (let j = 0; j < perShop; j++)
      domains.forEach((shop, s) => {
        const order = byShop.get(shop)?.[j];
        if (order) scheduled.push({ order, atMs: (j * n + s) * stepMs });
      });
    const burstAtMs = Math.round(0.1 * n * perShop * stepMs);
    for (const order of burstOrders) scheduled.push({ order, atMs: burstAtMs });
    scheduled.sort((a, b) => a.atMs - b.atMs);

    const runId = randomBytes(4).toString("hex");
    const bodies = scheduled.map((x) => Buffer.from(x.order.body, "utf8"));
    const deliveries: PacedDelivery[] = scheduled.map((x, i) => ({
      atMs: x.atMs,
      request: () => orderCreateWebhook(ctx.secret, x.order.shop, bodies[i], `${runId}-${i}`),
    }));
    log(
      `  ${mode}: ${orders.length} orders (${perShop} per shop, interleaved) at ${options.ratePerSecond}/s` +
        (mode === "burst"
          ? ` + ${burstCount} orders of ${burstShop} at once ${(burstAtMs / 1000).toFixed(0)} s in`
          : ""),
    );
    const t0 = Date.now();
    let lastLog = t0;
    const sent = await sendPaced({
      url: `${app.ready.url}/webhooks/orders/create`,
      deliveries,
      onTick: (k) => {
        if (Date.now() - lastLog < 15_000) return;
        lastLog = Date.now();
        void app
          .call<AppStats>("stats", {})
          .then((stats) =>
            log(`  … ${((Date.now() - t0) / 1000).toFixed(0)} s: ${k} sent, ${decidedCount(stats)} decided`),
          );
      },
    });

    // Every order sent decided and written back, or the bound. (Only the orders sent count:
    // the app's sweep also reviews the throwaway order the drain wrote to.)
    const total = scheduled.length;
    const sentIds = new Set(scheduled.map((x) => x.order.id));
    const deadline = Date.now() + (options.drainTimeoutMs ?? 180_000);
    const decidedOfSent = async () => {
      const rows = await app.call<[string, string][]>("decidedOrders", {});
      return { rows, count: rows.filter(([, orderId]) => sentIds.has(orderId)).length };
    };
    let decided = await decidedOfSent();
    while (decided.count < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      decided = await decidedOfSent();
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`  … ${((Date.now() - t0) / 1000).toFixed(0)} s: ${decided.count}/${total} decided`);
      }
    }
    const endAt = Date.now();
    const complete = decided.count >= total;
    const timings = await sandbox.call<OrderTimingRow[]>("orderTimings");
    const mem = await recordMemory(app, `many shops (${n}), ${mode}`, options.memory);
    const outcomes = orderOutcomes(
      scheduled.map((x, i) => ({ shop: x.order.shop, orderId: x.order.id, sentAt: sent.sentAt[i] })),
      timings,
      decided.rows,
      endAt,
    );
    const burstIds = new Set(burstOrders.map((o) => o.id));
    const others = outcomes.filter((o) => o.shop !== burstShop);
    const ofBurst = outcomes.filter((o) => burstIds.has(o.orderId));
    let othersDuringBurst: ManyShopsRun["othersDuringBurst"] = null;
    if (ofBurst.length) {
      const from = Math.min(...ofBurst.map((o) => o.sentAt));
      const until = Math.max(...ofBurst.map((o) => o.decidedAt ?? endAt));
      const during: OrderOutcome[] = others.filter((o) => o.sentAt >= from && o.sentAt <= until);
      othersDuringBurst = { hold: outcomePercentiles(during, endAt).hold, orders: during.length };
    }
    const run: ManyShopsRun = {
      mode,
      ordersSent: total,
      webhookStatuses: sent.statusCounts,
      scheduleLagMs: sent.maxLagMs,
      complete,
      elapsedMs: endAt - t0,
      others: outcomePercentiles(others, endAt),
      othersDuringBurst,
      burstShop: ofBurst.length ? outcomePercentiles(ofBurst, endAt) : null,
      memoryPeak: mem ? { rssBytes: Math.max(mem.peakSampledRss, mem.vmHWM ?? 0) } : null,
    };
    log(
      `  ${mode}: ${complete ? "all" : `NOT all (${decided.count}/${total})`} decided after ${(run.elapsedMs / 1000).toFixed(0)} s; ` +
        `other shops' webhook → hold ${formatPercentiles(run.others.hold, "not held at the end")}; → decision ${formatPercentiles(run.others.decision, "not decided at the end")}`,
    );
    if (othersDuringBurst)
      log(
        `  other shops' orders sent during the burst (${othersDuringBurst.orders}): webhook → hold ${formatPercentiles(othersDuringBurst.hold)}`,
      );
    if (run.burstShop)
      log(
        `  bursting shop's ${ofBurst.length} orders: webhook → hold ${formatPercentiles(run.burstShop.hold)}; → decision ${formatPercentiles(run.burstShop.decision)}`,
      );
    let install: ManyShopsResult["install"] | undefined;
    if (withOne && installed) {
      const served = await settledMemory(app);
      install = {
        durationMs: installMs,
        withOne,
        installed,
        served,
        perShopInstalled: memoryPerShop(withOne, installed, n),
        perShopServed: memoryPerShop(withOne, served, n),
      };
      log(
        `  after every shop's orders: RSS ${mbText(served.rssBytes)} (${breakdown(served, mbText)}) → ${kbText(install.perShopServed.rssBytes)} per shop over the one-shop baseline (${breakdown(install.perShopServed)}, database ${kbText(install.perShopServed.databaseBytes)})`,
      );
    }
    return { run, install };
  } finally {
    await Promise.allSettled(started.map((c) => c.stop()));
  }
}

/** The app's memory and database at one moment of the many-shops run. */
export interface MemorySnapshot {
  rssBytes: number;
  /** The main thread's JS heap in use after a full collection. */
  heapUsedBytes: number;
  /** The worker thread's JS heap in use after a full collection in it (0 without one). */
  threadHeapUsedBytes: number;
  /** The RSS's anonymous (heaps, malloc) and file-backed parts (0 off Linux). */
  rssAnonBytes: number;
  rssFileBytes: number;
  databaseBytes: number;
}

/** RSS after full collections: the median of three readings a moment apart (RSS moves in steps). */
async function settledMemory(app: ChildHandle<unknown>): Promise<MemorySnapshot> {
  const readings: AppMemoryReport[] = [];
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 300));
    readings.push(await app.call<AppMemoryReport>("gcThenMemory"));
  }
  readings.sort((a, b) => a.rss - b.rss);
  const db = await app.call<{ bytes: number }>("databaseBytes");
  const r = readings[1];
  return {
    rssBytes: r.rss,
    heapUsedBytes: r.heapUsed,
    threadHeapUsedBytes: r.threadHeap?.used ?? 0,
    rssAnonBytes: r.rssAnon ?? 0,
    rssFileBytes: r.rssFile ?? 0,
    databaseBytes: db.bytes,
  };
}

function memoryPerShop(one: MemorySnapshot, all: MemorySnapshot, n: number): MemorySnapshot {
  const per = (a: number, b: number) => (n > 1 ? (b - a) / (n - 1) : Number.NaN);
  return {
    rssBytes: per(one.rssBytes, all.rssBytes),
    heapUsedBytes: per(one.heapUsedBytes, all.heapUsedBytes),
    threadHeapUsedBytes: per(one.threadHeapUsedBytes, all.threadHeapUsedBytes),
    rssAnonBytes: per(one.rssAnonBytes, all.rssAnonBytes),
    rssFileBytes: per(one.rssFileBytes, all.rssFileBytes),
    databaseBytes: per(one.databaseBytes, all.databaseBytes),
  };
}

/** What an RSS figure is made of: anonymous / file-backed, and the two threads' JS heaps. */
function breakdown(x: MemorySnapshot, unit: (bytes: number) => string = kbText): string {
  return `anon ${unit(x.rssAnonBytes)}, file ${unit(x.rssFileBytes)}; JS heap ${unit(x.heapUsedBytes)} main, ${unit(x.threadHeapUsedBytes)} worker thread`;
}

const mbText = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const kbText = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** A few orders of the first shop, sent at once and awaited (bounded), before anything is measured. */
async function warmUp(
  app: ChildHandle<unknown>,
  sandbox: ChildHandle<unknown>,
  secret: string,
  shop: string,
): Promise<void> {
  const orders = await sandbox.call<GeneratedOrder[]>("createOrders", {
    shop,
    count: WARM_UP_ORDERS,
    seed: 43,
    variants: E2E_VARIANTS,
    decidable: true,
  });
  const runId = randomBytes(4).toString("hex");
  await sendPaced({
    url: `${(app as ChildHandle<{ url: string }>).ready.url}/webhooks/orders/create`,
    deliveries: orders.map((o, i) => ({
      atMs: 0,
      request: () => orderCreateWebhook(secret, shop, Buffer.from(o.body, "utf8"), `${runId}-warm-${i}`),
    })),
  });
  const ids = new Set(orders.map((o) => o.id));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const decided = await app.call<[string, string][]>("decidedOrders", { shops: [shop] });
    if (decided.filter(([, id]) => ids.has(id)).length >= ids.size) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}
