import prisma from "../../db.server";
import { InMemoryTokenCache } from "../clients/apruvd/client";
import { createWorkerBreaker, workerApruvdClients } from "../clients/apruvd/client-for-shop.server";
import { createInboxHandlers } from "../jobs/inbox-handlers.server";
import { scheduleReconciliation } from "../jobs/reconciliation.server";
import { startRetentionTimer } from "../jobs/retention.server";
import { logger } from "../platform/logger.server";
import { workerActivity } from "../platform/readiness.server";
import { adminGraphqlFrom } from "../clients/shopify/admin-graphql";
import { ShopifyCostGovernor } from "../clients/shopify/cost-governor";
import { apruvdCredentialsOf } from "../merchant/settings/shop-settings.server";
import type { InboxHandlers, InboxRunner } from "./inbox-runner";
import { SqliteLeaseWorker } from "./sqlite-lease-worker.server";
import { unauthenticated } from "../../shopify.server";
import { isPostgresUrl } from "../platform/database/database-url";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { assertLeaseHeld, leaseGuardedFetch } from "./lease";
import { config } from "../platform/config/config.server";
import { startQueueRunner } from "./pg-boss/runner.server";

/**
 * An app process's background work: the inbox runner of its database (any InboxRunner:
 * the SQLite lease worker or pg-boss) and the reconciliation timer. Started by server.ts,
 * or by the dev server on first request.
 */
declare global {
  var __apruvdWorker: InboxRunner | undefined;
  var __apruvdReconcileTimer: NodeJS.Timeout | undefined;
  var __apruvdStopRetention: (() => void) | undefined;
}

export interface BackgroundWorkOptions {
  /**
   * Names this start of the app for its startup sweep (one per id). A worker thread gets
   * its process's (worker-thread.ts), so that a thread restarted after a crash does not
   * queue a sweep of every shop again; otherwise each call is a start of its own.
   */
  startupId?: string;
}

export function startBackgroundWork(options: BackgroundWorkOptions = {}): InboxRunner {
  if (globalThis.__apruvdWorker) return globalThis.__apruvdWorker;
  // Once per process: every worker client shares the per-shop circuits and the OAuth tokens.
  // Every Apruvd request and Admin API call of a handler first checks the event's lease
  // (./lease.ts): a worker that lost its event makes no further external call.
  const apruvdClientFor = workerApruvdClients({
    breaker: createWorkerBreaker(prisma),
    tokenCache: new InMemoryTokenCache(),
    fetch: leaseGuardedFetch(),
  });
  const governor = new ShopifyCostGovernor();
  const handlers = createInboxHandlers({
    prisma,
    sweep: {
      lookbackMs: config().reconcile.lookbackMs,
      stuckAfterMs: config().reconcile.stuckAfterMs,
    },
    adminFor: async (shop) =>
      leaseGuardedAdmin(adminGraphqlFrom((await unauthenticated.admin(shop)).admin, { shop, governor })),
    apruvdFor: (settings) => {
      const credentials = apruvdCredentialsOf(settings);
      return credentials ? apruvdClientFor(settings.shop, credentials) : null;
    },
  });
  // Each handler notes when it runs: /healthz tells a stalled worker from an idle one.
  const runner = startInboxRunner(workerActivity().observe(handlers));
  globalThis.__apruvdWorker = runner;
  startReconciliationTimer(options.startupId ?? `${process.pid}-${Date.now()}`);
  // Finished inbox rows and undelivered data request reports are deleted after their retention period.
  globalThis.__apruvdStopRetention = startRetentionTimer(prisma, () => config().retention);
  logger.info("inbox worker started", { workerId: runner.workerId, runner: runner.kind });
  return runner;
}

function leaseGuardedAdmin(admin: AdminGraphql): AdminGraphql {
  return <TData>(query: string, variables?: Record<string, unknown>) => {
    assertLeaseHeld();
    return admin<TData>(query, variables);
  };
}

/** The runner of the database DATABASE_URL names, started (in the background: the web server comes up regardless). */
function startInboxRunner(handlers: InboxHandlers): InboxRunner {
  // --- PostgreSQL (DATABASE_URL=postgres://...): pg-boss workers run the same handlers (app/lib/runner/pg-boss/README.md) ---
  if (isPostgresUrl(config().database.url)) return startQueueRunner(prisma, handlers);
  // --- SQLite (the embedded default): the in-process lease worker ---
  const worker = new SqliteLeaseWorker({
    prisma,
    concurrency: config().worker.concurrency,
    leaseMs: config().worker.leaseMs,
    maxUnexpectedAttempts: config().worker.maxAttempts,
    retryBaseMs: config().worker.retryBaseMs,
    retryCapMs: config().worker.retryCapMs,
    handlers,
  });
  void worker.start();
  return worker;
}

/**
 * Every instance queues the per-shop sweep on a timer; the inbox's dedupe key keeps it to
 * one per interval. The first sweep is queued right after start (its own dedupe key):
 * orders missed while the app was down are not left waiting a whole interval. The timer
 * ticks at least every minute so that status polls of reviews without a callback follow
 * their schedule (RECONCILE_STUCK_AFTER_MS), whatever the sweep's interval.
 */
const MAX_TICK_MS = 60_000;
function startReconciliationTimer(startupId: string): void {
  const intervalMs = config().reconcile.intervalMs;
  if (!(intervalMs > 0)) return;
  const schedule = (startupId?: string) =>
    void scheduleReconciliation(prisma, intervalMs, { startupId }).catch((error: unknown) =>
      logger.error("could not schedule the reconciliation sweep", { error: String(error) }),
    );
  schedule(startupId);
  globalThis.__apruvdReconcileTimer = setInterval(() => schedule(), Math.min(intervalMs, MAX_TICK_MS));
  globalThis.__apruvdReconcileTimer.unref();
}

export async function stopBackgroundWork(): Promise<void> {
  if (globalThis.__apruvdReconcileTimer) clearInterval(globalThis.__apruvdReconcileTimer);
  globalThis.__apruvdReconcileTimer = undefined;
  globalThis.__apruvdStopRetention?.();
  globalThis.__apruvdStopRetention = undefined;
  const worker = globalThis.__apruvdWorker;
  globalThis.__apruvdWorker = undefined;
  workerActivity().stopped();
  await worker?.stop();
}
