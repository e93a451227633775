import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { INBOX_TOPICS } from "../inbox/contract";
import { insertInboxRow, recordInboxEvent } from "../inbox/inbox.server";
import { SqliteLeaseWorker } from "../runner/sqlite-lease-worker.server";
import { createInboxHandlers } from "./inbox-handlers.server";

const SHOP = "jobs-test.myshopify.com";
let adminCalls = 0;

const handlers = createInboxHandlers({
  prisma,
  adminFor: async () => {
    adminCalls++;
    throw new Error("no Admin API in this test");
  },
  apruvdFor: () => null,
});

beforeEach(async () => {
  adminCalls = 0;
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.shopSettings.deleteMany();
});

describe("createInboxHandlers", () => {
  it("has a job for every topic of the inbox contract, and for nothing else", () => {
    expect(Object.keys(handlers).sort()).toEqual([...INBOX_TOPICS].sort());
  });

  it("parks a row whose payload fails its check, before any of the shop's work starts", async () => {
    await insertInboxRow(prisma, {
      dedupeKey: "bad",
      shop: SHOP,
      topic: "merchant/submit",
      orderKey: "1",
      payload: { orderKey: "1" },
    });
    const worker = new SqliteLeaseWorker({ prisma, handlers, maxUnexpectedAttempts: 2, retryBaseMs: 1, retryCapMs: 1 });
    for (let i = 0; i < 3; i++) {
      await worker.drain();
      await new Promise((r) => setTimeout(r, 5));
    }
    const row = await prisma.inboxEvent.findUniqueOrThrow({ where: { dedupeKey: "bad" } });
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(row.lastError).toMatch(/InboxPayloadError: merchant\/submit payload: action must be one of/);
    expect(await prisma.shopSettings.count({ where: { shop: SHOP } })).toBe(0);
    expect(adminCalls).toBe(0);
  });

  it("skips the shop's work once the app is uninstalled", async () => {
    await prisma.shopSettings.create({
      data: {
        shop: SHOP,
        callbackKey: "k",
        callbackUsername: "u",
        callbackPasswordEnc: "x",
        uninstalledAt: new Date(),
      },
    });
    await recordInboxEvent(prisma, {
      dedupeKey: "after-uninstall",
      shop: SHOP,
      topic: "orders/create",
      orderKey: "7",
      payload: { orderKey: "7", fingerprint: null },
    });
    const worker = new SqliteLeaseWorker({ prisma, handlers });
    expect(await worker.drain()).toBe(1);
    expect(await prisma.inboxEvent.findUniqueOrThrow({ where: { dedupeKey: "after-uninstall" } })).toMatchObject({
      status: "done",
    });
    expect(adminCalls).toBe(0);
  });
});
