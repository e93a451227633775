import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrder } from "../../sandbox/shopify/orders";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { backfillProgress, requestBackfill } from "../../app/lib/merchant/onboarding/backfill.server";

// Backfill at install (issue 12): the merchant asks at onboarding for the open, unfulfilled
// orders of the last N days to be reviewed. Each such order is reviewed exactly once —
// one Apruvd transaction, its verdict written back — and fulfilled, closed and older orders
// are left alone. Asking again changes nothing.
let stack: LocalStack;
const DAY = 86_400_000;

beforeAll(async () => {
  process.env.RECONCILE_INTERVAL_MS = "0"; // no timer: only the backfill's own job runs
  stack = await startLocalStack({
    useEnvDatabase: true,
    apruvd: { reviewDelayMs: 100 },
    shopify: { throttle: false },
    retryBaseMs: 100,
    retryCapMs: 1000,
  });
  await stack.installShop(DEFAULT_SHOP);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const reviewOf = (orderId: string) =>
  stack.prisma.review.findUnique({ where: { shop_orderId: { shop: DEFAULT_SHOP, orderId } } });
const transactionsOf = (order: StoreOrder) =>
  stack.apruvd.transactions().filter((t) => t.order_num === order.name.replace("#", ""));
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

describe("backfill at install", () => {
  it("reviews each open, unfulfilled order of the last N days exactly once, and nothing else", async () => {
    const create = (i: number, days: number, extra: Record<string, unknown> = {}) =>
      stack.shopify.createOrder(DEFAULT_SHOP, {
        ...generateOrder(i === 2 ? "card-decline" : "card-ordinary", 44, i),
        createdAt: daysAgo(days),
        ...extra,
      });
    const open = [create(1, 1), create(2, 3), create(3, 6.5)];
    const fulfilled = create(4, 2, { fulfillmentOrders: [{ status: "CLOSED", fulfilled: true }] });
    const closed = create(5, 2, { closedAt: daysAgo(1) });
    const older = create(6, 9);
    const leftAlone = [fulfilled, closed, older];

    await requestBackfill(stack.prisma, DEFAULT_SHOP, 7);
    const finished = await stack.waitUntil(async () => (await backfillProgress(stack.prisma, DEFAULT_SHOP)).finished);
    expect(finished).toBe(true);
    expect(await backfillProgress(stack.prisma, DEFAULT_SHOP)).toMatchObject({
      requested: true,
      days: 7,
      listed: true,
      queued: open.length,
      reviewed: open.length,
      failed: 0,
    });
    const decided = await stack.waitUntil(async () => {
      const reviews = await Promise.all(open.map((o) => reviewOf(o.id)));
      return reviews.every((r) => r?.writtenBackStatus === "Approved" || r?.writtenBackStatus === "Declined");
    });
    expect(decided, "every open, unfulfilled order of the window decided and written back").toBe(true);
    expect((await reviewOf(open[1].id))?.writtenBackStatus).toBe("Declined");
    expect(open.map((o) => transactionsOf(o).length)).toEqual([1, 1, 1]);
    for (const order of leftAlone) {
      expect(await reviewOf(order.id), `${order.name} is not reviewed`).toBeNull();
      expect(transactionsOf(order)).toHaveLength(0);
    }

    // Asked again (a second click, another admin): nothing new is queued or sent.
    const reviewsBefore = await stack.prisma.review.count({ where: { shop: DEFAULT_SHOP } });
    const sentBefore = stack.apruvd.transactions().length;
    await requestBackfill(stack.prisma, DEFAULT_SHOP, 7);
    const listedAgain = await stack.waitUntil(async () => (await backfillProgress(stack.prisma, DEFAULT_SHOP)).listed);
    expect(listedAgain).toBe(true);
    await stack.waitUntil(async () => (await stack.prisma.inboxEvent.count({ where: { status: "pending" } })) === 0);
    expect((await backfillProgress(stack.prisma, DEFAULT_SHOP)).queued).toBe(0);
    expect(await stack.prisma.review.count({ where: { shop: DEFAULT_SHOP } })).toBe(reviewsBefore);
    expect(stack.apruvd.transactions()).toHaveLength(sentBefore);
    expect(open.map((o) => transactionsOf(o).length)).toEqual([1, 1, 1]);
  });
});
