/**
 * A callback verdict is confirmed with Apruvd before anything is written back: whoever
 * holds a shop's callback credentials cannot release a hold or have an order cancelled.
 * Apruvd is the sandbox over HTTP (the network edge); Shopify is a fake that records
 * every operation it is asked for; the database is real.
 */
import type { ApruvdStatus } from "../clients/apruvd/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../../sandbox/apruvd/server";
import { ApruvdClient } from "../clients/apruvd/client";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { operationNameOf } from "../clients/shopify/cost-governor";
import { recordInboxEvent } from "../inbox/inbox.server";
import { visibleStateOf } from "../review/review-state";
import { SqliteLeaseWorker } from "../runner/sqlite-lease-worker.server";
import { createInboxHandlers } from "./inbox-handlers.server";

const SHOP = "confirm-verdicts.myshopify.com";
let sandbox: ApruvdSandbox;
let apruvd: ApruvdClient;
let adminOperations: string[] = [];

const handlers = () =>
  createInboxHandlers({
    prisma,
    adminFor: async () =>
      (async (query: string) => {
        adminOperations.push(operationNameOf(query) ?? "anonymous");
        throw new Error(`Shopify was asked for ${operationNameOf(query)}`);
      }) as AdminGraphql,
    apruvdFor: () => apruvd,
  });

beforeAll(async () => {
  sandbox = await startApruvdSandbox({ reviewDelayMs: Number.POSITIVE_INFINITY });
  const account = sandbox.createAccount();
  apruvd = new ApruvdClient({ baseUrl: sandbox.url, credentials: account, sleep: async () => {}, timeoutMs: 2000 });
});
afterAll(() => sandbox.close());

beforeEach(async () => {
  adminOperations = [];
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.shopSettings.deleteMany();
  await prisma.shopSettings.create({
    data: {
      shop: SHOP,
      callbackKey: "confirm",
      callbackUsername: "u",
      callbackPasswordEnc: "x",
      cancelDeclined: true,
      cancelRefund: true,
      applyCorrectedEmail: false,
    },
  });
});

let orderSeq = 5000;
/** A transaction at Apruvd in `email`'s state, and our review of it, held, as the app stores it. */
async function heldReview(email: string) {
  orderSeq++;
  const submitted = await apruvd.submitTransaction({
    type: "Ecommerce",
    total: 50,
    currency: "USD",
    order_num: String(orderSeq),
    email,
    cart_contents: [{ item: "Widget", quantity: 1, unit_price: "50.00" }],
  });
  const review = await prisma.review.create({
    data: {
      shop: SHOP,
      orderId: `gid://shopify/Order/${orderSeq}`,
      transactionId: submitted.transaction_id,
      status: submitted.status,
      writtenBackStatus: visibleStateOf(submitted.status),
      holds: {
        create: { fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${orderSeq}`, holdId: `hold-${orderSeq}` },
      },
    },
  });
  return { review, transactionId: submitted.transaction_id, status: submitted.status };
}

async function forgedCallback(transactionId: number, status: ApruvdStatus, orderKey: string) {
  await recordInboxEvent(prisma, {
    dedupeKey: `forged:${transactionId}:${status}`,
    shop: SHOP,
    topic: "apruvd/review-complete",
    orderKey,
    payload: { transaction_id: transactionId, status, notes: "looks fine", corrected_email: "attacker@example.com" },
  });
  await new SqliteLeaseWorker({ prisma, handlers: handlers() }).drain();
}

describe("apruvd/review-complete confirms the verdict with Apruvd", () => {
  it.each([
    ["an Approved callback for a transaction Apruvd still has under review", "someone@example.com", "Approved"],
    ["an Approved callback for a transaction waiting to be elevated", "submit@example.com", "Approved"],
    ["a Declined callback (cancel-declined is on) for a transaction under review", "someone@example.com", "Declined"],
  ] as const)("%s releases nothing and cancels nothing", async (_case, email, claimed) => {
    const { review, transactionId, status } = await heldReview(email);
    expect(status).not.toBe(claimed);
    await forgedCallback(transactionId, claimed, String(orderSeq));

    const after = await prisma.review.findUniqueOrThrow({
      where: { id: review.id },
      include: { holds: true, events: true },
    });
    expect(after.status).toBe(status);
    expect(after.notes).toBeNull();
    expect(after.holds.map((hold) => hold.releasedAt)).toEqual([null]);
    expect(adminOperations).toEqual([]);
    expect(after.events.map((event) => event.message)).toEqual([
      `Apruvd's callback said ${claimed}, but Apruvd reports ${status}: Apruvd's status is applied.`,
    ]);
    const row = await prisma.inboxEvent.findFirstOrThrow({ where: { shop: SHOP } });
    expect(row.status).toBe("done");
    expect(row.payload).not.toContain("attacker@example.com");
  });

  it("applies the status Apruvd confirms (the decision is written back)", async () => {
    const { review, transactionId } = await heldReview("someone@example.com");
    await sandbox.decide(transactionId, "Approved");
    await forgedCallback(transactionId, "Approved", String(orderSeq));
    const after = await prisma.review.findUniqueOrThrow({ where: { id: review.id } });
    expect(after.status).toBe("Approved");
    expect(after.notes).toBe("looks fine");
    // The write-back (tags, release of our hold) was attempted with Shopify.
    expect(adminOperations.length).toBeGreaterThan(0);
  });
});
