import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { sqliteFilePath, sqliteFileWritable } from "./sqlite-file.server";

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

/**
 * Prisma opens every transaction as "deferred". A deferred transaction that reads and
 * then writes fails at once with SQLITE_BUSY ("Operation has timed out") when another
 * connection committed after its read (write-ahead log: its snapshot is stale, and the
 * busy timeout does not apply), which is what the webhook path's commits do to the worker
 * thread's connection all the time. Taking the write lock at BEGIN makes such a
 * transaction wait its turn under busy_timeout instead. Prisma's transactions here all
 * write; a read-only one would only wait for the lock a little.
 */
const BEGIN: Record<TransactionMode, string> = {
  write: "BEGIN IMMEDIATE",
  read: "BEGIN DEFERRED",
  deferred: "BEGIN IMMEDIATE",
};

/**
 * Errors after which the connection is opened again: one that lost its file keeps
 * failing, and one whose writes fail may work again once reopened. Reopening — between
 * transactions, never inside one — lets the app recover by itself once the database is
 * writable, without a restart.
 */
const REOPEN_AFTER = /^SQLITE_(READONLY|CANTOPEN|IOERR|NOTADB)/;
/** At most one reopen per this long, so that a database that stays broken is not reopened on every statement. */
const REOPEN_INTERVAL_MS = 250;

export function needsReopen(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && REOPEN_AFTER.test(code);
}

/** What a statement fails with while no connection may be opened: the code SQLite gives a write to a read-only file. */
function notWritableError(): Error {
  return Object.assign(new Error("SQLITE_READONLY: the database cannot be written, no connection opened"), {
    code: "SQLITE_READONLY",
    rawCode: 8,
  });
}

export interface TuneOptions {
  pragmas?: readonly string[];
  /**
   * Whether a connection may be opened now (sqlite-file.server.ts `sqliteFileWritable`).
   * A connection is never opened while the database cannot be written: SQLite would open
   * it read-only, and in write-ahead-log mode its read-only -shm mapping is shared by
   * every later connection of this process to the file while any of them is open (and
   * libsql lets closed connections linger), so reopening after the file became writable
   * again would still get "attempt to write a readonly database" until a restart. Until
   * it may open one, every statement fails with SQLITE_READONLY (readiness reports it).
   */
  canOpen?: () => boolean;
}

/**
 * `open` makes a new connection (the adapter's createClient); it is called at the first
 * statement and again after an error of REOPEN_AFTER, before the next statement outside
 * a transaction.
 */
export function tuneClient(open: Client | (() => Client), options: TuneOptions = {}): Client {
  const connect = typeof open === "function" ? open : () => open;
  const pragmas = options.pragmas ?? SQLITE_CONNECTION_PRAGMAS;
  const canOpen = options.canOpen ?? (() => true);
  let inner: Client | null = null;
  let prepared: Promise<void> | null = null;
  let stale = false;
  let lastReopen = 0;
  let inTransaction = false;
  /** The connection for the next statement: the first, or a new one after an error of REOPEN_AFTER. */
  const connection = (): Client => {
    if (inner && (!stale || inTransaction || Date.now() - lastReopen < REOPEN_INTERVAL_MS)) return inner;
    lastReopen = Date.now();
    if (!canOpen()) {
      if (inner) return inner; // keeps serving what it can (reads) until a writable one can be opened
      throw notWritableError();
    }
    const old = inner;
    try {
      inner = connect();
    } catch (error) {
      if (!old) throw error;
      return old; // could not open: keep the old one and try again later
    }
    stale = false;
    prepared = null;
    old?.close();
    return inner;
  };
  const prepare = (client: Client) =>
    (prepared ??= (async () => {
      // One at a time: some answer with a row, which executeMultiple refuses.
      for (const pragma of pragmas) await client.execute(pragma);
    })());
  const noting = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (needsReopen(error)) stale = true;
      throw error;
    }
  };
  /** The current connection, its settings applied. */
  const ready = () =>
    noting(async () => {
      const client = connection();
      await prepare(client);
      return client;
    });
  const execute = ((...args: Parameters<Client["execute"]>) =>
    noting(() => connection().execute(...args))) as Client["execute"];
  return new Proxy({} as Client, {
    get(_target, property) {
      if (property === "execute" || property === "batch" || property === "executeMultiple" || property === "migrate") {
        return async (...args: unknown[]) => {
          const client = await ready();
          return noting(async () =>
            (Reflect.get(client, property) as (...a: unknown[]) => unknown).apply(client, args),
          );
        };
      }
      if (property === "transaction") {
        return async (mode: TransactionMode = "write") => {
          await ready();
          await execute(BEGIN[mode] ?? "BEGIN DEFERRED");
          inTransaction = true;
          return sameConnectionTransaction(execute, () => (inTransaction = false));
        };
      }
      if (property === "close") {
        return () => {
          inner?.close();
          inner = null;
          prepared = null;
        };
      }
      if (!inner) return property === "closed" ? false : undefined;
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
    const file = sqliteFilePath(config.url);
    return tuneClient(() => super.createClient(config), {
      canOpen: file ? () => sqliteFileWritable(file) : undefined,
    });
  }
}
