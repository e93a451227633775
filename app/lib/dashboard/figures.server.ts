/**
 * The dashboard's figures for a period: orders reviewed, approved, declined, under
 * review, approval rate, median time to decision, and decisions per day for the chart.
 *
 * Every query is a range over the (shop, status, createdAt) index — one range per
 * status — so the cost grows with the reviews in the period, never with the table.
 */
import type { PrismaClient } from "@prisma/client";
import { REVIEW_SHOP_STATUS_CREATED_INDEX, sqlDate, toNumber } from "./sql.server";
import { REVIEW_STATUSES } from "./statuses";
import type { Period, PeriodId } from "./periods";

export { DEFAULT_PERIOD, PERIODS, periodOf, type Period, type PeriodId } from "./periods";

export interface DailyDecisions {
  /** YYYY-MM-DD (UTC). */
  day: string;
  approved: number;
  declined: number;
  underReview: number;
}

export interface DashboardFigures {
  period: { id: PeriodId; label: string; since: string; until: string };
  counts: Record<string, number>;
  /** Sent to Apruvd: Submitted, Reviewing, Approved, Declined. */
  reviewed: number;
  approved: number;
  declined: number;
  /** Submitted + Reviewing (+ waiting to submit). */
  underReview: number;
  /** Needing the merchant: failed, excluded, not submitted. */
  needsAction: number;
  /** approved / (approved + declined), or null when nothing was decided. */
  approvalRate: number | null;
  /** Median of decidedAt − submittedAt over decided reviews, ms. */
  medianDecisionMs: number | null;
  daily: DailyDecisions[];
}

const UNDER_REVIEW = ["pending", "Submitted", "Reviewing"];
const NEEDS_ACTION = ["error", "excluded", "skipped"];

/** One statement, one indexed range count per status. */
async function countsByStatus(prisma: PrismaClient, shop: string, since: string, until: string): Promise<Record<string, number>> {
  const parts = REVIEW_STATUSES.map(
    (_, i) =>
      `(SELECT COUNT(*) FROM "Review" INDEXED BY "${REVIEW_SHOP_STATUS_CREATED_INDEX}" WHERE "shop" = ?1 AND "status" = ?${i + 4} AND "createdAt" >= ?2 AND "createdAt" < ?3) AS "c${i}"`,
  );
  const rows = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT ${parts.join(", ")}`, shop, since, until, ...REVIEW_STATUSES);
  const row = rows[0] ?? {};
  const counts: Record<string, number> = {};
  REVIEW_STATUSES.forEach((status, i) => {
    counts[status] = toNumber(row[`c${i}`]);
  });
  return counts;
}

/**
 * Exact median of (decidedAt − submittedAt) over the period's decided reviews:
 * count them, then read the middle one or two in order.
 */
async function medianDecisionMs(prisma: PrismaClient, shop: string, since: string, until: string): Promise<number | null> {
  const where = `"shop" = ?1 AND "status" IN ('Approved', 'Declined') AND "createdAt" >= ?2 AND "createdAt" < ?3 AND "submittedAt" IS NOT NULL AND "decidedAt" IS NOT NULL`;
  const durations = await prisma.$queryRawUnsafe<Array<{ ms: unknown }>>(
    `SELECT (julianday("decidedAt") - julianday("submittedAt")) * 86400000.0 AS "ms"
       FROM "Review" INDEXED BY "${REVIEW_SHOP_STATUS_CREATED_INDEX}"
      WHERE ${where}`,
    shop,
    since,
    until,
  );
  const values = durations.map((d) => Math.max(0, toNumber(d.ms))).filter((n) => Number.isFinite(n));
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(median);
}

async function dailyDecisions(prisma: PrismaClient, shop: string, period: Period, since: string, until: string): Promise<DailyDecisions[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ day: string; status: string; n: unknown }>>(
    `SELECT substr("createdAt", 1, 10) AS "day", "status", COUNT(*) AS "n"
       FROM "Review" INDEXED BY "${REVIEW_SHOP_STATUS_CREATED_INDEX}"
      WHERE "shop" = ?1 AND "status" IN ('Approved', 'Declined', 'pending', 'Submitted', 'Reviewing')
        AND "createdAt" >= ?2 AND "createdAt" < ?3
      GROUP BY "status", "day"`,
    shop,
    since,
    until,
  );
  const byDay = new Map<string, DailyDecisions>();
  for (let t = period.since.getTime(); t < period.until.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    byDay.set(day, { day, approved: 0, declined: 0, underReview: 0 });
  }
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    const n = toNumber(row.n);
    if (row.status === "Approved") entry.approved += n;
    else if (row.status === "Declined") entry.declined += n;
    else entry.underReview += n;
  }
  return [...byDay.values()];
}

export async function getDashboardFigures(prisma: PrismaClient, shop: string, period: Period): Promise<DashboardFigures> {
  const since = sqlDate(period.since);
  const until = sqlDate(period.until);
  const [counts, median, daily] = await Promise.all([
    countsByStatus(prisma, shop, since, until),
    medianDecisionMs(prisma, shop, since, until),
    dailyDecisions(prisma, shop, period, since, until),
  ]);
  const approved = counts.Approved ?? 0;
  const declined = counts.Declined ?? 0;
  const sum = (statuses: string[]) => statuses.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return {
    period: { id: period.id, label: period.label, since: period.since.toISOString(), until: period.until.toISOString() },
    counts,
    reviewed: sum(["Submitted", "Reviewing", "Approved", "Declined"]),
    approved,
    declined,
    underReview: sum(UNDER_REVIEW),
    needsAction: sum(NEEDS_ACTION),
    approvalRate: approved + declined > 0 ? approved / (approved + declined) : null,
    medianDecisionMs: median,
    daily,
  };
}

