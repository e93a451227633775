import pg from "pg";
import type { Db as IDatabase } from "pg-boss";
import { onInboxEvent } from "../../inbox/inbox.server";
import { logger } from "../../platform/logger.server";
import type { InboxQueue } from "./queue.server";

/**
 * Moves new inbox rows into pg-boss. The webhook route only writes its InboxEvent row
 * (exactly as on SQLite); this dispatcher, running in every instance, then claims "pending"
 * rows and, in ONE PostgreSQL transaction, marks them "queued" and inserts their pg-boss
 * jobs. Either both happen or neither does, so a row can neither be lost between the
 * inbox and the queue nor be queued twice; `FOR UPDATE SKIP LOCKED` lets several
 * instances dispatch side by side without waiting on each other.
 *
 * It runs as soon as this process records an inbox event (recordInboxEvent's in-process
 * signal, right after the row is committed) and on a short poll, which picks up rows
 * written by other processes (another instance that crashed before dispatching, the
 * Pub/Sub or EventBridge consumer, a script).
 */

export interface InboxDispatcherOptions {
  connectionString: string;
  queue: Pick<InboxQueue, "enqueue" | "jobFor">;
  /** Poll for rows written elsewhere, ms. Default 1000. */
  pollIntervalMs?: number;
  /** Rows per transaction. Default 200. */
  batchSize?: number;
}

interface ClaimedRow {
  id: string;
  shop: string;
  orderKey: string | null;
  topic: string;
  receivedAt: Date;
}

// Ordered by arrival; rows another dispatcher holds are skipped, not waited for.
const CLAIM_SQL = `
  WITH picked AS (
    SELECT "id" FROM "InboxEvent"
     WHERE "status" = 'pending'
     ORDER BY "receivedAt"
     LIMIT $1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE "InboxEvent" AS e
     SET "status" = 'queued', "lockedBy" = NULL, "lockedUntil" = NULL
    FROM picked
   WHERE e."id" = picked."id"
  RETURNING e."id", e."shop", e."orderKey", e."topic", e."receivedAt"`;

export class InboxDispatcher {
  private readonly pool: pg.Pool;
  private readonly queue: InboxDispatcherOptions["queue"];
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private unsubscribe: (() => void) | undefined;

  constructor(options: InboxDispatcherOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: 2,
      application_name: "apruvd-dispatcher",
    });
    this.pool.on("error", (error) => logger.warn("inbox dispatcher connection error", { error: error.message }));
    this.queue = options.queue;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 200;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = onInboxEvent(() => this.wake());
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.running?.catch(() => undefined);
    await this.pool.end();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Dispatches everything pending now; resolves with how many rows were queued. */
  async dispatchAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.dispatchBatch();
      total += moved;
      if (moved < this.batchSize) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    const run = (async () => {
      do {
        this.again = false;
        await this.dispatchAll();
      } while (this.again && !this.stopped);
    })();
    this.running = run;
    try {
      await run;
    } catch (error) {
      logger.error("inbox dispatch failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.running = null;
      if (!this.stopped) this.schedule(this.again ? 0 : this.pollIntervalMs);
    }
  }

  private async dispatchBatch(): Promise<number> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<ClaimedRow>(CLAIM_SQL, [this.batchSize]);
      if (rows.length > 0) {
        rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
        const db: IDatabase = { executeSql: (text, values) => client.query(text, values as unknown[]) };
        await this.queue.enqueue(
          rows.map((row) => this.queue.jobFor(row)),
          db,
        );
      }
      await client.query("COMMIT");
      return rows.length;
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
