import type { Prisma, PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../../test/scale/postgres";
import { createPrismaClient } from "../../../db.server";
import { loadDashboard } from "./dashboard.server";
import { countsQuery, dailyQuery, getDashboardFigures, medianQuery, PERIODS, periodOf } from "./figures.server";
import {
  buildRangeQuery,
  type Cursor,
  decodeCursor,
  listReviews,
  type PageRequest,
  type ReviewFilters,
  type ReviewPage,
} from "./reviews-table.server";
import { seedReviews, seededReviewRows } from "../../../../test/support/seed-reviews";
import { dialectOf } from "../../platform/database/sql-dialect";
import { STATUS_TABS, type StatusTabId } from "./statuses";
import { UNDER_REVIEW_STATUSES, needsMerchant } from "../../review/review-state";

// The dashboard on PostgreSQL gives exactly what it gives on SQLite: the same
// deterministic reviews are written to this file's SQLite database (test/setup/env.ts)
// and to a fresh, migrated PostgreSQL database (test/scale/postgres.ts), then every
// figure and every page is compared. Without a reachable PostgreSQL every test fails
// with the reason; none is skipped.
//
// A time zone far from UTC on purpose: PostgreSQL's columns are `timestamp` without time
// zone, and nothing on the way (parameters, results) may read them as local time.
process.env.TZ = "Pacific/Chatham";

const SHOP = "dash-pg.myshopify.com";
const OTHER = "other-pg.myshopify.com";
const BIG = "big-pg.myshopify.com";
const BIG_COUNT = 100_000;
const NOW = new Date("2026-03-15T12:00:00.000Z");

let db: TestDatabase | undefined;
let pg: PrismaClient;
let sqlite: PrismaClient;
let rows: Prisma.ReviewCreateManyInput[];
let ready: Promise<void>;

const all: ReviewFilters = { tab: "all", from: null, to: null, query: "" };

/** The shop's reviews, with the cases where two engines could disagree. */
function parityRows(): Prisma.ReviewCreateManyInput[] {
  const list = seededReviewRows(SHOP, { count: 600, days: 400, now: NOW, seed: 11 });
  // Ties on createdAt: the id orders them (keyset on (createdAt, id)), including across a page boundary.
  for (let i = 100; i < 112; i++) list[i].createdAt = list[100].createdAt;
  const week = periodOf("7d", NOW);
  const at = (i: number, createdAt: Date, patch: Partial<Prisma.ReviewCreateManyInput> = {}) => {
    list[i] = { ...list[i], ...patch, createdAt, updatedAt: createdAt };
    if (list[i].submittedAt) list[i].submittedAt = new Date(createdAt.getTime() + 5000);
    if (list[i].decidedAt) list[i].decidedAt = new Date(createdAt.getTime() + 5000 + 61_234);
  };
  // Exactly on period and bucket boundaries (UTC midnight), and one millisecond off them.
  at(590, week.since, { status: "Approved" });
  at(591, new Date(week.since.getTime() - 1), { status: "Approved" });
  at(592, new Date(week.since.getTime() + 86_400_000), { status: "Declined" });
  at(593, new Date(week.since.getTime() + 86_400_000 - 1), { status: "Reviewing" });
  at(594, week.until, { status: "Approved" });
  // Search: case-insensitive on both engines, LIKE wildcards taken literally, no name at all.
  list[595] = { ...list[595], orderName: "#ABC-77" };
  list[596] = { ...list[596], orderName: "#abc-78" };
  list[597] = { ...list[597], orderName: "#50%_OFF" };
  list[598] = { ...list[598], orderName: "#50xxOFF" };
  list[599] = { ...list[599], orderName: null };
  return list;
}

beforeAll(async () => {
  ready = (async () => {
    db = await createTestDatabase("dashboard");
    pg = createPrismaClient(db.url);
    sqlite = createPrismaClient(process.env.DATABASE_URL);
    rows = parityRows();
    for (const client of [sqlite, pg]) {
      await client.review.createMany({ data: rows });
      // Another shop's reviews must never show up.
      await seedReviews(client, OTHER, { count: 80, days: 60, now: NOW, seed: 9 });
    }
    // The plan checks run against a table of 100,000 reviews with fresh statistics.
    await insertReviews(
      pg,
      seededReviewRows(BIG, { count: BIG_COUNT, days: 364, now: NOW, seed: 5, firstOrderNumber: 100_001 }),
    );
    await pg.$executeRawUnsafe(`ANALYZE "Review"`);
  })();
  await ready.catch(() => undefined);
}, 180_000);

beforeEach(async () => {
  await ready;
});

afterAll(async () => {
  await pg?.$disconnect();
  await sqlite?.$disconnect();
  await db?.drop();
});

const SEED_COLUMNS = {
  id: "text",
  shop: "text",
  orderId: "text",
  orderName: "text",
  orderNum: "text",
  transactionId: "integer",
  status: "text",
  riskGrade: "text",
  errorMessage: "text",
  notes: "text",
  total: "text",
  currency: "text",
  submittedAt: "timestamp(3)",
  decidedAt: "timestamp(3)",
  createdAt: "timestamp(3)",
  updatedAt: "timestamp(3)",
} as const;

/**
 * seedReviews' rows, written in a few statements (jsonb_to_recordset) rather than
 * createMany's 50: 100,000 rows in seconds. Dates travel as ISO text, cast to
 * `timestamp` (the `Z` dropped: the UTC value, as Prisma writes it).
 */
async function insertReviews(client: PrismaClient, list: Prisma.ReviewCreateManyInput[]): Promise<void> {
  const names = Object.keys(SEED_COLUMNS)
    .map((name) => `"${name}"`)
    .join(", ");
  const types = Object.entries(SEED_COLUMNS)
    .map(([name, type]) => `"${name}" ${type}`)
    .join(", ");
  for (let i = 0; i < list.length; i += 25_000) {
    const chunk = list.slice(i, i + 25_000).map((row) => ({
      ...row,
      submittedAt: (row.submittedAt as Date | null)?.toISOString() ?? null,
      decidedAt: (row.decidedAt as Date | null)?.toISOString() ?? null,
      createdAt: (row.createdAt as Date).toISOString(),
      updatedAt: (row.updatedAt as Date).toISOString(),
    }));
    await client.$executeRawUnsafe(
      `INSERT INTO "Review" (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS "r"(${types})`,
      JSON.stringify(chunk),
    );
  }
}

function expectedOrder(list: Prisma.ReviewCreateManyInput[]): string[] {
  return [...list]
    .sort((a, b) => {
      const d = (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime();
      return d !== 0 ? d : a.id! < b.id! ? 1 : a.id! > b.id! ? -1 : 0;
    })
    .map((r) => r.id!);
}

describe("engine detection", () => {
  it("reads the dialect from the client", () => {
    expect(dialectOf(pg)).toBe("postgresql");
    expect(dialectOf(sqlite)).toBe("sqlite");
  });
});

describe("figures on PostgreSQL", () => {
  it.each(PERIODS.map((p) => p.id))("period %s: counts, approval rate, median and chart equal SQLite's", async (id) => {
    const period = periodOf(id, NOW);
    const [onPg, onSqlite] = await Promise.all([
      getDashboardFigures(pg, SHOP, period),
      getDashboardFigures(sqlite, SHOP, period),
    ]);
    expect(onPg).toEqual(onSqlite);
    // Not two empty answers agreeing.
    expect(onPg.approved).toBeGreaterThan(0);
    expect(onPg.declined).toBeGreaterThan(0);
    expect(onPg.medianDecisionMs).toBeGreaterThan(0);
    expect(onPg.daily.reduce((n, d) => n + d.approved, 0)).toBe(onPg.approved);
    expect(onPg.daily.reduce((n, d) => n + d.underReview, 0)).toBe(onPg.underReview);
  });

  it("counts the boundary reviews in the right day: since is in, until is out", async () => {
    const week = periodOf("7d", NOW);
    const figures = await getDashboardFigures(pg, SHOP, week);
    const inWeek = rows.filter((r) => (r.createdAt as Date) >= week.since && (r.createdAt as Date) < week.until);
    expect(figures.approved).toBe(inWeek.filter((r) => r.status === "Approved").length);
    const firstDay = inWeek.filter((r) => (r.createdAt as Date).getTime() < week.since.getTime() + 86_400_000);
    expect(figures.daily[0]).toEqual({
      day: week.since.toISOString().slice(0, 10),
      approved: firstDay.filter((r) => r.status === "Approved").length,
      declined: firstDay.filter((r) => r.status === "Declined").length,
      underReview: firstDay.filter((r) => ["pending", "Submitted", "Reviewing"].includes(r.status!)).length,
    });
  });

  it("shows nothing for a shop without reviews", async () => {
    const period = periodOf("30d", NOW);
    const figures = await getDashboardFigures(pg, "empty.myshopify.com", period);
    expect(figures).toEqual(await getDashboardFigures(sqlite, "empty.myshopify.com", period));
    expect(figures).toMatchObject({ orders: 0, approved: 0, approvalRate: null, medianDecisionMs: null });
  });
});

describe("reviews table on PostgreSQL", () => {
  /** Walks forward to the last page, then back to the first, on both engines in step. */
  async function compareWalk(filters: ReviewFilters, limit: number): Promise<string[]> {
    const forward: ReviewPage[] = [];
    let after: string | null = null;
    do {
      const request: PageRequest = { after: decodeCursor(after), limit };
      const [onPg, onSqlite]: ReviewPage[] = await Promise.all([
        listReviews(pg, SHOP, filters, request),
        listReviews(sqlite, SHOP, filters, request),
      ]);
      expect(onPg).toEqual(onSqlite);
      forward.push(onPg);
      after = onPg.nextCursor;
      expect(forward.length).toBeLessThan(500);
    } while (after);

    let before = forward[forward.length - 1].previousCursor;
    for (let i = forward.length - 2; i >= 0; i--) {
      const request: PageRequest = { before: decodeCursor(before), limit };
      const [onPg, onSqlite]: ReviewPage[] = await Promise.all([
        listReviews(pg, SHOP, filters, request),
        listReviews(sqlite, SHOP, filters, request),
      ]);
      expect(onPg).toEqual(onSqlite);
      expect(onPg.rows.map((r) => r.id)).toEqual(forward[i].rows.map((r) => r.id));
      before = onPg.previousCursor;
    }
    expect(before).toBeNull();
    return forward.flatMap((page) => page.rows.map((r) => r.id));
  }

  it.each(STATUS_TABS.map((tab) => tab.id))("tab %s: every page forward and back equals SQLite's", async (tab) => {
    const statuses = STATUS_TABS.find((t) => t.id === tab)!.statuses as readonly string[] | null;
    const ids = await compareWalk({ ...all, tab: tab as StatusTabId }, tab === "all" ? 41 : 9);
    // "Needs you" narrows its statuses by the needs-merchant rules (these seeded reviews have no holds).
    const shown = (r: (typeof rows)[number]) =>
      tab === "needs_action"
        ? needsMerchant({
            status: r.status!,
            updatedAt: r.updatedAt as Date,
            openHolds: 0,
            elevationReasons: r.elevationReasons ?? null,
          }) !== null
        : statuses === null || statuses.includes(r.status!);
    expect(ids).toEqual(expectedOrder(rows.filter(shown)));
  });

  it.each([
    ["all", "2026-03-09", "2026-03-09"],
    ["all", "2026-02-01", "2026-02-10"],
    ["under_review", "2025-12-01", "2026-03-15"],
    ["approved", "2026-03-08", "2026-03-16"],
  ] as const)("tab %s from %s to %s (inclusive days) equals SQLite's", async (tab, from, to) => {
    const ids = await compareWalk({ ...all, tab, from, to }, 7);
    expect(ids.length).toBeGreaterThan(0);
    const statuses = STATUS_TABS.find((t) => t.id === tab)!.statuses as readonly string[] | null;
    const expected = rows.filter((r) => {
      const day = (r.createdAt as Date).toISOString().slice(0, 10);
      return day >= from && day <= to && (statuses === null || statuses.includes(r.status!));
    });
    expect(ids).toEqual(expectedOrder(expected));
  });

  it.each([
    ["#1150", 1],
    ["115", 11],
    ["abc", 2],
    ["#ABC-77", 1],
    ["50%_", 1],
    ["%", 1],
    ["_", 1],
    ["x_", 0],
    ["nothing-like-this", 0],
  ] as const)("search %j equals SQLite's", async (query, count) => {
    const ids = await compareWalk({ ...all, query }, 4);
    expect(ids).toHaveLength(count);
    const declined = await compareWalk({ ...all, tab: "declined", query }, 4);
    expect(declined.length).toBeLessThanOrEqual(count);
  });

  it("loads the whole dashboard as on SQLite", async () => {
    for (const search of [
      "period=7d&tab=declined",
      "period=365d&tab=under_review&from=2026-01-01&to=2026-02-28",
      "period=90d&q=12&limit=5",
      "",
    ]) {
      const url = new URL(`https://app/app?${search}`);
      const [onPg, onSqlite] = await Promise.all([
        loadDashboard(pg, SHOP, url, NOW),
        loadDashboard(sqlite, SHOP, url, NOW),
      ]);
      expect(onPg).toEqual(onSqlite);
      expect(onPg.page.rows.length).toBeGreaterThan(0);
    }
    const [emptyPg, emptySqlite] = await Promise.all([
      loadDashboard(pg, "nobody.myshopify.com", new URL("https://app/app"), NOW),
      loadDashboard(sqlite, "nobody.myshopify.com", new URL("https://app/app"), NOW),
    ]);
    expect(emptyPg).toEqual(emptySqlite);
    expect(emptyPg.empty).toBe(true);
  });
});

describe(`query plans on PostgreSQL (${BIG_COUNT.toLocaleString("en-US")} reviews, ANALYZE)`, () => {
  async function plan(sql: string, params: unknown[]): Promise<string> {
    const lines = await pg.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${sql}`, ...params);
    return lines.map((line) => line["QUERY PLAN"]).join("\n");
  }

  async function middleCursor(): Promise<Cursor> {
    const [row] = await pg.review.findMany({
      where: { shop: BIG },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: BIG_COUNT / 2,
      take: 1,
    });
    return { createdAt: row.createdAt, id: row.id };
  }

  it("every page of the reviews table is an index scan of (shop, createdAt) or (shop, status, createdAt): no Seq Scan, no full sort", async () => {
    const cursor = await middleCursor();
    const cases: Array<[string | null, ReviewFilters, Cursor | null, "older" | "newer"]> = [];
    for (const status of [null, "Approved", "Reviewing", "cancelled"]) {
      for (const filters of [all, { ...all, from: "2025-06-01", to: "2026-03-01" }]) {
        cases.push(
          [status, filters, null, "older"],
          [status, filters, cursor, "older"],
          [status, filters, cursor, "newer"],
        );
      }
    }
    const bad: string[] = [];
    for (const [status, filters, at, direction] of cases) {
      const { sql, params } = buildRangeQuery(BIG, status, filters, at, direction, 26, "postgresql");
      expect(sql).not.toMatch(/OFFSET|INDEXED BY/i);
      const text = await plan(sql, params);
      const index = status === null ? "Review_shop_createdAt_idx" : "Review_shop_status_createdAt_idx";
      const good =
        /^Limit/.test(text) &&
        new RegExp(`^\\s*->\\s+Index Scan(?: Backward)? using "${index}" on "Review"`, "m").test(text) &&
        !/Seq Scan|Bitmap Heap Scan/.test(text) &&
        // At most the tie-break on id within one createdAt (Incremental Sort), never a sort of the whole range.
        !/^\s*(->\s+)?Sort\s+\(/m.test(text);
      if (!good) bad.push(`${status ?? "all"} ${JSON.stringify(filters)} ${at ? direction : "first page"}\n${text}`);
    }
    expect(bad.join("\n\n")).toBe("");
  });

  it("a search reads the shop's reviews through a (shop, …) index: no Seq Scan", async () => {
    // `%term%` cannot use an index on either engine: a search reads every review of the
    // shop in the range (SQLite walks the same index range). Here the shop is a small part
    // of the table, as in any multi-shop install; for a shop that is nearly the whole table
    // (BIG) PostgreSQL rightly reads the table sequentially instead.
    const cursor = { createdAt: rows[300].createdAt as Date, id: rows[300].id! };
    const bad: string[] = [];
    for (const status of [null, "Approved", "cancelled"]) {
      for (const [at, direction] of [
        [null, "older"],
        [cursor, "older"],
        [cursor, "newer"],
      ] as const) {
        for (const filters of [
          { ...all, query: "12" },
          { ...all, query: "#1234", from: "2025-06-01", to: "2026-03-01" },
        ]) {
          const { sql, params } = buildRangeQuery(SHOP, status, filters, at, direction, 26, "postgresql");
          const text = await plan(sql, params);
          if (
            /Seq Scan/.test(text) ||
            !/(Index Scan(?: Backward)? using|Bitmap Index Scan on) "Review_shop_/.test(text)
          ) {
            bad.push(`${status ?? "all"} ${JSON.stringify(filters)} ${at ? direction : "first page"}\n${text}`);
          }
        }
      }
    }
    expect(bad.join("\n\n")).toBe("");
  });

  it("every figure query of the usual periods is an index scan of (shop, status, createdAt): no Seq Scan", async () => {
    // (For 12 months of a shop that is nearly the whole table, PostgreSQL rightly reads the
    // median's rows sequentially: see docs/deployment.md.)
    for (const id of ["7d", "30d", "90d"] as const) {
      const period = periodOf(id, NOW);
      for (const { sql, params } of [
        countsQuery("postgresql", BIG, period),
        medianQuery("postgresql", BIG, period),
        dailyQuery("postgresql", BIG, period),
      ]) {
        const text = await plan(sql, params);
        expect(text, text).toMatch(
          /(Index Only Scan|Index Scan|Bitmap Index Scan) using "Review_shop_status_createdAt_idx"|Bitmap Index Scan on "Review_shop_status_createdAt_idx"/,
        );
        expect(text, text).not.toMatch(/Seq Scan|Review_shop_createdAt_idx/);
      }
    }
    // The chart is one small range per (bucket, status) at any period.
    const { sql, params } = dailyQuery("postgresql", BIG, periodOf("365d", NOW));
    const text = await plan(sql, params);
    expect(text.match(/Index Only Scan using "Review_shop_status_createdAt_idx"/g), text).toHaveLength(
      2 + UNDER_REVIEW_STATUSES.length,
    );
    expect(text, text).not.toMatch(/Seq Scan/);
  });

  it("answers the big shop's figures and pages as SQL, not in JavaScript", async () => {
    // The fast insert wrote what createMany would have.
    const sample = seededReviewRows(BIG, {
      count: BIG_COUNT,
      days: 364,
      now: NOW,
      seed: 5,
      firstOrderNumber: 100_001,
    })[4321];
    const stored = await pg.review.findUniqueOrThrow({ where: { id: sample.id } });
    expect(stored).toMatchObject({ ...sample, apruvdCancelledAt: null, round: 0 });
    const figures = await getDashboardFigures(pg, BIG, periodOf("365d", NOW));
    expect(figures.daily).toHaveLength(53);
    expect(Object.values(figures.counts).reduce((n, c) => n + c, 0)).toBe(BIG_COUNT);
    const cursor = await middleCursor();
    const page = await listReviews(pg, BIG, all, { after: cursor, limit: 25 });
    expect(page.rows).toHaveLength(25);
    expect(page.rows[0].createdAt <= cursor.createdAt.toISOString()).toBe(true);
  });
});
