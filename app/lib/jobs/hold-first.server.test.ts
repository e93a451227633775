/**
 * Hold first: under a burst every new order is held (a cheap read of its fulfillment
 * orders, then the hold) before any order is read whole, submitted or tagged; the review
 * finds the hold in place and places no second one; an order the review leaves unsent
 * has that hold taken off. Shopify is the simulator, Apruvd the sandbox; the database is real.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../../sandbox/apruvd/server";
import { type ShopifySimulator, startShopifySimulator } from "../../../sandbox/shopify/simulator";
import { ApruvdClient } from "../clients/apruvd/client";
import { type AdminGraphql, readGraphqlBody } from "../clients/shopify/admin-graphql";
import { operationNameOf } from "../clients/shopify/cost-governor";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { SqliteLeaseWorker } from "../runner/sqlite-lease-worker.server";
import { createInboxHandlers } from "./inbox-handlers.server";

const SHOP = "hold-first.myshopify.com";
const TOKEN = "shpat_hold-first";
let shopify: ShopifySimulator;
let sandbox: ApruvdSandbox;
let apruvd: ApruvdClient;
let operations: string[] = [];

const admin: AdminGraphql = async <TData>(query: string, variables?: Record<string, unknown>) => {
  operations.push(operationNameOf(query) ?? "?");
  const answer = await shopify.graphql(SHOP, query, variables, { accessToken: TOKEN });
  return readGraphqlBody<TData>(answer.body as never, answer.status);
};
// One event at a time: the order the worker picks events in is the whole difference.
const drain = () =>
  new SqliteLeaseWorker({
    prisma,
    concurrency: 1,
    handlers: createInboxHandlers({ prisma, adminFor: async () => admin, apruvdFor: () => apruvd }),
  }).drain();

beforeAll(async () => {
  shopify = await startShopifySimulator({ throttle: false });
  shopify.seedShop(SHOP, { accessToken: TOKEN });
  sandbox = await startApruvdSandbox({ reviewDelayMs: Number.POSITIVE_INFINITY });
  apruvd = new ApruvdClient({
    baseUrl: sandbox.url,
    credentials: sandbox.createAccount(),
    sleep: async () => {},
    timeoutMs: 2000,
  });
});
afterAll(async () => {
  await shopify.close();
  await sandbox.close();
});
beforeEach(async () => {
  operations = [];
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.shopSettings.deleteMany();
  await prisma.shopSettings.create({
    data: { shop: SHOP, callbackKey: "hold-first", callbackUsername: "u", callbackPasswordEnc: "x" },
  });
});

let seq = 0;
async function newOrder(spec: Parameters<ShopifySimulator["createOrder"]>[1] = {}): Promise<string> {
  seq++;
  const order = shopify.createOrder(SHOP, { createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)), ...spec });
  const orderKey = orderKeyOf(order.id)!;
  await recordInboxEvent(prisma, {
    dedupeKey: `shopify:create:${orderKey}`,
    shop: SHOP,
    topic: "orders/create",
    orderKey,
    payload: { orderKey, fingerprint: null },
  });
  return order.id;
}

describe("hold first", () => {
  it("holds every order of a burst before the first full read, and the review places no second hold", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await newOrder({ email: `burst-${i}@example.com` }));
    await drain();

    const holds = operations.flatMap((op, i) => (op === "FulfillmentOrdersHold" ? [i] : []));
    const firstFullRead = operations.indexOf("OrderForReview");
    expect(holds).toHaveLength(3);
    expect(firstFullRead).toBeGreaterThan(-1);
    expect(Math.max(...holds)).toBeLessThan(firstFullRead);
    expect(operations.filter((op) => op === "OrderForReview")).toHaveLength(3);

    for (const id of ids) {
      const inspected = shopify.order(SHOP, id);
      expect(inspected.holds.active.filter((h) => h.handle === "apruvd-review")).toHaveLength(
        inspected.fulfillmentOrders.length,
      );
      const review = await prisma.review.findUniqueOrThrow({
        where: { shop_orderId: { shop: SHOP, orderId: id } },
        include: { holds: true },
      });
      expect(review.transactionId).not.toBeNull();
      expect(review.writtenBackStatus).toBe("under_review");
      expect(review.holds.map((h) => h.holdId).sort()).toEqual(inspected.holds.active.map((h) => h.id).sort());
    }
  });

  it("takes the hold off an order the review then excludes", async () => {
    await prisma.shopSettings.update({
      where: { shop: SHOP },
      data: { exclusionRules: JSON.stringify({ salesChannels: ["pos"] }) },
    });
    const id = await newOrder({ email: "pos@example.com", sourceName: "pos" });
    await drain();

    const review = await prisma.review.findUniqueOrThrow({
      where: { shop_orderId: { shop: SHOP, orderId: id } },
      include: { holds: true },
    });
    expect(review.status).toBe("excluded");
    const inspected = shopify.order(SHOP, id);
    // Held first (the review had not read the order yet), then released when it was excluded.
    expect(inspected.holds.released.filter((h) => h.handle === "apruvd-review").length).toBeGreaterThan(0);
    expect(inspected.holds.active).toHaveLength(0);
    expect(review.holds.every((h) => h.releasedAt !== null)).toBe(true);
  });
});
