/**
 * The dashboard's raw SQL speaks two dialects: SQLite (the embedded default) and
 * PostgreSQL (DATABASE_URL=postgres://…, docs/deployment.md). The dialect comes from the
 * client the query runs on, so one process may hold both (the tests compare them).
 *
 * The differences the dashboard's queries care about:
 * - placeholders: `?` / `?1` in SQLite, `$1` in PostgreSQL;
 * - DateTime parameters: SQLite stores Prisma DateTimes as ISO text and compares them as
 *   text (sql.server.ts `sqlDate`); PostgreSQL stores `timestamp(3)` (no time zone, UTC
 *   values), so parameters are ISO strings cast with `::timestamp` (the trailing `Z` is
 *   ignored by the cast, which is exactly the UTC value Prisma wrote);
 * - index hints: SQLite's `INDEXED BY`; PostgreSQL has none and picks the
 *   (shop, status, createdAt) / (shop, createdAt) indexes on its own (see
 *   dashboard.postgres.test.ts for the EXPLAIN checks).
 */
import type { PrismaClient } from "@prisma/client";
import { databaseEngine } from "./database-url";
import { sqlDate } from "./sql.server";

export type SqlDialect = "sqlite" | "postgresql";

/**
 * The dialect of a Prisma client: the provider it was generated for (the SQLite client
 * from prisma/schema.prisma, or the PostgreSQL one from prisma/postgres/schema.prisma;
 * db.server.ts `createPrismaClient`). Falls back to DATABASE_URL when the client does
 * not say.
 */
export function dialectOf(prisma: PrismaClient): SqlDialect {
  const provider = (prisma as unknown as { _activeProvider?: unknown })._activeProvider;
  if (typeof provider === "string") {
    if (/^postgres/i.test(provider)) return "postgresql";
    if (/^sqlite/i.test(provider)) return "sqlite";
  }
  return databaseEngine() === "postgresql" ? "postgresql" : "sqlite";
}

/** The `n`th (1-based) positional parameter. */
export function placeholder(dialect: SqlDialect, n: number): string {
  return dialect === "postgresql" ? `$${n}` : `?${n}`;
}

/** The `n`th positional parameter, holding a timestamp from `dateParam`. */
export function datePlaceholder(dialect: SqlDialect, n: number): string {
  return dialect === "postgresql" ? `$${n}::timestamp` : `?${n}`;
}

/** A Date as a parameter compared with a DateTime column. */
export function dateParam(dialect: SqlDialect, date: Date): string {
  return dialect === "postgresql" ? date.toISOString() : sqlDate(date);
}

/** `INDEXED BY "index"` for SQLite (the plan is pinned); nothing for PostgreSQL. */
export function indexedBy(dialect: SqlDialect, index: string): string {
  return dialect === "sqlite" ? ` INDEXED BY "${index}"` : "";
}

/**
 * Collects positional parameters while a statement is written: `add(value)` returns the
 * placeholder for it (`?` / `$n`), `addDate(date)` the one for a timestamp.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(readonly dialect: SqlDialect) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.dialect === "postgresql" ? `$${this.values.length}` : "?";
  }

  addDate(date: Date): string {
    this.values.push(dateParam(this.dialect, date));
    return this.dialect === "postgresql" ? `$${this.values.length}::timestamp` : "?";
  }
}
