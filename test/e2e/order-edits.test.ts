/**
 * An order edit reaches Apruvd. Shopify keeps a line item's `quantity` and the order's
 * `totalPriceSet` as placed; an edit changes `currentQuantity` and `currentTotalPriceSet`
 * and sends orders/edited and orders/updated. Here the order is reviewed and approved, then
 * edited in the Shopify simulator (2 of 3 units removed), and the webhooks are delivered
 * through shopify.app.toml's subscriptions with their include_fields. Apruvd must receive one
 * update of that transaction carrying only what changed (the cart's quantity and the total),
 * and the order goes back under review until Apruvd decides again (docs/shopify-review.md).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrder, orderWebhookPayload, type OrderSpec } from "../../sandbox/shopify/orders";
import { editOrderQuantities } from "../../sandbox/shopify/model/order-edits";
import type { StoreOrder } from "../../sandbox/shopify/store";

const HOLD_HANDLE = "apruvd-review";
let stack: LocalStack;

/** What the app sends to Apruvd, as it leaves the process (the Apruvd client calls the global fetch). */
interface SentToApruvd {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}
let sent: SentToApruvd[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  stack = await startLocalStack({
    useEnvDatabase: true,
    apruvd: { reviewDelayMs: 100 },
    shopify: { throttle: false },
    retryBaseMs: 100,
    retryCapMs: 1000,
  });
  await stack.installShop(DEFAULT_SHOP);
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin === new URL(stack.apruvd.url).origin && url.pathname.startsWith("/api/")) {
      const text = typeof init?.body === "string" ? init.body : null;
      sent.push({
        method: (init?.method ?? "GET").toUpperCase(),
        path: url.pathname,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
      });
    }
    return realFetch(input, init);
  };
}, 60_000);

afterEach(() => {
  sent = [];
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await stack?.close();
});

const reviewOf = (order: StoreOrder) =>
  stack.prisma.review.findUnique({
    where: { shop_orderId: { shop: DEFAULT_SHOP, orderId: order.id } },
    include: { events: true, holds: true },
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

const apruvdTransactionsOf = (order: StoreOrder) =>
  stack.apruvd.transactions().filter((t) => t.order_num === order.name.replace(/^#/, ""));

/** An ordinary card order (no Apruvd test trigger: the sandbox approves it): 3 cups and a saucer. */
function cupsAndSaucer(index: number): OrderSpec {
  return {
    ...generateOrder("card-ordinary", 41, index),
    lineItems: [
      { title: "Stoneware Cup", sku: "CUP-3", price: "20.00", quantity: 3 },
      { title: "Stoneware Saucer", sku: "SAU-1", price: "5.00", quantity: 1 },
    ],
    discounts: [],
  };
}

/** The payment and email of Apruvd's documented Submitted trigger (BIN 333333, a `submit.` email). */
const submitTrigger = (spec: OrderSpec): Pick<OrderSpec, "email" | "transactions"> => ({
  email: spec.email,
  transactions: spec.transactions,
});

type CartItem = { quantity?: number; extra?: { sku?: string } };
const quantityOf = (cart: unknown, sku: string) =>
  (cart as CartItem[] | undefined)?.find((item) => item.extra?.sku === sku)?.quantity;

describe("an order edit", () => {
  it("removing 2 of 3 units sends Apruvd only the new cart and total, and the order goes back under review", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, cupsAndSaucer(0));
    await settle(order, "Approved", "Approved");
    const [transaction] = apruvdTransactionsOf(order);
    expect(quantityOf(transaction.data.cart_contents, "CUP-3")).toBe(3);
    const totalBefore = Number(transaction.data.total);
    sent = [];

    const edit = editOrderQuantities(stack.shopify.store, DEFAULT_SHOP, order.id, [{ lineItem: 0, quantity: 1 }], {
      staffNote: "Customer wants one cup",
    });
    const edited = await stack.sendSubscribedWebhook(DEFAULT_SHOP, "orders/edited", edit.editedBody);
    const updated = await stack.sendSubscribedWebhook(
      DEFAULT_SHOP,
      "orders/updated",
      orderWebhookPayload(edit.order, "orders/updated") as Record<string, unknown>,
    );
    expect(edited.every((d) => d.status === 200)).toBe(true);
    expect(updated.map((d) => d.status)).toEqual([200]);

    const changed = await stack.waitUntil(
      async () => (await reviewOf(order))?.events.some((e) => e.type === "updated") ?? false,
    );
    expect(changed, "the edit never reached the review").toBe(true);

    // On the wire: one update of that transaction, with only the cart and the total.
    const updates = sent.filter((r) => r.path === `/api/transactions/${transaction.transaction_id}/update/`);
    expect(updates).toHaveLength(1);
    expect(Object.keys(updates[0].body ?? {}).sort()).toEqual(["cart_contents", "total"]);
    expect(Number(updates[0].body?.total)).toBeCloseTo(totalBefore - 40, 2);
    expect(quantityOf(updates[0].body?.cart_contents, "CUP-3")).toBe(1);
    expect(quantityOf(updates[0].body?.cart_contents, "SAU-1")).toBe(1);
    // Nothing else is sent again: no new submission, no elevation, no cancel.
    expect(sent.filter((r) => /\/(submit|elevate|cancel)\/$/.test(r.path))).toEqual([]);

    // At Apruvd: the same transaction, changed in those two fields only.
    expect(apruvdTransactionsOf(order)).toHaveLength(1);
    const atApruvd = apruvdTransactionsOf(order)[0];
    const changelog = Object.values(atApruvd.changelog);
    expect(changelog).toHaveLength(1);
    expect(Object.keys(changelog[0]).sort()).toEqual(["cart_contents", "total"]);
    expect(quantityOf(atApruvd.data.cart_contents, "CUP-3")).toBe(1);

    // The review says what changed, by field name only.
    const review = await reviewOf(order);
    const event = review?.events.find((e) => e.type === "updated");
    expect((JSON.parse(event?.detail ?? "{}") as { fields: string[] }).fields.sort()).toEqual([
      "cart_contents",
      "total",
    ]);

    // Back under review (hold placed again, risk PENDING), then Apruvd approves again.
    await settle(order, "Approved", "Approved");
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    expect(seen.riskAssessments.map((r) => r.riskLevel)).toEqual(["PENDING", "LOW", "PENDING", "LOW"]);
    const ours = seen.fulfillmentOrders
      .flatMap((fo) => [...fo.holds, ...fo.releasedHolds])
      .filter((h) => h.handle === HOLD_HANDLE);
    expect(ours).toHaveLength(2 * seen.fulfillmentOrders.length);
    expect(ours.every((h) => h.releasedAt !== null)).toBe(true);
    const writtenBack = (await reviewOf(order))?.events.filter((e) => e.type === "written_back").map((e) => e.message);
    expect(writtenBack?.filter((m) => m.endsWith(": under review"))).toHaveLength(2);
    expect(writtenBack?.filter((m) => m.endsWith(": approved"))).toHaveLength(2);
  });

  it("an edit while the order is under review reaches Apruvd and keeps it held, with no second hold", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, {
      ...cupsAndSaucer(2),
      ...submitTrigger(generateOrder("card-submit", 41, 2)),
    });
    await settle(order, "Submitted", "under_review");
    const [transaction] = apruvdTransactionsOf(order);
    sent = [];
    const edit = editOrderQuantities(stack.shopify.store, DEFAULT_SHOP, order.id, [{ lineItem: 0, quantity: 1 }]);
    await stack.sendSubscribedWebhook(
      DEFAULT_SHOP,
      "orders/updated",
      orderWebhookPayload(edit.order, "orders/updated") as Record<string, unknown>,
    );
    await stack.waitUntil(async () => (await reviewOf(order))?.events.some((e) => e.type === "updated") ?? false);
    await settle(order, "Submitted", "under_review");
    const updates = sent.filter((r) => r.path === `/api/transactions/${transaction.transaction_id}/update/`);
    expect(updates.map((u) => Object.keys(u.body ?? {}).sort())).toEqual([["cart_contents", "total"]]);
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    const ours = seen.fulfillmentOrders.flatMap((fo) => fo.holds).filter((h) => h.handle === HOLD_HANDLE);
    expect(ours).toHaveLength(seen.fulfillmentOrders.length);
    expect(seen.fulfillmentOrders.every((fo) => fo.status === "ON_HOLD")).toBe(true);
    expect((await reviewOf(order))?.holds).toHaveLength(seen.fulfillmentOrders.length);
  });

  it("delivering the same edit again sends nothing more", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, cupsAndSaucer(1));
    await settle(order, "Approved", "Approved");
    const edit = editOrderQuantities(stack.shopify.store, DEFAULT_SHOP, order.id, [{ lineItem: 0, quantity: 1 }]);
    const body = orderWebhookPayload(edit.order, "orders/updated") as Record<string, unknown>;
    await stack.sendSubscribedWebhook(DEFAULT_SHOP, "orders/updated", body);
    await stack.waitUntil(async () => (await reviewOf(order))?.events.some((e) => e.type === "updated") ?? false);
    await settle(order, "Approved", "Approved");
    sent = [];
    // Shopify retries or repeats orders/updated (our own tag and hold changes do too).
    await stack.sendSubscribedWebhook(DEFAULT_SHOP, "orders/updated", body);
    await stack.sendSubscribedWebhook(
      DEFAULT_SHOP,
      "orders/updated",
      orderWebhookPayload(stack.shopify.order(DEFAULT_SHOP, order.id).order, "orders/updated") as Record<
        string,
        unknown
      >,
    );
    await stack.waitUntil(
      async () =>
        (await stack.prisma.inboxEvent.count({ where: { orderKey: order.legacyResourceId, status: "pending" } })) === 0,
    );
    expect(sent).toEqual([]);
    expect((await reviewOf(order))?.events.filter((e) => e.type === "updated")).toHaveLength(1);
  });
});
