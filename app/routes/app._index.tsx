import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  EmptySearchResult,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  TextField,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { DateTime, formatMoney } from "../components/DateTime";
import { DecisionsChart } from "../components/DecisionsChart";
import { MetricCard } from "../components/MetricCard";
import { REVIEWS_ILLUSTRATION } from "../components/illustrations";
import { ReviewActionsMenu } from "../components/ReviewActionsMenu";
import { StatusBadge } from "../components/StatusBadge";
import prisma from "../db.server";
import { loadDashboard } from "../lib/merchant/dashboard/dashboard.server";
import { NEEDS_ACTION_FIGURE, ORDERS_FIGURE, STATUS_FIGURES } from "../lib/merchant/dashboard/figure-definitions";
import { NEEDS_LABELS } from "../lib/merchant/dashboard/next-steps";
import { PERIODS } from "../lib/merchant/dashboard/periods";
import { performReviewAction } from "../lib/merchant/dashboard/review-actions.server";
import { STATUS_TABS, adminOrderUrl, formatDuration } from "../lib/merchant/dashboard/statuses";
import { availableActions } from "../lib/review/review-state";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadDashboard(prisma, session.shop, new URL(request.url));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  return performReviewAction(
    prisma,
    session.shop,
    { reviewId: String(form.get("reviewId") ?? "") },
    form.get("action"),
  );
};

/** This page's own words (one place, for the i18n layer). */
const COPY = {
  partsAddUp: (orders: string) => `The five figures below add up to the ${orders} orders of the period.`,
  show: (label: string, value: string) => `${label}: ${value}. Show these orders`,
  approvalRate: "Approval rate",
  median: "Median time to decision",
} as const;

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** The figure's list: its tab, over the figure's period (inclusive days). */
function figureUrl(tab: string, period: { id: string; since: string; until: string } | null): string {
  const params = new URLSearchParams({ tab });
  if (period) {
    params.set("period", period.id);
    params.set("from", period.since.slice(0, 10));
    params.set("to", new Date(new Date(period.until).getTime() - 86_400_000).toISOString().slice(0, 10));
  }
  return `/app?${params.toString()}`;
}

/** Reloads the page's data after `afterMs` while something shown is in flight (the loader decides). */
function useRefreshWhileInFlight(afterMs: number | null, data: unknown) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!afterMs) return;
    const timer = setTimeout(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, afterMs);
    return () => clearTimeout(timer);
    // Re-armed by every new answer of the loader.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [afterMs, data]);
}

function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

/** Applies URL changes after the merchant stops typing. */
function useDebounced(callback: (value: string) => void, delay = 350) {
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (value: string) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => callback(value), delay);
    },
    [callback, delay],
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { figures, filters, page } = data;
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app";
  useRefreshWhileInFlight(data.refreshAfterMs, data);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(searchParams);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === "") next.delete(k);
        else next.set(k, v);
      }
      // A new filter starts again at the first page.
      if (!("after" in changes) && !("before" in changes)) {
        next.delete("after");
        next.delete("before");
      }
      setSearchParams(next, { preventScrollReset: true });
    },
    [searchParams, setSearchParams],
  );

  const [query, setQuery] = useState(filters.query);
  const [from, setFrom] = useState(filters.from ?? "");
  const [to, setTo] = useState(filters.to ?? "");
  useEffect(() => setQuery(filters.query), [filters.query]);
  useEffect(() => setFrom(filters.from ?? ""), [filters.from]);
  useEffect(() => setTo(filters.to ?? ""), [filters.to]);
  const applyQuery = useDebounced(useCallback((value: string) => update({ q: value }), [update]));
  const { mode, setMode } = useSetIndexFiltersMode();

  const tabs: IndexFiltersProps["tabs"] = STATUS_TABS.map((tab, index) => ({
    content: tab.label,
    index,
    id: `tab-${tab.id}`,
    isLocked: true,
    onAction: () => {},
  }));
  const selectedTab = Math.max(
    0,
    STATUS_TABS.findIndex((t) => t.id === filters.tab),
  );

  const dateFilter = (
    <InlineStack gap="200" wrap={false}>
      <TextField
        label="From"
        type="date"
        value={from}
        onChange={setFrom}
        onBlur={() => update({ from })}
        autoComplete="off"
      />
      <TextField label="To" type="date" value={to} onChange={setTo} onBlur={() => update({ to })} autoComplete="off" />
      <div style={{ alignSelf: "flex-end" }}>
        <Button onClick={() => update({ from, to })}>Apply</Button>
      </div>
    </InlineStack>
  );
  const appliedFilters: IndexFiltersProps["appliedFilters"] =
    filters.from || filters.to
      ? [
          {
            key: "date",
            label: `Date: ${filters.from ?? "…"} – ${filters.to ?? "…"}`,
            onRemove: () => update({ from: null, to: null }),
          },
        ]
      : [];

  const rows = useMemo(
    () =>
      page.rows.map((review, index) => {
        const adminUrl = adminOrderUrl(review.orderId);
        const label = review.orderName ?? review.orderId;
        return (
          <IndexTable.Row id={review.id} key={review.id} position={index}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                {adminUrl ? (
                  <Link url={adminUrl} monochrome removeUnderline accessibilityLabel={`Open order ${label} in Shopify`}>
                    <Text as="span" fontWeight="semibold">
                      {label}
                    </Text>
                  </Link>
                ) : (
                  <Text as="span" fontWeight="semibold">
                    {label}
                  </Text>
                )}
                <RemixLink
                  to={`/app/reviews/${review.id}`}
                  aria-label={`Review details for order ${label}`}
                  style={{ fontSize: 12 }}
                >
                  Review details
                </RemixLink>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <DateTime value={review.createdAt} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatMoney(review.total, review.currency)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="050" inlineAlign="start">
                <StatusBadge status={review.status} />
                {review.needs ? (
                  <Text as="span" variant="bodySm" tone="critical">
                    {NEEDS_LABELS[review.needs]}
                  </Text>
                ) : null}
                {review.elevatedBy.length > 0 ? (
                  <Text as="span" variant="bodySm" tone="caution" truncate>
                    Elevated: {review.elevatedBy.join("; ")}
                  </Text>
                ) : null}
                {review.errorMessage ? (
                  <Text as="span" variant="bodySm" tone={review.status === "error" ? "critical" : "subdued"} truncate>
                    {review.errorMessage}
                  </Text>
                ) : null}
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{review.riskGrade ?? "—"}</IndexTable.Cell>
            <IndexTable.Cell>{formatDuration(review.decisionMs)}</IndexTable.Cell>
            <IndexTable.Cell>
              <ReviewActionsMenu reviewId={review.id} orderLabel={label} actions={availableActions(review)} />
            </IndexTable.Cell>
          </IndexTable.Row>
        );
      }),
    [page.rows],
  );

  const periodPicker = (
    <Select
      label="Period"
      labelInline
      options={PERIODS.map((p) => ({ label: p.label, value: p.id }))}
      value={figures.period.id}
      onChange={(value) => update({ period: value })}
    />
  );

  return (
    <Page
      title="Fraud reviews"
      subtitle="Every new order is checked by Apruvd"
      secondaryActions={[{ content: "Settings", url: "/app/settings" }]}
    >
      <Layout>
        {!data.setup.connected ? (
          <Layout.Section>
            <Banner
              title="Connect your Apruvd account"
              tone="warning"
              action={{ content: "Start setup", url: "/app/onboarding" }}
              secondaryAction={{ content: "Settings", url: "/app/settings" }}
            >
              <p>Enter your Apruvd API keys so that new orders are sent for review automatically.</p>
            </Banner>
          </Layout.Section>
        ) : null}

        {data.outage ? (
          <Layout.Section>
            <Banner title="Apruvd is not answering" tone="critical">
              <p>
                Since {new Date(data.outage.since).toLocaleString()}, calls to Apruvd keep failing
                {data.outage.lastError ? ` (${data.outage.lastError})` : ""}. New orders stay on hold and are sent
                automatically as soon as Apruvd answers again; nothing is lost.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}

        {data.empty ? (
          <Layout.Section>
            <Card>
              <EmptyState
                heading="No orders reviewed yet"
                image={REVIEWS_ILLUSTRATION}
                action={
                  data.setup.connected
                    ? { content: "Review settings", url: "/app/settings" }
                    : { content: "Connect Apruvd", url: "/app/onboarding" }
                }
              >
                <p>
                  New orders are sent to Apruvd as soon as they are placed. Their reviews and decisions appear here.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <BlockStack gap="400">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Overview
                  </Text>
                  {periodPicker}
                </InlineStack>
                <InlineGrid columns={{ xs: 2, sm: 4 }} gap="300">
                  <MetricCard
                    label={NEEDS_ACTION_FIGURE.label}
                    value={count(figures.needsAction)}
                    help={NEEDS_ACTION_FIGURE.help}
                    tone={figures.needsAction > 0 ? "critical" : undefined}
                    url={figureUrl(NEEDS_ACTION_FIGURE.id, null)}
                    linkLabel={COPY.show(NEEDS_ACTION_FIGURE.label, count(figures.needsAction))}
                  />
                  <MetricCard
                    label={ORDERS_FIGURE.label}
                    value={count(figures.orders)}
                    help={COPY.partsAddUp(count(figures.orders))}
                    url={figureUrl(ORDERS_FIGURE.id, figures.period)}
                    linkLabel={COPY.show(ORDERS_FIGURE.label, count(figures.orders))}
                  />
                  <MetricCard label={COPY.approvalRate} value={percent(figures.approvalRate)} />
                  <MetricCard label={COPY.median} value={formatDuration(figures.medianDecisionMs)} />
                </InlineGrid>
                <InlineGrid columns={{ xs: 2, sm: 3, lg: 5 }} gap="300">
                  {STATUS_FIGURES.map((figure) => (
                    <MetricCard
                      key={figure.id}
                      label={figure.label}
                      value={count(figures.parts[figure.id])}
                      help={figure.help}
                      url={figureUrl(figure.id, figures.period)}
                      linkLabel={COPY.show(figure.label, count(figures.parts[figure.id]))}
                    />
                  ))}
                </InlineGrid>
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {figures.bucket === "week" ? "Reviews per week" : "Reviews per day"}
                    </Text>
                    <DecisionsChart
                      days={figures.daily}
                      title={`Reviews per ${figures.bucket}, ${figures.period.label.toLowerCase()}`}
                    />
                  </BlockStack>
                </Card>
              </BlockStack>
            </Layout.Section>

            <Layout.Section>
              <Card padding="0">
                <IndexFilters
                  queryValue={query}
                  queryPlaceholder="Search by order name"
                  onQueryChange={(value) => {
                    setQuery(value);
                    applyQuery(value);
                  }}
                  onQueryClear={() => {
                    setQuery("");
                    update({ q: null });
                  }}
                  tabs={tabs}
                  selected={selectedTab}
                  onSelect={(index) =>
                    update({ tab: STATUS_TABS[index]?.id === "all" ? null : (STATUS_TABS[index]?.id ?? null) })
                  }
                  canCreateNewView={false}
                  filters={[{ key: "date", label: "Date", filter: dateFilter, shortcut: true, pinned: true }]}
                  appliedFilters={appliedFilters}
                  onClearAll={() => update({ q: null, from: null, to: null })}
                  mode={mode}
                  setMode={setMode}
                  cancelAction={{ onAction: () => update({ q: null, from: null, to: null }) }}
                  loading={loading}
                />
                <IndexTable
                  resourceName={{ singular: "review", plural: "reviews" }}
                  itemCount={page.rows.length}
                  selectable={false}
                  loading={loading}
                  emptyState={
                    <EmptySearchResult
                      title="No reviews match"
                      description="Try another status, date range or order name."
                      withIllustration={false}
                    />
                  }
                  headings={[
                    { title: "Order" },
                    { title: "Date" },
                    { title: "Total", alignment: "end" },
                    { title: "Status" },
                    { title: "Risk grade" },
                    { title: "Time to decision" },
                    { title: "Actions", hidden: true },
                  ]}
                  pagination={{
                    hasPrevious: Boolean(page.previousCursor),
                    hasNext: Boolean(page.nextCursor),
                    onPrevious: () => update({ before: page.previousCursor, after: null }),
                    onNext: () => update({ after: page.nextCursor, before: null }),
                  }}
                >
                  {rows}
                </IndexTable>
              </Card>
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}
