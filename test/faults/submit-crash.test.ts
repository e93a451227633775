import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { generateOrders, type OrderVariant } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { freePort, waitFor } from "../../sandbox/harness/utilities";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import {
  countUndecided,
  faultAppOptions,
  installShop,
  orderNumOf,
  reviewedOnceProblems,
} from "../support/fault-helpers";
import { type EngineDatabase, ENGINES, freshDatabase } from "../support/engine-database";

/**
 * "A submission is never sent twice" and "a crashed worker's events are retried within
 * seconds" (issue 12). The app is killed with SIGKILL, by process id, at the worst moment
 * for a submission: Apruvd has stored the transaction and not yet answered (the sandbox's
 * afterSubmitAccepted hook holds the 201 until the process is dead). It is started again
 * on the same database with the app's DEFAULT lease (WORKER_LEASE_MS unset).
 *
 * Every order must end with exactly ONE Apruvd transaction, whether the merchant's Apruvd
 * account enforces unique order numbers or not (the document: `enforce_unique_order_num`
 * "Defaults to false"; without it Apruvd takes a second submission of the same order
 * without a word), its decision written back, nothing left in the inbox. And it must
 * happen within WINDOW_MS of the restart: the events the dead worker held wait for its
 * lease to run out, so a lease of minutes fails here, a lease of seconds does not. The
 * times are printed, not asserted.
 *
 * Both engines, each on a fresh database: SQLite (the lease worker claims rows itself) and
 * PostgreSQL (pg-boss runs the jobs; a dead process's jobs come back once its heartbeat
 * stops, and the inbox row's lease decides when they may run again).
 *
 * Fails without the submission record (a second transaction with uniqueness off; mutant
 * "no-intent-check"), and with a long lease (mutant "long-lease").
 */

const ORDERS = 16;
const KILL_AT_SUBMISSION = 3;
const WINDOW_MS = 75_000;
const VARIANTS: OrderVariant[] = ["card-ordinary", "card-approve", "card-decline", "multi-line-items"];

let apruvd: ApruvdSandbox;
let shopify: ShopifySimulator;
const apiSecret = crypto.randomBytes(16).toString("hex");

beforeAll(async () => {
  apruvd = await startApruvdSandbox({ reviewDelayMs: 150, callbackRetryDelaysMs: [200, 500, 1000, 2000, 4000, 8000] });
  shopify = await startShopifySimulator({ throttle: false });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([apruvd?.close(), shopify?.close()]);
});

async function deliver(url: string, shop: string, order: StoreOrder): Promise<number> {
  try {
    const delivery = await shopify.deliverOrderWebhook(
      shop,
      order.id,
      "orders/create",
      `${url}/webhooks/orders/create`,
      apiSecret,
      { webhookId: `submit-crash-${shop}-${order.legacyResourceId}` },
    );
    return delivery.status;
  } catch {
    return 0; // no answer: Shopify retries
  }
}

async function killedBetweenAcceptAndStore(
  database: EngineDatabase,
  children: AppProcess[],
  enforceUniqueOrderNum: boolean,
): Promise<void> {
  const { prisma, engine } = database;
  const shop = `submit-crash-${engine}-${enforceUniqueOrderNum ? "unique" : "loose"}.myshopify.com`;
  const port = await freePort();
  const appOptions = faultAppOptions({
    port,
    databaseUrl: database.url,
    apiSecret,
    apruvdUrl: apruvd.url,
    shopifyUrl: shopify.url,
    workerConcurrency: 8,
    // leaseMs unset: the app's default lease is what is tested.
  });
  const first = await startAppProcess(appOptions);
  children.push(first);
  const installed = await installShop({ prisma, apruvd, shopify, shop, appUrl: first.url });
  const account = installed.apruvdCredentials.keyId;
  apruvd.setEnforceUniqueOrderNum(account, enforceUniqueOrderNum);
  const ours = () => apruvd.transactions().filter((t) => t.account === account);

  // The kill: Apruvd has stored the KILL_AT_SUBMISSION-th transaction; its answer waits
  // until the app process is dead, so the app never hears it.
  let accepted = 0;
  let killedAt = 0;
  apruvd.faults.afterSubmitAccepted(async () => {
    accepted++;
    if (accepted === KILL_AT_SUBMISSION && !killedAt) {
      killedAt = Date.now();
      process.kill(first.pid, "SIGKILL");
      await first.exited;
    }
  });

  const orders = generateOrders(ORDERS, {
    seed: enforceUniqueOrderNum ? 77 : 78,
    variants: VARIANTS,
    startAt: Date.now() - 600_000,
    spacingMs: 1000,
  }).map((spec) => shopify.createOrder(shop, spec));
  const answers = await Promise.all(
    orders.map(async (order) => [order, await deliver(first.url, shop, order)] as const),
  );
  const killed = await waitFor(() => killedAt > 0, 30_000, 20);
  expect(
    killed,
    `the app was killed after Apruvd accepted a submission (${accepted} accepted; ` +
      `webhook answers ${answers.map(([, status]) => status).join(",")}; app output:\n${first.output.slice(-30).join("\n")})`,
  ).toBe(true);
  const death = await first.exited;
  apruvd.faults.afterSubmitAccepted(null);
  expect(death.signal).toBe("SIGKILL");

  const atApruvd = new Set(ours().map((t) => t.order_num));
  const stored = new Set(
    (await prisma.review.findMany({ where: { shop, transactionId: { not: null } }, select: { orderId: true } })).map(
      (r) => r.orderId,
    ),
  );
  const acceptedNotStored = orders.filter((o) => atApruvd.has(orderNumOf(o)) && !stored.has(o.id));
  // Claimed by the dead worker and still leased: "pending" on SQLite, "queued" (handed to
  // pg-boss) on PostgreSQL; either way it names its worker and has a live lease.
  const held = await prisma.inboxEvent.findMany({
    where: { shop, status: { not: "done" }, lockedBy: { not: null }, lockedUntil: { gt: new Date() } },
    select: { id: true },
  });
  expect(acceptedNotStored.length, "orders accepted by Apruvd whose answer the app never stored").toBeGreaterThan(0);

  // Restart on the same database; Shopify redelivers what got no 200.
  const restartedAt = Date.now();
  const second = await startAppProcess(appOptions);
  children.push(second);
  for (const [order, status] of answers) {
    if (status !== 200) expect(await deliver(second.url, shop, order), `${order.name} redelivered`).toBe(200);
  }
  let heldRetriedAfterMs: number | null = null;
  const settled = await waitFor(
    async () => {
      if (heldRetriedAfterMs === null) {
        const waiting = await prisma.inboxEvent.count({
          where: { id: { in: held.map((e) => e.id) }, lockedBy: { not: null }, lockedUntil: { gt: new Date() } },
        });
        const retried = await prisma.inboxEvent.count({
          where: { id: { in: held.map((e) => e.id) }, OR: [{ status: "done" }, { attempts: { gt: 1 } }] },
        });
        if (waiting === 0 && retried === held.length) heldRetriedAfterMs = Date.now() - restartedAt;
      }
      return countUndecided(shopify, shop, orders) === 0;
    },
    WINDOW_MS,
    250,
  );
  const decidedAfterMs = Date.now() - restartedAt;
  console.info(
    `submit-crash (${engine}, enforce_unique_order_num ${enforceUniqueOrderNum}): killed with ${acceptedNotStored.length} accepted but not stored, ` +
      `${held.length} events leased by the dead worker; after the restart those were taken over in ${heldRetriedAfterMs ?? "?"} ms, ` +
      `every order decided in ${settled ? decidedAfterMs : `more than ${WINDOW_MS}`} ms`,
  );
  expect(settled, `every order decided within ${WINDOW_MS / 1000} s of the restart`).toBe(true);
  await apruvd.idle();
  // A callback that overtook its submission's stored answer waits for it (RetryLaterError)
  // and runs again after a backoff (whole seconds on PostgreSQL, pg-boss's unit): the
  // inbox is left to drain before the app stops, and whatever is still left is reported.
  await waitFor(
    async () => (await prisma.inboxEvent.count({ where: { shop, status: { not: "done" } } })) === 0,
    30_000,
    250,
  );
  await second.stop();

  const problems = await reviewedOnceProblems({ prisma, apruvd, shopify, shop, apruvdAccount: account, orders });
  expect(problems).toEqual([]);
  expect(ours()).toHaveLength(ORDERS);
}

describe.each(ENGINES)(
  "the app is killed after Apruvd accepted a submission and before it stored the answer (%s)",
  (engine) => {
    let database: EngineDatabase;
    const children: AppProcess[] = [];

    beforeAll(async () => {
      database = await freshDatabase(engine, "submit_crash");
    }, 120_000);

    afterAll(async () => {
      for (const child of children) child.kill("SIGKILL");
      await Promise.allSettled(children.map((c) => c.exited));
      await database?.drop();
    });

    it("uniqueness off (Apruvd's default): still exactly one Apruvd transaction per order", async () => {
      await killedBetweenAcceptAndStore(database, children, false);
    }, 180_000);

    it("uniqueness on: exactly one Apruvd transaction per order", async () => {
      await killedBetweenAcceptAndStore(database, children, true);
    }, 180_000);
  },
);
