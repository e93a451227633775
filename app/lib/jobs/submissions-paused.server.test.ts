/**
 * When Apruvd refuses a shop's keys, submissions pause (held, not failed one by one) and
 * resume by themselves, oldest first, once the keys work again; the merchant's new next
 * steps (release, cancel the order) go through the inbox. Apruvd is the sandbox over HTTP,
 * Shopify the simulator (the network edges); the database is real.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../../sandbox/apruvd/server";
import { type ShopifySimulator, startShopifySimulator } from "../../../sandbox/shopify/simulator";
import { ApruvdClient } from "../clients/apruvd/client";
import { type AdminGraphql, readGraphqlBody } from "../clients/shopify/admin-graphql";
import { operationNameOf } from "../clients/shopify/cost-governor";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { requestMerchantAction } from "../receive/merchant-actions.server";
import { SqliteLeaseWorker } from "../runner/sqlite-lease-worker.server";
import { createInboxHandlers } from "./inbox-handlers.server";
import { KEYS_PROBE_INTERVAL_MS, resumePausedSubmissions } from "./submissions-paused.server";

const SHOP = "paused-keys.myshopify.com";
const TOKEN = "shpat_paused-keys";
let shopify: ShopifySimulator;
let sandbox: ApruvdSandbox;
let apruvd: ApruvdClient;
let cancelCalls: Array<Record<string, unknown>> = [];

const admin: AdminGraphql = async <TData>(query: string, variables?: Record<string, unknown>) => {
  if (operationNameOf(query) === "OrderCancel") cancelCalls.push(variables ?? {});
  const answer = await shopify.graphql(SHOP, query, variables, { accessToken: TOKEN });
  return readGraphqlBody<TData>(answer.body as never, answer.status);
};
const drain = () =>
  new SqliteLeaseWorker({
    prisma,
    handlers: createInboxHandlers({ prisma, adminFor: async () => admin, apruvdFor: () => apruvd }),
  }).drain();

function clientFor(account: { keyId: string; secret: string }): ApruvdClient {
  return new ApruvdClient({ baseUrl: sandbox.url, credentials: account, sleep: async () => {}, timeoutMs: 2000 });
}

beforeAll(async () => {
  shopify = await startShopifySimulator({ throttle: false });
  shopify.seedShop(SHOP, { accessToken: TOKEN });
  sandbox = await startApruvdSandbox({ reviewDelayMs: Number.POSITIVE_INFINITY });
});
afterAll(async () => {
  await shopify.close();
  await sandbox.close();
});
beforeEach(async () => {
  cancelCalls = [];
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.shopSettings.deleteMany();
  await prisma.shopSettings.create({
    data: { shop: SHOP, callbackKey: "paused", callbackUsername: "u", callbackPasswordEnc: "x" },
  });
});

let seq = 0;
async function newOrder(email: string): Promise<{ id: string; name: string }> {
  seq++;
  const order = shopify.createOrder(SHOP, { email, createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)) });
  const orderKey = orderKeyOf(order.id)!;
  await recordInboxEvent(prisma, {
    dedupeKey: `shopify:create:${orderKey}`,
    shop: SHOP,
    topic: "orders/create",
    orderKey,
    payload: { orderKey, fingerprint: null },
  });
  return { id: order.id, name: order.name };
}

const submissions = () => sandbox.requests().filter((r) => r.path === "/api/transactions/submit/");

describe("Apruvd refuses the shop's keys", () => {
  it("pauses submissions (held, not failed), then resumes them oldest first after a successful key check", async () => {
    const refused = sandbox.createAccount();
    sandbox.disableAccount(refused);
    apruvd = clientFor(refused);
    const before = submissions().length;
    const orders = [];
    for (const email of ["approve-a@example.com", "approve-b@example.com", "approve-c@example.com"]) {
      orders.push(await newOrder(email));
      await drain();
    }

    // One refused request paused the shop; the orders after it made no call with those keys.
    expect(submissions().length - before).toBe(1);
    const settings = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(settings.apruvdKeysRefusedAt).not.toBeNull();
    const reviews = await prisma.review.findMany({ where: { shop: SHOP }, include: { holds: true } });
    expect(reviews.map((r) => r.status)).toEqual(["paused", "paused", "paused"]);
    // Held meanwhile: nothing ships.
    for (const review of reviews) expect(review.holds.filter((h) => !h.releasedAt).length).toBeGreaterThan(0);
    for (const order of orders) expect(shopify.order(SHOP, order.id).holds.active).toHaveLength(1);
    // The inbox events are done, not retried or parked.
    expect(await prisma.inboxEvent.count({ where: { status: { not: "done" } } })).toBe(0);

    // The merchant saves keys that pass the connection test.
    apruvd = clientFor(sandbox.createAccount());
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { credentialsVerifiedAt: new Date() } });
    await resumePausedSubmissions(prisma, SHOP);
    await drain();

    // Sent (Apruvd reviews them now), in the order they were placed: oldest first.
    const after = await prisma.review.findMany({ where: { shop: SHOP }, orderBy: { transactionId: "asc" } });
    expect(after.map((r) => r.status)).toEqual(["Reviewing", "Reviewing", "Reviewing"]);
    expect(after.map((r) => r.orderName)).toEqual(orders.map((o) => o.name));
    expect(submissions().length - before).toBe(4);
    expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).apruvdKeysRefusedAt).toBeNull();
  });

  it("the sweep's probe resumes them once Apruvd accepts the keys again, and not before", async () => {
    const refused = sandbox.createAccount();
    sandbox.disableAccount(refused);
    apruvd = clientFor(refused);
    const order = await newOrder("approve-d@example.com");
    await drain();
    expect((await prisma.review.findFirstOrThrow({ where: { shop: SHOP } })).status).toBe("paused");

    const sweep = async (bucket: string) => {
      await recordInboxEvent(prisma, {
        dedupeKey: `reconcile:${SHOP}:${bucket}`,
        shop: SHOP,
        topic: "system/reconcile",
        payload: {},
      });
      await drain();
    };
    // Still refused: stays paused.
    await prisma.shopSettings.update({
      where: { shop: SHOP },
      data: { apruvdKeysProbedAt: new Date(Date.now() - KEYS_PROBE_INTERVAL_MS - 1000) },
    });
    await sweep("1");
    expect((await prisma.review.findFirstOrThrow({ where: { shop: SHOP } })).status).toBe("paused");

    // The account is usable again (here: the shop's client now has working keys).
    apruvd = clientFor(sandbox.createAccount());
    await prisma.shopSettings.update({
      where: { shop: SHOP },
      data: { apruvdKeysProbedAt: new Date(Date.now() - KEYS_PROBE_INTERVAL_MS - 1000) },
    });
    await sweep("2");
    const review = await prisma.review.findFirstOrThrow({ where: { shop: SHOP } });
    expect(review.status).toBe("Reviewing");
    expect(review.transactionId).not.toBeNull();
    expect(shopify.order(SHOP, order.id).holds.active).toHaveLength(1);
  });
});

/** An order Apruvd declined, held, as the app stores it after the decision. */
async function declinedOrder(email: string): Promise<string> {
  apruvd = clientFor(sandbox.createAccount());
  const { id } = await newOrder(email);
  await drain();
  const review = await prisma.review.findFirstOrThrow({ where: { shop: SHOP, orderId: id } });
  await sandbox.decide(review.transactionId!, "Declined");
  await requestMerchantAction(prisma, SHOP, id, "resync");
  await drain();
  return id;
}

describe("the merchant's next steps", () => {
  it("release: a held order that never reached Apruvd ships without review (status released, tag, no Apruvd call)", async () => {
    const refused = sandbox.createAccount();
    sandbox.disableAccount(refused);
    apruvd = clientFor(refused);
    const order = await newOrder("someone@example.com");
    await drain();
    const review = await prisma.review.findFirstOrThrow({ where: { shop: SHOP } });
    expect(review.status).toBe("paused");
    expect(shopify.order(SHOP, order.id).holds.active).toHaveLength(1);
    const requests = sandbox.requests().length;

    expect(await requestMerchantAction(prisma, SHOP, order.id, "release")).toBe(true);
    await drain();
    const after = await prisma.review.findUniqueOrThrow({ where: { id: review.id }, include: { holds: true } });
    expect(after.status).toBe("released");
    expect(after.holds.every((h) => h.releasedAt !== null)).toBe(true);
    expect(shopify.order(SHOP, order.id).holds.active).toHaveLength(0);
    expect(shopify.order(SHOP, order.id).tags).toContain("apruvd-not-reviewed");
    expect(shopify.order(SHOP, order.id).tags).not.toContain("apruvd-reviewing");
    expect(sandbox.requests().length).toBe(requests);
  });

  it("cancel the order: a declined, held order is cancelled in Shopify with the merchant's choices", async () => {
    const id = await declinedOrder("decline-e@example.com");
    const declined = await prisma.review.findFirstOrThrow({ where: { shop: SHOP }, include: { holds: true } });
    expect(declined.status).toBe("Declined");
    expect(declined.holds.filter((h) => !h.releasedAt).length).toBeGreaterThan(0);

    await requestMerchantAction(prisma, SHOP, id, "cancel-order", {
      restock: true,
      refund: true,
      notifyCustomer: false,
    });
    await drain();
    expect(cancelCalls).toEqual([
      expect.objectContaining({
        orderId: id,
        restock: true,
        notifyCustomer: false,
        refundMethod: { originalPaymentMethodsRefund: true },
      }),
    ]);
    expect(shopify.order(SHOP, id).cancelledAt).not.toBeNull();
    const after = await prisma.review.findUniqueOrThrow({ where: { id: declined.id } });
    expect(after.status).toBe("cancelled");
  });

  it("release a declined order: Apruvd's verdict stays, the hold is lifted", async () => {
    const id = await declinedOrder("decline-f@example.com");
    expect(shopify.order(SHOP, id).holds.active.length).toBeGreaterThan(0);
    await requestMerchantAction(prisma, SHOP, id, "release");
    await drain();
    const after = await prisma.review.findFirstOrThrow({ where: { shop: SHOP }, include: { holds: true } });
    expect(after.status).toBe("Declined");
    expect(after.holds.every((h) => h.releasedAt !== null)).toBe(true);
    expect(shopify.order(SHOP, id).holds.active).toHaveLength(0);
  });
});
