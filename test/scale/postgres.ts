/**
 * Real PostgreSQL databases for tests: each test file creates its own (random name),
 * migrates it with prisma/postgres/migrations and drops it afterwards.
 *
 * TEST_POSTGRES_URL points at a database used only to CREATE/DROP the test databases
 * (default postgresql://postgres@127.0.0.1:5432/test). When PostgreSQL cannot be reached
 * the tests FAIL with a message saying so; they are never skipped.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { redactDatabaseUrl } from "../../app/lib/platform/database/database-url";

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redactDatabaseUrl(ADMIN_URL)} (${error instanceof Error ? error.message : String(error)}). ` +
        "These tests need a real PostgreSQL server: start one, or point TEST_POSTGRES_URL at a database the tests may use to create and drop their own.",
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Applies prisma/postgres/migrations with Prisma's CLI (prisma.postgres.config.ts). */
export function migratePostgres(url: string): void {
  const result = spawnSync(
    process.execPath,
    [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy", "--config", "prisma.postgres.config.ts"],
    { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" },
  );
  if (result.status !== 0)
    throw new Error(`prisma migrate deploy (PostgreSQL) failed:\n${result.stdout}\n${result.stderr}`);
}

export async function createTestDatabase(label: string, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `apruvd_${label.replace(/\W/g, "_").toLowerCase()}_${crypto.randomBytes(5).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(ADMIN_URL, name);
  try {
    if (options.migrate !== false) migratePostgres(url);
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
  return { name, url, drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  await admin(async (client) => {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  });
}
