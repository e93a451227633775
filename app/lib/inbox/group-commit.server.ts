import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { type SqlDialect, dateParam, datePlaceholder, dialectOf } from "../platform/database/sql-dialect";
import type { InboxRow } from "./inbox.server";

/**
 * Group commit of the webhooks' inbox rows. A webhook is acknowledged only once its row is
 * committed, and one commit per webhook is what capped the app at about a thousand
 * acknowledgements a second: each insert paid a whole round through Prisma and the
 * database for one row. Here concurrent requests share the commit: while one batch is
 * being written, the rows that arrive queue; when it has committed, every row queued so
 * far goes in the next batch, as one multi-row
 * `INSERT … ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "dedupeKey"`. One statement is
 * one transaction on both engines (SQLite and PostgreSQL commit it on its own), so a
 * request's promise resolves only after the transaction holding its row has committed,
 * and a batch that fails rejects every request in it: none is acknowledged without its row.
 *
 * Under light load a batch is one row, written as soon as the event loop has handled what
 * arrived with it (no timer); under load the batches grow by themselves to what arrives
 * during one turn of the event loop and one commit.
 */

/**
 * The one statement, the same text whatever the batch's size: the batch's rows as one JSON
 * array of [id, dedupeKey, shop, topic, orderKey, payload] (parameter 1) and the batch's
 * timestamp for runAt and receivedAt (parameter 2). One parameter per batch instead of six
 * per row: no bound-parameter limit to respect (SQLite's was 999 before 3.32), and the
 * database parses one short statement instead of a VALUES list as long as the batch. (In
 * SQLite an upsert after INSERT … SELECT needs a WHERE clause, so the parser does not read
 * its ON as a join's.)
 */
const COLUMNS = `"id", "dedupeKey", "shop", "topic", "orderKey", "payload", "status", "attempts", "runAt", "receivedAt"`;
const INSERT_BATCH: Record<SqlDialect, string> = {
  sqlite:
    `INSERT INTO "InboxEvent" (${COLUMNS}) ` +
    `SELECT item.value ->> 0, item.value ->> 1, item.value ->> 2, item.value ->> 3, item.value ->> 4, item.value ->> 5, ` +
    `'pending', 0, ${datePlaceholder("sqlite", 2)}, ${datePlaceholder("sqlite", 2)} ` +
    `FROM json_each(?1) AS item WHERE true ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "dedupeKey"`,
  postgresql:
    `INSERT INTO "InboxEvent" (${COLUMNS}) ` +
    `SELECT item ->> 0, item ->> 1, item ->> 2, item ->> 3, item ->> 4, item ->> 5, ` +
    `'pending', 0, ${datePlaceholder("postgresql", 2)}, ${datePlaceholder("postgresql", 2)} ` +
    `FROM json_array_elements($1::json) AS item ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "dedupeKey"`,
};

/**
 * Rows per statement at most: a burst is written in commits of this size, each answering
 * its requests as soon as it is done, rather than in one long statement.
 */
export const MAX_ROWS_PER_STATEMENT = 128;

/**
 * A row id in UUID version 7's layout (RFC 9562): the time in milliseconds first, then
 * random bits. Ids that grow with time are appended to the primary key's index instead of
 * landing on a random page of it, which made each insert cost about a third more on
 * SQLite as the table grew.
 */
export function timeOrderedId(now = Date.now()): string {
  const random = randomUUID();
  const time = now.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

interface Waiting {
  row: InboxRow;
  resolve(result: { created: boolean }): void;
  reject(error: unknown): void;
}

/** What one committer has done; the tests read it to see that requests shared commits. */
export interface GroupCommitStats {
  /** Statements run (each is its own transaction). */
  statements: number;
  /** Rows sent in them (duplicates within one batch counted once). */
  rows: number;
  /** Statements that failed (each failed every request in its batch). */
  failed: number;
  /** The most rows one statement carried. */
  largestBatch: number;
}

export interface GroupCommitOptions {
  maxRowsPerStatement?: number;
  /** After each batch committed with new rows: wakes a worker (inbox.server.ts signals). */
  onCommitted?: () => void;
}

export class InboxGroupCommitter {
  readonly stats: GroupCommitStats = { statements: 0, rows: 0, failed: 0, largestBatch: 0 };
  private readonly queue: Waiting[] = [];
  private writing = false;
  private readonly maxRows: number;
  private readonly dialect: SqlDialect;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: GroupCommitOptions = {},
  ) {
    this.maxRows = Math.max(1, Math.min(options.maxRowsPerStatement ?? MAX_ROWS_PER_STATEMENT, MAX_ROWS_PER_STATEMENT));
    this.dialect = dialectOf(prisma);
  }

  /** Resolves once the row's batch has committed: created false when the dedupe key was there already. */
  insert(row: InboxRow): Promise<{ created: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.writing) {
        // The batch starts once this turn of the event loop has handled the rest of what
        // arrived with this request: SQLite runs a statement synchronously, and Prisma's
        // steps around it are promise callbacks, so a batch started at once would always
        // be this one row, every request its own commit.
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Requests waiting for a batch that has not started yet. */
  get queued(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxRows);
        await this.commit(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    // A repeat within one batch (concurrent redeliveries) is sent once: its first request
    // gets the insert's answer, the others are duplicates of it.
    const firstOfKey = new Map<string, Waiting>();
    for (const waiting of batch) {
      if (!firstOfKey.has(waiting.row.dedupeKey)) firstOfKey.set(waiting.row.dedupeKey, waiting);
    }
    const rows = [...firstOfKey.values()].map((waiting) => waiting.row);
    let inserted: Set<string>;
    try {
      this.stats.statements++;
      this.stats.rows += rows.length;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, rows.length);
      inserted = await this.write(rows);
    } catch (error) {
      this.stats.failed++;
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const waiting of batch) {
      const created = inserted.has(waiting.row.dedupeKey) && firstOfKey.get(waiting.row.dedupeKey) === waiting;
      waiting.resolve({ created });
    }
    if (inserted.size > 0) this.options.onCommitted?.();
  }

  private async write(rows: InboxRow[]): Promise<Set<string>> {
    const batch = rows.map((row) => [
      timeOrderedId(),
      row.dedupeKey,
      row.shop,
      row.topic,
      row.orderKey ?? null,
      JSON.stringify(row.payload ?? {}),
    ]);
    const returned = await this.prisma.$queryRawUnsafe<{ dedupeKey: string }[]>(
      INSERT_BATCH[this.dialect],
      JSON.stringify(batch),
      dateParam(this.dialect, new Date()),
    );
    return new Set(returned.map((row) => row.dedupeKey));
  }
}
