import type { PrismaClient } from "@prisma/client";

/**
 * The customers/data_request reports (jobs/compliance.server.ts writes them) as the
 * merchant sees them: Shopify sends the request to the app, and the merchant forwards
 * what the app holds to the customer. A report is kept only until it is delivered — the
 * merchant downloads it, and it is deleted in the same transaction — or until the
 * retention period (DATA_REQUEST_RETENTION_DAYS, at most Shopify's 30 days to answer)
 * has passed; customers/redact and shop/redact delete it too.
 */

export interface OpenDataRequest {
  id: string;
  dataRequestId: string | null;
  customerId: string | null;
  /** Orders the report covers. */
  orders: number;
  requestedAt: string;
  /** When the report is deleted if it is not downloaded before. */
  deletedAfter: string;
}

export interface DeliveredReport {
  filename: string;
  content: string;
}

function expiryOf(createdAt: Date, retentionMs: number): Date {
  return new Date(createdAt.getTime() + retentionMs);
}

function ordersIn(report: string): number {
  try {
    const parsed = JSON.parse(report) as { reviews?: unknown[] };
    return Array.isArray(parsed.reviews) ? parsed.reviews.length : 0;
  } catch {
    return 0;
  }
}

/** The shop's reports still waiting to be delivered, oldest first (an expired one is never shown). */
export async function listOpenDataRequests(
  prisma: PrismaClient,
  shop: string,
  retentionMs: number,
  now: Date = new Date(),
): Promise<OpenDataRequest[]> {
  const reports = await prisma.dataRequestReport.findMany({
    where: { shop, createdAt: { gt: new Date(now.getTime() - retentionMs) } },
    orderBy: { createdAt: "asc" },
  });
  return reports.map((report) => ({
    id: report.id,
    dataRequestId: report.dataRequestId,
    customerId: report.customerId,
    orders: ordersIn(report.report),
    requestedAt: report.createdAt.toISOString(),
    deletedAfter: expiryOf(report.createdAt, retentionMs).toISOString(),
  }));
}

/**
 * Hands the report to the merchant and deletes it: delivered once. Only the shop's own
 * reports, and never an expired one; null when there is no such report (any more).
 */
export async function deliverDataRequestReport(
  prisma: PrismaClient,
  shop: string,
  id: string,
  retentionMs: number,
  now: Date = new Date(),
): Promise<DeliveredReport | null> {
  return prisma.$transaction(async (tx) => {
    const report = await tx.dataRequestReport.findFirst({
      where: { id, shop, createdAt: { gt: new Date(now.getTime() - retentionMs) } },
    });
    if (!report) return null;
    const { count } = await tx.dataRequestReport.deleteMany({ where: { id: report.id, shop } });
    if (count === 0) return null;
    const content = JSON.stringify(
      {
        shop,
        customerId: report.customerId,
        dataRequestId: report.dataRequestId,
        requestedAt: report.createdAt.toISOString(),
        deliveredAt: now.toISOString(),
        ...(JSON.parse(report.report) as object),
      },
      null,
      2,
    );
    const name = (report.dataRequestId ?? report.id).replace(/[^A-Za-z0-9_-]/g, "_");
    return { filename: `apruvd-data-request-${name}.json`, content };
  });
}

/** Deletes every report older than the retention period; returns how many. */
export async function purgeExpiredDataRequestReports(
  prisma: PrismaClient,
  retentionMs: number,
  now: Date = new Date(),
): Promise<number> {
  const { count } = await prisma.dataRequestReport.deleteMany({
    where: { createdAt: { lte: new Date(now.getTime() - retentionMs) } },
  });
  return count;
}
