/**
 * Everything the dashboard route returns, from the request URL: the shop's setup
 * state, the figures for the chosen period and one page of the reviews table.
 * The route only authenticates and calls `loadDashboard` (bench/dashboard.ts times it).
 */
import type { PrismaClient } from "@prisma/client";
import { type OutageCause, outageCauseOf } from "../i18n/apruvd-unavailable";
import { type DashboardFigures, getDashboardFigures, periodOf } from "./figures.server";
import {
  type ReviewFilters,
  type ReviewPage,
  filtersFromSearchParams,
  listReviews,
  pageFromSearchParams,
} from "./reviews-table.server";

export interface DashboardData {
  setup: { connected: boolean; hasCredentials: boolean; autoSubmit: boolean };
  /** Set while Apruvd keeps failing for this shop (its circuit is open): since when, and the last error. */
  outage: { since: string; cause: OutageCause | null } | null;
  figures: DashboardFigures;
  filters: ReviewFilters;
  page: ReviewPage;
  /** True when the shop has no reviews at all (drives the empty state). */
  empty: boolean;
  /** Reload the page after this long while something shown is in flight; null: nothing is. */
  refreshAfterMs: number | null;
}

/** While an action the merchant asked for, or a submission, is on its way. */
export const REFRESH_SOON_MS = 3_000;
/** While shown reviews only wait for Apruvd's decision (which may take a reviewer hours). */
export const REFRESH_WAITING_MS = 30_000;

/**
 * How soon the page should look again: soon while a merchant action of the shop is queued
 * or a shown review is being submitted; slowly while shown reviews wait for Apruvd; never
 * when nothing shown can change on its own (paused reviews wait for the keys).
 */
export async function refreshAfterMs(
  prisma: PrismaClient,
  shop: string,
  rows: ReadonlyArray<{ status: string; needs: string | null }>,
): Promise<number | null> {
  if (rows.some((r) => r.status === "pending" && r.needs === null)) return REFRESH_SOON_MS;
  const queued = await prisma.inboxEvent.findFirst({
    where: { shop, status: "pending", topic: { startsWith: "merchant/" } },
    select: { id: true },
  });
  if (queued) return REFRESH_SOON_MS;
  if (rows.some((r) => (r.status === "Reviewing" || r.status === "Submitted") && r.needs === null)) {
    return REFRESH_WAITING_MS;
  }
  return null;
}

export async function loadDashboard(
  prisma: PrismaClient,
  shop: string,
  url: URL,
  now: Date = new Date(),
): Promise<DashboardData> {
  const params = url.searchParams;
  const filters = filtersFromSearchParams(params);
  const [settings, figures, page, any] = await Promise.all([
    prisma.shopSettings.findUnique({
      where: { shop },
      select: {
        credentialsVerifiedAt: true,
        apruvdKeyIdEnc: true,
        autoSubmit: true,
        apruvdUnavailableSince: true,
        apruvdLastError: true,
      },
    }),
    getDashboardFigures(prisma, shop, periodOf(params.get("period"), now), now),
    listReviews(prisma, shop, filters, pageFromSearchParams(params), now),
    // One indexed row lookup, not a count.
    prisma.review.findFirst({ where: { shop }, select: { id: true } }),
  ]);
  return {
    setup: {
      connected: Boolean(settings?.credentialsVerifiedAt),
      hasCredentials: Boolean(settings?.apruvdKeyIdEnc),
      autoSubmit: settings?.autoSubmit ?? true,
    },
    outage: settings?.apruvdUnavailableSince
      ? {
          since: settings.apruvdUnavailableSince.toISOString(),
          cause: settings.apruvdLastError ? outageCauseOf(settings.apruvdLastError) : null,
        }
      : null,
    figures,
    filters,
    page,
    empty: any === null,
    refreshAfterMs: await refreshAfterMs(prisma, shop, page.rows),
  };
}
