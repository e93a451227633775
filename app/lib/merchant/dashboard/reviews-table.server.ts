/**
 * The reviews table: filter by status tab and date, search by order name, and
 * server-side keyset pagination on (createdAt, id), newest first.
 *
 * Each page is one index range per status — `(shop, createdAt)` for "All",
 * `(shop, status, createdAt)` otherwise — starting at the cursor and stopping after
 * `limit + 1` rows, so page 1 and page 4,000 cost the same. A tab that spans several
 * statuses runs one such range per status and merges them (a single `status IN (…)`
 * query would have to sort every matching row). No OFFSET, no COUNT(*).
 *
 * The same queries run on SQLite and PostgreSQL (sql-dialect.ts): SQLite pins the index
 * with INDEXED BY, PostgreSQL's planner picks it (an index scan, with at most an
 * incremental sort on id within one createdAt).
 */
import type { PrismaClient } from "@prisma/client";
import { type SqlDialect, SqlParams, dialectOf, indexedBy } from "../../platform/database/sql-dialect";
import {
  REVIEW_SHOP_CREATED_INDEX,
  REVIEW_SHOP_STATUS_CREATED_INDEX,
  fromSqlDate,
} from "../../platform/database/sql.server";
import { elevationReasonsOf } from "../../review/elevation-rules";
import {
  NEEDS_MERCHANT_RULES,
  type NeedsMerchantReason,
  type NeedsMerchantRule,
  needsMerchant,
} from "../../review/review-state";
import { displayedLine, textMessage } from "../i18n/history-lines";
import type { Message } from "../i18n/message";
import { ruleConditions } from "./needs-action.server";
import { statusTab, type StatusTabId } from "./statuses";

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, "utf8").toString("base64url");
}

export function decodeCursor(value: string | null | undefined): Cursor | null {
  if (!value) return null;
  let text: string;
  try {
    text = Buffer.from(value, "base64url").toString("utf8");
  } catch {
    return null;
  }
  const bar = text.indexOf("|");
  if (bar <= 0) return null;
  const createdAt = new Date(text.slice(0, bar));
  const id = text.slice(bar + 1);
  if (Number.isNaN(createdAt.getTime()) || !/^[\w-]{1,64}$/.test(id)) return null;
  return { createdAt, id };
}

export interface ReviewFilters {
  tab: StatusTabId;
  /** Inclusive, YYYY-MM-DD (UTC). */
  from: string | null;
  /** Inclusive, YYYY-MM-DD (UTC). */
  to: string | null;
  /** Order name search ("#1001", "1001", "100"). */
  query: string;
}

export interface PageRequest {
  after?: Cursor | null;
  before?: Cursor | null;
  limit?: number;
}

export interface ReviewRow {
  id: string;
  orderId: string;
  orderName: string | null;
  status: string;
  riskGrade: string | null;
  total: string | null;
  currency: string | null;
  transactionId: number | null;
  errorMessage: string | null;
  /** errorMessage in the merchant's language, when it is one of the app's lines (else shown as is). */
  error: Message | null;
  /** "Submit then elevate": the elevation rules that fired (labels); empty when none. */
  elevatedBy: Array<Message | string>;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  /** decidedAt − submittedAt, ms. */
  decisionMs: number | null;
  apruvdCancelledAt: string | null;
  /** Holds this app placed that are still open on the order. */
  openHolds: number;
  /** Why the review needs the merchant now (review-state.ts), or null. */
  needs: NeedsMerchantReason | null;
}

export interface ReviewPage {
  rows: ReviewRow[];
  /** Pass as `after` for the next (older) page. */
  nextCursor: string | null;
  /** Pass as `before` for the previous (newer) page. */
  previousCursor: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string | null | undefined): string | null {
  if (!value || !DAY.test(value)) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : value;
}

/** Filters from the page URL (?tab=&from=&to=&q=), invalid values ignored. */
export function filtersFromSearchParams(params: URLSearchParams): ReviewFilters {
  let from = validDay(params.get("from"));
  let to = validDay(params.get("to"));
  if (from && to && from > to) [from, to] = [to, from];
  return {
    tab: statusTab(params.get("tab")).id,
    from,
    to,
    query: (params.get("q") ?? "").trim().slice(0, 100),
  };
}

export function pageFromSearchParams(params: URLSearchParams): PageRequest {
  const limit = Number(params.get("limit"));
  return {
    after: decodeCursor(params.get("after")),
    before: decodeCursor(params.get("before")),
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
  };
}

const COLUMNS = `"id", "orderId", "orderName", "status", "riskGrade", "total", "currency", "transactionId", "errorMessage",
  "errorKey", "errorParams", "elevationReasons", "createdAt", "updatedAt", "submittedAt", "decidedAt", "apruvdCancelledAt"`;

interface RawRow {
  id: string;
  orderId: string;
  orderName: string | null;
  status: string;
  riskGrade: string | null;
  total: string | null;
  currency: string | null;
  transactionId: number | bigint | null;
  errorMessage: string | null;
  errorKey: string | null;
  errorParams: string | null;
  elevationReasons: string | null;
  createdAt: unknown;
  updatedAt: unknown;
  submittedAt: unknown;
  decidedAt: unknown;
  apruvdCancelledAt: unknown;
}

function likePattern(query: string): string {
  const text = query.replace(/^#+/, "").trim();
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One keyset range: rows of `status` (or every status) past the cursor, in page order.
 * SQLite pins the index with INDEXED BY; PostgreSQL's planner picks the same one (an
 * index scan, backward for "older", bounded by LIMIT; dashboard.postgres.test.ts checks
 * the plan on 100,000 reviews). The order-name search is case-insensitive on both, as
 * SQLite's LIKE is (ILIKE in PostgreSQL).
 */
export function buildRangeQuery(
  shop: string,
  status: string | null,
  filters: ReviewFilters,
  cursor: Cursor | null,
  direction: "older" | "newer",
  take: number,
  dialect: SqlDialect = "sqlite",
  /** "Needs you": the rule that narrows this status's range, judged at `now`. */
  rule: { rule: NeedsMerchantRule; now: Date } | null = null,
): { sql: string; params: unknown[] } {
  const p = new SqlParams(dialect);
  const where: string[] = [`"shop" = ${p.add(shop)}`];
  if (status !== null) where.push(`"status" = ${p.add(status)}`);
  if (rule) where.push(...ruleConditions(rule.rule, p, rule.now));
  if (filters.from) where.push(`"createdAt" >= ${p.addDate(new Date(`${filters.from}T00:00:00.000Z`))}`);
  if (filters.to)
    where.push(`"createdAt" < ${p.addDate(new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + 86_400_000))}`);
  if (cursor) {
    // The first condition bounds the index range; the second breaks ties on id.
    if (direction === "older") {
      where.push(
        `"createdAt" <= ${p.addDate(cursor.createdAt)}`,
        `("createdAt" < ${p.addDate(cursor.createdAt)} OR "id" < ${p.add(cursor.id)})`,
      );
    } else {
      where.push(
        `"createdAt" >= ${p.addDate(cursor.createdAt)}`,
        `("createdAt" > ${p.addDate(cursor.createdAt)} OR "id" > ${p.add(cursor.id)})`,
      );
    }
  }
  if (filters.query) {
    where.push(
      `"orderName" ${dialect === "postgresql" ? "ILIKE" : "LIKE"} ${p.add(likePattern(filters.query))} ESCAPE '\\'`,
    );
  }
  const index = status === null ? REVIEW_SHOP_CREATED_INDEX : REVIEW_SHOP_STATUS_CREATED_INDEX;
  const order = direction === "older" ? `"createdAt" DESC, "id" DESC` : `"createdAt" ASC, "id" ASC`;
  const limit = p.add(take);
  return {
    sql: `SELECT ${COLUMNS} FROM "Review"${indexedBy(dialect, index)} WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${limit}`,
    params: p.values,
  };
}

async function range(
  prisma: PrismaClient,
  dialect: SqlDialect,
  shop: string,
  status: string | null,
  filters: ReviewFilters,
  cursor: Cursor | null,
  direction: "older" | "newer",
  take: number,
  rule: { rule: NeedsMerchantRule; now: Date } | null,
): Promise<RawRow[]> {
  const { sql, params } = buildRangeQuery(shop, status, filters, cursor, direction, take, dialect, rule);
  return prisma.$queryRawUnsafe<RawRow[]>(sql, ...params);
}

function compareNewestFirst(a: RawRow, b: RawRow): number {
  const ta = fromSqlDate(a.createdAt)?.getTime() ?? 0;
  const tb = fromSqlDate(b.createdAt)?.getTime() ?? 0;
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function toRow(raw: RawRow, openHolds: number, now: Date): ReviewRow {
  const createdAt = fromSqlDate(raw.createdAt) ?? new Date(0);
  const submittedAt = fromSqlDate(raw.submittedAt);
  const decidedAt = fromSqlDate(raw.decidedAt);
  const cancelledAt = fromSqlDate(raw.apruvdCancelledAt);
  return {
    id: raw.id,
    orderId: raw.orderId,
    orderName: raw.orderName,
    status: raw.status,
    riskGrade: raw.riskGrade,
    total: raw.total,
    currency: raw.currency,
    transactionId: raw.transactionId === null ? null : Number(raw.transactionId),
    errorMessage: raw.errorMessage,
    error: raw.errorMessage
      ? displayedLine({ key: raw.errorKey, params: raw.errorParams, text: raw.errorMessage }, { keyFollowsText: true })
      : null,
    elevatedBy: (elevationReasonsOf(raw.elevationReasons) ?? []).map((r) => textMessage(r.label)),
    createdAt: createdAt.toISOString(),
    submittedAt: submittedAt?.toISOString() ?? null,
    decidedAt: decidedAt?.toISOString() ?? null,
    decisionMs: submittedAt && decidedAt ? Math.max(0, decidedAt.getTime() - submittedAt.getTime()) : null,
    apruvdCancelledAt: cancelledAt?.toISOString() ?? null,
    openHolds,
    needs: needsMerchant(
      {
        status: raw.status,
        updatedAt: fromSqlDate(raw.updatedAt) ?? createdAt,
        openHolds,
        elevationReasons: raw.elevationReasons,
      },
      now,
    ),
  };
}

export async function listReviews(
  prisma: PrismaClient,
  shop: string,
  filters: ReviewFilters,
  page: PageRequest = {},
  now: Date = new Date(),
): Promise<ReviewPage> {
  const limit = Math.min(Math.max(1, page.limit ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const backwards = !page.after && Boolean(page.before);
  const cursor = backwards ? page.before! : (page.after ?? null);
  const direction = backwards ? "newer" : "older";
  const tab = statusTab(filters.tab);
  const dialect = dialectOf(prisma);
  // One range per status; "Needs you": one per needs-merchant rule, narrowed by it.
  const ranges: Array<{ status: string | null; rule: { rule: NeedsMerchantRule; now: Date } | null }> =
    tab.needsMerchant
      ? (NEEDS_MERCHANT_RULES as readonly NeedsMerchantRule[]).map((rule) => ({
          status: rule.status,
          rule: { rule, now },
        }))
      : (tab.statuses ?? [null]).map((status) => ({ status, rule: null }));

  const batches = await Promise.all(
    ranges.map(({ status, rule }) => range(prisma, dialect, shop, status, filters, cursor, direction, limit + 1, rule)),
  );
  let merged = batches.flat().sort(compareNewestFirst);
  // Newer-direction ranges come oldest-first: keep the `limit + 1` nearest the cursor.
  merged = backwards ? merged.slice(-(limit + 1)) : merged.slice(0, limit + 1);
  const hasMore = merged.length > limit;
  const shown = backwards ? merged.slice(merged.length - Math.min(limit, merged.length)) : merged.slice(0, limit);
  // The shown rows' open holds: one indexed lookup for the page (the ranges stay pure index scans).
  const holds = shown.length
    ? await prisma.fulfillmentHold.groupBy({
        by: ["reviewId"],
        where: { reviewId: { in: shown.map((r) => r.id) }, releasedAt: null },
        _count: { _all: true },
      })
    : [];
  const openHolds = new Map(holds.map((h) => [h.reviewId, h._count._all]));
  const rows = shown.map((raw) => toRow(raw, openHolds.get(raw.id) ?? 0, now));

  const first = rows[0];
  const last = rows[rows.length - 1];
  const cursorOf = (row: ReviewRow) => encodeCursor({ createdAt: new Date(row.createdAt), id: row.id });
  const hasOlder = backwards ? true : hasMore;
  const hasNewer = backwards ? hasMore : Boolean(cursor);
  return {
    rows,
    nextCursor: last && hasOlder ? cursorOf(last) : null,
    previousCursor: first && hasNewer ? cursorOf(first) : null,
  };
}
