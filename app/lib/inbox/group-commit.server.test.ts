import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../db.server";
import { type TestDatabase, createTestDatabase } from "../../../test/scale/postgres";
import { InboxGroupCommitter, MAX_ROWS_PER_STATEMENT, timeOrderedId } from "./group-commit.server";
import type { InboxRow } from "./inbox.server";

/**
 * The group committer on both engines, each on a real database: the test file's own
 * SQLite file (test/setup/env.ts) and a fresh PostgreSQL database.
 */

const row = (dedupeKey: string, overrides: Partial<InboxRow> = {}): InboxRow => ({
  dedupeKey,
  shop: "group-commit.myshopify.com",
  topic: "orders/create",
  orderKey: "42",
  payload: { orderKey: "42", fingerprint: "f" },
  ...overrides,
});

/** A row the database refuses: InboxEvent.shop is NOT NULL on both engines. */
const refusedRow = (dedupeKey: string) => row(dedupeKey, { shop: null as unknown as string });

const engines: { name: string; open(): Promise<{ prisma: PrismaClient; close(): Promise<void> }> }[] = [
  {
    name: "SQLite",
    async open() {
      const prisma = createPrismaClient(process.env.DATABASE_URL);
      return { prisma, close: () => prisma.$disconnect() };
    },
  },
  {
    name: "PostgreSQL",
    async open() {
      const database: TestDatabase = await createTestDatabase("group_commit");
      const prisma = createPrismaClient(database.url);
      return {
        prisma,
        async close() {
          await prisma.$disconnect();
          await database.drop();
        },
      };
    },
  },
];

describe.each(engines)("inbox group commit on $name", (engine) => {
  let prisma: PrismaClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ prisma, close } = await engine.open());
  }, 60_000);
  afterAll(async () => {
    await close?.();
  });
  beforeEach(async () => {
    await prisma.inboxEvent.deleteMany();
  });

  it("a request on its own is written at once, as one statement, and stored as recordInboxEvent stores it", async () => {
    const committer = new InboxGroupCommitter(prisma);
    expect(await committer.insert(row("single"))).toEqual({ created: true });
    expect(committer.stats).toMatchObject({ statements: 1, rows: 1, failed: 0 });
    const stored = await prisma.inboxEvent.findUniqueOrThrow({ where: { dedupeKey: "single" } });
    expect(stored).toMatchObject({
      shop: "group-commit.myshopify.com",
      topic: "orders/create",
      orderKey: "42",
      status: "pending",
      attempts: 0,
      lockedUntil: null,
    });
    expect(JSON.parse(stored.payload)).toEqual({ orderKey: "42", fingerprint: "f" });
    // Read back as the Date Prisma wrote: the runners compare runAt with now.
    expect(Math.abs(stored.runAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(stored.receivedAt.getTime()).toBe(stored.runAt.getTime());
  });

  it("many concurrent requests share a few statements, each answered only once its row is committed", async () => {
    const committer = new InboxGroupCommitter(prisma);
    const count = 600;
    const checks: Promise<number>[] = [];
    const results = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        committer.insert(row(`burst-${index}`)).then((result) => {
          // At the moment the request would be answered, its row is there for anyone to read.
          checks.push(prisma.inboxEvent.count({ where: { dedupeKey: `burst-${index}` } }));
          return result;
        }),
      ),
    );
    expect(results.every((result) => result.created)).toBe(true);
    expect(await Promise.all(checks)).toEqual(Array(count).fill(1));
    expect(await prisma.inboxEvent.count()).toBe(count);
    // Sent in one turn of the event loop, they go in full batches of the cap.
    expect(committer.stats.statements).toBe(Math.ceil(count / MAX_ROWS_PER_STATEMENT));
    expect(committer.stats.largestBatch).toBe(MAX_ROWS_PER_STATEMENT);
  });

  it("a failing commit fails every request waiting on it: none is answered as stored, nothing half-written", async () => {
    const committer = new InboxGroupCommitter(prisma);
    expect(await committer.insert(row("before"))).toEqual({ created: true });
    // Sent together, they share one statement: the refused row fails it, and with it the other two.
    const outcomes = await Promise.allSettled([
      committer.insert(row("same-batch-1")),
      committer.insert(refusedRow("refused")),
      committer.insert(row("same-batch-2")),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(committer.stats).toMatchObject({ statements: 2, failed: 1 });
    expect((await prisma.inboxEvent.findMany()).map((stored) => stored.dedupeKey)).toEqual(["before"]);
    // The committer goes on: the next batch is written.
    expect(await committer.insert(row("after"))).toEqual({ created: true });
  });

  it("a repeated dedupe key is not stored twice: created is false for a repeat, in a later batch or the same one", async () => {
    const committer = new InboxGroupCommitter(prisma);
    expect(await committer.insert(row("repeat"))).toEqual({ created: true });
    expect(await committer.insert(row("repeat"))).toEqual({ created: false });
    const together = await Promise.all(Array.from({ length: 8 }, () => committer.insert(row("burst-repeat"))));
    expect(together.filter((result) => result.created)).toHaveLength(1);
    expect(await prisma.inboxEvent.count({ where: { dedupeKey: { in: ["repeat", "burst-repeat"] } } })).toBe(2);
  });

  it("tells when a batch stored new rows (the worker's wake-up), and not when it stored none", async () => {
    let wakeUps = 0;
    const committer = new InboxGroupCommitter(prisma, { onCommitted: () => wakeUps++ });
    await committer.insert(row("wake"));
    await committer.insert(row("wake"));
    expect(wakeUps).toBe(1);
  });
});

describe("row ids", () => {
  it("are UUIDs (version 7 layout) that sort by the time they were made", () => {
    const earlier = timeOrderedId(Date.UTC(2026, 10, 30, 12, 0, 0));
    const later = timeOrderedId(Date.UTC(2026, 10, 30, 12, 0, 1));
    for (const id of [earlier, later]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(earlier < later).toBe(true);
    expect(timeOrderedId()).not.toBe(timeOrderedId());
  });
});
