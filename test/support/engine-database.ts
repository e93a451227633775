/**
 * A fresh, migrated database of either engine for a fault test that runs the app as a
 * child process on it: a copy of the test file's own SQLite database (test/setup/env.ts
 * migrated it), or a new PostgreSQL database on TEST_POSTGRES_URL's server
 * (test/scale/postgres.ts: 127.0.0.1:5432 by default; a test FAILS when it cannot be
 * reached, it is never skipped). Each test gets its own, so that one engine's run leaves
 * nothing behind for the other's.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/db.server";
import { createTestDatabase } from "../scale/postgres";

export type Engine = "sqlite" | "postgresql";
export const ENGINES: Engine[] = ["sqlite", "postgresql"];

export interface EngineDatabase {
  engine: Engine;
  /** DATABASE_URL for the app child process. */
  url: string;
  /** The test's own client on the same database. */
  prisma: PrismaClient;
  /** Disconnects the test's client and deletes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

export async function freshDatabase(engine: Engine, label: string): Promise<EngineDatabase> {
  let url: string;
  let remove: () => Promise<void>;
  if (engine === "postgresql") {
    const database = await createTestDatabase(label);
    url = database.url;
    remove = database.drop;
  } else {
    const source = process.env.DATABASE_URL!.slice("file:".length);
    const file = path.join(os.tmpdir(), `apruvd-${label}-${crypto.randomBytes(6).toString("hex")}.db`);
    fs.copyFileSync(source, file);
    url = `file:${file}`;
    remove = async () => {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
    };
  }
  const prisma = createPrismaClient(url);
  return {
    engine,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect().catch(() => undefined);
      await remove();
    },
  };
}
