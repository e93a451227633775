import type { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { loadDashboard } from "./dashboard.server";
import { getDashboardFigures, periodOf } from "./figures.server";
import {
  buildRangeQuery,
  decodeCursor,
  encodeCursor,
  filtersFromSearchParams,
  listReviews,
  type ReviewFilters,
} from "./reviews-table.server";
import { seedReviews, seededReviewRows } from "../../../../test/support/seed-reviews";
import { statusTab } from "./statuses";
import { needsMerchant } from "../../review/review-state";

// A real, migrated SQLite database per test file (test/setup/env.ts).
const SHOP = "dash.myshopify.com";
const OTHER = "other.myshopify.com";
const NOW = new Date("2026-03-15T12:00:00.000Z");
let rows: Prisma.ReviewCreateManyInput[];

const all: ReviewFilters = { tab: "all", from: null, to: null, query: "" };

function expectedOrder(list: Prisma.ReviewCreateManyInput[]): string[] {
  return [...list]
    .sort((a, b) => {
      const d = (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime();
      return d !== 0 ? d : a.id! < b.id! ? 1 : a.id! > b.id! ? -1 : 0;
    })
    .map((r) => r.id!);
}

beforeAll(async () => {
  rows = seededReviewRows(SHOP, { count: 400, days: 60, now: NOW, seed: 7 });
  // Ties on createdAt: the id must order them (keyset on (createdAt, id)).
  for (let i = 100; i < 110; i++) rows[i].createdAt = rows[100].createdAt;
  await prisma.review.createMany({ data: rows });
  // Another shop's reviews must never show up.
  await seedReviews(prisma, OTHER, { count: 50, days: 60, now: NOW, seed: 9 });
});

describe("figures", () => {
  it("counts each status in the period and computes rate and median independently of the query", async () => {
    const period = periodOf("30d", NOW);
    const figures = await getDashboardFigures(prisma, SHOP, period);
    const inPeriod = rows.filter((r) => (r.createdAt as Date) >= period.since && (r.createdAt as Date) < period.until);
    const count = (s: string) => inPeriod.filter((r) => r.status === s).length;
    expect(inPeriod.length).toBeGreaterThan(100);
    expect(inPeriod.length).toBeLessThan(rows.length);
    expect(figures.approved).toBe(count("Approved"));
    expect(figures.declined).toBe(count("Declined"));
    expect(figures.underReview).toBe(count("pending") + count("paused") + count("Submitted") + count("Reviewing"));
    expect(figures.orders).toBe(inPeriod.length);
    // The parts add up to the orders (the figures once showed 115 reviewed next to 80 + 15 + 23 = 118:
    // "reviewed" left out the orders waiting to submit that "under review" counted).
    expect(Object.values(figures.parts).reduce((a, b) => a + b, 0)).toBe(figures.orders);
    expect(figures.parts.not_sent).toBe(count("error") + count("excluded") + count("skipped") + count("released"));
    expect(figures.approvalRate).toBeCloseTo(count("Approved") / (count("Approved") + count("Declined")), 10);

    const durations = inPeriod
      .filter((r) => r.decidedAt && r.submittedAt)
      .map((r) => (r.decidedAt as Date).getTime() - (r.submittedAt as Date).getTime())
      .sort((a, b) => a - b);
    const mid = durations.length >> 1;
    const median = durations.length % 2 ? durations[mid] : (durations[mid - 1] + durations[mid]) / 2;
    expect(figures.medianDecisionMs).not.toBeNull();
    expect(Math.abs(figures.medianDecisionMs! - median)).toBeLessThanOrEqual(1);
  });

  it("has one chart bucket per day whose sums match the counts", async () => {
    const period = periodOf("7d", NOW);
    const figures = await getDashboardFigures(prisma, SHOP, period);
    expect(figures.daily).toHaveLength(7);
    expect(figures.daily[6].day).toBe("2026-03-15");
    expect(figures.daily.reduce((n, d) => n + d.approved, 0)).toBe(figures.approved);
    expect(figures.daily.reduce((n, d) => n + d.declined, 0)).toBe(figures.declined);
    expect(figures.daily.reduce((n, d) => n + d.underReview, 0)).toBe(figures.underReview);
  });

  it("groups a 12-month chart by week, still summing to the counts", async () => {
    const figures = await getDashboardFigures(prisma, SHOP, periodOf("365d", NOW));
    expect(figures.bucket).toBe("week");
    expect(figures.daily).toHaveLength(53);
    expect(figures.daily.reduce((n, d) => n + d.approved, 0)).toBe(figures.approved);
    expect(figures.approved).toBe(rows.filter((r) => r.status === "Approved").length);
  });

  it("shows nothing for a shop without reviews", async () => {
    const figures = await getDashboardFigures(prisma, "empty.myshopify.com", periodOf("30d", NOW));
    expect(figures).toMatchObject({ orders: 0, approved: 0, approvalRate: null, medianDecisionMs: null });
  });

  it("answers every figure query from the (shop, status, createdAt) index", async () => {
    const plan = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(
      `EXPLAIN QUERY PLAN SELECT COUNT(*) FROM "Review" INDEXED BY "Review_shop_status_createdAt_idx" WHERE "shop" = ? AND "status" = ? AND "createdAt" >= ? AND "createdAt" < ?`,
      SHOP,
      "Approved",
      "a",
      "b",
    );
    expect(plan.map((p) => p.detail).join("\n")).toMatch(
      /SEARCH Review USING COVERING INDEX Review_shop_status_createdAt_idx \(shop=\? AND status=\? AND createdAt>\? AND createdAt<\?\)/,
    );
  });
});

describe("reviews table", () => {
  async function walk(filters: ReviewFilters, limit: number) {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await listReviews(prisma, SHOP, filters, { after: decodeCursor(after), limit });
      ids.push(...page.rows.map((r) => r.id));
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      after = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(1000);
    } while (after);
    return { ids, pages };
  }

  it("pages through every review newest first with no gap or repeat (ties included)", async () => {
    const { ids, pages } = await walk(all, 37);
    expect(ids).toEqual(expectedOrder(rows));
    expect(pages).toBe(Math.ceil(rows.length / 37));
  });

  it("walks back with `before` to exactly the previous pages", async () => {
    const p1 = await listReviews(prisma, SHOP, all, { limit: 20 });
    const p2 = await listReviews(prisma, SHOP, all, { after: decodeCursor(p1.nextCursor), limit: 20 });
    const p3 = await listReviews(prisma, SHOP, all, { after: decodeCursor(p2.nextCursor), limit: 20 });
    expect(p1.previousCursor).toBeNull();
    const back2 = await listReviews(prisma, SHOP, all, { before: decodeCursor(p3.previousCursor), limit: 20 });
    expect(back2.rows.map((r) => r.id)).toEqual(p2.rows.map((r) => r.id));
    const back1 = await listReviews(prisma, SHOP, all, { before: decodeCursor(back2.previousCursor), limit: 20 });
    expect(back1.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    expect(back1.previousCursor).toBeNull();
    expect(back1.nextCursor).not.toBeNull();
  });

  it.each(["under_review", "approved", "not_sent", "cancelled"])("tab %s merges its statuses in order", async (tab) => {
    const statuses = statusTab(tab).statuses!;
    const { ids } = await walk({ ...all, tab: statusTab(tab).id }, 9);
    expect(ids).toEqual(expectedOrder(rows.filter((r) => (statuses as readonly string[]).includes(r.status!))));
  });

  it("tab needs_action lists the reviews needsMerchant names (no holds here: failed, not submitted, waiting)", async () => {
    const { ids } = await walk({ ...all, tab: "needs_action" }, 9);
    const needing = rows.filter((r) =>
      needsMerchant({
        status: r.status!,
        updatedAt: r.updatedAt as Date,
        openHolds: 0,
        elevationReasons: r.elevationReasons ?? null,
      }),
    );
    expect(needing.length).toBeGreaterThan(0);
    expect(ids).toEqual(expectedOrder(needing));
  });

  it("filters by date (inclusive days) and searches by order name", async () => {
    const from = "2026-02-01";
    const to = "2026-02-10";
    const { ids } = await walk({ ...all, from, to }, 50);
    const expected = rows.filter((r) => {
      const day = (r.createdAt as Date).toISOString().slice(0, 10);
      return day >= from && day <= to;
    });
    expect(ids).toEqual(expectedOrder(expected));
    expect(ids.length).toBeGreaterThan(0);

    const name = rows[123].orderName!;
    const found = await listReviews(prisma, SHOP, { ...all, query: name }, {});
    expect(found.rows.map((r) => r.orderName)).toContain(name);
    expect(found.rows.every((r) => r.orderName!.includes(name.slice(1)))).toBe(true);
    const none = await listReviews(prisma, SHOP, { ...all, query: "%" }, {});
    expect(none.rows).toHaveLength(0);
  });

  it("reads URL filters defensively", () => {
    expect(
      filtersFromSearchParams(new URLSearchParams("tab=approved&from=2026-02-10&to=2026-02-01&q=%231001")),
    ).toEqual({
      tab: "approved",
      from: "2026-02-01",
      to: "2026-02-10",
      query: "#1001",
    });
    expect(filtersFromSearchParams(new URLSearchParams("tab=nope&from=2026-02-30&to=yesterday"))).toEqual(all);
    expect(decodeCursor("garbage")).toBeNull();
    const cursor = { createdAt: new Date("2026-01-01T00:00:00.000Z"), id: "abc" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("every page query is an index range search: no table scan, no OFFSET", async () => {
    const cursor = { createdAt: NOW, id: "zzz" };
    for (const status of [null, "Approved"]) {
      for (const direction of ["older", "newer"] as const) {
        const { sql, params } = buildRangeQuery(
          SHOP,
          status,
          { ...all, from: "2026-01-01", to: "2026-03-01" },
          cursor,
          direction,
          26,
        );
        expect(sql).not.toMatch(/OFFSET/i);
        const plan = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...params);
        const text = plan.map((p) => p.detail).join("\n");
        expect(text).toMatch(
          /SEARCH Review USING INDEX Review_shop_(status_)?createdAt_idx \(shop=\? (AND status=\? )?AND createdAt>\? AND createdAt<\?\)/,
        );
        expect(text).not.toMatch(/SCAN Review/);
      }
    }
  });
});

describe("loadDashboard", () => {
  it("returns setup state, figures and the first page from the URL", async () => {
    const data = await loadDashboard(prisma, SHOP, new URL("https://app/app?period=7d&tab=declined"), NOW);
    expect(data.setup).toEqual({ connected: false, hasCredentials: false, autoSubmit: true });
    expect(data.figures.period.id).toBe("7d");
    expect(data.filters.tab).toBe("declined");
    expect(data.page.rows.every((r) => r.status === "Declined")).toBe(true);
    expect(data.empty).toBe(false);
    const empty = await loadDashboard(prisma, "nobody.myshopify.com", new URL("https://app/app"), NOW);
    expect(empty.empty).toBe(true);
    expect(empty.page.rows).toEqual([]);
    expect(data.outage).toBeNull();
  });

  it("tells the merchant when Apruvd keeps failing for the shop", async () => {
    const since = new Date("2026-11-21T09:00:00Z");
    await prisma.shopSettings.upsert({
      where: { shop: SHOP },
      create: {
        shop: SHOP,
        callbackKey: "outage-key",
        callbackUsername: "u",
        callbackPasswordEnc: "x",
        apruvdUnavailableSince: since,
        apruvdLastError: "HTTP 503",
      },
      update: { apruvdUnavailableSince: since, apruvdLastError: "HTTP 503" },
    });
    try {
      const data = await loadDashboard(prisma, SHOP, new URL("https://app/app"), NOW);
      expect(data.outage).toEqual({
        since: since.toISOString(),
        cause: { key: "dashboard.outage.cause.serverError", params: { status: 503 } },
      });
    } finally {
      await prisma.shopSettings.update({
        where: { shop: SHOP },
        data: { apruvdUnavailableSince: null, apruvdLastError: null },
      });
    }
  });
});
