import type { PrismaClient } from "@prisma/client";
import { recordInboxEvent } from "../inbox/inbox.server";
import { config } from "../platform/config/config.server";
import { logger } from "../platform/logger.server";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { continueBackfill } from "./backfill.server";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";
import { queueOrdersWithoutReview, readableFrom, walkOrders } from "./order-sweep.server";
import { queueStuckReviewPolls } from "./stuck-reviews.server";

/**
 * Shopify gives up on a webhook after 8 failed tries, and Apruvd's callback can be lost:
 * this sweep finds, per shop, every order created since its last successful sweep (the
 * shop's watermark, `sweptThrough`) that has no review, and queues it as if its
 * orders/create had come — however long the app was down, newest and oldest alike. With
 * no watermark yet it starts at the install, never earlier than Shopify lets the app read
 * (60 days). Reviews stuck under review without a callback get status polls on a schedule
 * (stuck-reviews.server.ts), and a backfill the merchant asked for at install is listed
 * here too (backfill.server.ts). Everything goes through the inbox, so it is durable and
 * never runs beside other work on the same order.
 */

export interface SweepOptions {
  /** How far behind the watermark each sweep reads again (orders Shopify's search showed late). */
  lookbackMs?: number;
  /** The first status poll of a review whose callback has not come (the schedule's unit). */
  stuckAfterMs?: number;
  /** Pages of 250 orders one sweep job reads; the rest is a continuation job. */
  maxPages?: number;
  now?: () => Date;
}

export interface SweepResult {
  scanned: number;
  missing: number;
  /** The whole window was read and the watermark moved to the sweep's start. */
  complete: boolean;
}

const DEFAULT_LOOKBACK_MS = 30 * 60_000;
const DEFAULT_MAX_PAGES = 40;

/** system/reconcile: the shop's sweep (and its backfill, when one is under way). */
export function reconciliationJobs(deps: JobDeps): Pick<TopicJobs, "system/reconcile"> {
  return {
    "system/reconcile": forInstalledShop(deps, async (review, event) => {
      const collaborators = { prisma: deps.prisma, admin: review.admin };
      await runReconciliationSweep(collaborators, event.shop, deps.sweep);
      await continueBackfill(collaborators, event.shop, { maxPages: deps.sweep?.maxPages ?? DEFAULT_MAX_PAGES });
    }),
  };
}

export async function runReconciliationSweep(
  deps: { prisma: PrismaClient; admin: AdminGraphql },
  shop: string,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const startedAt = (options.now ?? (() => new Date()))();
  const settings = await deps.prisma.shopSettings.findUnique({
    where: { shop },
    select: { sweptThrough: true, createdAt: true },
  });
  const watermark = settings?.sweptThrough ?? settings?.createdAt ?? startedAt;
  const from = readableFrom(new Date(watermark.getTime() - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS)), startedAt);

  let missing = 0;
  const walk = await walkOrders(deps.admin, { from, maxPages: options.maxPages ?? DEFAULT_MAX_PAGES }, async (page) => {
    missing += await queueOrdersWithoutReview(deps.prisma, shop, page, "sweep");
  });
  // Complete: every order created before the sweep started was looked at. Otherwise up to
  // the last order read, and a continuation reads on from there at once.
  const sweptThrough = walk.complete ? startedAt : walk.lastCreatedAt;
  if (sweptThrough) await advanceWatermark(deps.prisma, shop, sweptThrough);
  if (!walk.complete && sweptThrough) {
    await recordInboxEvent(deps.prisma, {
      dedupeKey: `reconcile:${shop}:after:${sweptThrough.toISOString()}`,
      shop,
      topic: "system/reconcile",
      payload: {},
    });
  }
  if (missing > 0) logger.info("reconciliation sweep queued missed orders", { shop, scanned: walk.scanned, missing });
  return { scanned: walk.scanned, missing, complete: walk.complete };
}

/** Only forward: a slower sweep that finishes after a newer one never moves the watermark back. */
async function advanceWatermark(prisma: PrismaClient, shop: string, sweptThrough: Date): Promise<void> {
  await prisma.shopSettings.updateMany({
    where: { shop, OR: [{ sweptThrough: null }, { sweptThrough: { lt: sweptThrough } }] },
    data: { sweptThrough },
  });
}

export interface ScheduleOptions {
  /** The first status poll of a stuck review (default RECONCILE_STUCK_AFTER_MS); polls are queued on every call. */
  stuckAfterMs?: number;
  /** Set on the call at process start: a sweep of its own, not deduplicated against the interval's. */
  startupId?: string;
  now?: Date;
}

/**
 * Queues one sweep per installed shop for the current interval (or, at start, one right
 * away) and the status polls that are due. Every instance may call this on its timer: the
 * dedupe keys let one of them win per interval and per poll.
 */
export async function scheduleReconciliation(
  prisma: PrismaClient,
  intervalMs: number,
  options: ScheduleOptions = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const stuckAfterMs = options.stuckAfterMs ?? config().reconcile.stuckAfterMs;
  const shops = await prisma.shopSettings.findMany({
    where: { uninstalledAt: null, apruvdKeyIdEnc: { not: null } },
    select: { shop: true },
  });
  const bucket = options.startupId ? `start:${options.startupId}` : String(Math.floor(now.getTime() / intervalMs));
  let queued = 0;
  for (const { shop } of shops) {
    const { created } = await recordInboxEvent(prisma, {
      dedupeKey: `reconcile:${shop}:${bucket}`,
      shop,
      topic: "system/reconcile",
      payload: {},
    });
    if (created) queued++;
    const polls = await queueStuckReviewPolls(prisma, shop, stuckAfterMs, now);
    if (polls > 0) logger.info("status polls queued for reviews without a callback", { shop, polls });
  }
  return queued;
}
