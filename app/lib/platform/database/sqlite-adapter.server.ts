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

export function tuneClient(inner: Client, pragmas: readonly string[] = SQLITE_CONNECTION_PRAGMAS): Client {
  let prepared: Promise<void> | null = null;
  const prepare = () =>
    (prepared ??= (async () => {
      // One at a time: some answer with a row, which executeMultiple refuses.
      for (const pragma of pragmas) await inner.execute(pragma);
    })());
  const execute = inner.execute.bind(inner);
  return new Proxy(inner, {
    get(target, property) {
      if (property === "execute" || property === "batch" || property === "executeMultiple" || property === "migrate") {
        return async (...args: unknown[]) => {
          await prepare();
          return (Reflect.get(target, property) as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (property === "transaction") {
        return async (mode: TransactionMode = "write") => {
          await prepare();
          await execute(BEGIN[mode] ?? "BEGIN DEFERRED");
          return sameConnectionTransaction(execute);
        };
      }
      // Methods run on the client itself: its private fields do not exist on the proxy.
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function sameConnectionTransaction(execute: Client["execute"]): Transaction {
  let open = true;
  const end = async (statement: "COMMIT" | "ROLLBACK") => {
    if (!open) return;
    open = false;
    await execute(statement);
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
    return tuneClient(super.createClient(config));
  }
}
