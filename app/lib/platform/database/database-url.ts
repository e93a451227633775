import path from "node:path";
import { config } from "../config/config.server";

/**
 * The SQLite database URL for the embedded default. DATABASE_URL may point elsewhere
 * (`file:./dev.db` style, resolved against the project root so that the app, Prisma's
 * CLI and the tests agree on one file).
 */
export function sqliteUrl(raw: string = config().database.url): string {
  if (!raw.startsWith("file:")) return raw;
  const file = raw.slice("file:".length);
  return "file:" + (path.isAbsolute(file) ? file : path.resolve(process.cwd(), file));
}

/**
 * PostgreSQL is selected by configuration alone: a `postgres://` or `postgresql://`
 * DATABASE_URL. Anything else (`file:...`, unset) is the embedded SQLite default.
 */
export function isPostgresUrl(url: string | undefined | null): boolean {
  return typeof url === "string" && /^postgres(?:ql)?:\/\//i.test(url.trim());
}

export type DatabaseEngine = "postgresql" | "sqlite";

/** Which engine DATABASE_URL selects. */
export function databaseEngine(databaseUrl: string = config().database.url): DatabaseEngine {
  return isPostgresUrl(databaseUrl) ? "postgresql" : "sqlite";
}

/** The PostgreSQL connection string from DATABASE_URL; throws when DATABASE_URL selects SQLite. */
export function postgresUrl(databaseUrl: string = config().database.url): string {
  const raw = databaseUrl.trim();
  if (!raw || !isPostgresUrl(raw)) {
    throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL for the PostgreSQL engine");
  }
  return raw;
}

/** A connection string with its password masked, for log lines and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  }
}
