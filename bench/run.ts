/**
 * `npm run bench` (tsx bench/run.ts): builds the app into bench/.build, then runs
 *   1. webhook acknowledgement for orders/create (bench/webhook-ack.ts),
 *   2. end to end through the Shopify simulator and the Apruvd sandbox (bench/end-to-end.ts),
 *   3. sustained: orders at 2× the shop's ceiling for 5 minutes (bench/sustained.ts),
 *   4. many shops: 1,000 installed shops × 10 orders, quiet and with one shop bursting (bench/many-shops.ts),
 *   5. peak RSS of every app process over all of them, and memory per installed shop (bench/memory.ts),
 * prints the figures and writes bench/results.md (and bench/results.json, raw).
 *
 * Flags: --no-build (serve the existing bench/.build) · --quick (small sizes) ·
 * --orders=N · --ack-duration=MS · --sustained-duration=MS · --shops=N · --shop-orders=N ·
 * --many-rate=ORDERS_PER_S · --cpu-prof (extra profiled run of the webhook route;
 * summary in results.md) · --keep (keep the work folder with databases and child logs) ·
 * --only=ack|e2e|sustained|many (or several, comma-separated).
 *
 * Exit code 0 when the benchmarks ran (targets missed or not: see the table), 1 when one
 * of them failed to run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp, createBenchContext } from "./children";
import { runEndToEnd } from "./end-to-end";
import { MANY_SHOPS_DEFAULT_RATE, runManyShops } from "./many-shops";
import { PeakMemory } from "./memory";
import { formatProfileSummary, summariseProfile } from "./profile-summary";
import { type BenchResults, machine, renderResultsMarkdown, verdicts } from "./report";
import { runSustained, SUSTAINED_MULTIPLE } from "./sustained";
import { runWebhookAck } from "./webhook-ack";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];

const quick = flag("quick");
const options = {
  ackConnections: [50, 200],
  ackDurationMs: Number(value("ack-duration") ?? (quick ? 2000 : 6000)),
  ackMaxRequests: 60_000,
  ackWarmupMs: quick ? 500 : 1500,
  e2eOrders: Number(value("orders") ?? (quick ? 30 : 100)),
  e2eTimeoutMs: quick ? 90_000 : 170_000,
  reviewDelayMs: 50,
  sustainedDurationMs: Number(value("sustained-duration") ?? (quick ? 60_000 : 300_000)),
  manyShops: Number(value("shops") ?? (quick ? 100 : 1000)),
  manyShopsOrdersPerShop: Number(value("shop-orders") ?? 10),
  manyShopsBurstOrders: 100,
  manyShopsRatePerSecond: Number(value("many-rate") ?? MANY_SHOPS_DEFAULT_RATE),
  cpuProf: flag("cpu-prof"),
  only: value("only") ?? "all",
};
const runs = new Set(options.only === "all" ? ["ack", "e2e", "sustained", "many"] : options.only.split(","));

const started = Date.now();
const log = (line: string) => console.log(line);
const m = machine();
log(`Apruvd for Shopify benchmarks · ${m.nproc} CPUs · Node ${m.node} · commit ${m.commit}`);

if (!flag("no-build")) {
  log("\nBuilding the app into bench/.build …");
  buildApp();
}

const ctx = createBenchContext();
const memory = new PeakMemory();
const results: BenchResults = {
  startedAt: new Date(started).toISOString(),
  totalMs: 0,
  options,
  memory: { peakBytes: 0, entries: memory.entries },
  loadAverage: { start: os.loadavg()[0], end: 0 },
};

if (runs.has("ack")) {
  log(`\n1. Webhook acknowledgement, POST /webhooks/orders/create (${options.ackDurationMs / 1000} s per measurement)`);
  try {
    results.ack = await runWebhookAck({
      ctx,
      connections: options.ackConnections,
      durationMs: options.ackDurationMs,
      maxRequests: options.ackMaxRequests,
      warmupMs: options.ackWarmupMs,
      memory,
      log,
      profileFile: options.cpuProf ? path.join(ctx.workDir, "webhook-route.cpuprofile") : undefined,
    });
    for (const r of results.ack.ratios)
      log(`  throughput ratio ${r.target} / bare at ${r.connections}: ${(r.ratio * 100).toFixed(1)}%`);
    if (results.ack.profile) {
      results.profileSummary = formatProfileSummary(
        summariseProfile(results.ack.profile.file, 25, [
          "@prisma",
          "libsql",
          "@shopify/shopify-app-remix",
          "@shopify/shopify-api",
          "@remix-run",
          "express",
        ]),
      );
      log(results.profileSummary);
    }
  } catch (error) {
    results.ackError = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  FAILED: ${results.ackError}`);
  }
}

if (runs.has("e2e")) {
  log(
    `\n2. End to end through the sandbox (${options.e2eOrders} orders, standard bucket 2000 points / 100 per second)`,
  );
  try {
    results.e2e = await runEndToEnd({
      ctx,
      orders: options.e2eOrders,
      timeoutMs: options.e2eTimeoutMs,
      reviewDelayMs: options.reviewDelayMs,
      memory,
      log,
    });
  } catch (error) {
    results.e2eError = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  FAILED: ${results.e2eError}`);
  }
}

if (runs.has("sustained")) {
  log(
    `\n3. Sustained: orders at ${SUSTAINED_MULTIPLE}× the shop's ceiling for ${(options.sustainedDurationMs / 1000).toFixed(0)} s (standard bucket, emptied first)`,
  );
  try {
    // Paced on this run's own cost per order when the end-to-end run measured one.
    const measured = results.e2e?.complete ? results.e2e.cost.actualPerOrder : undefined;
    results.sustained = await runSustained({
      ctx,
      durationMs: options.sustainedDurationMs,
      costPerOrder: measured,
      reviewDelayMs: options.reviewDelayMs,
      memory,
      log,
    });
  } catch (error) {
    results.sustainedError = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  FAILED: ${results.sustainedError}`);
  }
}

if (runs.has("many")) {
  log(
    `\n4. Many shops: ${options.manyShops} installed shops × ${options.manyShopsOrdersPerShop} orders interleaved at ${options.manyShopsRatePerSecond}/s, quiet and with one shop bursting ${options.manyShopsBurstOrders}`,
  );
  try {
    results.manyShops = await runManyShops({
      ctx,
      shops: options.manyShops,
      ordersPerShop: options.manyShopsOrdersPerShop,
      burstOrders: options.manyShopsBurstOrders,
      ratePerSecond: options.manyShopsRatePerSecond,
      reviewDelayMs: options.reviewDelayMs,
      memory,
      log,
    });
  } catch (error) {
    results.manyShopsError = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  FAILED: ${results.manyShopsError}`);
  }
}

results.memory.peakBytes = memory.peakBytes();
results.totalMs = Date.now() - started;
results.loadAverage!.end = os.loadavg()[0];
log(
  `\n5. Peak RSS of the app process: ${(results.memory.peakBytes / 2 ** 20).toFixed(0)} MB (${memory.entries.map((e) => `${e.label} ${(e.peakBytes / 2 ** 20).toFixed(0)} MB`).join(", ")})`,
);

const markdown = renderResultsMarkdown(results);
fs.writeFileSync(path.resolve("bench/results.md"), `${markdown}\n`);
fs.writeFileSync(path.resolve("bench/results.json"), `${JSON.stringify({ machine: m, ...results }, null, 1)}\n`);

log("\n| Figure | Measured | Target | Result |");
log("|---|---|---|---|");
for (const v of verdicts(results))
  log(`| ${v.figure} | ${v.measured} | ${v.target} | ${v.pass === null ? "—" : v.pass ? "pass" : "MISS"} |`);
log(`\nWrote bench/results.md and bench/results.json · total ${(results.totalMs / 1000).toFixed(0)} s`);

const failed = Boolean(results.ackError || results.e2eError || results.sustainedError || results.manyShopsError);
if (flag("keep") || failed || options.cpuProf)
  log(`Work folder (databases, child logs${options.cpuProf ? ", CPU profile" : ""}): ${ctx.workDir}`);
else fs.rmSync(ctx.workDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
