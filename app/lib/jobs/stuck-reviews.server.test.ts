import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { config } from "../platform/config/config.server";
import { pollsDue, queueStuckReviewPolls } from "./stuck-reviews.server";

const MIN = 60_000;
const FIRST = 2 * MIN; // RECONCILE_STUCK_AFTER_MS's default
const SHOP = "stuck-polls.myshopify.com";

describe("the default poll schedule (RECONCILE_STUCK_AFTER_MS unset)", () => {
  it("polls 2, 5, 10, 30 and 60 minutes after submission, then every hour", () => {
    const saved = process.env.RECONCILE_STUCK_AFTER_MS;
    delete process.env.RECONCILE_STUCK_AFTER_MS;
    try {
      // The real configuration's default, not a constant of this test: a default that
      // drifts back to a first poll at 30 minutes fails here.
      const firstPollMs = config().reconcile.stuckAfterMs;
      const pollMinutes: number[] = [];
      let polls = 0;
      for (let seconds = 0; seconds <= 4 * 60 * 60; seconds++) {
        const due = pollsDue(seconds * 1000, firstPollMs);
        if (due > polls) pollMinutes.push(seconds / 60);
        polls = due;
      }
      expect(pollMinutes).toEqual([2, 5, 10, 30, 60, 120, 180, 240]);
    } finally {
      if (saved === undefined) delete process.env.RECONCILE_STUCK_AFTER_MS;
      else process.env.RECONCILE_STUCK_AFTER_MS = saved;
    }
  });
});

describe("pollsDue: when a review without its callback is polled", () => {
  it("polls at 2, 5, 10, 30 and 60 minutes after submission, then every hour", () => {
    const at = (minutes: number) => pollsDue(minutes * MIN, FIRST);
    expect([0, 1.99].map(at)).toEqual([0, 0]);
    expect([2, 4.99, 5, 9.99, 10, 29.99, 30, 59.99, 60].map(at)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
    expect([119.99, 120, 179.99, 180, 24 * 60].map(at)).toEqual([5, 6, 6, 7, 5 + 23]);
  });

  it("scales with the first poll's delay, and a delay of 0 turns polling off", () => {
    expect(pollsDue(1000, 1000)).toBe(1);
    expect(pollsDue(2499, 1000)).toBe(1);
    expect(pollsDue(2500, 1000)).toBe(2);
    expect(pollsDue(10 * 24 * 60 * MIN, 0)).toBe(0);
    expect(pollsDue(10 * 24 * 60 * MIN, Number.NaN)).toBe(0);
  });

  it("never goes down as a review ages, and each step is at most one poll", () => {
    let previous = 0;
    for (let minutes = 0; minutes <= 6 * 60; minutes += 0.5) {
      const due = pollsDue(minutes * MIN, FIRST);
      expect(due - previous).toBeGreaterThanOrEqual(0);
      expect(due - previous).toBeLessThanOrEqual(1);
      previous = due;
    }
  });
});

describe("queueStuckReviewPolls", () => {
  beforeEach(async () => {
    await prisma.inboxEvent.deleteMany({ where: { shop: SHOP } });
    await prisma.review.deleteMany({ where: { shop: SHOP } });
  });

  const review = (order: number, status: string, submittedMinutesAgo: number, now: Date) =>
    prisma.review.create({
      data: {
        shop: SHOP,
        orderId: `gid://shopify/Order/${order}`,
        status,
        transactionId: 9000 + order,
        submittedAt: new Date(now.getTime() - submittedMinutesAgo * MIN),
      },
    });

  it("queues one poll per due step of the schedule, however often it is asked", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    await review(1, "Reviewing", 1, now); // not yet due
    await review(2, "Reviewing", 3, now); // first poll due
    await review(3, "Approved", 45, now); // decided by its callback: never polled
    expect(await queueStuckReviewPolls(prisma, SHOP, FIRST, now)).toBe(1);
    expect(await queueStuckReviewPolls(prisma, SHOP, FIRST, now)).toBe(0);
    // Three minutes later order 1 is due its first poll and order 2 its second (at 5 min).
    const later = new Date(now.getTime() + 3 * MIN);
    expect(await queueStuckReviewPolls(prisma, SHOP, FIRST, later)).toBe(2);
    const polls = await prisma.inboxEvent.findMany({
      where: { shop: SHOP, topic: "system/poll" },
      orderBy: { dedupeKey: "asc" },
    });
    expect(polls.map((p) => p.orderKey)).toEqual(["1", "2", "2"]);
  });
});
