import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, expectedDecision, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrder, type OrderVariant } from "../../sandbox/shopify/orders";
import type { OrderWebhookTopic } from "../../sandbox/shopify/orders";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { HOLD_HANDLE, sleep, waitFor } from "../../sandbox/harness/utilities";
import { FAULTS_BUILD_PATH, type InstalledShop, orderNumOf } from "../support/fault-helpers";

/**
 * "Never lose an order", and never review one twice: Shopify delivers at least once, may
 * send the same event under several webhook ids, delivers concurrently and out of order;
 * Apruvd may repeat a callback. Whatever arrives, and in whatever order, an order ends with
 * exactly one Apruvd transaction, one hold of ours per fulfillment order and the same
 * final state.
 *
 * Fails without: the inbox's dedupe key (concurrent/replayed deliveries), the review's
 * "already submitted" check (the same event under another webhook id), update-before-create
 * handling, the cancelled-review guard, and the callback's "same decision" check.
 */

let stack: LocalStack;
let installed: InstalledShop;
let seq = 0;

beforeAll(async () => {
  stack = await startLocalStack({
    useEnvDatabase: true,
    buildPath: FAULTS_BUILD_PATH,
    apruvd: { reviewDelayMs: 60, callbackRetryDelaysMs: [200, 500, 1000, 2000, 4000] },
    shopify: { throttle: false },
    retryBaseMs: 50,
    retryCapMs: 500,
  });
  installed = await stack.installShop(DEFAULT_SHOP);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

function newOrder(variant: OrderVariant): StoreOrder {
  seq++;
  return stack.shopify.createOrder(DEFAULT_SHOP, generateOrder(variant, 5150, seq));
}

async function deliver(
  order: StoreOrder,
  topic: OrderWebhookTopic,
  webhookId: string,
  eventId?: string,
): Promise<number> {
  const delivery = await stack.shopify.deliverOrderWebhook(
    DEFAULT_SHOP,
    order.id,
    topic,
    `${stack.app.url}/webhooks/${topic}`,
    stack.apiSecret,
    {
      webhookId,
      ...(eventId ? { eventId } : {}),
    },
  );
  return delivery.status;
}

const transactionsOf = (order: StoreOrder) =>
  stack.apruvd
    .transactions()
    .filter((t) => t.account === installed.apruvdCredentials.keyId && t.order_num === orderNumOf(order));

const reviewOf = (order: StoreOrder) =>
  stack.prisma.review.findUnique({ where: { shop_orderId: { shop: DEFAULT_SHOP, orderId: order.id } } });

async function pendingEventsOf(order: StoreOrder): Promise<number> {
  const review = await reviewOf(order);
  return stack.prisma.inboxEvent.count({
    where: {
      shop: DEFAULT_SHOP,
      status: { not: "done" },
      OR: [
        { orderKey: order.legacyResourceId },
        ...(review?.transactionId ? [{ payload: { contains: `"transaction_id":${review.transactionId},` } }] : []),
      ],
    },
  });
}

/** Everything that should be identical whatever the order of arrival. */
async function finalState(order: StoreOrder) {
  const review = await reviewOf(order);
  const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
  return {
    apruvdTransactions: transactionsOf(order).length,
    status: review?.status,
    writtenBack: review?.writtenBackStatus,
    holdsOfOursPerFulfillmentOrder: seen.fulfillmentOrders.map(
      (fo) => [...fo.holds, ...fo.releasedHolds].filter((h) => h.handle === HOLD_HANDLE).length,
    ),
    activeHoldsOfOurs: seen.holds.active.filter((h) => h.handle === HOLD_HANDLE).length,
    ourTags: seen.tags.filter((t) => t.startsWith("apruvd-")),
    riskAssessments: seen.riskAssessments.map((r) => r.riskLevel),
  };
}

function expectedState(order: StoreOrder) {
  const decision = expectedDecision(order);
  const fulfillmentOrders = stack.shopify.order(DEFAULT_SHOP, order.id).fulfillmentOrders.length;
  return {
    apruvdTransactions: 1,
    status: decision,
    writtenBack: decision,
    holdsOfOursPerFulfillmentOrder: Array(fulfillmentOrders).fill(1),
    activeHoldsOfOurs: decision === "Declined" ? fulfillmentOrders : 0,
    ourTags: [decision === "Approved" ? "apruvd-approved" : "apruvd-declined"],
    riskAssessments: ["PENDING", decision === "Approved" ? "LOW" : "HIGH"],
  };
}

/** Waits (bounded) until the order is decided and written back and none of its events is left. */
async function settled(order: StoreOrder, timeoutMs = 20_000): Promise<void> {
  const decision = expectedDecision(order);
  await waitFor(
    async () => {
      const review = await reviewOf(order);
      return (
        review?.status === decision && review.writtenBackStatus === decision && (await pendingEventsOf(order)) === 0
      );
    },
    timeoutMs,
    50,
  );
  await stack.apruvd.idle();
  // Repeats queued by the last callback deliveries.
  await waitFor(async () => (await pendingEventsOf(order)) === 0, timeoutMs, 50);
}

/** The Apruvd side of a step: wait (bounded) until the transaction exists, then deliver its decision callback now (again). */
async function callbackRepeat(order: StoreOrder): Promise<void> {
  const exists = await waitFor(() => transactionsOf(order).length > 0, 15_000, 20);
  if (!exists) throw new Error(`${order.name} never reached Apruvd`);
  const [tx] = transactionsOf(order);
  const decision = expectedDecision(order);
  await stack.apruvd.decide(tx.transaction_id, decision === "Submitted" ? "Approved" : decision);
}

describe("the same event several times", () => {
  it("under several webhook ids at once: one submission, one hold per fulfillment order", async () => {
    const order = newOrder("multi-fulfillment-orders");
    const eventId = randomUUID();
    const statuses = await Promise.all(
      ["a", "b", "c", "d"].map((suffix) => deliver(order, "orders/create", `${order.id}-${suffix}`, eventId)),
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
    await settled(order);
    expect(await finalState(order)).toEqual(expectedState(order));
  });

  it("the same webhook delivered concurrently is one inbox row", async () => {
    const order = newOrder("card-ordinary");
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => deliver(order, "orders/create", `same-${order.id}`)),
    );
    expect(statuses).toEqual(Array(12).fill(200));
    expect(
      await stack.prisma.inboxEvent.count({
        where: { shop: DEFAULT_SHOP, orderKey: order.legacyResourceId, topic: "orders/create" },
      }),
    ).toBe(1);
    await settled(order);
    expect(await finalState(order)).toEqual(expectedState(order));
  });

  it("replays after the decision (same and new webhook ids, create and update, repeated callbacks) change nothing", async () => {
    const order = newOrder("card-decline");
    expect(await deliver(order, "orders/create", `first-${order.id}`)).toBe(200);
    await settled(order);
    const before = await finalState(order);
    const callsBefore = stack.shopify.calls().length;
    expect(await deliver(order, "orders/create", `first-${order.id}`)).toBe(200);
    expect(await deliver(order, "orders/create", `replay-${order.id}`)).toBe(200);
    expect(await deliver(order, "orders/updated", `update-${order.id}`)).toBe(200);
    await callbackRepeat(order);
    await callbackRepeat(order);
    await settled(order);
    expect(await finalState(order)).toEqual(before);
    expect(before).toEqual(expectedState(order));
    // Only reads (if anything) were needed to see that nothing was left to do.
    const writes = stack.shopify
      .calls()
      .slice(callsBefore)
      .filter((c) => c.kind === "mutation");
    expect(writes.map((c) => c.operationName)).toEqual([]);
  });
});

describe("events out of order", () => {
  it("orders/updated before orders/create reviews the order once", async () => {
    const order = newOrder("card-approve");
    expect(await deliver(order, "orders/updated", `upd-${order.id}`)).toBe(200);
    await sleep(30);
    expect(await deliver(order, "orders/create", `crt-${order.id}`)).toBe(200);
    await settled(order);
    expect(await finalState(order)).toEqual(expectedState(order));
  });

  it.each([
    ["cancelled, then created", ["orders/cancelled", "orders/create"]],
    ["created and cancelled at once", ["both"]],
    ["updated, cancelled, created", ["orders/updated", "orders/cancelled", "orders/create"]],
  ] as const)(
    "an order cancelled before its review (%s) is never submitted and keeps no hold of ours",
    async (_label, steps) => {
      const order = newOrder("card-ordinary");
      stack.shopify.store.cancelOrder(DEFAULT_SHOP, { orderId: order.id, reason: "CUSTOMER", restock: true });
      for (const step of steps) {
        if (step === "both") {
          const statuses = await Promise.all([
            deliver(order, "orders/create", `c-${order.id}`),
            deliver(order, "orders/cancelled", `x-${order.id}`),
          ]);
          expect(statuses).toEqual([200, 200]);
        } else {
          expect(await deliver(order, step, `${step}-${order.id}`)).toBe(200);
        }
      }
      await waitFor(
        async () => (await reviewOf(order))?.status === "cancelled" && (await pendingEventsOf(order)) === 0,
        15_000,
        50,
      );
      // A late duplicate of the create changes nothing either.
      expect(await deliver(order, "orders/create", `late-${order.id}`)).toBe(200);
      await waitFor(async () => (await pendingEventsOf(order)) === 0, 15_000, 50);
      const review = await reviewOf(order);
      expect(review?.status).toBe("cancelled");
      expect(transactionsOf(order)).toHaveLength(0);
      const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
      expect(seen.holds.active.filter((h) => h.handle === HOLD_HANDLE)).toHaveLength(0);
      expect(seen.tags).not.toContain("apruvd-reviewing");
    },
  );
});

type Step = "create" | "update" | "duplicate create" | "replayed create" | "callback repeat";
const STEPS: Step[] = ["create", "update", "duplicate create", "replayed create", "callback repeat"];

describe("any order of arrival", () => {
  it("ends in the same state for every permutation of create, update, duplicate create, replay and a repeated callback", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(STEPS, { minLength: STEPS.length, maxLength: STEPS.length }),
        fc.array(fc.constantFrom(0, 0, 20, 150), { minLength: STEPS.length, maxLength: STEPS.length }),
        fc.constantFrom<OrderVariant>("card-ordinary", "card-decline", "multi-fulfillment-orders"),
        async (steps, gaps, variant) => {
          const order = newOrder(variant);
          const eventId = randomUUID();
          const run = (step: Step): Promise<unknown> => {
            switch (step) {
              case "create":
                return deliver(order, "orders/create", `create-${order.id}`, eventId);
              case "duplicate create":
                return deliver(order, "orders/create", `dup-${order.id}`, eventId);
              case "replayed create":
                return deliver(order, "orders/create", `create-${order.id}`, eventId);
              case "update":
                return deliver(order, "orders/updated", `update-${order.id}`);
              case "callback repeat":
                return callbackRepeat(order);
            }
          };
          // A gap of 0 sends the next step without waiting for this one: concurrent deliveries.
          const inFlight: Promise<unknown>[] = [];
          for (const [i, step] of steps.entries()) {
            const delivery = run(step);
            inFlight.push(delivery);
            if (gaps[i] > 0) {
              await delivery;
              await sleep(gaps[i]);
            }
          }
          const results = await Promise.all(inFlight);
          for (const [i, result] of results.entries()) {
            if (typeof result === "number") expect(result, `${steps[i]} acknowledged`).toBe(200);
          }
          await settled(order);
          expect(
            await finalState(order),
            `${order.name} (${variant}) after ${steps.join(" → ")} with gaps ${gaps.join(",")}`,
          ).toEqual(expectedState(order));
        },
      ),
      { numRuns: 8, seed: 20261121, endOnFailure: true },
    );
  }, 180_000);
});
