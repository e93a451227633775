import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { logger } from "../../platform/logger.server";
import { config } from "../../platform/config/config.server";
import type { InboxHandlers, InboxRunner, InboxRunnerOptions } from "../inbox-runner";
import { createInboxJobRunner } from "./inbox-job.server";
import { InboxDispatcher } from "./dispatcher.server";
import { type DeadLetter, InboxQueue, type InboxQueueOptions } from "./queue.server";

/**
 * The inbox runner of the PostgreSQL deployment: pg-boss workers running the inbox
 * handlers, plus the dispatcher that feeds them (see README.md in this folder). Any number
 * of instances may run it against one database.
 *
 * Of the shared options, retryBaseMs and retryCapMs are rounded to pg-boss's whole
 * seconds (at least 1), and pollIntervalMs is at least 500 (LISTEN/NOTIFY and the
 * in-process signal are faster).
 */
export interface PgBossRunnerOptions extends InboxRunnerOptions {
  connectionString: string;
  /** Attempts of a failing (non-retryable) event before it is dead-lettered. Default 20. */
  maxAttempts?: number;
  /** The inbox row's lease, renewed while its handler runs (../lease.ts), ms. Default 10000. */
  leaseMs?: number;
  queue?: Partial<Omit<InboxQueueOptions, "connectionString">>;
}

export class PgBossRunner implements InboxRunner {
  readonly kind = "pg-boss";
  readonly workerId: string;
  readonly queue: InboxQueue;
  private readonly dispatcher: InboxDispatcher;
  private readonly options: PgBossRunnerOptions;
  private startPromise: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: PgBossRunnerOptions) {
    this.options = options;
    this.workerId = options.workerId ?? `pgboss-${process.pid}-${randomUUID().slice(0, 8)}`;
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
    const pollIntervalMs = Math.max(500, options.pollIntervalMs ?? 1000);
    this.queue = new InboxQueue({
      connectionString: options.connectionString,
      poolSize: concurrency + 4,
      maxAttempts: options.maxAttempts ?? 20,
      retryDelaySeconds: Math.max(1, Math.round((options.retryBaseMs ?? 1000) / 1000)),
      retryDelayMaxSeconds: Math.max(1, Math.round((options.retryCapMs ?? 10 * 60_000) / 1000)),
      pollingIntervalSeconds: pollIntervalMs / 1000,
      ...options.queue,
    });
    this.dispatcher = new InboxDispatcher({
      connectionString: options.connectionString,
      queue: this.queue,
      pollIntervalMs,
    });
  }

  /** Starts pg-boss, the workers and the dispatcher; resolves once they run. */
  start(): Promise<void> {
    this.startPromise ??= this.startOnce();
    return this.startPromise;
  }

  /**
   * Like start(), for a server that must come up even while the database is briefly away:
   * failures are logged and retried every few seconds until it runs or is stopped.
   */
  startInBackground(retryMs = 5000): void {
    this.start().catch((error: unknown) => {
      logger.error("queue runner failed to start; retrying", {
        workerId: this.workerId,
        error: errorText(error),
        retryInMs: retryMs,
      });
      this.startPromise = null;
      if (!this.stopped) this.retryTimer = setTimeout(() => this.startInBackground(retryMs), retryMs);
    });
  }

  private async startOnce(): Promise<void> {
    if (this.stopped) throw new Error("queue runner stopped");
    await this.queue.start();
    const concurrency = Math.max(1, Math.floor(this.options.concurrency ?? 8));
    await this.queue.work(
      createInboxJobRunner({
        sql: (text, values) => this.queue.sql(text, values),
        handlers: this.options.handlers,
        queue: this.queue,
        workerId: this.workerId,
        maxUnexpectedAttempts: this.options.maxAttempts ?? 20,
        retryCapMs: this.options.retryCapMs ?? 10 * 60_000,
        leaseMs: this.options.leaseMs,
      }),
      concurrency,
    );
    this.dispatcher.start();
    logger.info("queue runner started", { workerId: this.workerId, concurrency });
  }

  /** Dispatches this process's and other processes' new rows now instead of at the next poll. */
  wake(): void {
    this.dispatcher.wake();
  }

  /** Moves every inbox row that is waiting into the queue now (scripts and tests). */
  dispatchNow(): Promise<number> {
    return this.dispatcher.dispatchAll();
  }

  deadLetters(limit?: number): Promise<DeadLetter[]> {
    return this.queue.deadLetters(limit);
  }

  /**
   * Gives dead-lettered events another full set of attempts (after a fix is deployed):
   * their inbox rows are reset, then the jobs move back into the inbox queue.
   */
  async redriveDeadLetters(): Promise<number> {
    const letters = await this.queue.deadLetters(100_000);
    if (letters.length === 0) return 0;
    await this.options.prisma.inboxEvent.updateMany({
      where: { id: { in: letters.map((letter) => letter.inboxId) }, status: "failed" },
      data: { status: "queued", attempts: 0, lastError: null },
    });
    return this.queue.redriveDeadLetters(letters.map((letter) => letter.jobId));
  }

  /** Stops taking jobs, lets the ones in flight finish, and closes the connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.startPromise?.catch(() => undefined);
    await this.dispatcher
      .stop()
      .catch((error: unknown) => logger.warn("dispatcher stop failed", { error: errorText(error) }));
    await this.queue.stop().catch((error: unknown) => logger.warn("queue stop failed", { error: errorText(error) }));
  }
}

/**
 * The runner as the app starts it (app/lib/runner/background.server.ts), configured by
 * DATABASE_URL and the worker's variables (WORKER_CONCURRENCY, WORKER_RETRY_BASE_MS,
 * WORKER_RETRY_CAP_MS, WORKER_MAX_ATTEMPTS, QUEUE_POLL_INTERVAL_MS: config().worker).
 * Starts in the background (retrying while the database is unreachable), so the web
 * server comes up regardless.
 */
export function startQueueRunner(prisma: PrismaClient, handlers: InboxHandlers): PgBossRunner {
  const worker = config().worker;
  const runner = new PgBossRunner({
    prisma,
    handlers,
    connectionString: config().database.url.trim(),
    concurrency: worker.concurrency,
    retryBaseMs: worker.retryBaseMs,
    retryCapMs: worker.retryCapMs,
    maxAttempts: worker.maxAttempts,
    leaseMs: worker.leaseMs,
    pollIntervalMs: worker.queuePollIntervalMs,
  });
  runner.startInBackground();
  logger.info("queue runner starting (pg-boss)", { workerId: runner.workerId });
  return runner;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
