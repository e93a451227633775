import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { insertInboxRow } from "../inbox/inbox.server";
import { purgeExpiredData } from "./retention.server";

const SHOP = "retention.myshopify.com";
const DAY = 86_400_000;
const retention = { inboxMs: 30 * DAY, dataRequestMs: 30 * DAY };

beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
  await prisma.dataRequestReport.deleteMany();
});

async function inboxRow(key: string, status: string, processedDaysAgo: number | null) {
  await insertInboxRow(prisma, {
    dedupeKey: key,
    shop: SHOP,
    topic: "apruvd/review-complete",
    payload: { transaction_id: 1, status: "Approved", notes: "note" },
  });
  await prisma.inboxEvent.update({
    where: { dedupeKey: key },
    data: { status, processedAt: processedDaysAgo === null ? null : new Date(Date.now() - processedDaysAgo * DAY) },
  });
}

describe("purgeExpiredData", () => {
  it("deletes finished inbox rows after the retention period, and keeps pending, parked and recent ones", async () => {
    await inboxRow("done-old", "done", 31);
    await inboxRow("done-recent", "done", 29);
    await inboxRow("pending", "pending", null);
    await inboxRow("failed-old", "failed", 31);
    expect(await purgeExpiredData(prisma, retention)).toEqual({ inboxEvents: 1, dataRequestReports: 0 });
    expect((await prisma.inboxEvent.findMany({ orderBy: { dedupeKey: "asc" } })).map((row) => row.dedupeKey)).toEqual([
      "done-recent",
      "failed-old",
      "pending",
    ]);
    expect((await purgeExpiredData(prisma, { ...retention, inboxMs: 7 * DAY })).inboxEvents).toBe(1);
  });

  it("deletes data request reports after their retention period", async () => {
    await prisma.dataRequestReport.create({
      data: { shop: SHOP, customerId: "1", report: "{}", createdAt: new Date(Date.now() - 31 * DAY) },
    });
    await prisma.dataRequestReport.create({ data: { shop: SHOP, customerId: "2", report: "{}" } });
    expect(await purgeExpiredData(prisma, retention)).toEqual({ inboxEvents: 0, dataRequestReports: 1 });
    expect((await prisma.dataRequestReport.findMany()).map((report) => report.customerId)).toEqual(["2"]);
  });
});
