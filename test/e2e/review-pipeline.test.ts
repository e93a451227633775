import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, type InstalledShop, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { ApruvdClient } from "../../app/lib/clients/apruvd/client";
import { mapOrderToTransaction } from "../../app/lib/review/mapping";
import type { OrderForReviewQuery } from "../../app/types/admin.generated";
import { ORDER_FOR_REVIEW_QUERY } from "../../app/lib/clients/shopify/graphql/order-for-review.query";
import { generateOrder } from "../../sandbox/shopify/orders";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { FAULTS_BUILD_PATH } from "../support/fault-helpers";

// The whole job through real HTTP: signed webhooks → the app's routes → inbox → worker →
// Shopify simulator (real Admin schema) and Apruvd sandbox → callbacks → write-back.
let stack: LocalStack;
let installed: InstalledShop;
const HOLD_HANDLE = "apruvd-review";

beforeAll(async () => {
  stack = await startLocalStack({
    useEnvDatabase: true,
    // The app's build, or a mutant of it (test/faults/mutants.ts no-adopt).
    buildPath: FAULTS_BUILD_PATH,
    apruvd: { reviewDelayMs: 100 },
    shopify: { throttle: false },
    retryBaseMs: 100,
    retryCapMs: 1000,
    breakerOpenMs: 500,
  });
  installed = await stack.installShop(DEFAULT_SHOP);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function reviewOf(order: StoreOrder) {
  return stack.prisma.review.findUnique({
    where: { shop_orderId: { shop: DEFAULT_SHOP, orderId: order.id } },
    include: { holds: true },
  });
}

async function settle(order: StoreOrder, status: string, written: string): Promise<void> {
  const ok = await stack.waitUntil(async () => {
    const review = await reviewOf(order);
    return review?.status === status && review.writtenBackStatus === written;
  });
  expect(
    ok,
    `order ${order.name} did not reach ${status}/${written}; it is ${JSON.stringify(await reviewOf(order))}`,
  ).toBe(true);
}

function ourHolds(order: StoreOrder) {
  return stack.shopify
    .order(DEFAULT_SHOP, order.id)
    .fulfillmentOrders.flatMap((fo) => [...fo.holds, ...fo.releasedHolds])
    .filter((hold) => hold.handle === HOLD_HANDLE);
}

describe("automatic order review, end to end", () => {
  it("an approve trigger ends Approved: approved tag, our holds released, risk LOW", async () => {
    const { order, status } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-approve", 3, 0));
    expect(status).toBe(200);
    await settle(order, "Approved", "Approved");
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    expect(seen.tags).toContain("apruvd-approved");
    expect(seen.tags).not.toContain("apruvd-reviewing");
    const holds = ourHolds(order);
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((h) => h.releasedAt !== null)).toBe(true);
    expect(holds.every((h) => h.reason === "HIGH_RISK_OF_FRAUD")).toBe(true);
    expect(seen.riskAssessments.map((r) => r.riskLevel)).toEqual(["PENDING", "LOW"]);
    expect(seen.riskAssessments.at(-1)?.facts.some((f) => f.description.includes("A+"))).toBe(true);
    const review = await reviewOf(order);
    expect(review).toMatchObject({ riskGrade: "A+", orderName: order.name });
    // Shopify Flow hears about the completed review once.
    const flows = stack.shopify
      .flowTriggers()
      .filter((t) => (t.payload as { order_id: number }).order_id === Number(order.legacyResourceId));
    expect(flows).toEqual([
      {
        shop: DEFAULT_SHOP,
        handle: "apruvd-review-completed",
        payload: { order_id: Number(order.legacyResourceId), Status: "Approved", "Risk grade": "A+" },
      },
    ]);
    expect(review?.transactionId).toBeGreaterThan(0);
  });

  it("a decline trigger ends Declined: declined tag, hold stays, risk HIGH with the reviewer's notes", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-decline", 3, 1));
    await settle(order, "Declined", "Declined");
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    expect(seen.tags).toEqual(expect.arrayContaining(["apruvd-declined"]));
    expect(seen.tags).not.toContain("apruvd-reviewing");
    expect(ourHolds(order).filter((h) => !h.releasedAt).length).toBeGreaterThan(0);
    expect(seen.fulfillmentOrders.every((fo) => fo.status === "ON_HOLD")).toBe(true);
    const risk = seen.riskAssessments.at(-1);
    expect(risk?.riskLevel).toBe("HIGH");
    expect(risk?.facts.map((f) => f.description).join(" ")).toMatch(/Reviewer notes: Billing and shipping mismatch/);
  });

  it("a submit trigger stays Submitted and under hold until elevated", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-submit", 3, 2));
    await settle(order, "Submitted", "under_review");
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    expect(seen.tags).toContain("apruvd-reviewing");
    expect(seen.riskAssessments.at(-1)?.riskLevel).toBe("PENDING");
    expect(ourHolds(order).filter((h) => !h.releasedAt).length).toBeGreaterThan(0);
  });

  it("an order with several fulfillment orders: one query, and one hold request, one release request", async () => {
    stack.shopify.resetCalls();
    const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("multi-fulfillment-orders", 3, 9));
    await settle(order, "Approved", "Approved");
    const fulfillmentOrders = stack.shopify.order(DEFAULT_SHOP, order.id).fulfillmentOrders;
    expect(fulfillmentOrders.length).toBeGreaterThan(1);
    expect(ourHolds(order)).toHaveLength(fulfillmentOrders.length);
    expect(ourHolds(order).every((h) => h.releasedAt)).toBe(true);
    const operations = stack.shopify
      .calls()
      .filter((c) => c.shop === DEFAULT_SHOP)
      .map((c) => c.operationName);
    expect(operations.filter((o) => o === "OrderForReview")).toHaveLength(1);
    expect(operations.filter((o) => o === "FulfillmentOrdersHold")).toHaveLength(1);
    expect(operations.filter((o) => o === "FulfillmentOrdersReleaseHold")).toHaveLength(1);
    expect(operations.filter((o) => o === "OrderReviewState")).toHaveLength(2);
  });

  it("releases only our own hold, never another app's", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("held-by-other-app", 3, 3));
    await settle(order, "Approved", "Approved");
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    const foreign = seen.holds.active.filter((h) => h.handle !== HOLD_HANDLE);
    expect(foreign.length).toBe(1);
    expect(ourHolds(order).every((h) => h.releasedAt)).toBe(true);
  });

  it("a callback with wrong credentials changes nothing", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-submit", 3, 4));
    await settle(order, "Submitted", "under_review");
    const review = await reviewOf(order);
    const settings = await stack.prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEFAULT_SHOP } });
    const response = await fetch(`${stack.app.url}/apruvd/callback/${settings.callbackKey}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Basic ${Buffer.from(`${settings.callbackUsername}:guess`).toString("base64")}`,
      },
      body: JSON.stringify({ transaction_id: review?.transactionId, status: "Approved" }),
    });
    expect(response.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await reviewOf(order)).toMatchObject({ status: "Submitted", writtenBackStatus: "under_review" });
    expect(stack.shopify.order(DEFAULT_SHOP, order.id).tags).not.toContain("apruvd-approved");
  });

  it("a repeated webhook delivery and a repeated callback submit once and write once", async () => {
    const { order } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-ordinary", 3, 5));
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/create", "dup-1");
    await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/create", "dup-1");
    await settle(order, "Approved", "Approved");
    const review = await reviewOf(order);
    // Apruvd delivers the same callback again (e.g. a re-sync trigger).
    await stack.apruvd.decide(review!.transactionId!, "Approved");
    await stack.apruvd.idle();
    await new Promise((r) => setTimeout(r, 300));
    const submissions = stack.apruvd.transactions().filter((t) => t.order_num === order.name.replace("#", ""));
    expect(submissions).toHaveLength(1);
    const seen = stack.shopify.order(DEFAULT_SHOP, order.id);
    expect(seen.riskAssessments.filter((r) => r.riskLevel === "LOW")).toHaveLength(1);
    expect(
      stack.shopify
        .flowTriggers()
        .filter((t) => (t.payload as { order_id: number }).order_id === Number(order.legacyResourceId)),
    ).toHaveLength(1);
    expect(ourHolds(order)).toHaveLength(seen.fulfillmentOrders.length);
  });

  it("an Apruvd outage delays the review but loses nothing", async () => {
    stack.apruvd.faults.setDown(true);
    const { order, status } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-approve", 3, 6));
    expect(status).toBe(200);
    // Held at once although Apruvd is down: nothing ships unreviewed.
    const held = await stack.waitUntil(async () => ourHolds(order).length > 0, 10_000);
    expect(held).toBe(true);
    const retried = await stack.waitUntil(async () => {
      const events = await stack.prisma.inboxEvent.findMany({ where: { orderKey: order.legacyResourceId } });
      return events.some((e) => e.attempts >= 2 && e.status === "pending");
    }, 15_000);
    expect(retried).toBe(true);
    expect(await reviewOf(order)).toMatchObject({ status: "pending", transactionId: null });
    // The shop's circuit opened: the merchant's pages can say why orders wait.
    const shown = await stack.waitUntil(async () => {
      const settings = await stack.prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEFAULT_SHOP } });
      return settings.apruvdUnavailableSince !== null && Boolean(settings.apruvdLastError?.includes("503"));
    }, 10_000);
    expect(shown).toBe(true);
    stack.apruvd.faults.setDown(false);
    await settle(order, "Approved", "Approved");
    const recovered = await stack.prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEFAULT_SHOP } });
    expect(recovered.apruvdUnavailableSince).toBeNull();
    expect(stack.apruvd.transactions().filter((t) => t.order_num === order.name.replace("#", ""))).toHaveLength(1);
  });

  it("an order Apruvd already has under its number, with no submission of ours recorded, is adopted when the account enforces unique order numbers", async () => {
    const order = stack.shopify.createOrder(DEFAULT_SHOP, generateOrder("card-decline", 3, 7));
    // Sent before by something this database does not remember (e.g. restored from a backup):
    // the same transaction is already at Apruvd, and no submission of ours is recorded.
    const read = await stack.shopify.graphql<OrderForReviewQuery>(DEFAULT_SHOP, ORDER_FOR_REVIEW_QUERY, {
      id: order.id,
    });
    const client = new ApruvdClient({ baseUrl: stack.apruvd.url, credentials: installed.apruvdCredentials });
    const earlier = await client.submitTransaction(
      mapOrderToTransaction(read.body.data!.order!, { orderNumberSource: "name" }),
    );
    // Only an account with "Are order numbers unique?" on answers "already exists" (off by default).
    stack.apruvd.setEnforceUniqueOrderNum(installed.apruvdCredentials, true);
    try {
      expect(await stack.sendOrderWebhook(DEFAULT_SHOP, order, "orders/create")).toBe(200);
      await settle(order, "Declined", "Declined");
    } finally {
      stack.apruvd.setEnforceUniqueOrderNum(installed.apruvdCredentials, false);
    }
    const review = await stack.prisma.review.findUniqueOrThrow({
      where: { shop_orderId: { shop: DEFAULT_SHOP, orderId: order.id } },
      include: { events: true },
    });
    expect(review.transactionId).toBe(earlier.transaction_id);
    expect(review.events.filter((e) => e.message.startsWith("Already known to Apruvd"))).toHaveLength(1);
    expect(stack.apruvd.transactions().filter((t) => t.order_num === order.name.replace("#", ""))).toHaveLength(1);
  });

  it("a submission whose answer was lost (Apruvd stored it, the app heard a 500) is looked up by its order number and adopted, not sent again (unique order numbers off)", async () => {
    const spec = generateOrder("card-decline", 3, 10);
    let lost = 0;
    stack.apruvd.faults.afterSubmitAccepted(() => {
      if (lost > 0) return;
      lost++;
      // Stored at Apruvd; the answer never reaches the app (the sandbox answers 500).
      throw new Error("answer lost after the transaction was stored");
    });
    let order: StoreOrder;
    try {
      ({ order } = await stack.placeOrder(DEFAULT_SHOP, spec));
      await settle(order, "Declined", "Declined");
    } finally {
      stack.apruvd.faults.afterSubmitAccepted(null);
    }
    expect(lost).toBe(1);
    const atApruvd = stack.apruvd.transactions().filter((t) => t.order_num === order.name.replace("#", ""));
    expect(atApruvd).toHaveLength(1);
    const review = await stack.prisma.review.findUniqueOrThrow({
      where: { shop_orderId: { shop: DEFAULT_SHOP, orderId: order.id } },
      include: { events: true },
    });
    expect(review.transactionId).toBe(atApruvd[0].transaction_id);
    expect(review.events.filter((e) => e.message.startsWith("Already at Apruvd (sent before)"))).toHaveLength(1);
    expect(review.events.filter((e) => e.message.startsWith("Submitted to Apruvd"))).toHaveLength(0);
  });

  it("a 403 (disabled credentials) pauses the shop's submissions: orders held and paused, the banner's figures, no further call with those keys, resumed oldest first with new keys", async () => {
    stack.apruvd.disableAccount(installed.apruvdCredentials);
    let reconnected = false;
    const reconnect = async () => {
      // New keys that pass the connection test, as a merchant would enter them.
      const fresh = stack.apruvd.createAccount();
      const { connectApruvd } = await import("../../app/lib/merchant/onboarding/connect-apruvd.server");
      const result = await connectApruvd(stack.prisma, DEFAULT_SHOP, fresh, undefined, stack.app.url);
      expect(result.ok).toBe(true);
      installed = { ...installed, apruvdCredentials: fresh };
      reconnected = true;
    };
    const { loadSubmissionsPaused } = await import("../../app/lib/merchant/dashboard/submissions-paused-banner.server");
    const pausedAndSettled = async (order: StoreOrder) =>
      stack.waitUntil(async () => {
        if ((await reviewOf(order))?.status !== "paused") return false;
        const events = await stack.prisma.inboxEvent.findMany({ where: { orderKey: order.legacyResourceId } });
        return events.length > 0 && events.every((e) => e.status === "done");
      });
    try {
      const { order: first } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-approve", 3, 8));
      expect(await pausedAndSettled(first), `${first.name}: ${JSON.stringify(await reviewOf(first))}`).toBe(true);
      expect((await reviewOf(first))?.errorMessage).toMatch(/Invalid or disabled credentials/);
      const settings = await stack.prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEFAULT_SHOP } });
      expect(settings.apruvdKeysRefusedAt).not.toBeNull();
      // Held meanwhile: an order that cannot be sent does not ship on its own.
      expect(ourHolds(first).filter((h) => !h.releasedAt).length).toBeGreaterThan(0);
      const callsAfterRefusal = stack.apruvd.requests().length;

      // Another order while paused: held and paused without asking Apruvd anything.
      const { order: second } = await stack.placeOrder(DEFAULT_SHOP, generateOrder("card-approve", 3, 11));
      expect(await pausedAndSettled(second), `${second.name}: ${JSON.stringify(await reviewOf(second))}`).toBe(true);
      expect(ourHolds(second).filter((h) => !h.releasedAt).length).toBeGreaterThan(0);
      expect(stack.apruvd.requests().length, "calls to Apruvd with refused keys").toBe(callsAfterRefusal);
      expect(await loadSubmissionsPaused(stack.prisma, DEFAULT_SHOP)).toEqual({
        held: 2,
        apruvdMessage: expect.stringMatching(/Invalid or disabled credentials/),
      });

      await reconnect();
      await settle(first, "Approved", "Approved");
      await settle(second, "Approved", "Approved");
      expect(await loadSubmissionsPaused(stack.prisma, DEFAULT_SHOP)).toBeNull();
      const sent = [first, second].map((order) =>
        stack.apruvd.transactions().filter((t) => t.order_num === order.name.replace("#", "")),
      );
      expect(sent.map((s) => s.length)).toEqual([1, 1]);
      expect(sent.every(([t]) => t.account === installed.apruvdCredentials.keyId)).toBe(true);
      // Resumed oldest first.
      expect(sent[0][0].transaction_id).toBeLessThan(sent[1][0].transaction_id);
    } finally {
      if (!reconnected) await reconnect();
    }
  });
});
