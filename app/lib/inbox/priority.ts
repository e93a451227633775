import type { InboxTopic } from "./contract";

/**
 * The order in which the runners claim due events, in three ranks:
 *
 * 1. FIRST_TOPICS: orders/create is the hold-first step (jobs/hold-first.server.ts), a
 *    cheap read and a hold, so under a burst every new order is held before earlier
 *    orders are read whole, submitted and tagged. The time to the hold is the window in
 *    which a fraudulent order can ship.
 * 2. Everything else: the work that finishes an order already under review (Apruvd's
 *    decision written back, a lost callback polled, a merchant's action, edits and
 *    cancellations, fulfillment orders to hold).
 * 3. LAST_TOPICS: system/review-order starts a new order's review (the full read, the
 *    under-review tags, the submission). When orders arrive faster than the shop's Admin
 *    API bucket allows, taking these in arrival order beside the decisions spent the
 *    bucket on starting ever more reviews while the orders already submitted waited for
 *    their write-back: in a sustained run at twice the shop's ceiling, hundreds of orders
 *    were read and submitted but undecided. Finishing first keeps that backlog to
 *    orders not yet started, and decisions reach the merchant sooner.
 *
 * Neither priority is strict, so that neither end starves: both runners keep a quarter of
 * their slots for the other events while holds are due, and keep a new review running
 * whenever any is due, however many other events wait. The SQLite worker applies the last
 * rank per shop, as the bucket it saves is per shop (one new review running per shop with
 * finishing work due; a shop without starts its new reviews in arrival order); pg-boss
 * applies it across the queue, with one worker that takes only new reviews.
 */
export const FIRST_TOPICS: readonly InboxTopic[] = ["orders/create"];

export const LAST_TOPICS: readonly InboxTopic[] = ["system/review-order"];

export type ClaimRank = "first" | "finishing" | "last";

export function claimRankOf(topic: string): ClaimRank {
  if ((FIRST_TOPICS as readonly string[]).includes(topic)) return "first";
  if ((LAST_TOPICS as readonly string[]).includes(topic)) return "last";
  return "finishing";
}
