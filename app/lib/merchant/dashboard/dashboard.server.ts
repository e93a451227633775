/**
 * Everything the dashboard route returns, from the request URL: the shop's setup
 * state, the figures for the chosen period and one page of the reviews table.
 * The route only authenticates and calls `loadDashboard` (bench/dashboard.ts times it).
 */
import type { PrismaClient } from "@prisma/client";
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
  outage: { since: string; lastError: string | null } | null;
  figures: DashboardFigures;
  filters: ReviewFilters;
  page: ReviewPage;
  /** True when the shop has no reviews at all (drives the empty state). */
  empty: boolean;
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
    getDashboardFigures(prisma, shop, periodOf(params.get("period"), now)),
    listReviews(prisma, shop, filters, pageFromSearchParams(params)),
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
      ? { since: settings.apruvdUnavailableSince.toISOString(), lastError: settings.apruvdLastError }
      : null,
    figures,
    filters,
    page,
    empty: any === null,
  };
}
