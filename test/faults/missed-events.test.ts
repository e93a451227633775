import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { ApruvdClient } from "../../app/lib/clients/apruvd/client";
import { connectApruvd } from "../../app/lib/merchant/onboarding/connect-apruvd.server";
import { DEFAULT_SHOP, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrders, type OrderVariant } from "../../sandbox/shopify/orders";
import { sleep, waitFor } from "../../sandbox/harness/utilities";
import {
  countUndecided,
  type InstalledShop,
  reviewedOnceProblems,
  startTcpProxy,
  type TcpProxy,
  FAULTS_BUILD_PATH,
} from "../support/fault-helpers";

/**
 * "Never lose an order" when events never arrive: 5% of the orders/create webhooks are
 * never sent (Shopify gave up, or never sent them), and some Apruvd decisions are lost
 * (the callback reaches nobody and is not retried). The reconciliation sweep
 * (app/lib/jobs/reconciliation.server.ts, queued by the worker every
 * RECONCILE_INTERVAL_MS) lists recent orders through the Admin API and reviews those
 * without a review, and polls reviews stuck in Reviewing. Every order still ends reviewed
 * exactly once, within a bounded time.
 *
 * Fails without the sweep (or with a sweep that misses either half): the dropped orders
 * are never reviewed, and the orders whose callback was lost stay in Reviewing under hold.
 */

let stack: LocalStack;
let installed: InstalledShop;
let callbackProxy: TcpProxy;
const ORDERS = 40;
const VARIANTS: OrderVariant[] = [
  "card-ordinary",
  "card-approve",
  "card-decline",
  "multi-line-items",
  "multi-fulfillment-orders",
];

beforeAll(async () => {
  // The sweep's timer and thresholds, read when the worker starts.
  process.env.RECONCILE_INTERVAL_MS = "1000";
  process.env.RECONCILE_STUCK_AFTER_MS = "1500";
  process.env.RECONCILE_LOOKBACK_MS = String(60 * 60_000);
  stack = await startLocalStack({
    useEnvDatabase: true,
    buildPath: FAULTS_BUILD_PATH,
    // One delivery attempt per callback: a callback that fails is lost for good.
    apruvd: { reviewDelayMs: 100, callbackRetryDelaysMs: [] },
    shopify: { throttle: false },
    retryBaseMs: 100,
    retryCapMs: 1000,
  });
  installed = await stack.installShop(DEFAULT_SHOP);
  // Apruvd's callbacks go through a proxy that the test can close.
  callbackProxy = await startTcpProxy({ port: Number(new URL(stack.app.url).port) });
  const reconnected = await connectApruvd(
    prisma,
    DEFAULT_SHOP,
    null,
    (credentials) => new ApruvdClient({ baseUrl: stack.apruvd.url, credentials }),
    callbackProxy.url,
  );
  if (!reconnected.ok) throw new Error(reconnected.message);
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await callbackProxy?.close();
  for (const name of ["RECONCILE_INTERVAL_MS", "RECONCILE_STUCK_AFTER_MS", "RECONCILE_LOOKBACK_MS"])
    delete process.env[name];
});

describe("events that never arrive", () => {
  it("orders whose webhook was never sent and decisions whose callback was lost are still reviewed once", async () => {
    const orders = generateOrders(ORDERS, {
      seed: 5005,
      variants: VARIANTS,
      startAt: Date.now() - 10 * 60_000,
      spacingMs: 1000,
    }).map((spec) => stack.shopify.createOrder(DEFAULT_SHOP, spec));
    // 5%: every 20th webhook is never sent.
    const dropped = orders.filter((_, i) => i % 20 === 7);
    const sent = orders.filter((o) => !dropped.includes(o));
    const [early, late] = [sent.slice(0, 30), sent.slice(30)];

    const statuses = await Promise.all(early.map((o) => stack.sendOrderWebhook(DEFAULT_SHOP, o, "orders/create")));
    expect(statuses).toEqual(Array(early.length).fill(200));

    // Callbacks lost: while nobody answers at the callback address, the last orders are decided.
    await callbackProxy.setMode("refuse");
    const lateStatuses = await Promise.all(late.map((o) => stack.sendOrderWebhook(DEFAULT_SHOP, o, "orders/create")));
    expect(lateStatuses).toEqual(Array(late.length).fill(200));
    const lateNums = new Set(late.map((o) => o.name.replace("#", "")));
    const lateTransactions = () => stack.apruvd.transactions().filter((t) => t.order_num && lateNums.has(t.order_num));
    // Every late order decided at Apruvd, and each decision's callback failed (none delivered).
    const lostCallbacks = () => {
      const decided = new Set(
        lateTransactions()
          .filter((t) => t.status === "Approved" || t.status === "Declined")
          .map((t) => t.transaction_id),
      );
      const deliveries = stack.apruvd
        .callbacks()
        .filter((c) => c.transaction_id !== undefined && decided.has(c.transaction_id));
      const failed = new Set(
        deliveries
          .filter((c) => !c.delivered && c.attempts >= 1 && c.lastStatus === undefined)
          .map((c) => c.transaction_id),
      );
      const delivered = deliveries.filter((c) => c.delivered).length;
      return { decided: decided.size, failed: failed.size, delivered };
    };
    await waitFor(
      () => {
        const now = lostCallbacks();
        return now.decided === late.length && now.failed === late.length;
      },
      60_000,
      50,
    );
    expect(lostCallbacks(), "the late orders were decided and their callbacks lost").toEqual({
      decided: late.length,
      failed: late.length,
      delivered: 0,
    });
    await callbackProxy.setMode("open");
    await sleep(200);
    const lostDecisions = await stack.prisma.review.count({
      where: { shop: DEFAULT_SHOP, orderId: { in: late.map((o) => o.id) }, status: "Reviewing" },
    });
    console.info(
      `missed-events: ${dropped.length} webhooks never sent, ${late.length} decisions' callbacks lost (${lostDecisions} reviews still in Reviewing after it)`,
    );

    const done = await waitFor(() => countUndecided(stack.shopify, DEFAULT_SHOP, orders) === 0, 60_000, 250);
    if (!done) {
      const undecided = orders.filter((o) => countUndecided(stack.shopify, DEFAULT_SHOP, [o]) === 1);
      const reviews = await stack.prisma.review.findMany({
        where: { shop: DEFAULT_SHOP, orderId: { in: undecided.map((o) => o.id) } },
      });
      expect.fail(
        `${undecided.length} orders not reviewed within 60 s: ` +
          undecided
            .map(
              (o) =>
                `${o.name}${dropped.includes(o) ? " (webhook never sent)" : late.includes(o) ? " (callback lost)" : ""}: ${reviews.find((r) => r.orderId === o.id)?.status ?? "no review"}`,
            )
            .join(", "),
      );
    }
    await stack.apruvd.idle();
    await stack.waitUntil(
      async () =>
        (await stack.prisma.inboxEvent.count({
          where: { shop: DEFAULT_SHOP, status: "pending", topic: { startsWith: "orders/" } },
        })) === 0,
      20_000,
    );

    const problems = await reviewedOnceProblems({
      prisma: stack.prisma,
      apruvd: stack.apruvd,
      shopify: stack.shopify,
      shop: DEFAULT_SHOP,
      apruvdAccount: installed.apruvdCredentials.keyId,
      orders,
    });
    // The sweep's own periodic events may be pending at any moment; they are not leftovers.
    expect(problems.filter((p) => !/inbox event system\//.test(p))).toEqual([]);
  }, 180_000);
});
