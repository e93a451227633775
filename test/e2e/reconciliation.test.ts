import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrder } from "../../sandbox/shopify/orders";
import { scheduleReconciliation } from "../../app/lib/jobs/reconciliation.server";

// Shopify gives up on webhooks and callbacks get lost: the sweep still gets every order reviewed.
let stack: LocalStack;

beforeAll(async () => {
  process.env.RECONCILE_INTERVAL_MS = "0"; // the test runs the sweep itself
  process.env.RECONCILE_STUCK_AFTER_MS = "1000";
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

describe("reconciliation sweep", () => {
  it("reviews orders whose webhook never arrived, and only those", async () => {
    const delivered = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-approve", 21, 0));
    // Placed minutes ago: inside the sweep's look-back window (generated orders carry fixed dates).
    const lost = [1, 2, 3].map((i) =>
      stack.shopify.createOrder(DEFAULT_SHOP, {
        ...generateOrder(i === 2 ? "card-decline" : "card-ordinary", 21, i),
        createdAt: new Date(Date.now() - i * 60_000),
      }),
    );
    const old = stack.shopify.createOrder(DEFAULT_SHOP, {
      ...generateOrder("card-ordinary", 21, 4),
      createdAt: new Date(Date.now() - 2 * 86_400_000),
    });
    await stack.waitUntil(async () => (await reviewOf(delivered.order.id))?.writtenBackStatus === "Approved");
    for (const order of lost) expect(await reviewOf(order.id)).toBeNull();

    expect(await scheduleReconciliation(stack.prisma, 60_000)).toBe(1);
    expect(await scheduleReconciliation(stack.prisma, 60_000)).toBe(0); // once per interval, however many instances ask
    const done = await stack.waitUntil(async () => {
      const reviews = await Promise.all(lost.map((o) => reviewOf(o.id)));
      return reviews.every((r) => r?.writtenBackStatus === "Approved" || r?.writtenBackStatus === "Declined");
    });
    expect(done).toBe(true);
    expect((await reviewOf(lost[1].id))?.status).toBe("Declined");
    const submissions = stack.apruvd
      .transactions()
      .filter((t) => [delivered.order, ...lost].some((o) => o.name.replace("#", "") === t.order_num));
    expect(submissions).toHaveLength(4);
    // Outside the look-back window: left alone (it predates this sweep's responsibility).
    expect(await reviewOf(old.id)).toBeNull();
  });

  it("polls a review stuck in Reviewing whose callback was lost", async () => {
    // Apruvd reviews slowly and its callback cannot reach us.
    const settings = await stack.prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEFAULT_SHOP } });
    await stack.prisma.shopSettings.update({
      where: { shop: DEFAULT_SHOP },
      data: { callbackUsername: "rotated-elsewhere" },
    });
    try {
      const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-decline", 21, 9));
      await stack.waitUntil(
        async () =>
          (await reviewOf(order.id))?.status === "Declined" || (await reviewOf(order.id))?.status === "Reviewing",
      );
      await stack.apruvd.idle();
      const before = await reviewOf(order.id);
      expect(before?.status).toBe("Reviewing");
      await new Promise((r) => setTimeout(r, 1100)); // older than RECONCILE_STUCK_AFTER_MS
      await scheduleReconciliation(stack.prisma, 1000);
      const polled = await stack.waitUntil(async () => (await reviewOf(order.id))?.writtenBackStatus === "Declined");
      expect(polled).toBe(true);
    } finally {
      await stack.prisma.shopSettings.update({
        where: { shop: DEFAULT_SHOP },
        data: { callbackUsername: settings.callbackUsername },
      });
    }
  });
});
