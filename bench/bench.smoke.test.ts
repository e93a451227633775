/**
 * Keeps the benchmark code from rotting: runs each benchmark at a tiny size against the
 * real build and checks that every figure is a well-formed number. No timing assertions.
 * `npx vitest run --config bench/vitest.config.ts` (or through the main config once it
 * includes bench/**\/*.test.ts).
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBareHmacServer } from "./bare-hmac-server";
import { buildApp, createBenchContext, DEFAULT_BUILD, type BenchContext } from "./children";
import { runEndToEnd } from "./end-to-end";
import { runManyShops } from "./many-shops";
import { percentile, runLoad } from "./load";
import { PeakMemory } from "./memory";
import { renderResultsMarkdown, verdicts } from "./report";
import { runSustained } from "./sustained";
import { censoredPercentiles } from "./timings";
import { runWebhookAck } from "./webhook-ack";

const finite = (x: unknown) => typeof x === "number" && Number.isFinite(x);

describe("load generator and bare route", () => {
  it("percentile picks the nearest rank", () => {
    const xs = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(500);
    expect(percentile(xs, 0.99)).toBe(990);
    expect(percentile(xs, 0.999)).toBe(999);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
  });

  it("the bare route answers 200 to a good signature and 401 to a bad one; the load generator counts both", async () => {
    const server = createBareHmacServer("s3cret");
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const body = Buffer.from(JSON.stringify({ id: 1 }));
      const good = createHmac("sha256", "s3cret").update(body).digest("base64");
      const result = await runLoad({
        url,
        connections: 4,
        durationMs: 2000,
        maxRequests: 40,
        request: (i) => ({
          body,
          headers: {
            "content-type": "application/json",
            "x-shopify-hmac-sha256": i % 2 ? good : `${good.slice(0, -2)}AA`,
          },
        }),
      });
      expect(result.requests).toBe(40);
      expect(result.statusCounts["200"]).toBe(20);
      expect(result.statusCounts["401"]).toBe(20);
      expect(result.non200).toBe(20);
      for (const v of Object.values(result.latencyMs)) expect(finite(v)).toBe(true);
      expect(result.throughput).toBeGreaterThan(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("benchmarks at a tiny size", () => {
  let ctx: BenchContext;
  const memory = new PeakMemory();

  beforeAll(() => {
    if (!fs.existsSync(DEFAULT_BUILD)) buildApp();
    ctx = createBenchContext();
  }, 120_000);

  afterAll(() => {
    if (ctx) fs.rmSync(ctx.workDir, { recursive: true, force: true });
  });

  let ack: Awaited<ReturnType<typeof runWebhookAck>>;
  let e2e: Awaited<ReturnType<typeof runEndToEnd>>;
  let sustained: Awaited<ReturnType<typeof runSustained>>;
  let many: Awaited<ReturnType<typeof runManyShops>>;

  it("webhook acknowledgement: every row and ratio is a number", async () => {
    ack = await runWebhookAck({
      ctx,
      connections: [2, 4],
      durationMs: 400,
      maxRequests: 30,
      warmupMs: 0,
      distinctOrders: 4,
      memory,
    });
    expect(ack.rows.map((r) => `${r.target}@${r.connections}`).sort()).toEqual(
      [
        "app-worker-off@2",
        "app-worker-off@4",
        "app-worker-on@2",
        "app-worker-on@4",
        "app-worker-in-process@2",
        "app-worker-in-process@4",
        "bare@2",
        "bare@4",
      ].sort(),
    );
    for (const row of ack.rows) {
      expect(row.load.requests).toBeGreaterThan(0);
      expect(row.load.errors).toBe(0);
      // Every webhook is correctly signed: the app and the bare route answer 200.
      expect(row.load.non200).toBe(0);
      expect(finite(row.load.throughput)).toBe(true);
      for (const v of Object.values(row.load.latencyMs)) expect(finite(v)).toBe(true);
      expect(row.load.latencyMs.p50).toBeLessThanOrEqual(row.load.latencyMs.p99);
      expect(row.load.latencyMs.p99).toBeLessThanOrEqual(row.load.latencyMs.p999);
      expect(finite(row.load.steadyLatencyMs.p99)).toBe(true);
      expect(finite(row.load.firstRequestMaxMs)).toBe(true);
    }
    expect(ack.ratios).toHaveLength(6); // three app targets (worker off, in its thread, in-process) × two loads
    for (const r of ack.ratios) expect(finite(r.ratio) && r.ratio > 0).toBe(true);
    expect(finite(ack.payloadBytes.mean)).toBe(true);
  }, 180_000);

  it("end to end: cost, calls per round, rate and ceiling are numbers", async () => {
    e2e = await runEndToEnd({ ctx, orders: 3, timeoutMs: 60_000, drainFirst: false, reviewDelayMs: 20, memory });
    expect(e2e.complete).toBe(true);
    expect(e2e.ordersReviewed).toBe(3);
    for (const x of [
      e2e.ordersPerMinute,
      e2e.ceilingOrdersPerMinute,
      e2e.ceilingShare,
      e2e.cost.requestedPerOrder,
      e2e.cost.actualPerOrder,
      e2e.perOrder.queries,
      e2e.perOrder.mutations,
      e2e.elapsedMs,
    ]) {
      expect(finite(x)).toBe(true);
    }
    expect(e2e.cost.actualPerOrder).toBeGreaterThan(0);
    expect(e2e.cost.requestedPerOrder).toBeGreaterThanOrEqual(e2e.cost.actualPerOrder);
    const rounds = e2e.perOrder.rounds;
    for (const r of [rounds.underReview, rounds.decision])
      for (const v of Object.values(r)) expect(finite(v)).toBe(true);
    // Every order was read once; the proxy attributed every call to its order.
    expect(rounds.underReview.queriesMean).toBeGreaterThanOrEqual(1);
    expect(e2e.perOrder.unattributedCalls).toBe(0);
    expect(e2e.cost.byOperation.map((o) => o.operationName)).toContain("OrderForReview");
  }, 180_000);

  it("sustained: paced arrivals, censored percentiles, rate against the ceiling and the backlog are numbers", async () => {
    // 2× a ceiling of 100 points per order: 2 orders/s for 4 s, on a full bucket so they are decided.
    sustained = await runSustained({
      ctx,
      durationMs: 4000,
      costPerOrder: 100,
      drainFirst: false,
      reviewDelayMs: 20,
      memory,
    });
    expect(sustained.ordersSent).toBe(8);
    expect(sustained.webhookStatuses["200"]).toBe(8);
    expect(sustained.webhookToHoldMs.count).toBe(8);
    expect(sustained.webhookToHoldMs.censored).toBe(0);
    expect(sustained.ordersDecided).toBeGreaterThan(0);
    for (const x of [
      sustained.webhookToHoldMs.p50,
      sustained.webhookToHoldMs.p99,
      sustained.webhookToDecisionMs.p99,
      sustained.ordersPerMinute,
      sustained.ceilingOrdersPerMinute,
      sustained.ceilingShare,
      sustained.actualCostPerDecidedOrder,
      sustained.bucketUse,
      sustained.ackMs.p99,
      sustained.holdFirstBound.ordersPerMinute,
      sustained.holdFirstBound.share,
    ])
      expect(finite(x)).toBe(true);
    // Every order was held: some of the bucket went to the holds.
    expect(sustained.holdFirstBound.holdPointsPerOrder).toBeGreaterThan(0);
    expect(sustained.backlog.undecided).toBe(sustained.ordersSent - sustained.ordersDecided);
  }, 60_000);

  it("many shops: installed shops, interleaved orders, a burst, time-to-hold and memory per shop are numbers", async () => {
    many = await runManyShops({
      ctx,
      shops: 3,
      ordersPerShop: 2,
      burstOrders: 3,
      ratePerSecond: 10,
      drainTimeoutMs: 40_000,
      reviewDelayMs: 20,
      memory,
    });
    for (const run of [many.quiet, many.burst]) {
      expect(run.complete).toBe(true);
      // The other two shops' two orders each, every one held.
      expect(run.others.hold.count).toBe(4);
      expect(run.others.hold.censored).toBe(0);
      expect(finite(run.others.hold.p99)).toBe(true);
      expect(finite(run.others.decision.p99)).toBe(true);
    }
    expect(many.quiet.ordersSent).toBe(6);
    expect(many.burst.ordersSent).toBe(9);
    expect(many.burst.burstShop?.hold.count).toBe(3);
    expect(many.quiet.burstShop).toBeNull();
    expect(finite(many.p99Ratio)).toBe(true);
    const { install } = many;
    expect(finite(install.durationMs)).toBe(true);
    for (const snapshot of [
      install.withOne,
      install.installed,
      install.served,
      install.perShopInstalled,
      install.perShopServed,
    ])
      for (const x of Object.values(snapshot)) expect(finite(x)).toBe(true);
    // Whole 4 KB pages: two more shops may still fit in the pages the first one used.
    expect(install.perShopInstalled.databaseBytes).toBeGreaterThanOrEqual(0);
    expect(install.served.databaseBytes).toBeGreaterThan(install.withOne.databaseBytes);
  }, 90_000);

  it("censored percentiles mark what a still-waiting order could move", () => {
    const p = censoredPercentiles([
      { ms: 1, done: true },
      { ms: 2, done: true },
      { ms: 3, done: false },
      { ms: 4, done: true },
    ]);
    expect(p).toMatchObject({ p50: 2, p99: 4, max: 4, censored: 1 });
    expect(p.lowerBound).toEqual({ p50: false, p99: true, max: true });
    expect(censoredPercentiles([{ ms: 5, done: true }]).lowerBound).toEqual({ p50: false, p99: false, max: false });
  });

  it("peak memory and the results table are well formed", () => {
    // ack: worker off, in its thread, in-process; end to end; sustained; many shops quiet and bursting.
    expect(memory.entries.length).toBe(7);
    for (const e of memory.entries) expect(e.peakBytes).toBeGreaterThan(10 * 2 ** 20);
    const results = {
      startedAt: new Date().toISOString(),
      totalMs: 1,
      options: { ackDurationMs: 400, ackMaxRequests: 30, reviewDelayMs: 20 },
      ack,
      e2e,
      sustained,
      manyShops: many,
      memory: { peakBytes: memory.peakBytes(), entries: memory.entries },
    };
    const table = verdicts(results);
    expect(table.length).toBeGreaterThanOrEqual(9);
    for (const v of table) expect(v.measured).not.toMatch(/n\/a|NaN|undefined/);
    const md = renderResultsMarkdown(results);
    expect(md).toContain("| Figure | Measured | Target | Result |");
    expect(md).toContain("Peak RSS");
    expect(md).toContain("## 3. Sustained");
    expect(md).toContain("## 4. Many shops");
    for (const figure of [
      "Sustained 2×",
      "Many shops",
      "Memory per installed shop",
      "Peak RSS of the app process, sustained",
    ])
      expect(table.some((v) => v.figure.includes(figure))).toBe(true);
  });
});
