import type { PrismaClient } from "@prisma/client";
import type { RecentOrdersQuery } from "../../types/admin.generated";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { RECENT_ORDERS_QUERY } from "../clients/shopify/graphql/reconciliation.query";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";

/**
 * Shopify gives up on a webhook after 8 failed tries, and Apruvd's callback can be lost:
 * this sweep finds, per shop, orders of the last hours that have no review (and queues
 * them as if their orders/create had come) and reviews stuck under review without a
 * callback (and queues a status poll). Everything goes through the inbox, so it is
 * durable and never runs beside other work on the same order.
 */

export interface SweepOptions {
  lookbackMs?: number;
  stuckAfterMs?: number;
  maxPages?: number;
  now?: () => Date;
}

export interface SweepResult {
  scanned: number;
  missing: number;
  stuck: number;
}

/** system/reconcile: one sweep of the shop, queued by scheduleReconciliation. */
export function reconciliationJobs(deps: JobDeps): Pick<TopicJobs, "system/reconcile"> {
  return {
    "system/reconcile": forInstalledShop(deps, async (review, event) => {
      await runReconciliationSweep({ prisma: deps.prisma, admin: review.admin }, event.shop, deps.sweep);
    }),
  };
}

export async function runReconciliationSweep(
  deps: { prisma: PrismaClient; admin: AdminGraphql },
  shop: string,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const now = (options.now ?? (() => new Date()))();
  const lookbackMs = options.lookbackMs ?? 6 * 60 * 60_000;
  const stuckAfterMs = options.stuckAfterMs ?? 30 * 60_000;
  const since = new Date(now.getTime() - lookbackMs).toISOString();

  const recent: { id: string; cancelledAt: string | null }[] = [];
  let after: string | null = null;
  for (let page = 0; page < (options.maxPages ?? 20); page++) {
    const data: RecentOrdersQuery = await deps.admin<RecentOrdersQuery>(RECENT_ORDERS_QUERY, {
      query: `created_at:>='${since}'`,
      after,
    });
    recent.push(...data.orders.nodes.map((n) => ({ id: n.id, cancelledAt: n.cancelledAt ?? null })));
    if (!data.orders.pageInfo.hasNextPage) break;
    after = data.orders.pageInfo.endCursor ?? null;
  }

  const ids = recent.map((o) => o.id);
  const reviewed = new Set(
    (await deps.prisma.review.findMany({ where: { shop, orderId: { in: ids } }, select: { orderId: true } })).map(
      (r) => r.orderId,
    ),
  );
  const queued = new Set(
    (
      await deps.prisma.inboxEvent.findMany({
        where: {
          shop,
          status: "pending",
          orderKey: { in: ids.map((id) => orderKeyOf(id)).filter((k): k is string => k !== null) },
        },
        select: { orderKey: true },
      })
    ).map((e) => e.orderKey),
  );

  let missing = 0;
  for (const order of recent) {
    const orderKey = orderKeyOf(order.id);
    if (!orderKey || reviewed.has(order.id) || queued.has(orderKey)) continue;
    const { created } = await recordInboxEvent(deps.prisma, {
      dedupeKey: `sweep:${shop}:${orderKey}`,
      shop,
      topic: order.cancelledAt ? "orders/cancelled" : "orders/create",
      orderKey,
      payload: { orderKey, fingerprint: null },
    });
    if (created) missing++;
  }

  // Under review at Apruvd for a long time without a callback: ask for the status.
  const stuckBefore = new Date(now.getTime() - stuckAfterMs);
  const stuckReviews = await deps.prisma.review.findMany({
    where: { shop, status: "Reviewing", transactionId: { not: null }, updatedAt: { lt: stuckBefore } },
    select: { orderId: true },
    take: 500,
  });
  const bucket = Math.floor(now.getTime() / stuckAfterMs);
  let stuck = 0;
  for (const review of stuckReviews) {
    const orderKey = orderKeyOf(review.orderId);
    if (!orderKey) continue;
    const { created } = await recordInboxEvent(deps.prisma, {
      dedupeKey: `poll:${shop}:${orderKey}:${bucket}`,
      shop,
      topic: "system/poll",
      orderKey,
      payload: { orderKey, action: "resync" },
    });
    if (created) stuck++;
  }
  if (missing > 0 || stuck > 0)
    logger.info("reconciliation sweep queued work", { shop, scanned: recent.length, missing, stuck });
  return { scanned: recent.length, missing, stuck };
}

/**
 * Queues one sweep per installed shop for the current time bucket. Every instance may call
 * this on its timer: the dedupe key lets one of them win per bucket.
 */
export async function scheduleReconciliation(
  prisma: PrismaClient,
  intervalMs: number,
  now = new Date(),
): Promise<number> {
  const shops = await prisma.shopSettings.findMany({
    where: { uninstalledAt: null, apruvdKeyIdEnc: { not: null } },
    select: { shop: true },
  });
  const bucket = Math.floor(now.getTime() / intervalMs);
  let queued = 0;
  for (const { shop } of shops) {
    const { created } = await recordInboxEvent(prisma, {
      dedupeKey: `reconcile:${shop}:${bucket}`,
      shop,
      topic: "system/reconcile",
      payload: {},
    });
    if (created) queued++;
  }
  return queued;
}
