import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "./lib/platform/config/config.server";
import { databaseEngine, isPostgresUrl, sqliteUrl } from "./lib/platform/database/database-url";
import { TunedPrismaLibSQL } from "./lib/platform/database/sqlite-adapter.server";
import { restrictSqliteFile } from "./lib/platform/database/sqlite-file.server";

declare global {
  // One client per process: it survives Vite dev reloads, and the server build and the
  // scripts that load it (demo, tests) share it instead of opening a second connection.
  var __apruvdPrisma: PrismaClient | undefined;
  var __apruvdPrismaReady: Promise<void> | undefined;
}

/**
 * The engine is chosen by DATABASE_URL alone: postgres:// or postgresql:// opens
 * PostgreSQL (the scale-out deployment, docs/deployment.md), anything else is the
 * embedded SQLite default.
 */
export function createPrismaClient(url: string = sqliteUrl()): PrismaClient {
  if (isPostgresUrl(url)) return createPostgresClient(url);
  // Created 0600 (or narrowed to it) before SQLite opens it: no other user may read the shops' data.
  restrictSqliteFile(url);
  return new PrismaClient({ adapter: new TunedPrismaLibSQL({ url }) });
}

type PostgresClientConstructor = new (options: { adapter: PrismaPg }) => unknown;

/**
 * PostgreSQL has its own generated client (prisma/postgres/schema.prisma, generated to
 * node_modules/.prisma/client-pg). It is loaded at runtime, only when PostgreSQL is
 * selected, so that neither the bundler nor a SQLite-only install needs it.
 *
 * The cast: both clients are generated from the same models (scripts/check-schemas.ts
 * fails the tests when the two schemas drift apart), so they have the same model API and
 * differ only in the SQL they compile to. The rest of the app keeps using the
 * `PrismaClient` type of @prisma/client.
 */
function createPostgresClient(url: string): PrismaClient {
  let PostgresPrismaClient: PostgresClientConstructor;
  try {
    const require = createRequire(import.meta.url);
    shareRuntimeWithDefaultClient(require);
    ({ PrismaClient: PostgresPrismaClient } = require(".prisma/client-pg") as {
      PrismaClient: PostgresClientConstructor;
    });
  } catch (error) {
    throw new Error(
      "DATABASE_URL selects PostgreSQL but its Prisma client is not generated: run " +
        "`npx prisma generate --config prisma.postgres.config.ts` (npm install does it). " +
        `Cause: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const adapter = new PrismaPg({ connectionString: url, max: config().database.poolSize });
  return new PostgresPrismaClient({ adapter }) as PrismaClient;
}

/**
 * A client generated to a custom output carries its own copy of Prisma's runtime (the
 * same code as @prisma/client/runtime/client.js of the same version). With two copies,
 * its errors would not be instances of `Prisma.PrismaClientKnownRequestError` from
 * @prisma/client, and checks such as recordInboxEvent's P2002 (duplicate delivery) would
 * miss them. Loading the PostgreSQL client against the one shared runtime keeps
 * `instanceof` working everywhere.
 */
function shareRuntimeWithDefaultClient(require: NodeJS.Require): void {
  const shared = require.resolve("@prisma/client/runtime/client.js");
  const own = path.join(path.dirname(require.resolve(".prisma/client-pg/package.json")), "runtime", "client.js");
  if (own === shared || require.cache[own]) return;
  require(shared);
  const module = require.cache[shared];
  if (module) require.cache[own] = module;
}

/**
 * SQLite settings for a busy webhook path: write-ahead logging lets reads run beside the
 * one writer, and synchronous=NORMAL syncs the log at checkpoints rather than at every
 * commit. A committed inbox row survives the process being killed (the log is in the
 * OS's hands); only a power loss of the whole machine could lose the last commits,
 * which PostgreSQL (docs/deployment.md) is for.
 */
export async function configureSqlite(client: PrismaClient): Promise<void> {
  // Per database (persistent); the per-connection settings come with every connection (sqlite-adapter.server.ts).
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
}

const prisma: PrismaClient = (globalThis.__apruvdPrisma ??= createPrismaClient());
// Sent first on the one connection; a query that raced ahead merely ran in the old mode.
globalThis.__apruvdPrismaReady ??=
  databaseEngine() === "postgresql"
    ? Promise.resolve()
    : configureSqlite(prisma).catch((error: unknown) => {
        console.error(`SQLite settings not applied: ${error instanceof Error ? error.message : String(error)}`);
      });

export default prisma;
