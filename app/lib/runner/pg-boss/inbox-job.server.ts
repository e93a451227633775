import type { InboxEvent } from "@prisma/client";
import type { JobResult } from "pg-boss";
import { logger } from "../../platform/logger.server";
import { type InboxHandlers, runInboxHandler } from "../inbox-runner";
import { RetryLaterError, errorMessage, isRetryable, retryAfterOf } from "../retry-policy";
import { LeaseKeeper, runUnderLease } from "../lease";
import { DEFAULT_LEASE_MS } from "../sqlite-lease-worker.server";
import type { InboxJob, InboxJobHandler, InboxQueue } from "./queue.server";

/**
 * What a pg-boss worker does with one inbox job: the same handlers and the same retry
 * rules (../retry-policy.ts) as the SQLite lease worker (../sqlite-lease-worker.server.ts),
 * with pg-boss doing the scheduling.
 *
 * - success: the inbox row is marked done, then the job completes;
 * - RetryLaterError, or an error carrying `retryAfterMs` (Retry-After, Shopify's throttle
 *   restore time, an open circuit breaker): the job completes and a continuation job is
 *   queued to start after that delay;
 * - a retryable error (`retryable: true`, outages): pg-boss retries with exponential
 *   backoff; when its retries run out, a continuation starts after the backoff cap, so
 *   outages are retried forever, as on SQLite;
 * - any other error: retried with backoff, and after `maxUnexpectedAttempts` attempts of
 *   the inbox row the row is parked ("failed") and the job goes to the dead-letter queue.
 *
 * A handler may run twice (a crash after the work but before the job completes); handlers
 * are written to be safe to repeat, but never at the same time: the inbox row carries a
 * short lease (lockedUntil), renewed while the handler runs (../lease.ts) and fenced on
 * lockedBy, as on SQLite. A job whose previous run still holds a live lease (pg-boss gave
 * up on a worker that is in fact alive) is failed and retried later rather than run
 * beside it; the old run makes no further external call once its renewal finds the row
 * taken or pg-boss aborts its job's signal. The job's attempt counter is the inbox row's
 * `attempts`, so it survives continuations and is what handlers see.
 *
 * The bookkeeping on the inbox row is three small statements per job in plain SQL (through
 * pg-boss's pool): at thousands of jobs a minute, Prisma's query compilation for them would
 * cost more CPU than the statements themselves. Prisma stores DateTime as UTC in
 * `timestamp(3)` columns, hence the `AT TIME ZONE 'UTC'` conversions.
 */

/** Runs one SQL statement; pg-boss's `getDb()` (or a pg pool) provides it. */
export type Sql = (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const UTC_NOW = `(now() AT TIME ZONE 'UTC')`;
const EVENT_COLUMNS = `"id", "dedupeKey", "shop", "topic", "orderKey", "payload", "status", "attempts", "lockedBy", "lastError",
  "runAt" AT TIME ZONE 'UTC' AS "runAt", "lockedUntil" AT TIME ZONE 'UTC' AS "lockedUntil",
  "receivedAt" AT TIME ZONE 'UTC' AS "receivedAt", "processedAt" AT TIME ZONE 'UTC' AS "processedAt"`;

// Claims the row for this attempt unless another worker's lease on it is still live; no
// row back = gone (shop/redact), already done, or leased elsewhere (HELD tells which).
const CLAIM = `UPDATE "InboxEvent"
   SET "attempts" = "attempts" + 1, "status" = 'queued', "lockedBy" = $2,
       "lockedUntil" = ${UTC_NOW} + ($3::int * interval '1 millisecond')
 WHERE "id" = $1 AND "status" <> 'done'
   AND ("lockedBy" IS NULL OR "lockedBy" = $2 OR "lockedUntil" IS NULL OR "lockedUntil" < ${UTC_NOW})
 RETURNING ${EVENT_COLUMNS}`;

const HELD = `SELECT 1 FROM "InboxEvent" WHERE "id" = $1 AND "status" <> 'done'`;

// Fenced renewal: only while the row is still this worker's.
const RENEW = `UPDATE "InboxEvent" SET "lockedUntil" = ${UTC_NOW} + ($3::int * interval '1 millisecond')
 WHERE "id" = $1 AND "lockedBy" = $2 AND "status" = 'queued'
 RETURNING "id"`;

// lockedBy stays: on PostgreSQL it tells which worker (pgboss-<pid>-…) processed the event.
// Fenced on lockedBy like every write after the claim: a worker that lost the row changes nothing.
const DONE = `UPDATE "InboxEvent"
   SET "status" = 'done', "processedAt" = ${UTC_NOW}, "lockedUntil" = NULL, "lockedBy" = $2, "lastError" = NULL
 WHERE "id" = $1 AND "status" <> 'done' AND "lockedBy" = $2`;

const FAILED = `UPDATE "InboxEvent"
   SET "status" = $2, "runAt" = ${UTC_NOW} + ($3::int * interval '1 millisecond'),
       "lockedUntil" = NULL, "lockedBy" = NULL, "lastError" = $4
 WHERE "id" = $1 AND "status" <> 'done' AND "lockedBy" = $5`;

export interface InboxJobRunnerOptions {
  sql: Sql;
  handlers: InboxHandlers;
  queue: Pick<InboxQueue, "enqueue" | "jobFor">;
  workerId: string;
  maxUnexpectedAttempts?: number;
  /** Cap of the retry backoff, ms: the delay of a continuation after pg-boss's retries ran out. */
  retryCapMs?: number;
  /** The inbox row's lease, renewed every third of it while the handler runs, ms. Default 10000. */
  leaseMs?: number;
}

const COMPLETED = "completed" as const;

export function createInboxJobRunner(options: InboxJobRunnerOptions): InboxJobHandler {
  const { sql, handlers, queue, workerId } = options;
  const maxUnexpectedAttempts = options.maxUnexpectedAttempts ?? 20;
  const retryCapMs = options.retryCapMs ?? 10 * 60_000;
  const leaseMs = Math.round(options.leaseMs ?? DEFAULT_LEASE_MS);

  return async function runInboxJob(job: InboxJob): Promise<JobResult> {
    const result = (status: JobResult["status"], message?: string): JobResult =>
      message === undefined
        ? { id: job.id, status }
        : { id: job.id, status, output: { message: message.slice(0, 1000) } };

    let event: InboxEvent;
    const claimedAt = Date.now();
    try {
      const { rows } = await sql(CLAIM, [job.data.inboxId, workerId, leaseMs]);
      if (rows.length === 0) {
        // Another worker's live lease: retry once it has finished or its lease ran out.
        if ((await sql(HELD, [job.data.inboxId])).rows.length > 0) {
          return result("failed", "the event is leased by another worker");
        }
        // Already done (a repeated job), or removed since (shop/redact): nothing to do.
        return result(COMPLETED);
      }
      event = rows[0] as unknown as InboxEvent;
    } catch (error) {
      // The database itself failed: let pg-boss retry the job.
      return result("failed", errorMessage(error));
    }

    const lease = new LeaseKeeper({
      leaseMs,
      // The database's clock set the lease; this process only counts from the claim.
      claimedUntil: new Date(claimedAt + leaseMs),
      abortedBy: job.signal,
      renew: async () => (await sql(RENEW, [event.id, workerId, leaseMs])).rows.length === 1,
      onLost: (reason) => logger.warn("inbox event lease lost", { topic: event.topic, eventId: event.id, reason }),
    }).start();
    try {
      await runUnderLease(lease, () => runInboxHandler(handlers, event));
    } catch (error) {
      return afterFailure(job, event, error);
    } finally {
      lease.stop();
    }

    try {
      await sql(DONE, [event.id, workerId]);
      return result(COMPLETED);
    } catch (error) {
      // The work is done but not recorded: a retry repeats it, which handlers allow.
      return result("failed", errorMessage(error));
    }

    async function afterFailure(job: InboxJob, event: InboxEvent, error: unknown): Promise<JobResult> {
      const message = errorMessage(error);
      const retryable = isRetryable(error);
      const retriesLeft = job.retryCount < job.retryLimit;
      let outcome: "retry" | "continue" | "park";
      let delayMs: number | null = null;
      const askedMs = retryAfterOf(error);
      if (error instanceof RetryLaterError || (retryable && askedMs > 0)) {
        outcome = "continue";
        delayMs = askedMs;
      } else if (retryable) {
        outcome = retriesLeft ? "retry" : "continue";
        if (!retriesLeft) delayMs = retryCapMs;
      } else {
        outcome = retriesLeft && event.attempts < maxUnexpectedAttempts ? "retry" : "park";
      }
      logger.warn("inbox event failed", {
        topic: event.topic,
        eventId: event.id,
        attempt: event.attempts,
        outcome,
        retryInMs: delayMs,
        error: message,
      });
      try {
        await sql(FAILED, [
          event.id,
          outcome === "park" ? "failed" : "queued",
          Math.round(delayMs ?? 0),
          message.slice(0, 1000),
          workerId,
        ]);
        if (outcome === "continue") {
          // Generation = this row's attempt count: a repeated run of the same attempt inserts the same job once.
          await queue.enqueue([queue.jobFor(event, event.attempts, (delayMs ?? 0) / 1000)]);
          return result(COMPLETED);
        }
      } catch (bookkeeping) {
        return result("failed", `${message}; then ${errorMessage(bookkeeping)}`);
      }
      return result(outcome === "park" ? "deadletter" : "failed", message);
    }
  };
}
