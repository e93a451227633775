import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { performReviewAction } from "./review-actions.server";

const SHOP = "actions.myshopify.com";

beforeEach(async () => {
  await prisma.review.deleteMany();
  await prisma.inboxEvent.deleteMany();
});

describe("performReviewAction", () => {
  it("queues an available action in the inbox for the worker", async () => {
    const review = await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/9001", status: "excluded" },
    });
    const result = await performReviewAction(prisma, SHOP, { reviewId: review.id }, "submit");
    expect(result).toEqual({
      ok: true,
      action: "submit",
      message: "Order queued for submission to Apruvd",
      messageKey: "actionDone.submit",
    });
    const events = await prisma.inboxEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ shop: SHOP, topic: "merchant/submit", orderKey: "9001", status: "pending" });
  });

  it("refuses an action the review's state does not allow, another shop's review, and junk", async () => {
    const review = await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/9002", status: "Approved", transactionId: 5 },
    });
    expect(await performReviewAction(prisma, SHOP, { reviewId: review.id }, "elevate")).toMatchObject({ ok: false });
    expect(await performReviewAction(prisma, "other.myshopify.com", { reviewId: review.id }, "resync")).toMatchObject({
      ok: false,
    });
    expect(await performReviewAction(prisma, SHOP, { reviewId: review.id }, "drop table")).toMatchObject({ ok: false });
    expect(await prisma.inboxEvent.count()).toBe(0);
    expect(await performReviewAction(prisma, SHOP, { orderId: review.orderId }, "resync")).toMatchObject({ ok: true });
    expect(await prisma.inboxEvent.count()).toBe(1);
  });

  it("queues release and cancel-order for a declined order still held, with the cancel choices; not once released", async () => {
    const review = await prisma.review.create({
      data: {
        shop: SHOP,
        orderId: "gid://shopify/Order/9004",
        status: "Declined",
        transactionId: 7,
        holds: { create: { fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1", holdId: "hold-9004" } },
      },
    });
    const choices = { restock: false, refund: true, notifyCustomer: true };
    expect(await performReviewAction(prisma, SHOP, { reviewId: review.id }, "cancel-order", choices)).toMatchObject({
      ok: true,
    });
    expect(await performReviewAction(prisma, SHOP, { reviewId: review.id }, "release")).toMatchObject({ ok: true });
    const events = await prisma.inboxEvent.findMany({ orderBy: { receivedAt: "asc" } });
    expect(events.map((e) => e.topic)).toEqual(["merchant/cancel-order", "merchant/release"]);
    expect(JSON.parse(events[0].payload)).toEqual({ orderKey: "9004", action: "cancel-order", cancel: choices });

    await prisma.fulfillmentHold.updateMany({ data: { releasedAt: new Date() } });
    expect(await performReviewAction(prisma, SHOP, { reviewId: review.id }, "release")).toMatchObject({ ok: false });
  });

  it("submits an order that has no review yet (order block)", async () => {
    expect(await performReviewAction(prisma, SHOP, { orderId: "gid://shopify/Order/9003" }, "submit")).toMatchObject({
      ok: true,
    });
    expect(await performReviewAction(prisma, SHOP, { orderId: "gid://shopify/Order/9003" }, "cancel")).toMatchObject({
      ok: false,
    });
    expect(await prisma.inboxEvent.count()).toBe(1);
  });
});
