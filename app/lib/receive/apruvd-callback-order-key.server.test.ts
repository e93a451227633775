import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { callbackCredentialsOf, ensureShopSettings } from "../merchant/settings/shop-settings.server";
import { receiveReviewCallback } from "./apruvd-callback.server";

/**
 * A callback that overtakes the submission's answer (Apruvd decides before the app has
 * stored the transaction id) must still carry the order's key, found by the order_num the
 * submission was recorded with: the worker serialises events by that key, so the verdict
 * cannot be written back beside the order's own review (seen as PENDING, LOW, LOW).
 */
const SHOP = "demo-store.myshopify.com";
const OTHER_SHOP = "other-store.myshopify.com";
let shopKey = "";
let auth = "";

async function callback(body: Record<string, unknown>) {
  const request = new Request(`http://127.0.0.1/apruvd/callback/${shopKey}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: auth },
    body: JSON.stringify(body),
  });
  const response = await receiveReviewCallback(prisma, request, shopKey);
  expect(response.status).toBe(200);
  const events = await prisma.inboxEvent.findMany({ where: { topic: "apruvd/review-complete" } });
  expect(events).toHaveLength(1);
  return events[0];
}

beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.shopSettings.deleteMany();
  const settings = await ensureShopSettings(prisma, SHOP);
  const { username, password } = callbackCredentialsOf(settings);
  shopKey = settings.callbackKey;
  auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
});

describe("review-complete callback before the submission's answer is stored", () => {
  it("takes the order key of the review whose recorded submission has the callback's order_num", async () => {
    await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/42", status: "pending", submitOrderNum: "1001" },
    });
    // Another shop's order with the same number is not this shop's.
    await prisma.review.create({
      data: { shop: OTHER_SHOP, orderId: "gid://shopify/Order/77", status: "pending", submitOrderNum: "1002" },
    });
    const event = await callback({ transaction_id: 555, order_num: "1001", status: "Approved" });
    expect(event.orderKey).toBe("42");
  });

  it("falls back to the order number stored with an earlier answer", async () => {
    await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/43", status: "pending", orderNum: "1003" },
    });
    expect((await callback({ transaction_id: 556, order_num: "1003", status: "Declined" })).orderKey).toBe("43");
  });

  it("the transaction id wins over the order number", async () => {
    await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/44", status: "Reviewing", transactionId: 557 },
    });
    await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/45", status: "pending", submitOrderNum: "1004" },
    });
    expect((await callback({ transaction_id: 557, order_num: "1004", status: "Approved" })).orderKey).toBe("44");
  });

  it("an order number naming several reviews, or none of this shop's, gives no key", async () => {
    for (const id of [46, 47]) {
      await prisma.review.create({
        data: { shop: SHOP, orderId: `gid://shopify/Order/${id}`, status: "pending", submitOrderNum: "1005" },
      });
    }
    await prisma.review.create({
      data: { shop: OTHER_SHOP, orderId: "gid://shopify/Order/48", status: "pending", submitOrderNum: "1006" },
    });
    expect((await callback({ transaction_id: 558, order_num: "1005", status: "Approved" })).orderKey).toBeNull();
    await prisma.inboxEvent.deleteMany();
    expect((await callback({ transaction_id: 559, order_num: "1006", status: "Approved" })).orderKey).toBeNull();
  });
});
