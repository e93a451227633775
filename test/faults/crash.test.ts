import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { generateOrders, type OrderVariant } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { freePort, waitFor } from "../../sandbox/harness/utilities";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import {
  countUndecided,
  faultAppOptions,
  type InstalledShop,
  installShop,
  reviewedOnceProblems,
} from "../support/fault-helpers";

/**
 * "Never lose an order": the app process dies (SIGKILL, no shutdown of any kind) in the
 * middle of a burst of 500 orders/create webhooks, and is started again on the same
 * SQLite database. Shopify retries every delivery that got no 200. Then it is killed a
 * second time in the middle of the work (orders submitted to Apruvd but not yet stored,
 * holds placed but not yet recorded) and started again. Every order must end
 * reviewed exactly once: one Apruvd transaction, one hold of ours per fulfillment order,
 * its decision written back, nothing left in the inbox.
 *
 * What this proves, and fails without:
 * - an acknowledged webhook is durable (its inbox row is committed before the 200);
 * - the inbox dedupes a retried delivery by webhook id;
 * - a handler replayed after a crash repeats nothing (adopts the Apruvd transaction it
 *   already submitted, finds the hold it already placed);
 * - the worker takes over events leased by the dead process once the lease runs out.
 *
 * The shop's Apruvd account keeps the document's default, `enforce_unique_order_num` off:
 * Apruvd would take a second submission of an order without a word, so "one transaction
 * per order" rests on the app's own submission record (app/lib/review/submission.server.ts);
 * test/faults/submit-crash.test.ts runs that case with the setting off and on.
 *
 * WORKER_LEASE_MS=3000 (the default is 10 s, renewed while a handler runs) keeps the
 * restart short; until the child honours it the test fails with a message naming the
 * events still locked by the dead worker.
 */

const SHOP = "crash-store.myshopify.com";
const ORDERS = 500;
const KILL_AFTER_ACKS = 200;
/** Deliveries in flight at once during the burst. */
const BURST_CONCURRENCY = 25;
const LEASE_MS = 3000;
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

let apruvd: ApruvdSandbox;
let shopify: ShopifySimulator;
let installed: InstalledShop;
let port: number;
let appOptions: ReturnType<typeof faultAppOptions>;
const children: AppProcess[] = [];
const apiSecret = crypto.randomBytes(16).toString("hex");

beforeAll(async () => {
  // Apruvd retries its callbacks for ~15 s here, longer than the restart takes, so that
  // this test is about the app's own crash safety (a callback lost for good is the
  // reconciliation sweep's job: test/faults/missed-events.test.ts).
  apruvd = await startApruvdSandbox({ reviewDelayMs: 150, callbackRetryDelaysMs: [200, 500, 1000, 2000, 4000, 8000] });
  shopify = await startShopifySimulator({ throttle: false });
  port = await freePort();
  appOptions = faultAppOptions({
    port,
    databaseUrl: process.env.DATABASE_URL!,
    apiSecret,
    apruvdUrl: apruvd.url,
    shopifyUrl: shopify.url,
    workerConcurrency: 8,
    retryBaseMs: 100,
    retryCapMs: 1000,
    leaseMs: LEASE_MS,
  });
  children.push(await startAppProcess(appOptions));
  installed = await installShop({ prisma, apruvd, shopify, shop: SHOP, appUrl: children[0].url });
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.allSettled(children.map((c) => c.exited));
  await Promise.allSettled([apruvd?.close(), shopify?.close()]);
});

const webhookIdOf = (order: StoreOrder) => `crash-${order.legacyResourceId}`;

async function deliver(url: string, order: StoreOrder): Promise<number> {
  try {
    const delivery = await shopify.deliverOrderWebhook(
      SHOP,
      order.id,
      "orders/create",
      `${url}/webhooks/orders/create`,
      apiSecret,
      {
        webhookId: webhookIdOf(order),
      },
    );
    return delivery.status;
  } catch {
    return 0; // connection refused or reset: no answer, Shopify will retry
  }
}

describe("the app process is killed in the middle of a webhook burst", () => {
  it("every acknowledged (and every retried) order is reviewed exactly once", async () => {
    const orders = generateOrders(ORDERS, {
      seed: 4242,
      variants: VARIANTS,
      startAt: Date.now() - 3_600_000,
      spacingMs: 1000,
    }).map((spec) => shopify.createOrder(SHOP, spec));
    const first = children[0];

    // The burst: 500 deliveries, BURST_CONCURRENCY in flight at a time (sent all at once,
    // the group-committed webhook path answers them all in a batch or two, before any kill
    // could land in the middle); SIGKILL when the 200th acknowledgement comes back.
    const acknowledged = new Set<string>();
    let killedAt = -1;
    let next = 0;
    const sender = async () => {
      while (next < orders.length) {
        const order = orders[next++];
        const status = await deliver(first.url, order);
        if (status === 200) acknowledged.add(order.id);
        else if (status !== 0) throw new Error(`${order.name}: the app answered ${status} during the burst`);
        if (acknowledged.size >= KILL_AFTER_ACKS && killedAt < 0) {
          killedAt = acknowledged.size;
          first.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: BURST_CONCURRENCY }, sender));
    const death = await first.exited;
    expect(death.signal, "the first app process was killed").toBe("SIGKILL");
    const unanswered = orders.filter((o) => !acknowledged.has(o.id));
    console.info(
      `crash: killed after ${killedAt} acks; ${acknowledged.size} acknowledged, ${unanswered.length} without an answer`,
    );
    expect(unanswered.length, "the kill happened in the middle of the burst").toBeGreaterThan(0);

    // Every 200 is backed by a committed inbox row (nothing runs now: the process is dead).
    const rows = await prisma.inboxEvent.findMany({ where: { shop: SHOP, topic: "orders/create" } });
    const keys = new Set(rows.map((r) => r.dedupeKey));
    const lostAcks = [...acknowledged].filter(
      (id) => !keys.has(`shopify:${webhookIdOf(orders.find((o) => o.id === id)!)}`),
    );
    expect(lostAcks, "acknowledged webhooks without an inbox row").toEqual([]);
    const leasedByTheDead = rows.filter(
      (r) => r.status === "pending" && r.lockedUntil && r.lockedUntil.getTime() > Date.now(),
    );
    console.info(
      `crash: at the kill ${rows.length} inbox rows, ${rows.filter((r) => r.status === "done").length} done, ${leasedByTheDead.length} leased by the dead worker`,
    );

    // Restart on the same database and port; Shopify retries what got no 200.
    const second = await startAppProcess(appOptions);
    children.push(second);
    let pending = unanswered;
    for (let round = 0; round < 5 && pending.length > 0; round++) {
      const answers = await Promise.all(
        pending.map(async (order) => [order, await deliver(second.url, order)] as const),
      );
      pending = answers.filter(([, status]) => status !== 200).map(([order]) => order);
    }
    expect(
      pending.map((o) => o.name),
      "retries still not acknowledged",
    ).toEqual([]);

    // A second crash, this time in the middle of the work itself: once Apruvd holds about
    // 40% of the orders, SIGKILL again, while handlers are between a call and its record.
    const ours = () => apruvd.transactions().filter((t) => t.account === installed.apruvdCredentials.keyId);
    expect(
      await waitFor(() => ours().length >= ORDERS * 0.4, 90_000, 20),
      "the work got under way after the restart",
    ).toBe(true);
    second.kill("SIGKILL");
    await second.exited;
    const submitted = new Set(ours().map((t) => t.order_num));
    const stored = await prisma.review.findMany({
      where: { shop: SHOP, transactionId: { not: null } },
      select: { orderId: true },
    });
    const storedIds = new Set(stored.map((r) => r.orderId));
    const submittedNotStored = orders.filter(
      (o) => submitted.has(o.name.replace("#", "")) && !storedIds.has(o.id),
    ).length;
    const remembered = new Set(
      (await prisma.fulfillmentHold.findMany({ select: { holdId: true } })).map((h) => h.holdId),
    );
    const heldNotRemembered = orders
      .flatMap((o) => shopify.order(SHOP, o.id).holds.active)
      .filter((h) => h.handle === "apruvd-review" && !remembered.has(h.id)).length;
    console.info(
      `crash: second kill with ${submitted.size} orders at Apruvd; ${submittedNotStored} submitted but not stored, ${heldNotRemembered} holds placed but not recorded`,
    );
    const third = await startAppProcess(appOptions);
    children.push(third);

    const settled = await waitFor(() => countUndecided(shopify, SHOP, orders) === 0, 90_000, 250);
    if (!settled) {
      // Read-only look at why (the child keeps running).
      const stuck = await prisma.inboxEvent.findMany({ where: { shop: SHOP, status: { not: "done" } }, take: 5 });
      const locked = stuck.filter(
        (e) => e.lockedBy && e.lockedUntil && e.lockedUntil.getTime() - Date.now() > LEASE_MS,
      );
      const hint = locked.length
        ? ` ${locked.length} events are still leased by the killed worker until ${locked[0].lockedUntil?.toISOString()}: ` +
          "WORKER_LEASE_MS is not honoured (app/lib/runner/background.server.ts must pass it to InboxWorker as leaseMs)."
        : "";
      expect.fail(
        `${countUndecided(shopify, SHOP, orders)} orders not decided in Shopify after the restart.${hint}\n` +
          stuck
            .map(
              (e) =>
                `${e.topic} ${e.orderKey} ${e.status} attempts=${e.attempts} lockedBy=${e.lockedBy} lockedUntil=${e.lockedUntil?.toISOString()} ${e.lastError ?? ""}`,
            )
            .join("\n"),
      );
    }
    await apruvd.idle();
    await third.stop();

    const problems = await reviewedOnceProblems({
      prisma,
      apruvd,
      shopify,
      shop: SHOP,
      apruvdAccount: installed.apruvdCredentials.keyId,
      orders,
    });
    expect(problems).toEqual([]);
    expect(apruvd.transactions().filter((t) => t.account === installed.apruvdCredentials.keyId)).toHaveLength(ORDERS);
  }, 240_000);
});
