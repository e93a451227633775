import type { PrismaClient } from "@prisma/client";
import { recordInboxEvent } from "../../inbox/inbox.server";
import { READABLE_ORDER_HISTORY_MS, readableFrom } from "../../jobs/order-sweep.server";
import { type Message, message } from "../i18n/message";

/**
 * Backfill at install: the merchant may have the open, unfulfilled orders of the last N
 * days reviewed (N chosen on the onboarding page, 7 by default, at most the 60 days
 * Shopify lets the app read). The request is stored on the shop's settings and a
 * system/reconcile job lists the orders (jobs/backfill.server.ts); each order goes
 * through the inbox like a missed webhook, deduplicated, never reviewed twice.
 */

export const BACKFILL_DEFAULT_DAYS = 7;
export const BACKFILL_MAX_DAYS = READABLE_ORDER_HISTORY_MS / 86_400_000;
const DAY = 86_400_000;

export type BackfillDays = { ok: true; days: number } | { ok: false; message: Message };

export function parseBackfillDays(value: FormDataEntryValue | null): BackfillDays {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "") return { ok: true, days: BACKFILL_DEFAULT_DAYS };
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > BACKFILL_MAX_DAYS)
    return { ok: false, message: message("backfill.daysInvalid", { max: BACKFILL_MAX_DAYS }) };
  return { ok: true, days };
}

export interface BackfillProgress {
  /** No backfill was asked for. */
  requested: boolean;
  days: number | null;
  /** Every order of the window has been looked at (and queued when it had no review). */
  listed: boolean;
  /** Orders queued for review. */
  queued: number;
  /** Of those, reviewed (their job has run). */
  reviewed: number;
  /** Of those, given up on after repeated failures. */
  failed: number;
  /** Listed and every queued order has run. */
  finished: boolean;
}

export async function requestBackfill(
  prisma: PrismaClient,
  shop: string,
  days: number,
  now: Date = new Date(),
): Promise<BackfillProgress> {
  await prisma.shopSettings.update({
    where: { shop },
    data: {
      backfillFrom: readableFrom(new Date(now.getTime() - days * DAY), now),
      backfillUntil: now,
      backfillPosition: null,
      backfillQueued: 0,
      backfillListedAt: null,
    },
  });
  await recordInboxEvent(prisma, {
    dedupeKey: `backfill-request:${shop}:${now.toISOString()}`,
    shop,
    topic: "system/reconcile",
    payload: {},
  });
  return backfillProgress(prisma, shop);
}

export async function backfillProgress(prisma: PrismaClient, shop: string): Promise<BackfillProgress> {
  const settings = await prisma.shopSettings.findUnique({
    where: { shop },
    select: { backfillFrom: true, backfillUntil: true, backfillQueued: true, backfillListedAt: true },
  });
  if (!settings?.backfillFrom || !settings.backfillUntil)
    return { requested: false, days: null, listed: false, queued: 0, reviewed: 0, failed: 0, finished: false };
  const counts = await prisma.inboxEvent.groupBy({
    by: ["status"],
    where: { shop, dedupeKey: { startsWith: `backfill:${shop}:` } },
    _count: { _all: true },
  });
  const count = (status: string) => counts.find((row) => row.status === status)?._count._all ?? 0;
  const reviewed = count("done");
  const failed = count("failed");
  const listed = Boolean(settings.backfillListedAt);
  return {
    requested: true,
    days: Math.round((settings.backfillUntil.getTime() - settings.backfillFrom.getTime()) / DAY),
    listed,
    queued: settings.backfillQueued,
    reviewed,
    failed,
    finished: listed && reviewed + failed >= settings.backfillQueued,
  };
}
