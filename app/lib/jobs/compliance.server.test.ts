import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { insertInboxRow } from "../inbox/inbox.server";
import { complianceJobs } from "./compliance.server";
import { asInboxHandlers } from "./job.server";

const SHOP = "a.myshopify.com";
const OTHER = "b.myshopify.com";
const handlers = asInboxHandlers(complianceJobs(prisma));

async function seedReview(shop: string, orderKey: string, notes?: string) {
  const review = await prisma.review.create({
    data: { shop, orderId: `gid://shopify/Order/${orderKey}`, orderName: `#${orderKey}`, status: "Declined", notes },
  });
  await prisma.reviewEvent.create({
    data: { reviewId: review.id, type: "decision", message: "Apruvd decision: Declined" },
  });
  return review;
}

async function event(topic: string, payload: unknown) {
  await insertInboxRow(prisma, { dedupeKey: `${topic}:${Math.random()}`, shop: SHOP, topic, payload });
  return prisma.inboxEvent.findFirstOrThrow({ where: { topic }, orderBy: { receivedAt: "desc" } });
}

beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.dataRequestReport.deleteMany();
  await prisma.shopSettings.deleteMany();
});

describe("compliance handlers", () => {
  it("customers/redact removes that customer's reviews and queued callbacks, and nothing else", async () => {
    await seedReview(SHOP, "1", "Customer said the parcel was for a friend");
    await seedReview(SHOP, "2");
    await seedReview(SHOP, "3");
    await seedReview(OTHER, "1");
    await insertInboxRow(prisma, {
      dedupeKey: "cb",
      shop: SHOP,
      topic: "apruvd/review-complete",
      orderKey: "1",
      payload: { corrected_email: "x@example.com" },
    });
    const redact = await event("customers/redact", { orderKeys: ["1", "2"], customerId: "7" });
    await handlers["customers/redact"](redact);
    expect((await prisma.review.findMany({ where: { shop: SHOP } })).map((r) => r.orderId)).toEqual([
      "gid://shopify/Order/3",
    ]);
    expect(await prisma.review.count({ where: { shop: OTHER } })).toBe(1);
    expect(await prisma.reviewEvent.count()).toBe(2); // cascaded with their reviews
    expect(await prisma.inboxEvent.count({ where: { dedupeKey: "cb" } })).toBe(0);
  });

  it("customers/data_request produces the customer's data we hold, once per request", async () => {
    await seedReview(SHOP, "1", "Reviewer notes");
    await seedReview(SHOP, "9");
    const request = await event("customers/data_request", { orderKeys: ["1"], customerId: "7", dataRequestId: "dr-1" });
    await handlers["customers/data_request"](request);
    await handlers["customers/data_request"](request);
    const reports = await prisma.dataRequestReport.findMany();
    expect(reports).toHaveLength(1);
    const report = JSON.parse(reports[0].report) as {
      reviews: { orderName: string; notes: string; events: unknown[] }[];
    };
    expect(report.reviews.map((r) => r.orderName)).toEqual(["#1"]);
    expect(report.reviews[0]).toMatchObject({ notes: "Reviewer notes" });
    expect(report.reviews[0].events).toHaveLength(1);
    expect(reports[0]).toMatchObject({ customerId: "7", dataRequestId: "dr-1" });
  });

  it("shop/redact deletes every row of the shop and only that shop", async () => {
    await seedReview(SHOP, "1");
    await seedReview(OTHER, "1");
    await prisma.shopSettings.create({
      data: { shop: SHOP, callbackKey: "k1", callbackUsername: "u", callbackPasswordEnc: "x" },
    });
    await prisma.shopSettings.create({
      data: { shop: OTHER, callbackKey: "k2", callbackUsername: "u", callbackPasswordEnc: "x" },
    });
    await prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "t" } });
    await prisma.dataRequestReport.create({ data: { shop: SHOP, report: "{}" } });
    await insertInboxRow(prisma, {
      dedupeKey: "pending",
      shop: SHOP,
      topic: "orders/create",
      orderKey: "5",
      payload: {},
    });
    const redact = await event("shop/redact", {});
    await handlers["shop/redact"](redact);
    expect(await prisma.review.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.shopSettings.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.dataRequestReport.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP, id: { not: redact.id } } })).toBe(0);
    expect(await prisma.review.count({ where: { shop: OTHER } })).toBe(1);
    expect(await prisma.shopSettings.count({ where: { shop: OTHER } })).toBe(1);
  });
});
