/**
 * Nothing ships while an order is under review, even fulfillment orders Shopify creates after
 * the review began: order routing completing late, a split, a move to another location. Each
 * change is made in the Shopify simulator and its fulfillment_orders/* webhook delivered through
 * shopify.app.toml's subscriptions; then shipping (fulfillmentCreate) is tried on every open
 * fulfillment order as a merchant would. Approval releases every one of our holds by id, and
 * the order ships.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrder, type OrderSpec } from "../../sandbox/shopify/orders";
import {
  completeOrderRouting,
  moveFulfillmentOrder,
  splitFulfillmentOrder,
  type LifecycleResult,
} from "../../sandbox/shopify/model/fulfillment-lifecycle";
import type { StoreOrder } from "../../sandbox/shopify/store";

const HOLD_HANDLE = "apruvd-review";
let stack: LocalStack;
const SHIP = `mutation Ship($fulfillmentOrderId: ID!) {
  fulfillmentCreate(fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: $fulfillmentOrderId }] }) {
    fulfillment { id status } userErrors { field message }
  }
}`;

beforeAll(async () => {
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

const reviewOf = (order: StoreOrder) =>
  stack.prisma.review.findUnique({
    where: { shop_orderId: { shop: DEFAULT_SHOP, orderId: order.id } },
    include: { holds: true, events: true },
  });

async function settle(order: StoreOrder, status: string, written: string): Promise<void> {
  const ok = await stack.waitUntil(async () => {
    const review = await reviewOf(order);
    return review?.status === status && review.writtenBackStatus === written;
  });
  const review = await reviewOf(order);
  expect(ok, `${order.name}: wanted ${status}/${written}, got ${review?.status}/${review?.writtenBackStatus}`).toBe(
    true,
  );
}

/** The fulfillment orders that could still ship (not closed or cancelled), as Shopify shows them. */
const openFulfillmentOrders = (order: StoreOrder) =>
  stack.shopify
    .order(DEFAULT_SHOP, order.id)
    .fulfillmentOrders.filter((fo) => fo.status !== "CLOSED" && fo.status !== "CANCELLED");

const holdsOfOurs = <H extends { handle: string | null }>(holds: H[]) => holds.filter((h) => h.handle === HOLD_HANDLE);

/** fulfillmentCreate for a whole fulfillment order over the Admin API, as shipping software would call it. */
async function ship(fulfillmentOrderId: string): Promise<{ shipped: boolean; userErrors: string[] }> {
  const { body } = await stack.shopify.graphql<{
    fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { message: string }[] };
  }>(DEFAULT_SHOP, SHIP, { fulfillmentOrderId });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  const result = body.data!.fulfillmentCreate;
  return { shipped: result.fulfillment !== null, userErrors: result.userErrors.map((e) => e.message) };
}

/** Delivers a lifecycle change's webhooks as Shopify would: through the toml's subscriptions. */
async function deliver(change: LifecycleResult): Promise<void> {
  expect(change.userErrors).toEqual([]);
  expect(change.webhooks.length).toBeGreaterThan(0);
  for (const webhook of change.webhooks) {
    const deliveries = await stack.sendSubscribedWebhook(DEFAULT_SHOP, webhook.topic, webhook.body);
    expect(
      deliveries.map((d) => d.status),
      `${webhook.topic} is subscribed and accepted`,
    ).toEqual([200]);
  }
}

/**
 * An order Apruvd leaves Submitted (the documented `submit.` email trigger, BIN 333333): three
 * line items, the first two in fulfillment orders at two locations, the third not yet routed
 * to any location.
 */
function submittedOrder(): OrderSpec {
  return {
    ...generateOrder("card-submit", 31, 0),
    lineItems: [
      { title: "Field Jacket", sku: "JKT-1", price: "120.00", quantity: 1 },
      { title: "Wool Socks", sku: "SCK-2", price: "12.50", quantity: 3 },
      { title: "Canvas Tote", sku: "TOT-3", price: "30.00", quantity: 2 },
    ],
    fulfillmentOrders: [
      { lineItems: [0], locationName: "Ottawa Warehouse" },
      { lineItems: [1], locationName: "Brooklyn Store" },
    ],
  };
}

const ids = (change: LifecycleResult) => change.created.map((fo) => fo.id);

/** Waits until each of `ids` is on hold by us (one hold of ours each), with a message naming any that is not. */
async function expectHeld(order: StoreOrder, ids: string[], step: string): Promise<void> {
  const isHeld = () => {
    const fos = stack.shopify.order(DEFAULT_SHOP, order.id).fulfillmentOrders;
    return ids.map((id) => {
      const fo = fos.find((f) => f.id === id);
      return { id, held: fo?.status === "ON_HOLD" && holdsOfOurs(fo.holds).length === 1 };
    });
  };
  await stack.waitUntil(async () => isHeld().every((h) => h.held));
  const notHeld = isHeld().filter((h) => !h.held);
  expect(
    notHeld.map((h) => h.id),
    `${step}: not held`,
  ).toEqual([]);
}

describe("fulfillment orders created during a review", () => {
  it("are held until the decision: routed late, moved, split; none ships; approval releases every hold by id", async () => {
    const { order, status } = await stack.placeOrder(DEFAULT_SHOP, submittedOrder());
    expect(status).toBe(200);
    await settle(order, "Submitted", "under_review");
    const [ottawa, brooklyn] = stack.shopify.order(DEFAULT_SHOP, order.id).fulfillmentOrders;
    await expectHeld(order, [ottawa.id, brooklyn.id], "placed");

    // Each change is followed by its own webhook, so each topic must do its part.
    // 1. Order routing completes after the order: the totes get a fulfillment order.
    const routed = completeOrderRouting(stack.shopify.store, DEFAULT_SHOP, order.id, [
      { locationName: "Montreal Depot", lineItems: [2] },
    ]);
    await deliver(routed);
    await expectHeld(order, ids(routed), "fulfillment_orders/order_routing_complete");

    // 2. A held fulfillment order can still be moved; its replacement at the new location is new.
    const moved = moveFulfillmentOrder(stack.shopify.store, DEFAULT_SHOP, ottawa.id, "Toronto Warehouse");
    await deliver(moved);
    await expectHeld(order, ids(moved), "fulfillment_orders/moved");

    // 3. The socks are moved too, and the merchant splits their new fulfillment order at once,
    //    before any app could hold it; Shopify's split webhook arrives before the move's.
    const movedSocks = moveFulfillmentOrder(stack.shopify.store, DEFAULT_SHOP, brooklyn.id, "Toronto Warehouse");
    const socks = movedSocks.created[0];
    const split = splitFulfillmentOrder(stack.shopify.store, DEFAULT_SHOP, socks.id, [
      { id: socks.lineItems[0].id, quantity: 1 },
    ]);
    await deliver(split);
    await expectHeld(order, [socks.id, ...ids(split)], "fulfillment_orders/split");
    await deliver(movedSocks);

    const created = [...ids(routed), ...ids(moved), socks.id, ...ids(split)];
    expect(new Set(created).size).toBe(4);
    const open = openFulfillmentOrders(order);
    expect(open.map((fo) => fo.id).sort()).toEqual([...created].sort());
    await expectHeld(
      order,
      open.map((fo) => fo.id),
      "every open fulfillment order",
    );

    // Nothing ships under review.
    for (const fo of open) {
      const attempt = await ship(fo.id);
      expect(attempt.shipped, `${fo.id} shipped under review`).toBe(false);
      expect(attempt.userErrors.join(" ")).toMatch(/on hold/);
    }
    expect(
      openFulfillmentOrders(order)
        .map((fo) => fo.id)
        .sort(),
    ).toEqual(open.map((fo) => fo.id).sort());

    // The review recorded each new hold: that is what approval releases, by id.
    const underReview = await reviewOf(order);
    const heldIds = openFulfillmentOrders(order).flatMap((fo) => holdsOfOurs(fo.holds).map((h) => h.id));
    expect(underReview?.holds.map((h) => h.holdId)).toEqual(expect.arrayContaining(heldIds));

    // Apruvd's reviewer approves; the callback releases every hold of ours it recorded.
    await stack.apruvd.decide(underReview!.transactionId!, "Approved");
    await settle(order, "Approved", "Approved");
    const approved = await reviewOf(order);
    expect(approved?.holds.every((h) => h.releasedAt !== null)).toBe(true);
    for (const fo of openFulfillmentOrders(order)) {
      expect(holdsOfOurs(fo.holds), `${fo.id} still held after approval`).toEqual([]);
      const released = holdsOfOurs(fo.releasedHolds).map((h) => h.id);
      expect(released).toHaveLength(1);
      expect(approved?.holds.map((h) => h.holdId)).toContain(released[0]);
      expect(fo.status).toBe("OPEN");
    }

    // And now the order ships, every open fulfillment order of it.
    for (const fo of open) expect(await ship(fo.id)).toEqual({ shipped: true, userErrors: [] });
    expect(openFulfillmentOrders(order)).toEqual([]);
  });

  it("stay held on a declined order: a fulfillment order moved after the decline gets our hold too", async () => {
    const { order, status } = await stack.placeOrder(DEFAULT_SHOP, submittedOrder());
    expect(status).toBe(200);
    await settle(order, "Submitted", "under_review");
    const [ottawa] = stack.shopify.order(DEFAULT_SHOP, order.id).fulfillmentOrders;
    const review = await reviewOf(order);
    await stack.apruvd.decide(review!.transactionId!, "Declined");
    await settle(order, "Declined", "Declined");

    const moved = moveFulfillmentOrder(stack.shopify.store, DEFAULT_SHOP, ottawa.id, "Toronto Warehouse");
    await deliver(moved);
    await expectHeld(order, ids(moved), "fulfillment_orders/moved after the decline");
    for (const fo of openFulfillmentOrders(order)) {
      const attempt = await ship(fo.id);
      expect(attempt.shipped, `${fo.id} of a declined order shipped`).toBe(false);
    }
  });
});
