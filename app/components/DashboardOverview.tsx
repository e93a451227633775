import { BlockStack, Card, InlineGrid, InlineStack, Select, Text } from "@shopify/polaris";
import type { DashboardFigures } from "../lib/merchant/dashboard/figures.server";
import { NEEDS_ACTION_FIGURE, ORDERS_FIGURE, STATUS_FIGURES } from "../lib/merchant/dashboard/figure-definitions";
import { PERIODS } from "../lib/merchant/dashboard/periods";
import { DecisionsChart } from "./DecisionsChart";
import { useI18n } from "./I18n";
import { MetricCard } from "./MetricCard";

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

/**
 * The dashboard's figures (each defined once in figure-definitions.ts, each a link to its
 * list; the five status figures add up to "Orders"), the period picker and the chart, in
 * the merchant's language and number format.
 */
export function DashboardOverview({
  figures,
  onPeriod,
}: {
  figures: DashboardFigures;
  onPeriod: (period: string) => void;
}) {
  const { t, format } = useI18n();
  const count = (n: number) => format.number(n);
  const show = (label: string, value: string) => t("dashboard.showFigure", { label, value });
  const needs = t(NEEDS_ACTION_FIGURE.label);
  const orders = t(ORDERS_FIGURE.label);
  const period = t(figures.period.label);
  return (
    <BlockStack gap="400">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="h2" variant="headingMd">
          {t("dashboard.overview")}
        </Text>
        <Select
          label={t("dashboard.period")}
          labelInline
          options={PERIODS.map((p) => ({ label: t(p.label), value: p.id }))}
          value={figures.period.id}
          onChange={onPeriod}
        />
      </InlineStack>
      <InlineGrid columns={{ xs: 2, sm: 4 }} gap="300">
        <MetricCard
          label={needs}
          value={count(figures.needsAction)}
          help={t(NEEDS_ACTION_FIGURE.help)}
          tone={figures.needsAction > 0 ? "critical" : undefined}
          url={figureUrl(NEEDS_ACTION_FIGURE.id, null)}
          linkLabel={show(needs, count(figures.needsAction))}
        />
        <MetricCard
          label={orders}
          value={count(figures.orders)}
          help={t("dashboard.partsAddUp", { orders: count(figures.orders) })}
          url={figureUrl(ORDERS_FIGURE.id, figures.period)}
          linkLabel={show(orders, count(figures.orders))}
        />
        <MetricCard
          label={t("dashboard.approvalRate")}
          value={figures.approvalRate === null ? "—" : format.percent(figures.approvalRate, 1)}
        />
        <MetricCard label={t("dashboard.median")} value={format.duration(figures.medianDecisionMs)} />
      </InlineGrid>
      <InlineGrid columns={{ xs: 2, sm: 3, lg: 5 }} gap="300">
        {STATUS_FIGURES.map((figure) => {
          const label = t(figure.label);
          const value = count(figures.parts[figure.id]);
          return (
            <MetricCard
              key={figure.id}
              label={label}
              value={value}
              help={t(figure.help)}
              url={figureUrl(figure.id, figures.period)}
              linkLabel={show(label, value)}
            />
          );
        })}
      </InlineGrid>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {figures.bucket === "week" ? t("dashboard.perWeek") : t("dashboard.perDay")}
          </Text>
          <DecisionsChart
            days={figures.daily}
            title={t(figures.bucket === "week" ? "dashboard.chartTitle.week" : "dashboard.chartTitle.day", {
              period: period.toLowerCase(),
            })}
          />
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
