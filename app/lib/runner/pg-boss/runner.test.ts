import type { InboxEvent, PrismaClient } from "@prisma/client";
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../../test/scale/postgres";
import { createPrismaClient } from "../../../db.server";
import { insertInboxRow } from "../../inbox/inbox.server";
import type { InboxHandler } from "../inbox-runner";
import { RetryLaterError } from "../retry-policy";
import { InboxDispatcher } from "./dispatcher.server";
import { PgBossRunner } from "./runner.server";
import { INBOX_QUEUE, InboxQueue, inboxJobId } from "./queue.server";

// The pg-boss runner against a real PostgreSQL database (one per test file). Without a
// reachable PostgreSQL every test fails with the reason (test/scale/postgres.ts).
let db: TestDatabase;
let prisma: PrismaClient;
let ready: Promise<void>;
const SHOP = "queue-test.myshopify.com";

beforeAll(async () => {
  ready = (async () => {
    db = await createTestDatabase("queue");
    prisma = createPrismaClient(db.url);
  })();
  await ready.catch(() => undefined);
}, 60_000);

beforeEach(async () => {
  await ready;
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function runnerWith(
  handlers: Record<string, InboxHandler>,
  options: Partial<ConstructorParameters<typeof PgBossRunner>[0]> = {},
): PgBossRunner {
  return new PgBossRunner({
    prisma,
    handlers,
    connectionString: db.url,
    concurrency: 4,
    retryBaseMs: 1000,
    retryCapMs: 2000,
    maxAttempts: 3,
    pollIntervalMs: 500,
    ...options,
  });
}

let counter = 0;
async function record(topic: string, orderKey: string | null, payload: unknown = {}): Promise<string> {
  const dedupeKey = `test:${topic}:${++counter}:${Math.random()}`;
  await insertInboxRow(prisma, { dedupeKey, shop: SHOP, topic, orderKey, payload });
  const row = await prisma.inboxEvent.findUniqueOrThrow({ where: { dedupeKey } });
  return row.id;
}

async function statusOf(id: string): Promise<InboxEvent> {
  return prisma.inboxEvent.findUniqueOrThrow({ where: { id } });
}

describe("pg-boss runner (PostgreSQL)", () => {
  it("moves each pending inbox row into pg-boss exactly once, even with two dispatchers racing", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      dedupeKey: `race:${i}`,
      shop: SHOP,
      topic: "race/none",
      orderKey: String(1000 + (i % 40)),
      payload: "{}",
    }));
    await prisma.inboxEvent.createMany({ data: rows });
    const queues = [
      new InboxQueue({ connectionString: db.url, poolSize: 3 }),
      new InboxQueue({ connectionString: db.url, poolSize: 3 }),
    ];
    await Promise.all(queues.map((q) => q.start()));
    const dispatchers = queues.map((queue) => new InboxDispatcher({ connectionString: db.url, queue, batchSize: 25 }));
    try {
      const moved = await Promise.all(dispatchers.map((d) => d.dispatchAll()));
      expect(moved[0] + moved[1]).toBe(300);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows: jobs } = await client.query<{ id: string; inbox_id: string; singleton_key: string }>(
        `SELECT id::text, data->>'inboxId' AS inbox_id, singleton_key FROM pgboss.job WHERE name = $1 AND data->>'inboxId' IN (SELECT id FROM "InboxEvent" WHERE topic = 'race/none')`,
        [INBOX_QUEUE],
      );
      await client.end();
      expect(jobs).toHaveLength(300);
      expect(new Set(jobs.map((j) => j.inbox_id)).size).toBe(300);
      for (const job of jobs) expect(job.id).toBe(inboxJobId(job.inbox_id));
      expect(jobs.every((j) => j.singleton_key.startsWith(`order:${SHOP}/`))).toBe(true);
      expect(await prisma.inboxEvent.count({ where: { topic: "race/none", status: { not: "queued" } } })).toBe(0);
      // Nothing left to move.
      expect(await dispatchers[0].dispatchAll()).toBe(0);
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await Promise.all(queues.map((q) => q.stop()));
      await prisma.inboxEvent.deleteMany({ where: { topic: "race/none" } });
    }
  }, 60_000);

  it("runs every event once and never two events of one order at the same time, across two instances", async () => {
    const running = new Set<string>();
    const runs = new Map<string, number>();
    const overlaps: string[] = [];
    let peak = 0;
    const handler: InboxHandler = async (event) => {
      const key = event.orderKey ?? event.id;
      if (running.has(key)) overlaps.push(key);
      running.add(key);
      peak = Math.max(peak, running.size);
      runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 30));
      running.delete(key);
    };
    const runners = [runnerWith({ "test/serial": handler }), runnerWith({ "test/serial": handler })];
    await Promise.all(runners.map((r) => r.start()));
    try {
      // Each order's five events side by side, all queued at once: without per-order
      // serialisation the workers would take several events of one order together.
      const rows = Array.from({ length: 50 }, (_, i) => ({
        dedupeKey: `serial:${i}:${Math.random()}`,
        shop: SHOP,
        topic: "test/serial",
        orderKey: String(5000 + Math.floor(i / 5)),
        payload: "{}",
      }));
      await prisma.inboxEvent.createMany({ data: rows });
      const ids = (
        await prisma.inboxEvent.findMany({
          where: { dedupeKey: { in: rows.map((r) => r.dedupeKey) } },
          select: { id: true },
        })
      ).map((r) => r.id);
      await runners[0].dispatchNow();
      await waitFor(
        async () => (await prisma.inboxEvent.count({ where: { id: { in: ids }, status: "done" } })) === ids.length,
        30_000,
      );
      expect(overlaps).toEqual([]);
      expect(peak).toBeGreaterThan(1);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(runs.size).toBe(ids.length);
      const done = await prisma.inboxEvent.findMany({ where: { id: { in: ids } } });
      expect(done.every((e) => e.attempts === 1 && e.processedAt && !e.lockedUntil && !e.lastError)).toBe(true);
      // Both instances did part of the work.
      expect(new Set(done.map((e) => e.lockedBy))).toEqual(new Set(runners.map((r) => r.workerId)));
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  }, 60_000);

  /** Events of each group's topic (each its own order), older groups first, all pending at once. */
  async function queueInOrder(groups: [topic: string, count: number][]): Promise<number> {
    const stamp = Date.now();
    const base = 8000 + Math.floor(Math.random() * 1_000_000) * 100;
    const topics = groups.flatMap(([topic, count]) => Array<string>(count).fill(topic));
    const rows = topics.map((topic, i) => ({
      dedupeKey: `priority:${base + i}`,
      shop: SHOP,
      topic,
      orderKey: String(base + i),
      payload: "{}",
      receivedAt: new Date(stamp + i),
      runAt: new Date(stamp + i),
    }));
    await prisma.inboxEvent.createMany({ data: rows });
    return rows.length;
  }

  /**
   * Queues the groups (queueInOrder), runs them on `concurrency` workers with handlers
   * that take `ms` each, and returns the topics in the order their jobs started.
   */
  async function startOrderOf(
    groups: [topic: string, count: number][],
    options: { concurrency: number; ms: number },
  ): Promise<string[]> {
    const started: string[] = [];
    const total = await queueInOrder(groups);
    const note: InboxHandler = async (event) => {
      started.push(event.topic);
      await new Promise((r) => setTimeout(r, options.ms));
    };
    const runner = runnerWith(Object.fromEntries(groups.map(([topic]) => [topic, note])), {
      concurrency: options.concurrency,
    });
    await runner.start();
    try {
      await waitFor(async () => started.length === total, 30_000);
      return started;
    } finally {
      await runner.stop();
    }
  }

  it("runs the hold-first topic (orders/create) ahead of every other waiting job", async () => {
    // Twenty older events of other orders, then five orders/create: all queued in one dispatch.
    const started = await startOrderOf(
      [
        ["test/later", 20],
        ["orders/create", 5],
      ],
      { concurrency: 1, ms: 5 },
    );
    expect(started.slice(0, 5)).toEqual(Array(5).fill("orders/create"));
    expect(started.slice(5).every((topic) => topic === "test/later")).toBe(true);
  }, 60_000);

  it("leaves a quarter of its workers to the other jobs, so reviews move while holds keep arriving", async () => {
    const started = await startOrderOf(
      [
        ["test/review", 4],
        ["orders/create", 24],
      ],
      { concurrency: 4, ms: 20 },
    );
    // With strict priority every hold would start before the first review.
    const firstReview = started.indexOf("test/review");
    expect(firstReview).toBeGreaterThanOrEqual(0);
    expect(firstReview).toBeLessThan(12);
  }, 60_000);

  it("finishes orders under review (decisions) before it starts new reviews", async () => {
    const started = await startOrderOf(
      [
        ["system/review-order", 6],
        ["apruvd/review-complete", 6],
      ],
      { concurrency: 1, ms: 5 },
    );
    expect(started).toEqual([...Array(6).fill("apruvd/review-complete"), ...Array(6).fill("system/review-order")]);
  }, 60_000);

  it("retries outages with backoff, parks a persistent failure in the dead-letter queue, and redrives it", async () => {
    let broken = true;
    const seen = new Map<string, number[]>();
    const note = (event: InboxEvent) => seen.set(event.id, [...(seen.get(event.id) ?? []), event.attempts]);
    const runner = runnerWith({
      "test/flaky": async (event) => {
        note(event);
        if (event.attempts < 3) throw Object.assign(new Error("Apruvd is down"), { retryable: true });
      },
      "test/broken": async (event) => {
        note(event);
        if (broken) throw new TypeError("cannot read the payload");
      },
    });
    await runner.start();
    try {
      const flaky = await record("test/flaky", "7001");
      const brokenId = await record("test/broken", "7002");
      await waitFor(
        async () => (await statusOf(flaky)).status === "done" && (await statusOf(brokenId)).status === "failed",
        30_000,
      );
      expect(seen.get(flaky)).toEqual([1, 2, 3]);
      expect(seen.get(brokenId)).toEqual([1, 2, 3]);
      const parked = await statusOf(brokenId);
      expect(parked.lastError).toMatch(/TypeError: cannot read the payload/);
      await waitFor(async () => (await runner.deadLetters()).some((letter) => letter.inboxId === brokenId));
      const letter = (await runner.deadLetters()).find((l) => l.inboxId === brokenId);
      expect(letter?.error).toMatch(/cannot read the payload/);

      broken = false;
      expect(await runner.redriveDeadLetters()).toBeGreaterThanOrEqual(1);
      await waitFor(async () => (await statusOf(brokenId)).status === "done");
      expect(seen.get(brokenId)).toEqual([1, 2, 3, 1]);
      expect((await runner.deadLetters()).some((l) => l.inboxId === brokenId)).toBe(false);
    } finally {
      await runner.stop();
    }
  }, 60_000);

  it("honours RetryLaterError's delay and keeps retrying outages past pg-boss's retry limit", async () => {
    const times: number[] = [];
    const attempts: number[] = [];
    const runner = runnerWith(
      {
        "test/later": async (event) => {
          times.push(Date.now());
          attempts.push(event.attempts);
          if (event.attempts === 1) throw new RetryLaterError("throttled", 1500);
          // An outage outlasting pg-boss's retries (maxAttempts 2) is continued, not dead-lettered.
          if (event.attempts < 5) throw Object.assign(new Error("still down"), { retryable: true });
        },
      },
      { maxAttempts: 2, retryCapMs: 1000 },
    );
    await runner.start();
    try {
      const id = await record("test/later", "7003");
      await waitFor(async () => (await statusOf(id)).status === "done", 40_000);
      expect(attempts).toEqual([1, 2, 3, 4, 5]);
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(1400);
      expect((await runner.deadLetters()).some((l) => l.inboxId === id)).toBe(false);
    } finally {
      await runner.stop();
    }
  }, 60_000);

  it("finishes a job whose inbox row is gone or already done without running the handler", async () => {
    let calls = 0;
    const received: InboxEvent[] = [];
    const runner = runnerWith({
      "test/once": async (event) => {
        calls++;
        received.push(event);
      },
    });
    await runner.start();
    try {
      const id = await record("test/once", "7004");
      await waitFor(async () => (await statusOf(id)).status === "done");
      // A second job for the same row (e.g. a redelivered dispatch) is a no-op.
      await runner.queue.enqueue([runner.queue.jobFor({ id, shop: SHOP, orderKey: "7004", topic: "test/once" }, 99)]);
      const gone = await prisma.inboxEvent.create({
        data: { dedupeKey: `gone:${Date.now()}`, shop: SHOP, topic: "test/once", payload: "{}", status: "queued" },
      });
      await prisma.inboxEvent.delete({ where: { id: gone.id } });
      await runner.queue.enqueue([runner.queue.jobFor(gone)]);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await waitFor(async () => {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'completed'`,
          [INBOX_QUEUE, [inboxJobId(id, 99), inboxJobId(gone.id)]],
        );
        return rows[0].n === 2;
      });
      await client.end();
      expect(calls).toBe(1);
      // The handler gets the row as Prisma would give it: UTC dates, the attempt counted.
      const stored = await statusOf(id);
      expect(received[0]).toMatchObject({
        id,
        topic: "test/once",
        orderKey: "7004",
        shop: SHOP,
        attempts: 1,
        payload: "{}",
      });
      expect(received[0].receivedAt).toBeInstanceOf(Date);
      expect(received[0].receivedAt.getTime()).toBe(stored.receivedAt.getTime());
      expect(stored.processedAt!.getTime()).toBeGreaterThanOrEqual(stored.receivedAt.getTime());
      expect(Math.abs(stored.processedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      await runner.stop();
    }
  }, 60_000);

  it("runs the job of an instance that died mid-job (SIGKILL) on another instance", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/scale/queue-child.ts")], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "error" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => lines.push(...chunk.split("\n").filter(Boolean)));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => lines.push(...chunk.split("\n").filter(Boolean)));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const runs: number[] = [];
    let runner: PgBossRunner | undefined;
    try {
      await waitFor(async () => lines.includes("READY"), 30_000).catch(() => {
        throw new Error(`the queue child did not start:\n${lines.join("\n")}`);
      });
      const id = await record("test/crash", "7005");
      await waitFor(async () => lines.includes(`STARTED ${id}`));
      child.kill("SIGKILL");
      await exited;
      expect((await statusOf(id)).status).toBe("queued");

      runner = runnerWith(
        { "test/crash": async (event) => void runs.push(event.attempts) },
        { queue: { heartbeatSeconds: 10, superviseIntervalSeconds: 1 } },
      );
      await runner.start();
      // pg-boss notices the missing heartbeats (10 s) and retries the job here.
      await waitFor(async () => (await statusOf(id)).status === "done", 45_000);
      expect(runs).toEqual([2]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await runner?.stop();
    }
  }, 90_000);
});
