import type { FulfillmentHold, Prisma, PrismaClient, Review } from "@prisma/client";

/**
 * The Review row as the review steps carry it: read once at the start of a step (with
 * the holds this app placed), then handed from function to function; every write
 * returns the row as stored, so no step reads it again.
 */
export type ReviewWithHolds = Review & { holds: FulfillmentHold[] };

/** The order's review, created when the order is new. */
export async function loadReview(prisma: PrismaClient, shop: string, orderId: string): Promise<ReviewWithHolds> {
  return prisma.review.upsert({
    where: { shop_orderId: { shop, orderId } },
    create: { shop, orderId },
    update: {},
    include: { holds: true },
  });
}

/** The order's review, or null when there is none yet. */
export async function findReview(prisma: PrismaClient, shop: string, orderId: string): Promise<ReviewWithHolds | null> {
  return prisma.review.findUnique({ where: { shop_orderId: { shop, orderId } }, include: { holds: true } });
}

/** The review an Apruvd transaction belongs to. */
export async function findReviewByTransaction(
  prisma: PrismaClient,
  shop: string,
  transactionId: number,
): Promise<ReviewWithHolds | null> {
  return prisma.review.findFirst({ where: { shop, transactionId }, include: { holds: true } });
}

/** Writes fields of the review; returns it as stored, with the holds the caller holds. */
export async function saveReview(
  prisma: PrismaClient,
  review: ReviewWithHolds,
  data: Prisma.ReviewUpdateInput,
): Promise<ReviewWithHolds> {
  const stored = await prisma.review.update({ where: { id: review.id }, data });
  return { ...stored, holds: review.holds };
}

/** The review with one hold added or replaced (by id). */
export function withHold(review: ReviewWithHolds, hold: FulfillmentHold): ReviewWithHolds {
  const others = review.holds.filter((h) => h.id !== hold.id);
  return {
    ...review,
    holds:
      others.length === review.holds.length
        ? [...review.holds, hold]
        : review.holds.map((h) => (h.id === hold.id ? hold : h)),
  };
}

/** The review with these holds marked released at `releasedAt`. */
export function withHoldsReleased(
  review: ReviewWithHolds,
  holdIds: readonly string[],
  releasedAt: Date,
): ReviewWithHolds {
  return { ...review, holds: review.holds.map((h) => (holdIds.includes(h.id) ? { ...h, releasedAt } : h)) };
}
