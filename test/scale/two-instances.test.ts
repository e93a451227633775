import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../app/db.server";
import { INBOX_DEAD_LETTER_QUEUE, INBOX_QUEUE } from "../../app/lib/runner/pg-boss/queue.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { generateOrders, type OrderVariant } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { DEFAULT_BUILD_PATH } from "../../sandbox/harness/app-environment";
import { type AppProcess, type AppProcessOptions, startAppProcess } from "../../sandbox/harness/app-process";
import { freePort, HOLD_HANDLE, waitFor } from "../../sandbox/harness/utilities";
import { countUndecided, type InstalledShop, installShop, reviewedOnceProblems } from "../support/fault-helpers";
import { type LoadBalancer, startRoundRobin } from "./load-balancer";
import { createTestDatabase, type TestDatabase } from "./postgres";

/**
 * "Never lose an order", scaled out: TWO app instances (separate processes, each with its
 * web server, its inbox dispatcher and its pg-boss workers) on ONE PostgreSQL database.
 * 1,000 signed orders/create webhooks are spread across both; one in ten is delivered to
 * BOTH instances at once with the same webhook id (Shopify's retry racing the original),
 * and one in twenty-five also arrives as a second, different event on the other instance.
 * Apruvd's callbacks reach the instances through a round-robin load balancer.
 *
 * Every order must end reviewed: exactly one Apruvd transaction, exactly one hold of ours
 * per fulfillment order, its decision written back, nothing left in the inbox and nothing
 * dead-lettered. This fails if the inbox does not dedupe across instances, if two
 * instances can run the same order at once, or if a row is lost between inbox and queue.
 *
 * Needs `npm run build` (scripts/test.ts builds first) and PostgreSQL (TEST_POSTGRES_URL,
 * default postgresql://postgres@127.0.0.1:5432/test): without it the test fails, saying so.
 */

// SCALE_ORDERS only to experiment locally (must be a multiple of 50); the test is about 1,000.
const ORDERS = Number(process.env.SCALE_ORDERS ?? 1000);
const SHOP = "scale-store.myshopify.com";
// Orders whose every fulfillment order can be held and whose decision is final.
const VARIANTS: OrderVariant[] = [
  "card-ordinary",
  "card-approve",
  "card-decline",
  "card-wallet",
  "multi-line-items",
  "discount-mixed",
  "multi-fulfillment-orders",
  "presentment-currency",
];
const DELIVERY_CONCURRENCY = 24;

let db: TestDatabase | undefined;
let prisma: PrismaClient | undefined;
let apruvd: ApruvdSandbox | undefined;
let shopify: ShopifySimulator | undefined;
let balancer: LoadBalancer | undefined;
const instances: AppProcess[] = [];
let installed: InstalledShop;
const apiSecret = crypto.randomBytes(16).toString("hex");
const encryptionKey = crypto.randomBytes(32).toString("hex");
const timings: Record<string, unknown> = {};

// A failed setup (no PostgreSQL, no build) fails the test with its reason; it never skips it.
let ready: Promise<void>;

beforeAll(async () => {
  ready = setUp();
  await ready.catch(() => undefined);
}, 120_000);

async function setUp(): Promise<void> {
  const started = Date.now();
  // REMIX_BUILD (read by sandbox/harness/app-process.ts too) may point at another copy of the build.
  const buildPath = path.resolve(process.env.REMIX_BUILD ?? DEFAULT_BUILD_PATH);
  if (!fs.existsSync(buildPath))
    throw new Error(`No server build at ${buildPath}: run \`npm run build\` first (npm test does).`);

  db = await createTestDatabase("scale");
  prisma = createPrismaClient(db.url);
  apruvd = await startApruvdSandbox({ reviewDelayMs: 20 });
  shopify = await startShopifySimulator({ throttle: false });

  const ports = [await freePort(), await freePort()];
  balancer = await startRoundRobin(ports);
  // connectApruvd (below, in this process) encrypts the shop's keys; the instances decrypt them.
  process.env.APRUVD_ENCRYPTION_KEY = encryptionKey;
  const instance = (port: number, name: string): AppProcessOptions => ({
    name,
    port,
    stopGraceMs: 30_000,
    nodeEnv: "production",
    databaseUrl: db!.url,
    apiSecret,
    // Behind the load balancer, every instance has the same public URL.
    appUrl: balancer!.url,
    shopifyAdminOrigin: shopify!.url,
    apruvdUrl: apruvd!.url,
    encryptionKey,
    workerConcurrency: 8,
    retryBaseMs: 1000,
    retryCapMs: 5000,
    logLevel: "warn",
    extra: { DATABASE_POOL_SIZE: "6", QUEUE_POLL_INTERVAL_MS: "500", RECONCILE_INTERVAL_MS: "0" },
  });
  instances.push(...(await Promise.all(ports.map((port, i) => startAppProcess(instance(port, `instance-${i + 1}`))))));
  installed = await installShop({ prisma, apruvd, shopify, shop: SHOP, appUrl: balancer.url });
  timings.setupMs = Date.now() - started;
}

afterAll(async () => {
  await Promise.allSettled(instances.map((instance) => instance.stop()));
  await balancer?.close();
  await Promise.allSettled([apruvd?.close(), shopify?.close()]);
  await prisma?.$disconnect();
  await db?.drop();
  if (Object.keys(timings).length) console.log(`two-instances timings: ${JSON.stringify(timings)}`);
}, 60_000);

async function mapLimit<T>(items: T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await run(items[index], index);
      }
    }),
  );
}

/** Per topic: events, events needing more than one attempt, and receivedAt → processedAt percentiles (ms). */
async function inboxLatency(client: PrismaClient): Promise<unknown> {
  const rows = await client.inboxEvent.findMany({
    select: { topic: true, attempts: true, receivedAt: true, processedAt: true },
  });
  const byTopic = new Map<string, { n: number; retried: number; ms: number[] }>();
  for (const row of rows) {
    const entry = byTopic.get(row.topic) ?? { n: 0, retried: 0, ms: [] };
    entry.n++;
    if (row.attempts > 1) entry.retried++;
    if (row.processedAt) entry.ms.push(row.processedAt.getTime() - row.receivedAt.getTime());
    byTopic.set(row.topic, entry);
  }
  return Object.fromEntries(
    [...byTopic].map(([topic, { n, retried, ms }]) => {
      ms.sort((a, b) => a - b);
      const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? null;
      return [topic, { n, retried, p50: at(0.5), p95: at(0.95), max: ms.at(-1) ?? null }];
    }),
  );
}

function instanceOutput(): string {
  return instances.map((i) => `--- ${i.name} ---\n${i.output.slice(-30).join("\n")}`).join("\n");
}

describe("two app instances, one PostgreSQL database", () => {
  it("reviews 1,000 orders exactly once each, with duplicate deliveries racing across instances", async () => {
    await ready;
    const sim = shopify!;
    const db2 = prisma!;
    const specs = generateOrders(ORDERS, {
      seed: 2026,
      variants: VARIANTS,
      shopDomain: SHOP,
      startAt: Date.now() - 3_600_000,
      spacingMs: 1000,
    });
    const orders: StoreOrder[] = specs.map((spec) => sim.createOrder(SHOP, spec));

    const deliveries: { order: string; instance: string; status: number; ms: number }[] = [];
    const deliver = async (order: StoreOrder, instance: AppProcess, webhookId: string) => {
      const sent = performance.now();
      const result = await sim.deliverOrderWebhook(SHOP, order.id, "orders/create", instance.url, apiSecret, {
        webhookId,
      });
      deliveries.push({
        order: order.name,
        instance: instance.name,
        status: result.status,
        ms: performance.now() - sent,
      });
    };

    const sendStarted = Date.now();
    await mapLimit(orders, DELIVERY_CONCURRENCY, async (order, i) => {
      const [home, other] = i % 2 === 0 ? [instances[0], instances[1]] : [instances[1], instances[0]];
      const webhookId = `scale-${i}-${crypto.randomUUID()}`;
      if (i % 10 === 0) {
        // The same delivery to both instances at once (a retry racing the original).
        await Promise.all([deliver(order, home, webhookId), deliver(order, other, webhookId)]);
      } else {
        await deliver(order, home, webhookId);
      }
      if (i % 25 === 1) {
        // A second, distinct event for the same order, on the other instance.
        await deliver(order, other, `scale-extra-${i}-${crypto.randomUUID()}`);
      }
    });
    timings.webhooksMs = Date.now() - sendStarted;
    const ackMs = deliveries.map((d) => d.ms).sort((a, b) => a - b);
    timings.webhookAckMs = {
      p50: Math.round(ackMs[Math.floor(ackMs.length / 2)]),
      p95: Math.round(ackMs[Math.floor(ackMs.length * 0.95)]),
      max: Math.round(ackMs.at(-1) ?? 0),
    };
    const expectedDeliveries = ORDERS + ORDERS / 10 + ORDERS / 25;
    expect(deliveries).toHaveLength(expectedDeliveries);
    expect(
      deliveries.filter((d) => d.status !== 200),
      "every delivery acknowledged with 200",
    ).toEqual([]);
    expect(new Set(deliveries.map((d) => d.instance))).toEqual(new Set(instances.map((i) => i.name)));

    const drained = await waitFor(
      async () =>
        countUndecided(sim, SHOP, orders) === 0 &&
        (await db2.inboxEvent.count({ where: { status: { not: "done" } } })) === 0,
      150_000,
      250,
    );
    timings.endToEndMs = Date.now() - sendStarted;
    if (!drained) {
      const pending = await db2.inboxEvent.groupBy({ by: ["status", "topic"], _count: true });
      throw new Error(
        `Not every order was decided in time: ${countUndecided(sim, SHOP, orders)} undecided; inbox ${JSON.stringify(pending)}\n${instanceOutput()}`,
      );
    }
    await apruvd!.idle();
    timings.latency = await inboxLatency(db2);

    // Exactly one transaction per order, one hold of ours per fulfillment order, decisions
    // written back (tags, holds, risk), nothing left in the inbox.
    const problems = await reviewedOnceProblems({
      prisma: db2,
      apruvd: apruvd!,
      shopify: sim,
      shop: SHOP,
      apruvdAccount: installed.apruvdCredentials.keyId,
      orders,
    });
    expect(problems.slice(0, 50), `${problems.length} problems`).toEqual([]);

    const transactions = apruvd!.transactions().filter((t) => t.account === installed.apruvdCredentials.keyId);
    expect(transactions).toHaveLength(ORDERS);
    expect(new Set(transactions.map((t) => t.order_num)).size).toBe(ORDERS);

    const foCount = orders.reduce((n, order) => n + sim.order(SHOP, order.id).fulfillmentOrders.length, 0);
    expect(foCount).toBeGreaterThan(ORDERS);
    const ourHolds = orders.flatMap((order) =>
      sim
        .order(SHOP, order.id)
        .fulfillmentOrders.flatMap((fo) => [...fo.holds, ...fo.releasedHolds].filter((h) => h.handle === HOLD_HANDLE)),
    );
    expect(ourHolds).toHaveLength(foCount);
    expect(await db2.fulfillmentHold.count()).toBe(foCount);
    expect(await db2.review.count({ where: { shop: SHOP } })).toBe(ORDERS);

    // The inbox deduped the racing duplicates: one orders/create row per webhook id.
    expect(await db2.inboxEvent.count({ where: { topic: "orders/create" } })).toBe(ORDERS + ORDERS / 25);

    // Both instances' workers processed events, and Apruvd's callbacks reached both.
    const byWorker = await db2.inboxEvent.groupBy({ by: ["lockedBy"], _count: true });
    const workerPids = new Set(byWorker.map((w) => /^pgboss-(\d+)-/.exec(w.lockedBy ?? "")?.[1]).filter(Boolean));
    expect(workerPids).toEqual(new Set(instances.map((i) => String(i.process.pid))));
    const forwarded = [...balancer!.counts().values()];
    expect(
      forwarded.every((n) => n >= ORDERS / 4),
      `callbacks per instance: ${forwarded}`,
    ).toBe(true);

    // pg-boss: every job completed, nothing dead-lettered, nothing still waiting.
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; state: string; n: number }>(
        `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) GROUP BY 1, 2`,
        [[INBOX_QUEUE, INBOX_DEAD_LETTER_QUEUE]],
      );
      expect(rows.filter((r) => r.name === INBOX_DEAD_LETTER_QUEUE || r.state !== "completed")).toEqual([]);
      expect(rows.find((r) => r.name === INBOX_QUEUE)?.n).toBeGreaterThanOrEqual(2 * ORDERS);
    } finally {
      await client.end();
    }
  }, 180_000);
});
