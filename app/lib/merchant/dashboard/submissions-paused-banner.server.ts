/**
 * What the banner on every page says while Apruvd refuses the shop's keys: how many
 * orders are held meanwhile, and Apruvd's words. Null when submissions are not paused.
 */
import type { PrismaClient } from "@prisma/client";
import { keysRefused } from "../../jobs/submissions-paused.server";
import { PAUSED_STATUS } from "../../review/review-state";

export interface SubmissionsPaused {
  /** Orders held, waiting for the keys (paused reviews). */
  held: number;
  apruvdMessage: string | null;
}

export async function loadSubmissionsPaused(prisma: PrismaClient, shop: string): Promise<SubmissionsPaused | null> {
  const settings = await prisma.shopSettings.findUnique({
    where: { shop },
    select: { apruvdKeysRefusedAt: true, apruvdKeysRefusedMessage: true, credentialsVerifiedAt: true },
  });
  if (!settings || !keysRefused(settings)) return null;
  const held = await prisma.review.count({ where: { shop, status: PAUSED_STATUS } });
  return { held, apruvdMessage: settings.apruvdKeysRefusedMessage };
}
