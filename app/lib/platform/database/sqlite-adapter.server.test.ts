import fs from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { configureSqlite, createPrismaClient } from "../../../db.server";
import { sqliteUrl } from "./database-url";
import { tuneClient } from "./sqlite-adapter.server";

/** File descriptors this process holds on the database file itself (one per SQLite connection). */
function openConnections(dbFile: string): number {
  let n = 0;
  for (const fd of fs.readdirSync("/proc/self/fd")) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === dbFile) n++;
    } catch {
      // closed while we looked
    }
  }
  return n;
}

/**
 * The libsql module Prisma's adapter itself loads: two copies of SQLite in one process
 * do not see each other's locks (SQLite's "multiple copies" hazard), so the other
 * connection must come from the same one.
 */
const ADAPTER_LIBSQL = createRequire(createRequire(import.meta.url).resolve("@prisma/adapter-libsql")).resolve(
  "libsql",
);

describe("SQLite through the tuned libsql adapter", () => {
  it("keeps one connection and its settings however many transactions run", async () => {
    const url = sqliteUrl();
    const dbFile = url.slice("file:".length);
    const prisma = createPrismaClient(url);
    try {
      await prisma.review.count();
      const baseline = openConnections(dbFile);
      for (let i = 0; i < 60; i++) {
        await prisma.$transaction(async (tx) => {
          const review = await tx.review.create({
            data: { shop: "tx.myshopify.com", orderId: `gid://shopify/Order/${i}` },
          });
          await tx.reviewEvent.create({ data: { reviewId: review.id, type: "t", message: "m" } });
        });
        await prisma.$transaction([prisma.review.count(), prisma.reviewEvent.count()]);
      }
      // Before the fix every transaction left a connection open (60+ here).
      expect(openConnections(dbFile)).toBe(baseline);
      const [{ synchronous }] = await prisma.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
      const [{ timeout }] = await prisma.$queryRawUnsafe<{ timeout: number | bigint }[]>("PRAGMA busy_timeout");
      expect(Number(synchronous)).toBe(1); // NORMAL
      expect(Number(timeout)).toBe(5000);
      expect(await prisma.review.count({ where: { shop: "tx.myshopify.com" } })).toBe(60);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("a transaction that reads, then writes, waits for another connection's commits instead of failing", async () => {
    // Another connection (as the worker thread's and the webhook path's are) commits every
    // millisecond or so. A deferred transaction whose snapshot went stale before its first
    // write fails at once with SQLITE_BUSY, busy timeout or not; one that takes the write
    // lock at BEGIN waits its turn.
    const url = sqliteUrl();
    const prisma = createPrismaClient(url);
    await configureSqlite(prisma); // write-ahead logging, as the app runs it
    const writer = new Worker(
      `
      const { parentPort, workerData } = require("node:worker_threads");
      const Database = require(workerData.libsql);
      const db = new Database(workerData.file);
      db.prepare("PRAGMA busy_timeout = 5000").get();
      db.exec("CREATE TABLE IF NOT EXISTS busy_probe (n INTEGER)");
      let stop = false;
      parentPort.on("message", () => (stop = true));
      parentPort.postMessage("ready");
      (function loop() {
        if (stop) return db.close(), parentPort.postMessage("stopped");
        db.exec("INSERT INTO busy_probe VALUES (1)");
        setTimeout(loop, 1);
      })();
      `,
      {
        eval: true,
        workerData: { file: url.slice("file:".length), libsql: ADAPTER_LIBSQL },
      },
    );
    try {
      await new Promise((resolve) => writer.once("message", resolve));
      const failures: string[] = [];
      for (let i = 0; i < 40; i++) {
        await prisma
          .$transaction(async (tx) => {
            await tx.review.count({ where: { shop: "busy.myshopify.com" } });
            await new Promise((resolve) => setTimeout(resolve, 3));
            await tx.review.create({ data: { shop: "busy.myshopify.com", orderId: `gid://shopify/Order/${i}` } });
          })
          .catch((error: unknown) => failures.push(String(error)));
      }

      expect(failures).toEqual([]);
      expect(await prisma.review.count({ where: { shop: "busy.myshopify.com" } })).toBe(40);
    } finally {
      writer.postMessage("stop");
      await new Promise((resolve) => writer.once("message", resolve));
      await writer.terminate();
      await prisma.$disconnect();
    }
  });

  it("rolls a failed transaction back and still closes its connection", async () => {
    const url = sqliteUrl();
    const prisma = createPrismaClient(url);
    try {
      await prisma.review.count();
      const baseline = openConnections(url.slice("file:".length));
      for (let i = 0; i < 20; i++) {
        await expect(
          prisma.$transaction(async (tx) => {
            await tx.shopSettings.create({
              data: {
                shop: `rollback-${i}.myshopify.com`,
                callbackKey: `rb-${i}`,
                callbackUsername: "u",
                callbackPasswordEnc: "x",
              },
            });
            throw new Error("abort");
          }),
        ).rejects.toThrow("abort");
      }
      expect(await prisma.shopSettings.count({ where: { shop: { startsWith: "rollback-" } } })).toBe(0);
      expect(openConnections(url.slice("file:".length))).toBe(baseline);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("opens no connection while the database cannot be written, and opens one once it can", async () => {
    // A connection opened while the file is read-only would stay read-only through its
    // shared -shm mapping (see TuneOptions.canOpen), so none may be opened meanwhile.
    let writable = false;
    let opened = 0;
    const executed: string[] = [];
    const fake = {
      execute: async (statement: string) => {
        executed.push(statement);
        return { rows: [], columns: [], columnTypes: [], rowsAffected: 0, lastInsertRowid: undefined };
      },
      close: () => undefined,
    };
    const client = tuneClient(
      () => {
        opened++;
        return fake as unknown as ReturnType<typeof tuneClient>;
      },
      { pragmas: ["PRAGMA busy_timeout = 5000"], canOpen: () => writable },
    );
    await expect(client.execute("INSERT INTO t VALUES (1)")).rejects.toMatchObject({ code: "SQLITE_READONLY" });
    await expect(client.transaction("write")).rejects.toMatchObject({ code: "SQLITE_READONLY" });
    expect(opened).toBe(0);
    writable = true;
    await client.execute("INSERT INTO t VALUES (1)");
    await client.execute("INSERT INTO t VALUES (2)");
    expect(opened).toBe(1);
    expect(executed).toEqual(["PRAGMA busy_timeout = 5000", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"]);
  });
});
