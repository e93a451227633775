import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { asInboxHandlers } from "../../jobs/job.server";
import { complianceJobs } from "../../jobs/compliance.server";
import { insertInboxRow } from "../../inbox/inbox.server";
import { deliverDataRequestReport, listOpenDataRequests } from "./data-requests.server";

const SHOP = "data-requests.myshopify.com";
const OTHER = "another-shop.myshopify.com";
const DAY = 86_400_000;
const RETENTION = 30 * DAY;
const handlers = asInboxHandlers(complianceJobs(prisma));

beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.dataRequestReport.deleteMany();
});

async function dataRequest(shop: string, orderKey: string, customerId: string, dataRequestId: string) {
  await prisma.review.create({
    data: {
      shop,
      orderId: `gid://shopify/Order/${orderKey}`,
      orderName: `#${orderKey}`,
      status: "Declined",
      notes: "Reviewer notes",
    },
  });
  await insertInboxRow(prisma, {
    dedupeKey: `dr:${dataRequestId}`,
    shop,
    topic: "customers/data_request",
    payload: { orderKeys: [orderKey], customerId, dataRequestId },
  });
  await handlers["customers/data_request"](
    await prisma.inboxEvent.findUniqueOrThrow({ where: { dedupeKey: `dr:${dataRequestId}` } }),
  );
}

describe("data request reports for the merchant", () => {
  it("lists the shop's open requests, and delivers each report once, then it is gone", async () => {
    await dataRequest(SHOP, "11", "7", "dr-11");
    await dataRequest(OTHER, "12", "8", "dr-12");
    const open = await listOpenDataRequests(prisma, SHOP, RETENTION);
    expect(open).toMatchObject([{ dataRequestId: "dr-11", customerId: "7", orders: 1 }]);
    expect(new Date(open[0].deletedAfter).getTime() - new Date(open[0].requestedAt).getTime()).toBe(RETENTION);

    const delivered = await deliverDataRequestReport(prisma, SHOP, open[0].id, RETENTION);
    expect(delivered?.filename).toBe("apruvd-data-request-dr-11.json");
    const content = JSON.parse(delivered!.content) as {
      customerId: string;
      reviews: { orderName: string; notes: string }[];
    };
    expect(content.customerId).toBe("7");
    expect(content.reviews).toMatchObject([{ orderName: "#11", notes: "Reviewer notes" }]);

    expect(await deliverDataRequestReport(prisma, SHOP, open[0].id, RETENTION)).toBeNull();
    expect(await listOpenDataRequests(prisma, SHOP, RETENTION)).toEqual([]);
    expect(await prisma.dataRequestReport.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("never delivers another shop's report", async () => {
    await dataRequest(OTHER, "12", "8", "dr-12");
    const [theirs] = await listOpenDataRequests(prisma, OTHER, RETENTION);
    expect(await deliverDataRequestReport(prisma, SHOP, theirs.id, RETENTION)).toBeNull();
    expect(await prisma.dataRequestReport.count({ where: { shop: OTHER } })).toBe(1);
  });

  it("neither shows nor delivers a report past its retention period", async () => {
    await dataRequest(SHOP, "13", "9", "dr-13");
    const [report] = await listOpenDataRequests(prisma, SHOP, RETENTION);
    const later = new Date(Date.now() + RETENTION + DAY);
    expect(await listOpenDataRequests(prisma, SHOP, RETENTION, later)).toEqual([]);
    expect(await deliverDataRequestReport(prisma, SHOP, report.id, RETENTION, later)).toBeNull();
  });

  it("customers/redact deletes the customer's undelivered report", async () => {
    await dataRequest(SHOP, "14", "10", "dr-14");
    await dataRequest(SHOP, "15", "11", "dr-15");
    await insertInboxRow(prisma, {
      dedupeKey: "redact-10",
      shop: SHOP,
      topic: "customers/redact",
      payload: { orderKeys: ["14"], customerId: "10" },
    });
    await handlers["customers/redact"](
      await prisma.inboxEvent.findUniqueOrThrow({ where: { dedupeKey: "redact-10" } }),
    );
    expect((await listOpenDataRequests(prisma, SHOP, RETENTION)).map((request) => request.dataRequestId)).toEqual([
      "dr-15",
    ]);
  });
});
