import type { PrismaClient } from "@prisma/client";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";

/**
 * A review under review at Apruvd whose callback has not come (lost on the way, sent to a
 * dead instance): its status is polled on a schedule that starts soon and spaces out —
 * with the default first poll of 2 minutes: at 2, 5, 10, 30 and 60 minutes after
 * submission, then every hour. A review decided by its callback in the meantime is no
 * longer "Reviewing" and is not polled.
 */

/** Multiples of the first poll's delay at which a stuck review is polled; after the last, every last one. */
export const POLL_SCHEDULE_FACTORS = [1, 2.5, 5, 15, 30] as const;

/**
 * How many polls a review `ageMs` after its submission is due (0: none yet). Each number
 * is one poll: the inbox dedupe key carries it, so a poll runs once however often the
 * schedule is looked at, and a missed tick is caught up with one poll, not several.
 */
export function pollsDue(ageMs: number, firstPollMs: number): number {
  if (!(firstPollMs > 0) || ageMs < firstPollMs) return 0;
  const passed = POLL_SCHEDULE_FACTORS.filter((factor) => ageMs >= factor * firstPollMs).length;
  if (passed < POLL_SCHEDULE_FACTORS.length) return passed;
  const every = POLL_SCHEDULE_FACTORS[POLL_SCHEDULE_FACTORS.length - 1] * firstPollMs;
  return passed + Math.floor((ageMs - every) / every);
}

const BATCH = 500;

/**
 * Queues a status poll (system/poll, resync) for every review of `shop` stuck in
 * Reviewing whose next poll is due. Reads the reviews in batches of 500 by id, so a shop
 * with many reviews under manual review costs bounded statements each time.
 */
export async function queueStuckReviewPolls(
  prisma: PrismaClient,
  shop: string,
  firstPollMs: number,
  now: Date = new Date(),
): Promise<number> {
  const submittedBefore = new Date(now.getTime() - firstPollMs);
  let queued = 0;
  let afterId: string | undefined;
  for (;;) {
    const batch = await prisma.review.findMany({
      where: {
        shop,
        status: "Reviewing",
        transactionId: { not: null },
        OR: [{ submittedAt: { lt: submittedBefore } }, { submittedAt: null, updatedAt: { lt: submittedBefore } }],
        ...(afterId ? { id: { gt: afterId } } : {}),
      },
      select: { id: true, orderId: true, round: true, submittedAt: true, updatedAt: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const review of batch) {
      const orderKey = orderKeyOf(review.orderId);
      const due = pollsDue(now.getTime() - (review.submittedAt ?? review.updatedAt).getTime(), firstPollMs);
      if (!orderKey || due === 0) continue;
      const { created } = await recordInboxEvent(prisma, {
        dedupeKey: `poll:${shop}:${orderKey}:${review.round}:${due}`,
        shop,
        topic: "system/poll",
        orderKey,
        payload: { orderKey, action: "resync" },
      });
      if (created) queued++;
    }
    if (batch.length < BATCH) return queued;
    afterId = batch[batch.length - 1].id;
  }
}
