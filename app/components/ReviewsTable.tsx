import { Link as RemixLink } from "@remix-run/react";
import {
  BlockStack,
  Button,
  EmptySearchResult,
  IndexFilters,
  IndexTable,
  InlineStack,
  Text,
  TextField,
  useBreakpoints,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { NEEDS_LABELS } from "../lib/merchant/dashboard/next-steps";
import type { ReviewFilters, ReviewPage, ReviewRow } from "../lib/merchant/dashboard/reviews-table.server";
import { translateMessage, translateText } from "../lib/merchant/i18n/message";
import { STATUS_TABS, adminOrderUrl } from "../lib/merchant/dashboard/statuses";
import { availableActions } from "../lib/review/review-state";
import { DateTime } from "./DateTime";
import { useI18n } from "./I18n";
import { ReviewActionsMenu } from "./ReviewActionsMenu";
import { StatusBadge } from "./StatusBadge";

type Row = ReviewRow;
export type UpdateSearch = (changes: Record<string, string | null>) => void;

/** Links in a row are at least 24 × 24 px (WCAG 2.5.8): the order name and the details link. */
const TARGET: CSSProperties = { display: "inline-flex", alignItems: "center", minHeight: 24, minWidth: 24 };

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

function OrderLinks({ review }: { review: Row }) {
  const { t } = useI18n();
  const adminUrl = adminOrderUrl(review.orderId);
  const label = review.orderName ?? review.orderId;
  const name = (
    <Text as="span" fontWeight="semibold">
      {label}
    </Text>
  );
  return (
    <BlockStack gap="100">
      {adminUrl ? (
        <a
          href={adminUrl}
          aria-label={t("dashboard.openOrder", { order: label })}
          style={{ ...TARGET, color: "inherit", textDecoration: "none" }}
        >
          {name}
        </a>
      ) : (
        name
      )}
      <RemixLink
        to={`/app/reviews/${review.id}`}
        aria-label={t("dashboard.reviewDetailsFor", { order: label })}
        style={TARGET}
      >
        {t("dashboard.reviewDetails")}
      </RemixLink>
    </BlockStack>
  );
}

function StatusCell({ review }: { review: Row }) {
  const { t } = useI18n();
  return (
    <BlockStack gap="050" inlineAlign="start">
      <StatusBadge status={review.status} />
      {review.needs ? (
        <Text as="span" variant="bodySm" tone="critical">
          {t(NEEDS_LABELS[review.needs])}
        </Text>
      ) : null}
      {review.elevatedBy.length > 0 ? (
        <Text as="span" variant="bodySm" tone="caution" truncate>
          {t("dashboard.elevated", { rules: review.elevatedBy.map((rule) => translateText(t, rule)).join("; ") })}
        </Text>
      ) : null}
      {review.errorMessage ? (
        <Text as="span" variant="bodySm" tone={review.status === "error" ? "critical" : "subdued"} truncate>
          {review.error ? translateMessage(t, review.error) : review.errorMessage}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function Actions({ review }: { review: Row }) {
  return (
    <ReviewActionsMenu
      reviewId={review.id}
      orderLabel={review.orderName ?? review.orderId}
      actions={availableActions(review)}
    />
  );
}

/** A review as a table row; on a phone (condensed) one stacked cell that keeps risk, time and actions. */
function ReviewTableRow({ review, index, condensed }: { review: Row; index: number; condensed: boolean }) {
  const { t, format } = useI18n();
  const total = format.money(review.total, review.currency);
  const time = format.duration(review.decisionMs);
  if (condensed) {
    return (
      <IndexTable.Row id={review.id} position={index}>
        <div style={{ padding: "12px 16px", width: "100%" }}>
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
              <OrderLinks review={review} />
              <Actions review={review} />
            </InlineStack>
            <StatusCell review={review} />
            <InlineStack gap="300" wrap>
              <Text as="span" numeric>
                {total}
              </Text>
              <Text as="span" tone="subdued">
                <DateTime value={review.createdAt} />
              </Text>
              <Text as="span">{t("dashboard.riskShort", { grade: review.riskGrade ?? "—" })}</Text>
              <Text as="span" tone="subdued">
                {`${t("dashboard.column.time")}: ${time}`}
              </Text>
            </InlineStack>
          </BlockStack>
        </div>
      </IndexTable.Row>
    );
  }
  return (
    <IndexTable.Row id={review.id} position={index}>
      <IndexTable.Cell>
        <OrderLinks review={review} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <DateTime value={review.createdAt} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {total}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <StatusCell review={review} />
      </IndexTable.Cell>
      <IndexTable.Cell>{review.riskGrade ?? "—"}</IndexTable.Cell>
      <IndexTable.Cell>{time}</IndexTable.Cell>
      <IndexTable.Cell>
        <Actions review={review} />
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/** The reviews list: status tabs (one per figure), order search, date filter, pages of 25. */
export function ReviewsTable({
  filters,
  page,
  loading,
  update,
}: {
  filters: ReviewFilters;
  page: ReviewPage;
  loading: boolean;
  update: UpdateSearch;
}) {
  const { t } = useI18n();
  const condensed = useBreakpoints().smDown;
  const [query, setQuery] = useState(filters.query);
  const [from, setFrom] = useState(filters.from ?? "");
  const [to, setTo] = useState(filters.to ?? "");
  useEffect(() => setQuery(filters.query), [filters.query]);
  useEffect(() => setFrom(filters.from ?? ""), [filters.from]);
  useEffect(() => setTo(filters.to ?? ""), [filters.to]);
  const applyQuery = useDebounced(useCallback((value: string) => update({ q: value }), [update]));
  const { mode, setMode } = useSetIndexFiltersMode();

  const tabs: IndexFiltersProps["tabs"] = STATUS_TABS.map((tab, index) => ({
    content: t(tab.label),
    index,
    id: `tab-${tab.id}`,
    isLocked: true,
    onAction: () => {},
  }));
  const selectedTab = Math.max(
    0,
    STATUS_TABS.findIndex((tab) => tab.id === filters.tab),
  );
  const dateFilter: ReactNode = (
    <InlineStack gap="200" wrap={false}>
      <TextField
        label={t("dashboard.filter.from")}
        type="date"
        value={from}
        onChange={setFrom}
        onBlur={() => update({ from })}
        autoComplete="off"
      />
      <TextField
        label={t("dashboard.filter.to")}
        type="date"
        value={to}
        onChange={setTo}
        onBlur={() => update({ to })}
        autoComplete="off"
      />
      <div style={{ alignSelf: "flex-end" }}>
        <Button onClick={() => update({ from, to })}>{t("dashboard.filter.apply")}</Button>
      </div>
    </InlineStack>
  );
  const appliedFilters: IndexFiltersProps["appliedFilters"] =
    filters.from || filters.to
      ? [
          {
            key: "date",
            label: t("dashboard.filter.applied", { from: filters.from ?? "…", to: filters.to ?? "…" }),
            onRemove: () => update({ from: null, to: null }),
          },
        ]
      : [];

  return (
    <>
      <IndexFilters
        queryValue={query}
        queryPlaceholder={t("dashboard.search")}
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
        filters={[{ key: "date", label: t("dashboard.filter.date"), filter: dateFilter, shortcut: true, pinned: true }]}
        appliedFilters={appliedFilters}
        onClearAll={() => update({ q: null, from: null, to: null })}
        mode={mode}
        setMode={setMode}
        cancelAction={{ onAction: () => update({ q: null, from: null, to: null }) }}
        loading={loading}
      />
      <IndexTable
        resourceName={{ singular: t("dashboard.resource.one"), plural: t("dashboard.resource.other") }}
        condensed={condensed}
        itemCount={page.rows.length}
        selectable={false}
        loading={loading}
        emptyState={
          <EmptySearchResult
            title={t("dashboard.noMatch.title")}
            description={t("dashboard.noMatch.body")}
            withIllustration={false}
          />
        }
        headings={[
          { title: t("dashboard.column.order") },
          { title: t("dashboard.column.date") },
          { title: t("dashboard.column.total"), alignment: "end" },
          { title: t("dashboard.column.status") },
          { title: t("dashboard.column.risk") },
          { title: t("dashboard.column.time") },
          { title: t("dashboard.column.actions"), hidden: true },
        ]}
        pagination={{
          hasPrevious: Boolean(page.previousCursor),
          hasNext: Boolean(page.nextCursor),
          onPrevious: () => update({ before: page.previousCursor, after: null }),
          onNext: () => update({ after: page.nextCursor, before: null }),
        }}
      >
        {page.rows.map((review, index) => (
          <ReviewTableRow key={review.id} review={review} index={index} condensed={condensed} />
        ))}
      </IndexTable>
    </>
  );
}
