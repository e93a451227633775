/**
 * The write-back works on the review it is handed and returns the updated one: it never
 * reads that Review row again. Each step of the review service reads the row once and
 * threads it through. Counted with a Prisma query extension over the real (per-file
 * SQLite) database; Shopify and Apruvd are small fakes that answer what the steps ask.
 */
import type { PrismaClient, ShopSettings } from "@prisma/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { cardOrder } from "../../../test/support/order-fixtures";
import type { ApruvdClient } from "../clients/apruvd/client";
import type { ApruvdStatus } from "../clients/apruvd/types";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { operationNameOf } from "../clients/shopify/cost-governor";
import { historyLine } from "../merchant/i18n/history-lines";
import type { ReviewOrder } from "./mapping";
import {
  applyDecision,
  cancelReview,
  elevateReview,
  resyncReview,
  reviewOrder,
  updateReview,
} from "./review-service.server";
import { markUnderReview, writeBackDecision } from "./write-back.server";

const SHOP = "reads.myshopify.com";
const READ_OPERATIONS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "upsert",
  "count",
  "aggregate",
  "groupBy",
]);

/** A client whose Review reads are listed in `reads` (writes returning the row are not reads). */
function countingPrisma(): { client: PrismaClient; reads: string[] } {
  const reads: string[] = [];
  const client = prisma.$extends({
    query: {
      review: {
        async $allOperations({ operation, args, query }) {
          if (READ_OPERATIONS.has(operation)) reads.push(operation);
          return query(args);
        },
      },
    },
  }) as unknown as PrismaClient;
  return { client, reads };
}

let orderSeq = 0;
function orderWithFulfillment(): ReviewOrder {
  orderSeq += 1;
  const id = `gid://shopify/Order/${7_000_000 + orderSeq}`;
  return cardOrder({
    id,
    legacyResourceId: String(7_000_000 + orderSeq),
    name: `#R${orderSeq}`,
    fulfillmentOrders: {
      nodes: [
        {
          id: `gid://shopify/FulfillmentOrder/${8_000_000 + orderSeq}`,
          status: "OPEN",
          supportedActions: [{ action: "HOLD" }],
          fulfillmentHolds: [],
        },
      ],
    } as unknown as ReviewOrder["fulfillmentOrders"],
  });
}

/** Answers the documents the review steps send, by operation name; `order` is what Shopify holds now. */
function fakeAdmin(order: ReviewOrder): AdminGraphql & { operations: string[]; order: ReviewOrder } {
  const operations: string[] = [];
  let holdSeq = 0;
  const admin = (async (query: string, variables: Record<string, unknown> = {}) => {
    const name = operationNameOf(query);
    operations.push(name);
    switch (name) {
      case "OrderForReview": {
        // The whole order as OrderForReview's one page (nothing past it).
        const last = { hasNextPage: false, endCursor: null };
        const o = admin.order;
        return {
          order: {
            ...o,
            lineItems: { ...o.lineItems, pageInfo: last },
            discountApplications: { ...o.discountApplications, pageInfo: last },
            fulfillmentOrders: { ...o.fulfillmentOrders, pageInfo: last },
            transactionsCount: { count: o.transactions.length, precision: "EXACT" },
          },
        };
      }
      case "OrderNote":
        return { order: { note: "" } };
      case "FulfillmentOrdersHold": {
        holdSeq += 1;
        const hold = (slot: number) => ({
          fulfillmentHold: {
            id: `gid://shopify/FulfillmentHold/${orderSeq}${holdSeq}${slot}`,
            handle: "apruvd-review",
          },
          fulfillmentOrder: { id: variables[`id${slot}`], status: "ON_HOLD" },
          userErrors: [],
        });
        return { hold0: hold(0) };
      }
      case "FulfillmentOrdersReleaseHold":
        return { release0: { fulfillmentOrder: { id: variables.id0, status: "OPEN" }, userErrors: [] } };
      case "OrderReviewState":
        return {
          tagsRemove: { userErrors: [] },
          tagsAdd: { userErrors: [] },
          orderRiskAssessmentCreate: { userErrors: [] },
          orderUpdate: { userErrors: [] },
          flowTriggerReceive: { userErrors: [] },
        };
      case "OrderCancel":
        return { orderCancel: { orderCancelUserErrors: [] } };
      default:
        throw new Error(`unexpected Admin operation ${name}`);
    }
  }) as AdminGraphql & { operations: string[]; order: ReviewOrder };
  admin.operations = operations;
  admin.order = order;
  return admin;
}

let transactionSeq = 0;
function fakeApruvd(status: ApruvdStatus): ApruvdClient {
  transactionSeq += 1;
  const transaction_id = 90_000 + transactionSeq;
  return {
    submitTransaction: async () => ({ transaction_id, status, risk_grade: "B" }),
    updateTransaction: async () => ({ transaction_id, status: "Reviewing", changelog: {} }),
    elevate: async () => ({ transaction_id, status: "Reviewing" }),
    getStatus: async () => ({ transaction_id, status: "Approved", canceled: false, risk_grade: "A" }),
    getStatusByOrderNum: async () => [],
    cancelTransaction: async () => ({ transaction_id, status, canceled: true }),
  } as unknown as ApruvdClient;
}

let settings: ShopSettings;
beforeEach(async () => {
  settings = await prisma.shopSettings.upsert({
    where: { shop: SHOP },
    create: { shop: SHOP, callbackKey: "reads-key", callbackUsername: "u", callbackPasswordEnc: "p" },
    update: {},
  });
});
afterEach(async () => {
  await prisma.reviewEvent.deleteMany({});
  await prisma.fulfillmentHold.deleteMany({});
  await prisma.review.deleteMany({});
});

describe("the write-back takes the review it is given", () => {
  it("reads no Review row: marking under review, then writing a decision back", async () => {
    const order = orderWithFulfillment();
    const admin = fakeAdmin(order);
    const stored = await prisma.review.create({
      data: { shop: SHOP, orderId: order.id, status: "pending" },
      include: { holds: true },
    });
    const { client, reads } = countingPrisma();
    const deps = { prisma: client, admin, settings };

    const underReview = await markUnderReview(deps, stored, order);
    expect(underReview.writtenBackStatus).toBe("under_review");
    expect(underReview.holds.map((h) => h.releasedAt)).toEqual([null]);

    const decided = await prisma.review.update({ where: { id: stored.id }, data: { status: "Approved" } });
    const approved = await writeBackDecision(deps, { ...decided, holds: underReview.holds });
    expect(approved.writtenBackStatus).toBe("Approved");
    expect(approved.holds).toHaveLength(1);
    expect(approved.holds[0].releasedAt).toBeInstanceOf(Date);

    expect(reads, "the write-back read the Review row it was handed").toEqual([]);
    expect(admin.operations).toEqual([
      "FulfillmentOrdersHold",
      "OrderReviewState",
      "FulfillmentOrdersReleaseHold",
      "OrderReviewState",
    ]);
    // What it returned is what is stored.
    const row = await prisma.review.findUniqueOrThrow({ where: { id: stored.id }, include: { holds: true } });
    expect(approved).toEqual(row);
  });
});

describe("each review step reads the Review row once", () => {
  it("reviewOrder: new order, approved at once", async () => {
    const order = orderWithFulfillment();
    const { client, reads } = countingPrisma();
    await reviewOrder(
      { prisma: client, admin: fakeAdmin(order), apruvd: fakeApruvd("Approved"), settings },
      SHOP,
      order.id,
    );
    const row = await prisma.review.findUniqueOrThrow({
      where: { shop_orderId: { shop: SHOP, orderId: order.id } },
      include: { holds: true },
    });
    expect(row).toMatchObject({ status: "Approved", writtenBackStatus: "Approved" });
    expect(row.holds[0].releasedAt).toBeInstanceOf(Date);
    expect(reads).toEqual(["upsert"]);
  });

  it("reviewOrder then applyDecision (a callback), resyncReview, elevateReview, updateReview and cancelReview", async () => {
    const order = orderWithFulfillment();
    const admin = fakeAdmin(order);
    const apruvd = fakeApruvd("Submitted");
    const { client, reads } = countingPrisma();
    const deps = { prisma: client, admin, apruvd, settings };
    const readsOf = async (step: () => Promise<unknown>) => {
      reads.length = 0;
      await step();
      return [...reads];
    };

    expect(await readsOf(() => reviewOrder(deps, SHOP, order.id))).toEqual(["upsert"]);
    const { transactionId } = await prisma.review.findUniqueOrThrow({
      where: { shop_orderId: { shop: SHOP, orderId: order.id } },
    });
    expect(await readsOf(() => elevateReview(deps, SHOP, order.id))).toEqual(["upsert"]);
    expect(
      await readsOf(() =>
        applyDecision(deps, SHOP, { transaction_id: transactionId!, status: "Declined", notes: "Mismatch" }),
      ),
    ).toEqual(["findFirst"]);
    expect(await readsOf(() => resyncReview(deps, SHOP, order.id))).toEqual(["upsert"]);
    expect(await readsOf(() => updateReview(deps, SHOP, order.id, "fp-1"))).toEqual(["findUnique"]);
    // A change Apruvd cares about: sent as an update, and the order goes back under review (held again).
    admin.order = { ...order, email: "someone.else@example.com" };
    expect(await readsOf(() => updateReview(deps, SHOP, order.id, "fp-2"))).toEqual(["findUnique"]);
    const reheld = await prisma.review.findUniqueOrThrow({
      where: { shop_orderId: { shop: SHOP, orderId: order.id } },
      include: { holds: true },
    });
    expect(reheld).toMatchObject({ status: "Reviewing", writtenBackStatus: "under_review", fingerprint: "fp-2" });
    expect(reheld.holds.filter((h) => h.releasedAt === null)).toHaveLength(1);
    expect(await readsOf(() => cancelReview(deps, SHOP, order.id, historyLine("history.cancelledInShopify")))).toEqual([
      "upsert",
    ]);

    const row = await prisma.review.findUniqueOrThrow({
      where: { shop_orderId: { shop: SHOP, orderId: order.id } },
      include: { holds: true },
    });
    expect(row).toMatchObject({ status: "cancelled", writtenBackStatus: "cancelled" });
    expect(row.holds.every((h) => h.releasedAt !== null)).toBe(true);
  });
});
