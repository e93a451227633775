import type { PrismaClient } from "@prisma/client";
import { type HistoryLine, storedLine } from "../merchant/i18n/history-lines";

/**
 * Appends to a review's history: the line as an i18n key with its parameters (shown in the
 * merchant's language) and its English text. `detail` holds identifiers and statuses, never
 * customer data.
 */
export async function recordReviewEvent(
  prisma: PrismaClient,
  reviewId: string,
  type: string,
  line: HistoryLine,
  detail?: Record<string, unknown>,
): Promise<void> {
  const stored = storedLine(line);
  await prisma.reviewEvent.create({
    data: {
      reviewId,
      type,
      message: stored.english,
      messageKey: stored.key,
      messageParams: stored.params,
      detail: detail ? JSON.stringify(detail) : null,
    },
  });
}

/** The Review columns of an error the merchant reads: its English text, key and parameters. */
export function reviewError(line: HistoryLine): { errorMessage: string; errorKey: string; errorParams: string | null } {
  const stored = storedLine(line);
  return { errorMessage: stored.english, errorKey: stored.key, errorParams: stored.params };
}
