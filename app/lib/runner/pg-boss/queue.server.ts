import { createHash } from "node:crypto";
import { PgBoss, type Db as IDatabase, type JobInsert, type JobResult, type JobWithMetadata } from "pg-boss";
import { logger } from "../../platform/logger.server";
import { claimRankOf } from "../../inbox/priority";

/**
 * The pg-boss adapter: one queue of inbox jobs and its dead-letter queue. A job carries
 * only the id of its InboxEvent row (never the payload), so pg-boss's tables hold no
 * customer data and the inbox row stays the source of truth.
 *
 * Policy "singleton" with singletonKey = the order ("shop/orderKey"): pg-boss lets at most
 * one job per key be active at a time, across every instance (a unique index on the active
 * rows, not an in-memory lock), while any number wait. Events without an order get a key of
 * their own, so they never wait on each other.
 */

export const INBOX_QUEUE = "apruvd-inbox";
export const INBOX_DEAD_LETTER_QUEUE = "apruvd-inbox-dead";

export interface InboxJobData {
  inboxId: string;
}

export interface InboxQueueOptions {
  connectionString: string;
  /** pg-boss's own connection pool. Default 10. */
  poolSize?: number;
  /** Database schema of pg-boss's tables. Default "pgboss". */
  schema?: string;
  /** Attempts pg-boss makes before a job is dead-lettered (retryLimit + 1). Default 20. */
  maxAttempts?: number;
  /** First retry delay, seconds (exponential backoff from here). Default 1. */
  retryDelaySeconds?: number;
  /** Longest retry delay, seconds. Default 600. */
  retryDelayMaxSeconds?: number;
  /** A job whose worker stops sending heartbeats for this long is retried elsewhere (pg-boss's minimum, 10, is the default). */
  heartbeatSeconds?: number;
  /** Longest a single run may take before pg-boss retries it. Default 900. */
  expireInSeconds?: number;
  /** Idle poll of each worker, seconds (LISTEN/NOTIFY wakes them sooner). Default 1. */
  pollingIntervalSeconds?: number;
  /** Days completed jobs are kept (for inspection). Default 1. */
  keepCompletedDays?: number;
  /** pg-boss maintenance (expiry, retention, heartbeats) in this process. Default true. */
  supervise?: boolean;
  /**
   * How often maintenance looks for jobs whose heartbeat stopped (a dead instance), seconds.
   * A crashed instance's jobs run again after heartbeatSeconds + about this. Default 5.
   */
  superviseIntervalSeconds?: number;
}

export type InboxJob = JobWithMetadata<InboxJobData>;
export type InboxJobHandler = (job: InboxJob) => Promise<JobResult>;

export interface DeadLetter {
  jobId: string;
  inboxId: string;
  failedAt: Date;
  error: string | null;
}

/** A deterministic job id: the n-th job of one inbox row is always the same job. */
export function inboxJobId(inboxId: string, generation = 0): string {
  const hex = createHash("sha256").update(`${inboxId}#${generation}`).digest("hex");
  // RFC 4122 layout (version 5-style, variant 10xx) so it is a valid uuid everywhere.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * pg-boss fetches the highest priority first, then the oldest: the ranks of
 * ../../inbox/priority.ts. Holds (FIRST_TOPICS) go ahead of every other waiting job, as
 * the SQLite worker claims them first, so under a burst every new order is held before
 * earlier orders are read whole and submitted; new reviews (LAST_TOPICS) go after the
 * work that finishes orders already under review.
 */
export function inboxJobPriority(topic: string): number {
  const rank = claimRankOf(topic);
  return rank === "first" ? HOLD_FIRST_PRIORITY : rank === "finishing" ? FINISHING_PRIORITY : NEW_REVIEW_PRIORITY;
}

export const HOLD_FIRST_PRIORITY = 10;
export const FINISHING_PRIORITY = 5;
export const NEW_REVIEW_PRIORITY = 0;

/**
 * Of `workers` workers, how many take no holds: holds go first, but not all the way —
 * when orders arrive faster than they can be held, a strict priority would never start a
 * review again. A quarter (at least one) once there are two workers.
 */
export function workersReservedForOthers(workers: number): number {
  return workers >= 2 ? Math.max(1, Math.floor(workers / 4)) : 0;
}

/**
 * The highest priority each worker fetches (undefined: any). From three workers, one
 * takes only new reviews (NEW_REVIEW_PRIORITY), so that a stream of finishing work never
 * stops reviews from starting (the SQLite worker keeps one running likewise); the
 * reserved ones after it take everything but holds; the rest take anything, by priority.
 */
export function workerMaxPriorities(workers: number): (number | undefined)[] {
  const reserved = workersReservedForOthers(workers);
  const newReviewWorker = workers >= 3 ? 1 : 0;
  return Array.from({ length: workers }, (_, i) => {
    if (i < newReviewWorker) return NEW_REVIEW_PRIORITY;
    if (i < newReviewWorker + reserved) return FINISHING_PRIORITY;
    return undefined;
  });
}

/** One order's events run one at a time; events without an order do not wait on each other. */
export function inboxSingletonKey(event: { id: string; shop: string; orderKey: string | null }): string {
  return event.orderKey ? `order:${event.shop}/${event.orderKey}` : `event:${event.id}`;
}

export class InboxQueue {
  readonly boss: PgBoss;
  private readonly options: Required<Omit<InboxQueueOptions, "connectionString" | "schema">> & { schema: string };
  private started = false;

  constructor(options: InboxQueueOptions) {
    this.options = {
      poolSize: options.poolSize ?? 10,
      schema: options.schema ?? "pgboss",
      maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 20)),
      retryDelaySeconds: Math.max(1, Math.round(options.retryDelaySeconds ?? 1)),
      retryDelayMaxSeconds: Math.max(1, Math.round(options.retryDelayMaxSeconds ?? 600)),
      heartbeatSeconds: Math.max(10, Math.round(options.heartbeatSeconds ?? 10)),
      expireInSeconds: Math.max(1, Math.round(options.expireInSeconds ?? 900)),
      pollingIntervalSeconds: Math.max(0.5, options.pollingIntervalSeconds ?? 1),
      keepCompletedDays: Math.max(0, options.keepCompletedDays ?? 1),
      supervise: options.supervise ?? true,
      superviseIntervalSeconds: Math.max(1, Math.round(options.superviseIntervalSeconds ?? 5)),
    };
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      max: this.options.poolSize,
      schema: this.options.schema,
      application_name: "apruvd-queue",
      useListenNotify: true,
      supervise: this.options.supervise,
      superviseIntervalSeconds: this.options.superviseIntervalSeconds,
      monitorIntervalSeconds: this.options.superviseIntervalSeconds,
      schedule: false,
      migrate: true,
    });
    // pg-boss reports connection trouble and maintenance failures here; without a listener
    // an EventEmitter 'error' would crash the process.
    this.boss.on("error", (error: Error) => logger.error("pg-boss error", { error: error.message }));
    this.boss.on("warning", (warning: { message?: string; type?: string }) =>
      logger.warn("pg-boss warning", { type: warning.type, message: warning.message }),
    );
  }

  get retryDelaySeconds(): number {
    return this.options.retryDelaySeconds;
  }

  get retryDelayMaxSeconds(): number {
    return this.options.retryDelayMaxSeconds;
  }

  /** Installs or migrates pg-boss's schema (once, under its advisory lock) and creates both queues. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    const common = {
      retryLimit: this.options.maxAttempts - 1,
      retryDelay: this.options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: this.options.retryDelayMaxSeconds,
      expireInSeconds: this.options.expireInSeconds,
      deleteAfterSeconds: this.options.keepCompletedDays * 86_400,
      // A job may wait (queued or between retries) this long; far beyond any outage we retry through.
      retentionSeconds: 30 * 86_400,
    };
    // Dead letters are kept for a human (inspect, then redrive); nothing works that queue.
    await this.ensureQueue(INBOX_DEAD_LETTER_QUEUE, { ...common, policy: "standard", retentionSeconds: 365 * 86_400 });
    await this.ensureQueue(INBOX_QUEUE, {
      ...common,
      policy: "singleton",
      deadLetter: INBOX_DEAD_LETTER_QUEUE,
      heartbeatSeconds: this.options.heartbeatSeconds,
      notify: true,
    });
    this.started = true;
  }

  private async ensureQueue(name: string, options: Parameters<PgBoss["createQueue"]>[1] & object): Promise<void> {
    const existing = await this.boss.getQueue(name);
    if (!existing) {
      try {
        await this.boss.createQueue(name, options);
        return;
      } catch (error) {
        // Another instance created it first.
        if (!(await this.boss.getQueue(name))) throw error;
      }
    }
    // Retry and retention settings follow the configuration of the instances deployed last
    // (a queue's policy is fixed when it is created).
    const { policy: _policy, ...updatable } = options;
    await this.boss.updateQueue(name, updatable);
  }

  /** The job for an inbox row (generation 0 when it is first dispatched, n for a continuation). */
  jobFor(
    event: { id: string; shop: string; orderKey: string | null; topic: string },
    generation = 0,
    startAfterSeconds = 0,
  ): JobInsert<InboxJobData> {
    return {
      id: inboxJobId(event.id, generation),
      data: { inboxId: event.id },
      singletonKey: inboxSingletonKey(event),
      priority: inboxJobPriority(event.topic),
      ...(startAfterSeconds > 0 ? { startAfter: Math.round(startAfterSeconds * 1000) / 1000 } : {}),
    };
  }

  /**
   * Inserts jobs, through `db` when given (then they commit or roll back with the caller's
   * transaction). An id that already exists is skipped, so inserting twice is harmless.
   */
  async enqueue(jobs: JobInsert<InboxJobData>[], db?: IDatabase): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(INBOX_QUEUE, jobs, db ? { db } : {});
  }

  /**
   * Runs `handler` for each job, `concurrency` at a time in this process. Each worker is
   * its own work() so that, having finished a job, it fetches the next one at once (a
   * waiting job of the same order becomes runnable only then, and no NOTIFY announces it);
   * an idle worker polls every pollingIntervalSeconds and wakes on LISTEN/NOTIFY.
   */
  async work(handler: InboxJobHandler, concurrency: number): Promise<string[]> {
    const ids: string[] = [];
    const workers = Math.max(1, Math.floor(concurrency));
    const maxPriorities = workerMaxPriorities(workers);
    for (let i = 0; i < workers; i++) {
      const maxPriority = maxPriorities[i];
      // The handler may run before work() resolves: until then the id is undefined, not in the temporal dead zone.
      let workerId: string | undefined;
      // eslint-disable-next-line prefer-const -- declared above, so that the handler can read it early
      workerId = await this.boss.work(
        INBOX_QUEUE,
        {
          batchSize: 1,
          localConcurrency: 1,
          includeMetadata: true,
          perJobResults: true,
          pollingIntervalSeconds: this.options.pollingIntervalSeconds,
          notifyPollingIntervalSeconds: this.options.pollingIntervalSeconds,
          // Holds first, but some workers never take them (workerMaxPriorities).
          ...(maxPriority === undefined ? {} : { maxPriority }),
        },
        async (jobs: InboxJob[]) => {
          const results = await Promise.all(jobs.map((job) => handler(job)));
          if (workerId) this.boss.notifyWorker(workerId);
          return results;
        },
      );
      ids.push(workerId);
    }
    return ids;
  }

  /** Runs one statement on pg-boss's connection pool (after start()). */
  sql(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }> {
    return this.boss.getDb().executeSql(text, values);
  }

  /** Dead-lettered jobs, oldest first. */
  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const jobs = await this.boss.findJobs<InboxJobData>(INBOX_DEAD_LETTER_QUEUE, { queued: true, limit });
    return jobs.map((job) => {
      const source = (job as { sourceOutput?: unknown }).sourceOutput;
      const message =
        source && typeof source === "object" && "message" in source && typeof source.message === "string"
          ? source.message
          : null;
      return { jobId: job.id, inboxId: job.data.inboxId, failedAt: job.createdOn, error: message };
    });
  }

  /** Moves dead letters back into the inbox queue; returns how many moved. */
  async redriveDeadLetters(ids?: string[]): Promise<number> {
    return this.boss.redrive(INBOX_DEAD_LETTER_QUEUE, ids && ids.length > 0 ? { ids } : {});
  }

  async stop(): Promise<void> {
    if (!this.started) {
      await this.boss.stop({ graceful: false, close: true }).catch(() => undefined);
      return;
    }
    this.started = false;
    await this.boss.stop({ graceful: true, close: true, timeout: 30_000 });
  }
}
