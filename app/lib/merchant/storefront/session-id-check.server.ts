import type { PrismaClient } from "@prisma/client";
import type { ApruvdTransaction } from "../../clients/apruvd/types";
import { recordReviewEvent } from "../../review/review-events.server";
import { historyLine } from "../i18n/history-lines";
import { verifiedSessionId } from "./storefront-session.server";

/**
 * The session_id of a transaction about to be sent to Apruvd, as the review service
 * calls it: kept only when it is the server's id for the order's cart; otherwise left out
 * and noted on the review (the value itself is not recorded).
 */
export async function keepVerifiedSessionId(
  prisma: PrismaClient,
  reviewId: string,
  shop: string,
  order: { cartToken?: string | null },
  transaction: ApruvdTransaction,
): Promise<ApruvdTransaction> {
  const check = verifiedSessionId(shop, order.cartToken, transaction.session_id);
  if (check.verdict !== "rejected") return transaction;
  const { session_id: _rejected, ...withoutSessionId } = transaction;
  await recordReviewEvent(
    prisma,
    reviewId,
    "session_id_rejected",
    historyLine(check.reason === "noCartToken" ? "history.sessionIdNoCartToken" : "history.sessionIdNotIssued"),
  );
  return withoutSessionId;
}
