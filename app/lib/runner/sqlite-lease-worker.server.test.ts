import type { InboxEvent } from "@prisma/client";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { insertInboxRow } from "../inbox/inbox.server";
import { LeaseLostError, assertLeaseHeld } from "./lease";
import { RetryLaterError } from "./retry-policy";
import { SqliteLeaseWorker } from "./sqlite-lease-worker.server";

class Outage extends Error {
  readonly retryable = true;
}

// Rows get runAt = now() from the database default, so the fake clock starts a little after real time.
let clock = new Date(Date.now() + 1000);
const now = () => clock;

function worker(
  handlers: Record<string, (e: InboxEvent) => Promise<void>>,
  extra: Partial<ConstructorParameters<typeof SqliteLeaseWorker>[0]> = {},
) {
  return new SqliteLeaseWorker({ prisma, handlers, now, retryBaseMs: 1000, retryCapMs: 60_000, ...extra });
}

async function enqueue(n: number, orderKey: (i: number) => string | null = (i) => String(i)) {
  for (let i = 0; i < n; i++) {
    await insertInboxRow(prisma, {
      dedupeKey: `e${i}`,
      shop: "s.myshopify.com",
      topic: "t",
      orderKey: orderKey(i),
      payload: { i },
    });
  }
}

beforeEach(async () => {
  clock = new Date(Date.now() + 1000);
  await prisma.inboxEvent.deleteMany();
});

describe("SqliteLeaseWorker", () => {
  it("runs every pending event once and marks it done", async () => {
    await enqueue(5);
    const seen: number[] = [];
    const w = worker({ t: async (e) => void seen.push((JSON.parse(e.payload) as { i: number }).i) });
    expect(await w.drain()).toBe(5);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await prisma.inboxEvent.count({ where: { status: "done" } })).toBe(5);
    expect(await w.drain()).toBe(0);
  });

  it("retries an outage with backoff until it succeeds, never dropping the event", async () => {
    await enqueue(1);
    let calls = 0;
    const w = worker({
      t: async () => {
        calls++;
        if (calls < 4) throw new Outage("Apruvd answered 503");
      },
    });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await w.drain();
      const row = await prisma.inboxEvent.findFirstOrThrow();
      expect(row).toMatchObject({ status: "pending", attempts: attempt });
      expect(row.lastError).toContain("503");
      expect(row.runAt.getTime()).toBeGreaterThanOrEqual(clock.getTime());
      expect(await w.drain()).toBe(0); // not due yet
      clock = new Date(row.runAt.getTime() + 1);
    }
    await w.drain();
    expect(calls).toBe(4);
    expect(await prisma.inboxEvent.findFirstOrThrow()).toMatchObject({ status: "done", attempts: 4, lastError: null });
  });

  it("keeps retrying outages past the limit for unexpected errors", async () => {
    await enqueue(1);
    const w = worker(
      {
        t: async () => {
          throw new Outage("down");
        },
      },
      { maxUnexpectedAttempts: 2 },
    );
    for (let i = 0; i < 5; i++) {
      await w.drain();
      clock = new Date(clock.getTime() + 120_000);
    }
    expect(await prisma.inboxEvent.findFirstOrThrow()).toMatchObject({ status: "pending", attempts: 5 });
  });

  it("parks an event that keeps failing unexpectedly, visibly, after the limit", async () => {
    await enqueue(1);
    const w = worker(
      {
        t: async () => {
          throw new Error("bug");
        },
      },
      { maxUnexpectedAttempts: 3 },
    );
    for (let i = 0; i < 4; i++) {
      await w.drain();
      clock = new Date(clock.getTime() + 120_000);
    }
    expect(await prisma.inboxEvent.findFirstOrThrow()).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("honours a handler's RetryLaterError delay", async () => {
    await enqueue(1);
    const w = worker({
      t: async () => {
        throw new RetryLaterError("throttled", 7000);
      },
    });
    await w.drain();
    const row = await prisma.inboxEvent.findFirstOrThrow();
    expect(row.runAt.getTime() - clock.getTime()).toBe(7000);
  });

  it("waits exactly what a throttled service asks, however many attempts came before", async () => {
    await enqueue(1);
    const w = worker({
      t: async () => {
        throw Object.assign(new Outage("throttled"), { retryAfterMs: 1500 });
      },
    });
    for (let i = 0; i < 6; i++) {
      await w.drain();
      const row = await prisma.inboxEvent.findFirstOrThrow();
      expect(row.runAt.getTime() - clock.getTime()).toBe(1500);
      clock = new Date(row.runAt.getTime() + 1);
    }
  });

  it("holds go first, but leave a quarter of the slots to reviews while any are due (no starvation)", async () => {
    // Three older review events, then twenty orders/create of twenty shops: more holds than slots.
    for (let i = 0; i < 3; i++) {
      await insertInboxRow(prisma, {
        dedupeKey: `r${i}`,
        shop: `r${i}.myshopify.com`,
        topic: "t",
        orderKey: `r${i}`,
        payload: {},
      });
    }
    for (let i = 0; i < 20; i++) {
      await insertInboxRow(prisma, {
        dedupeKey: `c${i}`,
        shop: `c${i}.myshopify.com`,
        topic: "orders/create",
        orderKey: `c${i}`,
        payload: {},
      });
    }
    const started: string[] = [];
    const note = async (e: InboxEvent) => {
      started.push(e.topic);
      await new Promise((r) => setTimeout(r, 5));
    };
    const w = worker({ t: note, "orders/create": note }, { concurrency: 4 });
    expect(await w.drain()).toBe(23);
    // The first round: three holds (the limit while reviews wait) and one review.
    expect(started.slice(0, 4).sort()).toEqual(["orders/create", "orders/create", "orders/create", "t"]);
    expect(started.filter((topic) => topic === "t")).toHaveLength(3);
  });

  /** Inbox rows (each names its shop), all pending at once, oldest first. */
  async function queueRows(rows: { topic: string; key: string; shop: string }[]): Promise<void> {
    for (const row of rows) {
      await insertInboxRow(prisma, {
        dedupeKey: row.key,
        shop: row.shop,
        topic: row.topic,
        orderKey: row.key,
        payload: {},
      });
    }
  }

  /**
   * Drains new reviews and decisions on four slots (all four open to one shop), each
   * handler taking 5 ms; returns how each event started, in order, as `label` gives it.
   */
  async function drainReviewsAndDecisions(label: (e: InboxEvent) => string): Promise<string[]> {
    const started: string[] = [];
    const note = async (e: InboxEvent) => {
      started.push(label(e));
      await new Promise((r) => setTimeout(r, 5));
    };
    const w = worker(
      { "system/review-order": note, "apruvd/review-complete": note },
      { concurrency: 4, perShopConcurrency: 4 },
    );
    await w.drain();
    return started;
  }

  it("a shop's orders under review are finished before its new reviews start, one new review always running", async () => {
    // Six older new-review events, then six decisions of other orders of the same shop.
    await queueRows([
      ...Array.from({ length: 6 }, (_, i) => ({
        topic: "system/review-order",
        key: `n${i}`,
        shop: "one.myshopify.com",
      })),
      ...Array.from({ length: 6 }, (_, i) => ({
        topic: "apruvd/review-complete",
        key: `d${i}`,
        shop: "one.myshopify.com",
      })),
    ]);
    const started = await drainReviewsAndDecisions((e) => e.topic);
    expect(started).toHaveLength(12);
    // The first round: one new review (the floor) and three decisions, though every review is older.
    expect(started.slice(0, 4).sort()).toEqual([
      "apruvd/review-complete",
      "apruvd/review-complete",
      "apruvd/review-complete",
      "system/review-order",
    ]);
    // The second round likewise: one new review at a time while decisions wait.
    expect(started.slice(4, 8).filter((topic) => topic === "system/review-order")).toHaveLength(1);
    expect(started.slice(8)).toEqual(Array(4).fill("system/review-order"));
  });

  it("another shop's new reviews do not wait for this shop's decisions (its bucket is its own)", async () => {
    await queueRows([
      ...Array.from({ length: 3 }, (_, i) => ({ topic: "system/review-order", key: `b${i}`, shop: "b.myshopify.com" })),
      ...Array.from({ length: 6 }, (_, i) => ({
        topic: "apruvd/review-complete",
        key: `a${i}`,
        shop: "a.myshopify.com",
      })),
    ]);
    const started = await drainReviewsAndDecisions((e) => `${e.shop.slice(0, 1)} ${e.topic}`);
    expect(started).toHaveLength(9);
    // In arrival order: shop b's three (older) new reviews start in the first round.
    expect(started.slice(0, 4).sort()).toEqual([
      "a apruvd/review-complete",
      "b system/review-order",
      "b system/review-order",
      "b system/review-order",
    ]);
  });

  it("never runs two events of the same order at the same time", async () => {
    await enqueue(6, (i) => (i % 2 === 0 ? "A" : "B"));
    const active = new Map<string, number>();
    let maxPerOrder = 0;
    let maxOverall = 0;
    const w = worker(
      {
        t: async (e) => {
          const key = e.orderKey ?? "";
          active.set(key, (active.get(key) ?? 0) + 1);
          maxPerOrder = Math.max(maxPerOrder, active.get(key) ?? 0);
          maxOverall = Math.max(
            maxOverall,
            [...active.values()].reduce((a, b) => a + b, 0),
          );
          await new Promise((r) => setTimeout(r, 20));
          active.set(key, (active.get(key) ?? 1) - 1);
        },
      },
      { concurrency: 4 },
    );
    await w.drain();
    expect(await prisma.inboxEvent.count({ where: { status: "done" } })).toBe(6);
    expect(maxPerOrder).toBe(1);
    expect(maxOverall).toBe(2);
  });

  it("takes over an event whose lease expired (its worker crashed)", async () => {
    await enqueue(1);
    await prisma.inboxEvent.updateMany({
      data: { lockedBy: "dead-worker", lockedUntil: new Date(clock.getTime() + 60_000), attempts: 1 },
    });
    let runs = 0;
    const w = worker({ t: async () => void runs++ });
    expect(await w.drain()).toBe(0); // lease still live
    clock = new Date(clock.getTime() + 61_000);
    expect(await w.drain()).toBe(1);
    expect(runs).toBe(1);
    expect(await prisma.inboxEvent.findFirstOrThrow()).toMatchObject({ status: "done", attempts: 2 });
  });

  it("two workers on one database run each event exactly once", async () => {
    await enqueue(40, (i) => `o${i}`);
    const runs = new Map<string, number>();
    const handler = async (e: InboxEvent) => {
      runs.set(e.id, (runs.get(e.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    };
    const a = worker({ t: handler }, { workerId: "a", concurrency: 4 });
    const b = worker({ t: handler }, { workerId: "b", concurrency: 4 });
    await Promise.all([a.drain(), b.drain()]);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it("a short lease is renewed while the handler runs: no other worker takes the event meanwhile", async () => {
    await enqueue(1);
    const realNow = () => new Date(Date.now() + 1000);
    let runs = 0;
    let finish: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (finish = resolve));
    const slow = worker(
      {
        t: async () => {
          runs++;
          await running;
        },
      },
      { workerId: "slow", leaseMs: 150, now: realNow },
    );
    const rival = worker({ t: async () => void runs++ }, { workerId: "rival", leaseMs: 150, now: realNow });
    const first = slow.drain();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 100)); // 800 ms in all: more than five leases
      expect(await rival.drain()).toBe(0);
    }
    finish();
    await first;
    expect(runs).toBe(1);
    expect(await prisma.inboxEvent.findFirstOrThrow()).toMatchObject({ status: "done", attempts: 1 });
  });

  it("a worker whose event was taken over makes no further external call and records nothing", async () => {
    await enqueue(1);
    const realNow = () => new Date(Date.now() + 1000);
    let proceed: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (proceed = resolve));
    let afterLoss: unknown = null;
    const stalled = worker(
      {
        t: async () => {
          await paused;
          try {
            assertLeaseHeld(); // what the worker's Apruvd fetch and Admin API calls do first
          } catch (error) {
            afterLoss = error;
            throw error;
          }
        },
      },
      { workerId: "stalled", leaseMs: 150, now: realNow },
    );
    const first = stalled.drain();
    await new Promise((r) => setTimeout(r, 30));
    // Another worker takes the row over (as after a lease that lapsed while this one stalled).
    await prisma.inboxEvent.updateMany({ data: { lockedBy: "other", lockedUntil: new Date(Date.now() + 60_000) } });
    await new Promise((r) => setTimeout(r, 120)); // the next renewal finds the row taken
    proceed();
    await first;
    expect(afterLoss).toBeInstanceOf(LeaseLostError);
    expect(await prisma.inboxEvent.findFirstOrThrow()).toMatchObject({ status: "pending", lockedBy: "other" });
  });

  it("started, it picks up new events without being asked", async () => {
    let resolveRun: () => void = () => undefined;
    const ran = new Promise<void>((resolve) => (resolveRun = resolve));
    const w = worker(
      { t: async () => resolveRun() },
      { now: () => new Date(Date.now() + 1000), pollIntervalMs: 60_000 },
    );
    w.start();
    await enqueue(1);
    await ran;
    await w.stop();
    expect(await prisma.inboxEvent.count({ where: { status: "done" } })).toBe(1);
  });
});
