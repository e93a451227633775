import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { seedOfflineSession, sessionToken } from "../../test/support/browser-session";
import { action, loader } from "./api.order-block";

// Every request goes through the real authenticate.admin with a signed session token.
const SHOP = "block-shop.myshopify.com";
const url = (q: string) => `http://127.0.0.1:3000/api/order-block?${q}`;
const auth = (token = sessionToken({ shop: SHOP })) => ({
  Authorization: `Bearer ${token}`,
  Origin: "https://extensions.shopifycdn.com",
});
const run = async <T>(fn: () => Promise<T>): Promise<T | Response> => {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
};

beforeEach(async () => {
  await prisma.review.deleteMany();
  await prisma.inboxEvent.deleteMany();
  await seedOfflineSession(prisma, SHOP);
});

describe("api.order-block", () => {
  it("shows a reviewed order's status, risk grade and notes, with Open in app", async () => {
    await prisma.review.create({
      data: {
        shop: SHOP,
        orderId: "gid://shopify/Order/77",
        status: "Declined",
        riskGrade: "D",
        notes: "Mismatch",
        transactionId: 9,
      },
    });
    const response = (await loader({
      request: new Request(url("orderId=gid://shopify/Order/77"), { headers: auth() }),
      params: {},
      context: {},
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await response.json()).toMatchObject({
      status: "Declined",
      statusLabel: "Declined",
      riskGrade: "D",
      notes: "Mismatch",
      action: "open",
    });
  });

  it("offers Submit for an order without a review and queues it", async () => {
    const get = (await loader({
      request: new Request(url("orderId=gid://shopify/Order/78"), { headers: auth() }),
      params: {},
      context: {},
    })) as Response;
    expect(await get.json()).toMatchObject({ status: null, action: "submit" });
    const post = (await action({
      request: new Request(url(""), {
        method: "POST",
        headers: { ...auth(), "Content-Type": "application/json" },
        body: JSON.stringify({ orderId: "78", action: "submit" }),
      }),
      params: {},
      context: {},
    })) as Response;
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ ok: true, action: "submit" });
    expect(await prisma.inboxEvent.findFirst()).toMatchObject({ topic: "merchant/submit", orderKey: "78", shop: SHOP });
  });

  it("rejects a missing, forged or expired session token", async () => {
    const forged = sessionToken({ shop: SHOP, secret: "not-the-secret" });
    const expired = sessionToken({ shop: SHOP, now: Date.now() - 7200_000 });
    for (const headers of [{}, auth(forged), auth(expired)]) {
      const result = await run(() =>
        loader({ request: new Request(url("orderId=1"), { headers }), params: {}, context: {} }),
      );
      expect(result).toBeInstanceOf(Response);
      expect([302, 401, 410]).toContain((result as Response).status);
    }
    expect(await prisma.inboxEvent.count()).toBe(0);
  });

  it("takes the shop from the token, never from the request", async () => {
    await prisma.review.create({
      data: {
        shop: "victim.myshopify.com",
        orderId: "gid://shopify/Order/79",
        status: "Approved",
        notes: "secret notes",
      },
    });
    const response = (await loader({
      request: new Request(url("orderId=79&shop=victim.myshopify.com"), { headers: auth() }),
      params: {},
      context: {},
    })) as Response;
    expect(await response.json()).toMatchObject({ status: null, notes: null });
  });
});
