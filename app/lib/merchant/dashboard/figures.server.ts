/**
 * The dashboard's figures for a period, as figure-definitions.ts defines them: orders,
 * split into approved, declined, under review, not sent and cancelled (parts that add up
 * to the orders), the reviews that need the merchant (any date), approval rate, median
 * time to decision, and decisions per day for the chart.
 *
 * Every query is a range over the (shop, status, createdAt) index — one range per
 * status — so the cost grows with the reviews in the period, never with the table.
 * SQLite and PostgreSQL (sql-dialect.ts) run the same ranges and give the same figures.
 */
import type { PrismaClient } from "@prisma/client";
import {
  type SqlDialect,
  dateParam,
  datePlaceholder,
  dialectOf,
  indexedBy,
  placeholder,
} from "../../platform/database/sql-dialect";
import { REVIEW_SHOP_STATUS_CREATED_INDEX, toNumber } from "../../platform/database/sql.server";
import { FINAL_STATUSES, REVIEW_STATUSES, UNDER_REVIEW_STATUSES } from "../../review/review-state";
import type { MessageKey } from "../i18n/translate";
import { STATUS_FIGURES, type StatusFigureId } from "./figure-definitions";
import { countNeedsMerchant } from "./needs-action.server";
import type { Period, PeriodId } from "./periods";

export { DEFAULT_PERIOD, PERIODS, periodOf, type Period, type PeriodId } from "./periods";

export interface DailyDecisions {
  /** YYYY-MM-DD (UTC): the day, or the first day of the week. */
  day: string;
  approved: number;
  declined: number;
  underReview: number;
}

export interface DashboardFigures {
  period: { id: PeriodId; label: MessageKey; since: string; until: string };
  counts: Record<string, number>;
  /** Every review created in the period: the sum of `parts`. */
  orders: number;
  /** Each status figure (figure-definitions.ts): parts that do not overlap and add up to `orders`. */
  parts: Record<StatusFigureId, number>;
  approved: number;
  declined: number;
  /** Waiting to submit, paused, Submitted, Reviewing: held under review. */
  underReview: number;
  /** Reviews that need the merchant now (review-state.ts `needsMerchant`), any date. */
  needsAction: number;
  /** approved / (approved + declined), or null when nothing was decided. */
  approvalRate: number | null;
  /** Median of decidedAt − submittedAt over decided reviews, ms. */
  medianDecisionMs: number | null;
  /** Chart data: per day, or per week (day = the week's first day) for periods over 90 days. */
  daily: DailyDecisions[];
  bucket: "day" | "week";
}

/** `IN (…)` list of the decided statuses (constants, not user input). */
const DECIDED_SQL = FINAL_STATUSES.map((status) => `'${status}'`).join(", ");

/** A statement and its positional parameters. */
export interface FigureQuery {
  sql: string;
  params: unknown[];
}

/** One statement, one indexed range count per status. */
export function countsQuery(dialect: SqlDialect, shop: string, period: Pick<Period, "since" | "until">): FigureQuery {
  const p = (n: number) => placeholder(dialect, n);
  const d = (n: number) => datePlaceholder(dialect, n);
  const parts = REVIEW_STATUSES.map(
    (_, i) =>
      `(SELECT COUNT(*) FROM "Review"${indexedBy(dialect, REVIEW_SHOP_STATUS_CREATED_INDEX)} WHERE "shop" = ${p(1)} AND "status" = ${p(i + 4)} AND "createdAt" >= ${d(2)} AND "createdAt" < ${d(3)}) AS "c${i}"`,
  );
  return {
    sql: `SELECT ${parts.join(", ")}`,
    params: [shop, dateParam(dialect, period.since), dateParam(dialect, period.until), ...REVIEW_STATUSES],
  };
}

async function countsByStatus(
  prisma: PrismaClient,
  dialect: SqlDialect,
  shop: string,
  period: Period,
): Promise<Record<string, number>> {
  const { sql, params } = countsQuery(dialect, shop, period);
  const rows = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params);
  const row = rows[0] ?? {};
  const counts: Record<string, number> = {};
  REVIEW_STATUSES.forEach((status, i) => {
    counts[status] = toNumber(row[`c${i}`]);
  });
  return counts;
}

/**
 * Exact median of (decidedAt − submittedAt) over the period's decided reviews,
 * computed inside the database (no rows cross to JavaScript). SQLite: count them, then
 * read the middle one or two in order. PostgreSQL: `percentile_cont(0.5)`, which also
 * averages the middle two of an even count.
 */
export function medianQuery(dialect: SqlDialect, shop: string, period: Pick<Period, "since" | "until">): FigureQuery {
  const params = [shop, dateParam(dialect, period.since), dateParam(dialect, period.until)];
  if (dialect === "postgresql") {
    return {
      sql: `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY (EXTRACT(EPOCH FROM ("decidedAt" - "submittedAt")) * 1000)::double precision) AS "median",
              COUNT(*) AS "n"
         FROM "Review"
        WHERE "shop" = $1 AND "status" IN (${DECIDED_SQL}) AND "createdAt" >= $2::timestamp AND "createdAt" < $3::timestamp
          AND "submittedAt" IS NOT NULL AND "decidedAt" IS NOT NULL`,
      params,
    };
  }
  return {
    sql: `WITH "d" AS MATERIALIZED (
       SELECT (julianday("decidedAt") - julianday("submittedAt")) * 86400000.0 AS "ms"
         FROM "Review" INDEXED BY "${REVIEW_SHOP_STATUS_CREATED_INDEX}"
        WHERE "shop" = ?1 AND "status" IN (${DECIDED_SQL}) AND "createdAt" >= ?2 AND "createdAt" < ?3
          AND "submittedAt" IS NOT NULL AND "decidedAt" IS NOT NULL
     ), "c" AS (SELECT COUNT(*) AS "n" FROM "d")
     SELECT (SELECT AVG("ms") FROM (SELECT "ms" FROM "d" ORDER BY "ms" LIMIT 2 - (SELECT "n" FROM "c") % 2 OFFSET ((SELECT "n" FROM "c") - 1) / 2)) AS "median",
            (SELECT "n" FROM "c") AS "n"`,
    params,
  };
}

async function medianDecisionMs(
  prisma: PrismaClient,
  dialect: SqlDialect,
  shop: string,
  period: Period,
): Promise<number | null> {
  const { sql, params } = medianQuery(dialect, shop, period);
  const rows = await prisma.$queryRawUnsafe<Array<{ median: unknown; n: unknown }>>(sql, ...params);
  const row = rows[0];
  if (!row || toNumber(row.n) === 0 || row.median === null) return null;
  return Math.max(0, Math.round(toNumber(row.median)));
}

/** Chart buckets: one per day up to 90 days, one per week beyond. */
export function chartBuckets(period: Period): Array<{ day: string; start: Date; end: Date }> {
  const step = period.days > 90 ? 7 : 1;
  const buckets: Array<{ day: string; start: Date; end: Date }> = [];
  for (let t = period.since.getTime(); t < period.until.getTime(); t += step * 86_400_000) {
    const start = new Date(t);
    const end = new Date(Math.min(t + step * 86_400_000, period.until.getTime()));
    buckets.push({ day: start.toISOString().slice(0, 10), start, end });
  }
  return buckets;
}

/** c0 approved, c1 declined, c2… under review. */
const CHART_STATUSES = [...FINAL_STATUSES, ...UNDER_REVIEW_STATUSES] as const;

/**
 * Reviews per bucket and status: one indexed range count per (bucket, status), in one
 * statement. (A GROUP BY over substr(createdAt) would sort every review of the period.)
 * The buckets travel as one JSON parameter: `json_each` in SQLite,
 * `jsonb_array_elements … WITH ORDINALITY` in PostgreSQL; both number them from 0.
 */
export function dailyQuery(dialect: SqlDialect, shop: string, period: Period): FigureQuery {
  const buckets = JSON.stringify(
    chartBuckets(period).map((b) => [dateParam(dialect, b.start), dateParam(dialect, b.end)]),
  );
  const params = [shop, buckets, ...CHART_STATUSES];
  if (dialect === "postgresql") {
    const count = (i: number) =>
      `(SELECT COUNT(*) FROM "Review" WHERE "shop" = $1 AND "status" = $${i + 3} AND "createdAt" >= ("b"."value" ->> 0)::timestamp AND "createdAt" < ("b"."value" ->> 1)::timestamp) AS "c${i}"`;
    return {
      sql: `SELECT "b"."ordinality" - 1 AS "i", ${CHART_STATUSES.map((_, i) => count(i)).join(", ")} FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS "b"("value", "ordinality") ORDER BY "b"."ordinality"`,
      params,
    };
  }
  const count = (i: number) =>
    `(SELECT COUNT(*) FROM "Review" INDEXED BY "${REVIEW_SHOP_STATUS_CREATED_INDEX}" WHERE "shop" = ?1 AND "status" = ?${i + 3} AND "createdAt" >= json_extract("b"."value", '$[0]') AND "createdAt" < json_extract("b"."value", '$[1]')) AS "c${i}"`;
  return {
    sql: `SELECT "b"."key" AS "i", ${CHART_STATUSES.map((_, i) => count(i)).join(", ")} FROM json_each(?2) AS "b" ORDER BY "b"."key"`,
    params,
  };
}

async function dailyDecisions(
  prisma: PrismaClient,
  dialect: SqlDialect,
  shop: string,
  period: Period,
): Promise<DailyDecisions[]> {
  const buckets = chartBuckets(period);
  const { sql, params } = dailyQuery(dialect, shop, period);
  const rows = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params);
  const byIndex = new Map(rows.map((row) => [toNumber(row.i), row]));
  return buckets.map((bucket, i) => {
    const row = byIndex.get(i) ?? {};
    return {
      day: bucket.day,
      approved: toNumber(row.c0),
      declined: toNumber(row.c1),
      underReview: UNDER_REVIEW_STATUSES.reduce((n, _, i) => n + toNumber(row[`c${i + 2}`]), 0),
    };
  });
}

export async function getDashboardFigures(
  prisma: PrismaClient,
  shop: string,
  period: Period,
  now: Date = new Date(),
): Promise<DashboardFigures> {
  const dialect = dialectOf(prisma);
  const [counts, median, daily, needsAction] = await Promise.all([
    countsByStatus(prisma, dialect, shop, period),
    medianDecisionMs(prisma, dialect, shop, period),
    dailyDecisions(prisma, dialect, shop, period),
    countNeedsMerchant(prisma, shop, now),
  ]);
  const approved = counts.Approved ?? 0;
  const declined = counts.Declined ?? 0;
  const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const parts = Object.fromEntries(STATUS_FIGURES.map((figure) => [figure.id, sum(figure.statuses)])) as Record<
    StatusFigureId,
    number
  >;
  return {
    period: {
      id: period.id,
      label: period.label,
      since: period.since.toISOString(),
      until: period.until.toISOString(),
    },
    counts,
    orders: sum(REVIEW_STATUSES),
    parts,
    approved,
    declined,
    underReview: parts.under_review,
    needsAction,
    approvalRate: approved + declined > 0 ? approved / (approved + declined) : null,
    medianDecisionMs: median,
    daily,
    bucket: period.days > 90 ? "week" : "day",
  };
}
