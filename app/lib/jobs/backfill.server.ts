import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import { queueOrdersWithoutReview, readableFrom, walkOrders } from "./order-sweep.server";

/**
 * The backfill the merchant asked for at install (merchant/onboarding/backfill.server.ts):
 * the shop's open, unfulfilled orders created in the chosen window are listed page by
 * page and each one without a review is queued through the inbox (dedupe key
 * `backfill:<shop>:<order>`), exactly like a missed orders/create. The listing remembers
 * how far it got (backfillPosition), so a restart or a continuation job resumes there.
 */

/** Open and not (completely) fulfilled, in Shopify's order search syntax. */
export const BACKFILL_FILTER = "status:open fulfillment_status:unfulfilled";

export async function continueBackfill(
  deps: { prisma: PrismaClient; admin: AdminGraphql },
  shop: string,
  options: { maxPages: number; now?: Date },
): Promise<{ queued: number; complete: boolean } | null> {
  const now = options.now ?? new Date();
  const request = await deps.prisma.shopSettings.findUnique({
    where: { shop },
    select: { backfillFrom: true, backfillUntil: true, backfillPosition: true, backfillListedAt: true },
  });
  if (!request?.backfillFrom || !request.backfillUntil || request.backfillListedAt) return null;
  const until = request.backfillUntil;
  const from = readableFrom(request.backfillPosition ?? request.backfillFrom, now);

  let queued = 0;
  const walk = await walkOrders(
    deps.admin,
    { from, filter: `created_at:<='${until.toISOString()}' ${BACKFILL_FILTER}`, maxPages: options.maxPages },
    async (page) => {
      queued += await queueOrdersWithoutReview(deps.prisma, shop, page, "backfill");
    },
  );
  // Only while the request is the same one: a newer request starts over.
  await deps.prisma.shopSettings.updateMany({
    where: { shop, backfillUntil: until },
    data: {
      backfillQueued: { increment: queued },
      ...(walk.lastCreatedAt ? { backfillPosition: walk.lastCreatedAt } : {}),
      ...(walk.complete ? { backfillListedAt: now } : {}),
    },
  });
  if (!walk.complete && walk.lastCreatedAt) {
    await recordInboxEvent(deps.prisma, {
      dedupeKey: `backfill-request:${shop}:after:${walk.lastCreatedAt.toISOString()}`,
      shop,
      topic: "system/reconcile",
      payload: {},
    });
  }
  logger.info("backfill listed orders", { shop, scanned: walk.scanned, queued, complete: walk.complete });
  return { queued, complete: walk.complete };
}
