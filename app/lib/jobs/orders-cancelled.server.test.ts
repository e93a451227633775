import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { type ShopifySimulator, startShopifySimulator } from "../../../sandbox/shopify/simulator";
import { type AdminGraphql, readGraphqlBody } from "../clients/shopify/admin-graphql";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { createInboxHandlers } from "./inbox-handlers.server";

/**
 * orders/cancelled releases our holds and cancels the Apruvd transaction, so a signed
 * body replayed to the cancel route (any order body carries a `cancelled_at` field) must
 * not be enough: the job asks Shopify (the simulator here) whether the order is cancelled.
 */
const SHOP = "cancel-check.myshopify.com";
const TOKEN = "shpat_cancel-check";
let shopify: ShopifySimulator;

const admin: AdminGraphql = async <TData>(query: string, variables?: Record<string, unknown>) => {
  const answer = await shopify.graphql(SHOP, query, variables, { accessToken: TOKEN });
  return readGraphqlBody<TData>(answer.body as never, answer.status);
};
const handlers = createInboxHandlers({ prisma, adminFor: async () => admin, apruvdFor: () => null });

beforeAll(async () => {
  shopify = await startShopifySimulator({ throttle: false });
  shopify.seedShop(SHOP, { accessToken: TOKEN });
});
afterAll(async () => {
  await shopify.close();
});
beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.shopSettings.deleteMany();
});

async function runCancelledJob(orderId: string): Promise<void> {
  const orderKey = orderKeyOf(orderId)!;
  await recordInboxEvent(prisma, {
    dedupeKey: `shopify:${orderKey}`,
    shop: SHOP,
    topic: "orders/cancelled",
    orderKey,
    payload: { orderKey, fingerprint: null },
  });
  const row = await prisma.inboxEvent.findFirstOrThrow({ where: { orderKey } });
  await handlers["orders/cancelled"](row);
}

describe("orders/cancelled job", () => {
  it("does nothing to an order Shopify does not have as cancelled", async () => {
    const order = shopify.createOrder(SHOP);
    await prisma.review.create({ data: { shop: SHOP, orderId: order.id, transactionId: 5, status: "Reviewing" } });
    await runCancelledJob(order.id);
    const review = await prisma.review.findFirstOrThrow({ where: { orderId: order.id }, include: { events: true } });
    expect(review.status).toBe("Reviewing");
    expect(review.events).toHaveLength(0);
  });

  it("withdraws the review of an order Shopify has cancelled", async () => {
    const order = shopify.createOrder(SHOP);
    shopify.store.cancelOrder(SHOP, { orderId: order.id, reason: "CUSTOMER", restock: true });
    await runCancelledJob(order.id);
    expect((await prisma.review.findFirstOrThrow({ where: { orderId: order.id } })).status).toBe("cancelled");
  });
});
