import { PrismaLibSQL } from "@prisma/adapter-libsql";

// The adapter ships its own @libsql/client: use its types, not the top-level package's.
type Config = Parameters<PrismaLibSQL["createClient"]>[0];
type Client = ReturnType<PrismaLibSQL["createClient"]>;
type Transaction = Awaited<ReturnType<Client["transaction"]>>;
type TransactionMode = "write" | "read" | "deferred";

/**
 * Prisma's libsql adapter, with a fault of @libsql/client's local SQLite mode fixed.
 * Its transaction() hands the client's connection to the transaction and opens a new one
 * for later statements, and nothing ever closes the old one (the transaction's close()
 * only rolls back): every transaction leaked a connection until garbage collection —
 * hundreds under load, with their memory — and each new connection lost the
 * per-connection settings (synchronous, busy_timeout). Here a transaction runs on the
 * client's one connection: the adapter already holds its lock from BEGIN to COMMIT or
 * ROLLBACK, so nothing else runs on the connection meanwhile. Settings are applied to the
 * connection before its first statement.
 */

export const SQLITE_CONNECTION_PRAGMAS = ["PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 5000"];

const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  read: "BEGIN DEFERRED",
  deferred: "BEGIN DEFERRED",
};

/**
 * Errors after which the connection is opened again: a connection opened while the file
 * (or its directory) was read-only stays read-only after the file is writable again, and
 * one that lost its file keeps failing. Reopening — between transactions, never inside
 * one — lets the app recover by itself once the database is writable, without a restart.
 */
const REOPEN_AFTER = /^SQLITE_(READONLY|CANTOPEN|IOERR|NOTADB)/;
/** At most one reopen per this long, so that a database that stays read-only is not reopened on every statement. */
const REOPEN_INTERVAL_MS = 250;

export function needsReopen(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && REOPEN_AFTER.test(code);
}

/**
 * `open` makes a new connection (the adapter's createClient); it is called once at first
 * and again after an error of REOPEN_AFTER, before the next statement outside a transaction.
 */
export function tuneClient(
  open: Client | (() => Client),
  pragmas: readonly string[] = SQLITE_CONNECTION_PRAGMAS,
): Client {
  const connect = typeof open === "function" ? open : () => open;
  let inner = connect();
  let prepared: Promise<void> | null = null;
  let stale = false;
  let lastReopen = 0;
  let inTransaction = false;
  const reopenIfStale = () => {
    if (!stale || inTransaction || Date.now() - lastReopen < REOPEN_INTERVAL_MS) return;
    stale = false;
    lastReopen = Date.now();
    const old = inner;
    try {
      inner = connect();
      prepared = null;
      old.close();
    } catch {
      inner = old; // could not open: keep the old one and try again later
      stale = true;
    }
  };
  const prepare = () =>
    (prepared ??= (async () => {
      // One at a time: some answer with a row, which executeMultiple refuses.
      for (const pragma of pragmas) await inner.execute(pragma);
    })());
  const noting = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (needsReopen(error)) stale = true;
      throw error;
    }
  };
  const execute = ((...args: Parameters<Client["execute"]>) =>
    noting(() => inner.execute(...args))) as Client["execute"];
  return new Proxy(inner, {
    get(_target, property) {
      if (property === "execute" || property === "batch" || property === "executeMultiple" || property === "migrate") {
        return async (...args: unknown[]) => {
          reopenIfStale();
          await noting(prepare);
          return noting(async () => (Reflect.get(inner, property) as (...a: unknown[]) => unknown).apply(inner, args));
        };
      }
      if (property === "transaction") {
        return async (mode: TransactionMode = "write") => {
          reopenIfStale();
          await noting(prepare);
          await execute(BEGIN[mode] ?? "BEGIN DEFERRED");
          inTransaction = true;
          return sameConnectionTransaction(execute, () => (inTransaction = false));
        };
      }
      // Methods run on the client itself: its private fields do not exist on the proxy.
      const value = Reflect.get(inner, property) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
    },
  });
}

function sameConnectionTransaction(execute: Client["execute"], ended: () => void): Transaction {
  let open = true;
  const end = async (statement: "COMMIT" | "ROLLBACK") => {
    if (!open) return;
    open = false;
    try {
      await execute(statement);
    } finally {
      ended();
    }
  };
  const transaction = {
    execute: (...args: Parameters<Client["execute"]>) => execute(...args),
    batch: async (statements: Parameters<Client["execute"]>[0][]) => {
      const results = [];
      for (const statement of statements) results.push(await execute(statement));
      return results;
    },
    executeMultiple: async () => {
      throw new Error("executeMultiple is not supported inside a transaction");
    },
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
    close: () => {
      void end("ROLLBACK").catch(() => undefined);
    },
    get closed() {
      return !open;
    },
  };
  return transaction as unknown as Transaction;
}

export class TunedPrismaLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return tuneClient(() => super.createClient(config));
  }
}
