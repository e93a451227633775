import type { PrismaClient, ShopSettings } from "@prisma/client";
import { CircuitOpenError } from "../clients/apruvd/circuit-breaker";
import type { ApruvdClient } from "../clients/apruvd/client";
import { ApruvdAuthenticationError } from "../clients/apruvd/errors";
import { type DecodedInboxEvent, type InboxTopic } from "../inbox/contract";
import { orderGid, recordInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import { type HistoryLine, historyEnglish, historyLine } from "../merchant/i18n/history-lines";
import { recordReviewEvent, reviewError } from "../review/review-events.server";
import { PAUSED_STATUS, PENDING_STATUS } from "../review/review-state";

/**
 * Submissions paused while Apruvd refuses a shop's API keys (401/403 "Invalid or disabled
 * credentials"): one refusal pauses the shop (ShopSettings.apruvdKeysRefusedAt), instead
 * of every new order failing one by one. Meanwhile orders are held and reviewed up to the
 * submission, then left "paused"; no call is made to Apruvd with those keys. Once the keys
 * work again — the merchant saved keys that passed the connection test (credentialsVerifiedAt
 * after the refusal), or the sweep's probe got an answer — the pause is lifted and every
 * paused review is queued again, oldest first (system/resume).
 */

/** At most one probe of refused keys per shop in this time (the sweep comes every few minutes). */
export const KEYS_PROBE_INTERVAL_MS = 4 * 60_000;

/** Thrown instead of calling Apruvd while the shop's keys are refused. Nothing was sent. */
export class SubmissionsPausedError extends CircuitOpenError {
  override name = "SubmissionsPausedError";
  constructor(readonly apruvdMessage: string | null) {
    super(0);
    this.message = historyEnglish(this.line("history.keysRefused"));
  }

  /** The refusal as a review's error or history line, with Apruvd's message when it gave one. */
  line(kind: "history.keysRefused" | "history.notDoneKeysRefused"): HistoryLine {
    const detail =
      kind === "history.keysRefused" ? "history.keysRefusedNoDetail" : "history.notDoneKeysRefusedNoDetail";
    return this.apruvdMessage ? historyLine(kind, { apruvdMessage: this.apruvdMessage }) : historyLine(detail);
  }
}

/** Whether the shop is paused now: refused, and no successful connection test since. */
export function keysRefused(
  settings: Pick<ShopSettings, "apruvdKeysRefusedAt" | "credentialsVerifiedAt">,
): settings is typeof settings & { apruvdKeysRefusedAt: Date } {
  const refusedAt = settings.apruvdKeysRefusedAt;
  if (!refusedAt) return false;
  return !(settings.credentialsVerifiedAt && settings.credentialsVerifiedAt > refusedAt);
}

/**
 * The shop's client, pausing the shop on the first refusal: while paused every call
 * throws SubmissionsPausedError at once; a 401/403 records the pause and throws it.
 */
export function pausableClient(prisma: PrismaClient, settings: ShopSettings, client: ApruvdClient): ApruvdClient {
  let refused: string | null | undefined = keysRefused(settings)
    ? (settings.apruvdKeysRefusedMessage ?? null)
    : undefined;
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (refused !== undefined) throw new SubmissionsPausedError(refused);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          if (!(error instanceof ApruvdAuthenticationError)) throw error;
          refused = error.apruvdMessage ?? null;
          await pauseSubmissions(prisma, settings.shop, refused);
          throw new SubmissionsPausedError(refused);
        }
      };
    },
  });
}

export async function pauseSubmissions(prisma: PrismaClient, shop: string, message: string | null): Promise<void> {
  const now = new Date();
  const paused = await prisma.shopSettings.updateMany({
    where: {
      shop,
      OR: [
        { apruvdKeysRefusedAt: null },
        { credentialsVerifiedAt: { gt: prisma.shopSettings.fields.apruvdKeysRefusedAt } },
      ],
    },
    data: {
      apruvdKeysRefusedAt: now,
      apruvdKeysRefusedMessage: message?.slice(0, 500) ?? null,
      apruvdKeysProbedAt: now,
    },
  });
  if (paused.count > 0) logger.warn("apruvd refuses the shop's keys: submissions paused", { shop });
}

/**
 * What a job interrupted by the pause leaves behind: a review that was on its way to
 * Apruvd is "paused" (held, resumed later); one already at Apruvd keeps its state, and
 * its history says why the action did not happen.
 */
export async function leaveForResume<T extends InboxTopic>(
  prisma: PrismaClient,
  event: DecodedInboxEvent<T>,
  error: SubmissionsPausedError,
): Promise<void> {
  if (!event.orderKey) return;
  const review = await prisma.review.findUnique({
    where: { shop_orderId: { shop: event.shop, orderId: orderGid(event.orderKey) } },
  });
  if (!review) return;
  if (review.transactionId === null && [PENDING_STATUS, PAUSED_STATUS].includes(review.status)) {
    if (review.status !== PAUSED_STATUS) {
      await prisma.review.update({
        where: { id: review.id },
        data: { status: PAUSED_STATUS, ...reviewError(error.line("history.keysRefused")) },
      });
      await recordReviewEvent(prisma, review.id, "paused", historyLine("history.paused"));
    }
    return;
  }
  await recordReviewEvent(prisma, review.id, "keys_refused", error.line("history.notDoneKeysRefused"));
}

/**
 * Lifts the pause when the keys work again: after a successful connection test (checked
 * here), or, on the sweep (`probe`), when Apruvd answers a status lookup with them.
 * Returns the settings as they are after.
 */
export async function resumeIfKeysWork(
  prisma: PrismaClient,
  settings: ShopSettings,
  client: ApruvdClient | null,
  options: { probe: boolean; now?: Date },
): Promise<ShopSettings> {
  if (!settings.apruvdKeysRefusedAt) {
    // The sweep keeps the resumption going if its chain broke (a resumed review's job parked).
    if (options.probe) await resumeNextPaused(prisma, settings.shop);
    return settings;
  }
  if (!keysRefused(settings)) return resumePausedSubmissions(prisma, settings.shop);
  const now = options.now ?? new Date();
  const lastProbe = settings.apruvdKeysProbedAt?.getTime() ?? 0;
  if (!options.probe || !client || now.getTime() - lastProbe < KEYS_PROBE_INTERVAL_MS) return settings;
  await prisma.shopSettings.update({ where: { shop: settings.shop }, data: { apruvdKeysProbedAt: now } });
  try {
    // Any answer means the keys are accepted; an order number no order has is the cheapest question.
    await client.getStatusByOrderNum("apruvd-key-check");
  } catch (error) {
    if (!(error instanceof ApruvdAuthenticationError))
      logger.warn("apruvd key probe failed", { shop: settings.shop, error: String(error) });
    return { ...settings, apruvdKeysProbedAt: now };
  }
  return resumePausedSubmissions(prisma, settings.shop);
}

/**
 * Clears the pause and resumes the shop's paused reviews, oldest first: one at a time,
 * each resumed review's job queueing the next (resumeNextPaused), so "oldest first" is
 * the order in which Apruvd receives them, not merely the order in which they were
 * queued (the runners run a shop's events side by side). It costs no time: each review's
 * full read takes most of the shop's Admin API rate anyway.
 */
export async function resumePausedSubmissions(prisma: PrismaClient, shop: string): Promise<ShopSettings> {
  const settings = await prisma.shopSettings.update({
    where: { shop },
    data: { apruvdKeysRefusedAt: null, apruvdKeysRefusedMessage: null, apruvdKeysProbedAt: null },
  });
  const count = await prisma.review.count({ where: { shop, status: PAUSED_STATUS } });
  if (count > 0) {
    await resumeNextPaused(prisma, shop);
    logger.info("apruvd keys work again: paused submissions resumed", { shop, count });
  }
  return settings;
}

/**
 * Queues the resumption of the shop's oldest paused review still to resume
 * (system/resume). Safe to call any time: the event's dedupe key names the review as it
 * is now, so nothing more is queued while one is queued or being retried, and a review
 * whose resumption ran but left it paused is passed over rather than blocking the rest.
 */
export async function resumeNextPaused(prisma: PrismaClient, shop: string): Promise<void> {
  const oldest = await prisma.review.findMany({
    where: { shop, status: PAUSED_STATUS },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, orderId: true, updatedAt: true },
    take: RESUME_LOOKAHEAD,
  });
  const keyOf = (review: (typeof oldest)[number]) => `resume:${shop}:${review.id}:${review.updatedAt.toISOString()}`;
  const queued = await prisma.inboxEvent.findMany({
    where: { dedupeKey: { in: oldest.map(keyOf) } },
    select: { dedupeKey: true, status: true },
  });
  const statusOf = new Map(queued.map((event) => [event.dedupeKey, event.status]));
  for (const review of oldest) {
    const status = statusOf.get(keyOf(review));
    if (status === undefined) {
      const orderKey = review.orderId.replace(/^gid:\/\/shopify\/Order\//, "");
      await recordInboxEvent(prisma, {
        dedupeKey: keyOf(review),
        shop,
        topic: "system/resume",
        orderKey,
        payload: { orderKey },
      });
      return;
    }
    // Queued, running or being retried: its job queues the next one.
    if (status !== "done" && status !== "failed") return;
  }
}

/** Paused reviews looked at per call: past ones whose resumption ran but left them paused. */
const RESUME_LOOKAHEAD = 50;
