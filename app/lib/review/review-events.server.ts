import type { PrismaClient } from "@prisma/client";

/** Appends to a review's history. `detail` holds identifiers and statuses, never customer data. */
export async function recordReviewEvent(
  prisma: PrismaClient,
  reviewId: string,
  type: string,
  message: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await prisma.reviewEvent.create({
    data: { reviewId, type, message, detail: detail ? JSON.stringify(detail) : null },
  });
}
