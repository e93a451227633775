import type { PrismaClient } from "@prisma/client";
import { purgeExpiredDataRequestReports } from "../merchant/compliance/data-requests.server";
import type { RetentionConfig } from "../platform/config/config.server";
import { logger } from "../platform/logger.server";

/**
 * What the app keeps, and for how long (docs/deployment.md, "Retention"):
 * - a finished inbox row (a webhook, a callback, an action, processed: status "done") is
 *   deleted INBOX_RETENTION_DAYS after it was processed. Its dedupe key no longer stops a
 *   repeat delivery after that, which Shopify (48 hours of retries) and Apruvd never send;
 *   a parked row ("failed") is kept for a human;
 * - a customers/data_request report is deleted DATA_REQUEST_RETENTION_DAYS after the
 *   request (or as soon as the merchant downloads it).
 * Every instance may run it: deletes of what is already gone change nothing.
 */
export interface PurgeResult {
  inboxEvents: number;
  dataRequestReports: number;
}

export async function purgeExpiredData(
  prisma: PrismaClient,
  retention: RetentionConfig,
  now: Date = new Date(),
): Promise<PurgeResult> {
  const { count: inboxEvents } = await prisma.inboxEvent.deleteMany({
    where: { status: "done", processedAt: { lte: new Date(now.getTime() - retention.inboxMs) } },
  });
  const dataRequestReports = await purgeExpiredDataRequestReports(prisma, retention.dataRequestMs, now);
  if (inboxEvents > 0 || dataRequestReports > 0)
    logger.info("expired data purged", { inboxEvents, dataRequestReports });
  return { inboxEvents, dataRequestReports };
}

const PURGE_INTERVAL_MS = 60 * 60_000;

/** Purges now and then hourly; returns the function that stops it. */
export function startRetentionTimer(prisma: PrismaClient, retention: () => RetentionConfig): () => void {
  const tick = () =>
    void purgeExpiredData(prisma, retention()).catch((error: unknown) =>
      logger.error("could not purge expired data", { error: error instanceof Error ? error.message : String(error) }),
    );
  tick();
  const timer = setInterval(tick, PURGE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
