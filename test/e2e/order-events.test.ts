import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrder } from "../../sandbox/shopify/orders";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { requestMerchantAction } from "../../app/lib/receive/merchant-actions.server";
import { callbackCredentialsOf } from "../../app/lib/merchant/settings/shop-settings.server";

// Every order event, through the real routes: updates, cancellations, events out of
// order, elevate, reviewer notes and corrected emails.
let stack: LocalStack;
let seed = 100;
const HOLD_HANDLE = "apruvd-review";

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

const orderNum = (order: StoreOrder) => order.name.replace("#", "");
const reviewOf = (order: StoreOrder) =>
  stack.prisma.review.findUnique({
    where: { shop_orderId: { shop: DEFAULT_SHOP, orderId: order.id } },
    include: { events: true },
  });
const apruvdTransactions = (order: StoreOrder) =>
  stack.apruvd.transactions().filter((t) => t.order_num === orderNum(order));
const activeOurHolds = (order: StoreOrder) =>
  stack.shopify.order(DEFAULT_SHOP, order.id).holds.active.filter((h) => h.handle === HOLD_HANDLE);

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

async function placeAndSettle(variant: Parameters<typeof generateOrder>[0], status: string, written: string) {
  const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder(variant, 11, seed++));
  await settle(order, status, written);
  return order;
}

async function updateSettings(data: Record<string, unknown>) {
  await stack.prisma.shopSettings.update({ where: { shop: DEFAULT_SHOP }, data });
}

describe("orders/updated", () => {
  it("a changed email is sent to Apruvd alone, and the order goes back under review", async () => {
    const order = await placeAndSettle("card-ordinary", "Approved", "Approved");
    expect(activeOurHolds(order)).toHaveLength(0);
    stack.shopify.store.updateOrder(DEFAULT_SHOP, { id: order.id, email: "new.address@example.net" });
    // Apruvd holds the new decision back so that "back under review" can be seen.
    const [tx] = apruvdTransactions(order);
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/updated");
    await stack.waitUntil(async () => (await reviewOf(order))?.events.some((e) => e.type === "updated") ?? false);
    const review = await reviewOf(order);
    const updated = review?.events.find((e) => e.type === "updated");
    expect(JSON.parse(updated?.detail ?? "{}").fields.sort()).toEqual(["email", "shipping_email"]);
    expect(updated?.detail).not.toContain("new.address@example.net");
    const sent = stack.apruvd.transactions().find((t) => t.transaction_id === tx.transaction_id);
    expect(sent?.data.email).toBe("new.address@example.net");
    expect(Object.keys(Object.values(sent?.changelog ?? {})[0] ?? {}).sort()).toEqual(["email", "shipping_email"]);
    // Apruvd decides again; the order ends approved again with our new hold released.
    await settle(order, "Approved", "Approved");
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    const ours = seen.fulfillmentOrders
      .flatMap((fo) => [...fo.holds, ...fo.releasedHolds])
      .filter((h) => h.handle === HOLD_HANDLE);
    expect(ours.length).toBe(2 * seen.fulfillmentOrders.length);
    expect(seen.riskAssessments.map((r) => r.riskLevel)).toEqual(["PENDING", "LOW", "PENDING", "LOW"]);
    expect(apruvdTransactions(order)).toHaveLength(1);
  });

  it("a change Apruvd does not care about costs nothing", async () => {
    const order = await placeAndSettle("card-ordinary", "Approved", "Approved");
    stack.shopify.store.updateOrder(DEFAULT_SHOP, {
      id: order.id,
      note: "Gift wrap please",
      tags: ["vip", ...stack.shopify.order(DEFAULT_SHOP, order.id).tags],
    });
    stack.shopify.resetCalls();
    const requestsBefore = stack.apruvd.requests().length;
    expect(await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/updated")).toBe(200);
    await stack.waitUntil(
      async () =>
        (await stack.prisma.inboxEvent.count({ where: { orderKey: order.legacyResourceId, status: "pending" } })) === 0,
    );
    expect(stack.shopify.calls().filter((c) => c.shop === DEFAULT_SHOP)).toHaveLength(0);
    expect(stack.apruvd.requests().length).toBe(requestsBefore);
  });

  it("an update that arrives before the create reviews the order once", async () => {
    const order = stack.shopify.createOrder(DEFAULT_SHOP, generateOrder("card-approve", 11, seed++));
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/updated");
    await settle(order, "Approved", "Approved");
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/create");
    await new Promise((r) => setTimeout(r, 400));
    expect(apruvdTransactions(order)).toHaveLength(1);
  });
});

describe("orders/cancelled", () => {
  it("a merchant's cancel of the review releases our holds on the open order", async () => {
    const order = await placeAndSettle("card-submit", "Submitted", "under_review");
    await requestMerchantAction(stack.prisma, DEFAULT_SHOP, order.id, "cancel");
    await settle(order, "cancelled", "cancelled");
    expect(apruvdTransactions(order)[0].canceled).toBe(true);
    expect(activeOurHolds(order)).toHaveLength(0);
    expect(stack.shopify.order(DEFAULT_SHOP, order.id).fulfillmentOrders.every((fo) => fo.status === "OPEN")).toBe(
      true,
    );
  });

  it("cancels the Apruvd transaction, releases our holds and tags the order", async () => {
    const order = await placeAndSettle("card-submit", "Submitted", "under_review");
    expect(activeOurHolds(order).length).toBeGreaterThan(0);
    stack.shopify.store.cancelOrder(DEFAULT_SHOP, { orderId: order.id, reason: "CUSTOMER", restock: true });
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/cancelled");
    await settle(order, "cancelled", "cancelled");
    expect(apruvdTransactions(order)[0].canceled).toBe(true);
    // Cancelling closed the fulfillment orders; none that is still open keeps our hold.
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    expect(
      seen.fulfillmentOrders.filter((fo) => fo.status !== "CLOSED" && fo.holds.some((h) => h.handle === HOLD_HANDLE)),
    ).toHaveLength(0);
    const holds = await stack.prisma.fulfillmentHold.findMany({ where: { review: { orderId: order.id } } });
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((h) => h.releasedAt !== null)).toBe(true);
    const tags = stack.shopify.order(DEFAULT_SHOP, order.id).tags;
    expect(tags).toContain("apruvd-cancelled");
    expect(tags).not.toContain("apruvd-reviewing");
  });

  it("a cancel that arrives before the create: the order is never submitted", async () => {
    const order = stack.shopify.createOrder(DEFAULT_SHOP, generateOrder("card-ordinary", 11, seed++));
    stack.shopify.store.cancelOrder(DEFAULT_SHOP, { orderId: order.id, reason: "CUSTOMER", restock: true });
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/cancelled");
    await settle(order, "cancelled", "cancelled");
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/create");
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/updated");
    await new Promise((r) => setTimeout(r, 500));
    expect(apruvdTransactions(order)).toHaveLength(0);
    expect(await reviewOf(order)).toMatchObject({ status: "cancelled", transactionId: null });
  });
});

describe("decisions and merchant actions", () => {
  it("submit-then-elevate: a Submitted order waits; elevate sends it for review", async () => {
    const order = await placeAndSettle("card-submit", "Submitted", "under_review");
    await new Promise((r) => setTimeout(r, 300));
    expect((await reviewOf(order))?.status).toBe("Submitted");
    expect(await requestMerchantAction(stack.prisma, DEFAULT_SHOP, order.id, "elevate")).toBe(true);
    // The sandbox decides an elevated transaction after its review delay (default: approve).
    await settle(order, "Approved", "Approved");
    expect((await reviewOf(order))?.events.map((e) => e.type)).toContain("elevated");
  });

  it("the reviewer's notes become a risk fact and an order note", async () => {
    const order = await placeAndSettle("card-decline", "Declined", "Declined");
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    expect(seen.note).toContain("Apruvd reviewer notes: Billing and shipping mismatch");
    expect(seen.riskAssessments.at(-1)?.facts.map((f) => f.description)).toContain(
      "Reviewer notes: Billing and shipping mismatch",
    );
  });

  it("a corrected email is applied to the order only when Apruvd confirms the callback's status and the shop enabled it", async () => {
    const settings = await stack.prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEFAULT_SHOP } });
    const { username, password } = callbackCredentialsOf(settings);
    const post = async (transactionId: number, status: string, email: string) =>
      fetch(`${stack.app.url}/apruvd/callback/${settings.callbackKey}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
        },
        body: JSON.stringify({ transaction_id: transactionId, status, corrected_email: email }),
      });
    // Apruvd approves the transaction (its own callback carries no corrected email), then
    // the callback with the corrected email comes: Apruvd confirms its status.
    const approveAtApruvd = async (order: StoreOrder, email: string) => {
      const transactionId = (await reviewOf(order))!.transactionId!;
      await stack.apruvd.decide(transactionId, "Approved");
      await stack.apruvd.idle();
      await settle(order, "Approved", "Approved");
      expect((await post(transactionId, "Approved", email)).status).toBe(200);
    };
    const emailWrittenBack = async (order: StoreOrder) =>
      (await reviewOf(order))?.events.some(
        (e) => e.type === "written_back" && e.detail?.includes('"emailCorrected":true'),
      );

    const off = await placeAndSettle("card-submit", "Submitted", "under_review");
    const before = stack.shopify.order(DEFAULT_SHOP, off.id).email;
    await approveAtApruvd(off, "fixed.off@example.com");
    // Both callbacks (Apruvd's and the one with the corrected email) have run.
    expect(
      await stack.waitUntil(async () => {
        const callbacks = await stack.prisma.inboxEvent.findMany({
          where: { topic: "apruvd/review-complete", orderKey: off.legacyResourceId },
        });
        return callbacks.length === 2 && callbacks.every((e) => e.status === "done");
      }),
    ).toBe(true);
    expect(stack.shopify.order(DEFAULT_SHOP, off.id).email).toBe(before);
    expect(await emailWrittenBack(off)).toBe(false);

    await updateSettings({ applyCorrectedEmail: true });
    try {
      // A callback whose status Apruvd does not confirm: its corrected email is not used.
      const forged = await placeAndSettle("card-submit", "Submitted", "under_review");
      const forgedBefore = stack.shopify.order(DEFAULT_SHOP, forged.id).email;
      expect((await post((await reviewOf(forged))!.transactionId!, "Approved", "forged@example.com")).status).toBe(200);
      const unconfirmed = await stack.waitUntil(async () =>
        Boolean((await reviewOf(forged))?.events.some((e) => e.type === "decision_unconfirmed")),
      );
      expect(unconfirmed).toBe(true);
      expect(await reviewOf(forged)).toMatchObject({ status: "Submitted", writtenBackStatus: "under_review" });
      expect(stack.shopify.order(DEFAULT_SHOP, forged.id).email).toBe(forgedBefore);

      const on = await placeAndSettle("card-submit", "Submitted", "under_review");
      await approveAtApruvd(on, "fixed.on@example.com");
      expect(
        await stack.waitUntil(async () => stack.shopify.order(DEFAULT_SHOP, on.id).email === "fixed.on@example.com"),
      ).toBe(true);
      expect(await stack.waitUntil(async () => Boolean(await emailWrittenBack(on)))).toBe(true);
      // Once applied, the inbox keeps no copy of the corrected email.
      const stored = await stack.prisma.inboxEvent.findMany({
        where: { shop: DEFAULT_SHOP, topic: "apruvd/review-complete" },
      });
      expect(stored.filter((e) => e.payload.includes("fixed.on@example.com"))).toEqual([]);
    } finally {
      await updateSettings({ applyCorrectedEmail: false });
    }
  });

  it("cancel declined orders is off by default, and cancels with reason FRAUD when switched on", async () => {
    const kept = await placeAndSettle("card-decline", "Declined", "Declined");
    expect(stack.shopify.order(DEFAULT_SHOP, kept.id).cancelledAt).toBeNull();
    await updateSettings({ cancelDeclined: true });
    try {
      const order = await placeAndSettle("card-decline", "Declined", "Declined");
      await stack.waitUntil(async () => stack.shopify.order(DEFAULT_SHOP, order.id).cancelledAt !== null);
      const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
      expect(seen.cancelledAt).not.toBeNull();
      expect(seen.cancelReason).toBe("FRAUD");
    } finally {
      await updateSettings({ cancelDeclined: false });
    }
  });

  it("re-sync asks Apruvd for the status when no callback came", async () => {
    const order = await placeAndSettle("card-submit", "Submitted", "under_review");
    const review = await reviewOf(order);
    const { callbackUsername } = await stack.prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEFAULT_SHOP } });
    // Decided at Apruvd, but the callback is lost (the app is unreachable for it).
    await stack.prisma.shopSettings.update({ where: { shop: DEFAULT_SHOP }, data: { callbackUsername: "rotated" } });
    try {
      await stack.apruvd.decide(review!.transactionId!, "Declined", "Stolen card");
      await stack.apruvd.idle();
      expect((await reviewOf(order))?.status).toBe("Submitted");
      await requestMerchantAction(stack.prisma, DEFAULT_SHOP, order.id, "resync");
      await settle(order, "Declined", "Declined");
    } finally {
      await stack.prisma.shopSettings.update({
        where: { shop: DEFAULT_SHOP },
        data: { callbackUsername },
      });
    }
  });
});
