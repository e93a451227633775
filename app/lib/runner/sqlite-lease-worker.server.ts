import type { InboxEvent, Prisma, PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { backoffDelay } from "../platform/retry";
import { onInboxEvent } from "../inbox/inbox.server";
import { FIRST_TOPICS, LAST_TOPICS } from "../inbox/priority";
import { type InboxHandlers, type InboxRunner, type InboxRunnerOptions, runInboxHandler } from "./inbox-runner";
import { errorMessage, isRetryable, retryAfterOf } from "./retry-policy";
import { logger } from "../platform/logger.server";
import { LeaseKeeper, runUnderLease } from "./lease";

/**
 * The inbox runner of the embedded default (SQLite; it works on any database Prisma
 * speaks, with no queue beside it). An event is claimed with a lease (lockedUntil) so that
 * a crashed worker's events are picked up again when the lease runs out; events of the
 * same order never run at the same time. The lease is short (seconds) and renewed while
 * the handler runs (./lease.ts): a crashed worker's events are retried within seconds, a
 * live worker keeps its event however long the work takes, and a worker that lost its
 * lease makes no further external call. Every write after the claim (renewal, done,
 * retry) is fenced on lockedBy, so a worker that lost the event changes nothing. Handlers
 * must be safe to run twice: a crash after the work but before the event is marked done
 * replays it.
 */

export interface SqliteLeaseWorkerOptions extends InboxRunnerOptions {
  /** How long a claimed event stays this worker's unless renewed (every third of it while the handler runs), ms. Default 10000. */
  leaseMs?: number;
  /** Events of one shop run at once in this worker; the other slots stay free for other shops. Default half the concurrency. */
  perShopConcurrency?: number;
  /**
   * Slots the hold-first topics (FIRST_TOPICS) leave to the other events while any are
   * due. Default a quarter of the concurrency (at least 1). Holds go first, but not all
   * the way: when orders arrive faster than the worker can hold them, a strict priority
   * would never start a review again.
   */
  reservedForOthers?: number;
  /** Unexpected (non-retryable) failures before an event is parked as "failed" for a human. */
  maxUnexpectedAttempts?: number;
  now?: () => Date;
}

/** A crashed worker's events wait at most this long (plus a poll) before another worker takes them. */
export const DEFAULT_LEASE_MS = 10_000;

export class SqliteLeaseWorker implements InboxRunner {
  readonly kind = "sqlite-lease";
  private readonly prisma: PrismaClient;
  private readonly handlers: InboxHandlers;
  private readonly concurrency: number;
  private readonly perShopConcurrency: number;
  /** At most this many hold-first events run at once while other events are due. */
  private readonly firstTopicsLimit: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly maxUnexpectedAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;
  private readonly now: () => Date;
  readonly workerId: string;

  private running = new Map<string, Promise<void>>();
  private runningOrders = new Set<string>();
  private runningPerShop = new Map<string, number>();
  private runningFirst = 0;
  private runningLastPerShop = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private pumping = false;
  private pumpAgain = false;
  private unsubscribe: (() => void) | undefined;

  constructor(options: SqliteLeaseWorkerOptions) {
    this.prisma = options.prisma;
    this.handlers = options.handlers;
    this.concurrency = options.concurrency ?? 8;
    this.perShopConcurrency = options.perShopConcurrency ?? Math.max(1, Math.ceil(this.concurrency / 2));
    const reserved = options.reservedForOthers ?? Math.max(1, Math.floor(this.concurrency / 4));
    this.firstTopicsLimit = Math.max(1, this.concurrency - Math.min(reserved, this.concurrency - 1));
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxUnexpectedAttempts = options.maxUnexpectedAttempts ?? 20;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.retryCapMs = options.retryCapMs ?? 10 * 60_000;
    this.now = options.now ?? (() => new Date());
    this.workerId = options.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  /** Starts polling at once; nothing here can fail, so it is running when this resolves. */
  start(): Promise<void> {
    if (!this.stopped) return Promise.resolve();
    this.stopped = false;
    this.unsubscribe = onInboxEvent(() => this.wake());
    this.schedule(0);
    return Promise.resolve();
  }

  /** Stops claiming new events and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    await Promise.allSettled([...this.running.values()]);
  }

  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Claims and runs everything due now; resolves when those have finished. For tests and scripts. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const started = await this.claimAndRun();
      total += started;
      await Promise.allSettled([...this.running.values()]);
      if (started === 0) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), delayMs);
  }

  private async pump(): Promise<void> {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.claimAndRun();
      } while (this.pumpAgain && !this.stopped);
    } catch (error) {
      logger.error("inbox worker poll failed", { error: errorMessage(error) });
    } finally {
      this.pumping = false;
      if (!this.stopped) this.schedule(this.pollIntervalMs);
    }
  }

  private async claimAndRun(): Promise<number> {
    const free = this.concurrency - this.running.size;
    if (free <= 0) return 0;
    const now = this.now();
    // Per-shop pacing: a shop with its share of the slots taken waits, so another shop's events are claimed meanwhile.
    const shopsAtLimit = [...this.runningPerShop].filter(([, n]) => n >= this.perShopConcurrency).map(([s]) => s);
    const due = (topic: Prisma.StringFilter) =>
      this.prisma.inboxEvent.findMany({
        where: {
          status: "pending",
          runAt: { lte: now },
          OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
          topic,
          ...(shopsAtLimit.length ? { shop: { notIn: shopsAtLimit } } : {}),
        },
        orderBy: { receivedAt: "asc" },
        take: free * 4,
      });
    // The ranks of ../inbox/priority.ts: holds (FIRST_TOPICS) before anything else that is
    // due, but at most firstTopicsLimit of them at once while other events wait; then what
    // finishes orders already under review; then new reviews (LAST_TOPICS). The last rank
    // is per shop, as the Admin API bucket it saves is: a shop's new reviews wait while
    // that shop has finishing work due (one of them always running), and a shop with none
    // starts its new reviews beside the other shops' work, in arrival order.
    const rankedTopics = [...FIRST_TOPICS, ...LAST_TOPICS];
    const first = await due({ in: [...FIRST_TOPICS] });
    const finishing = await due({ notIn: rankedTopics });
    const last = await due({ in: [...LAST_TOPICS] });
    const othersDue = finishing.length + last.length > 0;
    const firstRoom = othersDue ? Math.max(0, this.firstTopicsLimit - this.runningFirst) : free;
    const shopsFinishing = new Set(finishing.map((event) => event.shop));
    const flooredShops = new Set<string>();
    const lastNow: InboxEvent[] = [];
    const lastLater: InboxEvent[] = [];
    for (const event of last) {
      if (!shopsFinishing.has(event.shop)) lastNow.push(event);
      else if (!this.runningLastPerShop.has(event.shop) && !flooredShops.has(event.shop)) {
        flooredShops.add(event.shop);
        lastNow.push(event);
      } else lastLater.push(event);
    }
    const byArrival = (a: InboxEvent, b: InboxEvent) => a.receivedAt.getTime() - b.receivedAt.getTime();
    const candidates = [
      ...first.slice(0, firstRoom),
      ...[...finishing, ...lastNow].sort(byArrival),
      ...lastLater,
      ...first.slice(firstRoom),
    ];
    const isFirst = new Set(first.map((event) => event.id));
    const isLast = new Set(last.map((event) => event.id));
    let started = 0;
    for (const candidate of candidates) {
      if (started >= free) break;
      const firstTopic = isFirst.has(candidate.id);
      const lastTopic = isLast.has(candidate.id);
      if (firstTopic && othersDue && this.runningFirst >= this.firstTopicsLimit) continue;
      if ((this.runningPerShop.get(candidate.shop) ?? 0) >= this.perShopConcurrency) continue;
      const orderSlot = candidate.orderKey ? `${candidate.shop}/${candidate.orderKey}` : null;
      if (orderSlot && this.runningOrders.has(orderSlot)) continue;
      if (orderSlot && (await this.orderBusyElsewhere(candidate, now))) continue;
      const leasedUntil = new Date(now.getTime() + this.leaseMs);
      const claimed = await this.prisma.inboxEvent.updateMany({
        where: {
          id: candidate.id,
          status: "pending",
          OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
        },
        data: {
          lockedUntil: leasedUntil,
          lockedBy: this.workerId,
          attempts: { increment: 1 },
        },
      });
      if (claimed.count !== 1) continue;
      started++;
      if (firstTopic) this.runningFirst++;
      if (lastTopic)
        this.runningLastPerShop.set(candidate.shop, (this.runningLastPerShop.get(candidate.shop) ?? 0) + 1);
      if (orderSlot) this.runningOrders.add(orderSlot);
      this.runningPerShop.set(candidate.shop, (this.runningPerShop.get(candidate.shop) ?? 0) + 1);
      const run = this.runOne({ ...candidate, attempts: candidate.attempts + 1 }, leasedUntil).finally(() => {
        this.running.delete(candidate.id);
        if (firstTopic) this.runningFirst--;
        if (lastTopic) {
          const lastLeft = (this.runningLastPerShop.get(candidate.shop) ?? 1) - 1;
          if (lastLeft > 0) this.runningLastPerShop.set(candidate.shop, lastLeft);
          else this.runningLastPerShop.delete(candidate.shop);
        }
        if (orderSlot) this.runningOrders.delete(orderSlot);
        const left = (this.runningPerShop.get(candidate.shop) ?? 1) - 1;
        if (left > 0) this.runningPerShop.set(candidate.shop, left);
        else this.runningPerShop.delete(candidate.shop);
        if (!this.stopped) this.wake();
      });
      this.running.set(candidate.id, run);
    }
    return started;
  }

  /** Another instance holds a live lease on an event of the same order. */
  private async orderBusyElsewhere(candidate: InboxEvent, now: Date): Promise<boolean> {
    const busy = await this.prisma.inboxEvent.count({
      where: {
        shop: candidate.shop,
        orderKey: candidate.orderKey,
        status: "pending",
        lockedUntil: { gt: now },
        id: { not: candidate.id },
      },
    });
    return busy > 0;
  }

  private async runOne(event: InboxEvent, leasedUntil: Date): Promise<void> {
    const lease = new LeaseKeeper({
      leaseMs: this.leaseMs,
      claimedUntil: leasedUntil,
      renew: async (until) => {
        const renewed = await this.prisma.inboxEvent.updateMany({
          where: { id: event.id, status: "pending", lockedBy: this.workerId },
          data: { lockedUntil: until },
        });
        return renewed.count === 1;
      },
      onLost: (reason) => logger.warn("inbox event lease lost", { topic: event.topic, eventId: event.id, reason }),
      now: () => this.now().getTime(),
    }).start();
    try {
      await runUnderLease(lease, () => runInboxHandler(this.handlers, event));
      lease.stop();
      await this.prisma.inboxEvent.updateMany({
        where: { id: event.id, lockedBy: this.workerId },
        data: { status: "done", processedAt: this.now(), lockedUntil: null, lockedBy: null, lastError: null },
      });
    } catch (error) {
      lease.stop();
      await this.reschedule(event, error).catch((bookkeeping: unknown) =>
        // The event keeps its lease until it lapses, then runs again (handlers are safe to run twice).
        logger.error("could not record an inbox event's outcome; it runs again once its lease lapses", {
          topic: event.topic,
          eventId: event.id,
          error: errorMessage(bookkeeping),
        }),
      );
    }
  }

  private async reschedule(event: InboxEvent, error: unknown): Promise<void> {
    const message = errorMessage(error);
    const retryable = isRetryable(error);
    const parked = !retryable && event.attempts >= this.maxUnexpectedAttempts;
    // A wait the service named (Shopify's bucket refill, Retry-After, an open circuit) is
    // exactly as long as needed; otherwise back off exponentially with jitter.
    const named = retryAfterOf(error);
    const delay =
      named > 0 ? named : backoffDelay(event.attempts - 1, { baseMs: this.retryBaseMs, capMs: this.retryCapMs });
    logger.warn("inbox event failed", {
      topic: event.topic,
      eventId: event.id,
      attempt: event.attempts,
      retryInMs: parked ? null : delay,
      error: message,
    });
    // Fenced: when another worker took the event over, it is that worker's to record.
    await this.prisma.inboxEvent.updateMany({
      where: { id: event.id, lockedBy: this.workerId },
      data: {
        status: parked ? "failed" : "pending",
        runAt: new Date(this.now().getTime() + delay),
        lockedUntil: null,
        lockedBy: null,
        lastError: message.slice(0, 1000),
      },
    });
  }
}
