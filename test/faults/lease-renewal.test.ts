import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { generateOrders } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import { freePort, waitFor } from "../../sandbox/harness/utilities";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import { countUndecided, faultAppOptions, installShop, reviewedOnceProblems } from "../support/fault-helpers";
import { type EngineDatabase, ENGINES, freshDatabase } from "../support/engine-database";

/**
 * "A worker's lease is short and renewed while it works, without ever running one event
 * twice at once" (issue 12). Two app processes share one database, each with its worker
 * and the app's DEFAULT lease (seconds), on SQLite (the lease worker) and on PostgreSQL
 * (pg-boss, the inbox row's lease fencing every write). Apruvd answers slowly: every request
 * takes LATENCY_MS, longer than the lease, so each review outlives its lease several
 * times over. A worker that renews its lease keeps its event; one that does not lets the
 * other process take the event over while the first is still submitting it.
 *
 * Each order's two events — orders/create (the hold, app/lib/jobs/hold-first.server.ts)
 * and system/review-order (the review and its slow Apruvd calls) — must have been claimed
 * exactly once (attempts = 1), and every order reviewed exactly once. Fails without the
 * renewal (mutants "no-lease-renewal" and "no-lease-renewal-postgresql": the review's next
 * call after its lease ran out is refused, and the event is claimed again).
 */

const ORDERS = 4;
const LATENCY_MS = 12_000; // above the default lease (10 s), under the worker client's 15 s timeout

const apiSecret = crypto.randomBytes(16).toString("hex");

describe.each(ENGINES)("two workers, one database, reviews longer than a lease (%s)", (engine) => {
  let apruvd: ApruvdSandbox;
  let shopify: ShopifySimulator;
  let database: EngineDatabase;
  const children: AppProcess[] = [];

  // Apruvd's latency is set for the whole sandbox: each engine gets its own.
  beforeAll(async () => {
    apruvd = await startApruvdSandbox({ reviewDelayMs: 100 });
    shopify = await startShopifySimulator({ throttle: false });
    database = await freshDatabase(engine, "lease_renewal");
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await Promise.allSettled(children.map((c) => c.exited));
    await Promise.allSettled([apruvd?.close(), shopify?.close()]);
    await database?.drop();
  });

  it("each event is claimed once: the working worker renews its lease and the other never takes it over", async () => {
    const { prisma } = database;
    const shop = `lease-renewal-${engine}.myshopify.com`;
    const start = async () => {
      const port = await freePort();
      const child = await startAppProcess(
        faultAppOptions({
          port,
          databaseUrl: database.url,
          apiSecret,
          apruvdUrl: apruvd.url,
          shopifyUrl: shopify.url,
          workerConcurrency: 4,
        }),
      );
      children.push(child);
      return child;
    };
    const first = await start();
    await start();
    const installed = await installShop({ prisma, apruvd, shopify, shop, appUrl: first.url });
    const orders = generateOrders(ORDERS, { seed: 5150, variants: ["card-approve", "card-decline"] }).map((spec) =>
      shopify.createOrder(shop, spec),
    );

    apruvd.faults.setLatency(LATENCY_MS);
    const started = Date.now();
    for (const order of orders) {
      const delivery = await shopify.deliverOrderWebhook(
        shop,
        order.id,
        "orders/create",
        `${first.url}/webhooks/orders/create`,
        apiSecret,
        { webhookId: `lease-${order.legacyResourceId}` },
      );
      expect(delivery.status).toBe(200);
    }
    // Submitted (each Apruvd call LATENCY_MS), then decided without the latency.
    const submitted = await waitFor(
      async () => (await prisma.review.count({ where: { shop, transactionId: { not: null } } })) === ORDERS,
      120_000,
      250,
    );
    apruvd.faults.setLatency(0);
    expect(submitted, "every order submitted").toBe(true);
    expect(await waitFor(() => countUndecided(shopify, shop, orders) === 0, 60_000, 250)).toBe(true);
    console.info(
      `lease-renewal (${engine}): ${ORDERS} reviews of about ${LATENCY_MS * 2} ms each in ${Date.now() - started} ms`,
    );

    // The review event is the one whose Apruvd calls outlive the lease.
    const orderEvents = await prisma.inboxEvent.findMany({
      where: { shop, topic: { in: ["orders/create", "system/review-order"] } },
    });
    expect(orderEvents.filter((e) => e.topic === "orders/create")).toHaveLength(ORDERS);
    expect(orderEvents.filter((e) => e.topic === "system/review-order")).toHaveLength(ORDERS);
    expect(
      orderEvents.filter((e) => e.attempts !== 1).map((e) => `${e.topic} ${e.orderKey}: claimed ${e.attempts} times`),
      "events taken over while their worker was still working on them",
    ).toEqual([]);
    await apruvd.idle();
    const problems = await reviewedOnceProblems({
      prisma,
      apruvd,
      shopify,
      shop,
      apruvdAccount: installed.apruvdCredentials.keyId,
      orders,
    });
    expect(problems).toEqual([]);
  }, 240_000);
});
