import prisma from "../../db.server";
import { apruvdClientFor, reportBreakerChanges } from "../clients/apruvd/client-for-shop.server";
import { createInboxHandlers } from "../jobs/handlers.server";
import { scheduleReconciliation } from "../jobs/reconciliation.server";
import { logger } from "../platform/logger.server";
import { adminGraphqlFrom } from "../clients/shopify/admin-graphql";
import { ShopifyCostGovernor } from "../clients/shopify/cost-governor";
import { apruvdCredentialsOf } from "../merchant/settings/shop-settings.server";
import { InboxWorker } from "./sqlite-lease-worker.server";
import { unauthenticated } from "../../shopify.server";
import { isPostgresUrl } from "../platform/database/database-url";
import { type PgBossRunner, startQueueRunner } from "./pg-boss/runner.server";

/**
 * The in-process worker of the embedded default (one Node process serves the app and
 * drains the inbox). Started by server.ts, or by the dev server on first request.
 */
declare global {
  var __apruvdWorker: InboxWorker | PgBossRunner | undefined;
  var __apruvdReconcileTimer: NodeJS.Timeout | undefined;
}

export function startBackgroundWork(): InboxWorker | PgBossRunner {
  if (globalThis.__apruvdWorker) return globalThis.__apruvdWorker;
  reportBreakerChanges(prisma);
  const governor = new ShopifyCostGovernor();
  const handlers = createInboxHandlers({
    prisma,
    sweep: {
      lookbackMs: Number(process.env.RECONCILE_LOOKBACK_MS ?? 6 * 60 * 60_000),
      stuckAfterMs: Number(process.env.RECONCILE_STUCK_AFTER_MS ?? 30 * 60_000),
    },
    adminFor: async (shop) => adminGraphqlFrom((await unauthenticated.admin(shop)).admin, { shop, governor }),
    apruvdFor: (settings) => {
      const credentials = apruvdCredentialsOf(settings);
      return credentials ? apruvdClientFor(settings.shop, credentials) : null;
    },
  });
  // --- PostgreSQL (DATABASE_URL=postgres://...): pg-boss workers run the same handlers (app/lib/runner/pg-boss/README.md) ---
  if (isPostgresUrl(process.env.DATABASE_URL)) {
    const runner = startQueueRunner(prisma, handlers);
    globalThis.__apruvdWorker = runner;
    startReconciliationTimer();
    return runner;
  }
  // --- SQLite (the embedded default): the in-process lease worker ---
  const worker = new InboxWorker({
    prisma,
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
    leaseMs: Number(process.env.WORKER_LEASE_MS ?? 120_000),
    maxUnexpectedAttempts: Number(process.env.WORKER_MAX_UNEXPECTED_ATTEMPTS ?? 20),
    retryBaseMs: Number(process.env.WORKER_RETRY_BASE_MS ?? 1000),
    retryCapMs: Number(process.env.WORKER_RETRY_CAP_MS ?? 10 * 60_000),
    handlers,
  });
  worker.start();
  globalThis.__apruvdWorker = worker;
  startReconciliationTimer();
  logger.info("inbox worker started", { workerId: worker.workerId });
  return worker;
}

/** Every instance queues the per-shop sweep on a timer; the inbox's dedupe key keeps it to one per interval. */
function startReconciliationTimer(): void {
  const intervalMs = Number(process.env.RECONCILE_INTERVAL_MS ?? 5 * 60_000);
  if (!(intervalMs > 0)) return;
  const tick = () =>
    void scheduleReconciliation(prisma, intervalMs).catch((error: unknown) =>
      logger.error("could not schedule the reconciliation sweep", { error: String(error) }),
    );
  globalThis.__apruvdReconcileTimer = setInterval(tick, intervalMs);
  globalThis.__apruvdReconcileTimer.unref();
}

export async function stopBackgroundWork(): Promise<void> {
  if (globalThis.__apruvdReconcileTimer) clearInterval(globalThis.__apruvdReconcileTimer);
  globalThis.__apruvdReconcileTimer = undefined;
  const worker = globalThis.__apruvdWorker;
  globalThis.__apruvdWorker = undefined;
  await worker?.stop();
}
