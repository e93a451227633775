import { BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import { useId } from "react";
import { useI18n } from "./I18n";

/**
 * Reviews per day as stacked bars (approved, declined, under review), drawn as SVG.
 * Accessible: the SVG is an image with a text summary, every bar has a title, and
 * the same numbers are in a visually hidden table for screen readers.
 */
export interface ChartDay {
  day: string;
  approved: number;
  declined: number;
  underReview: number;
}

const SERIES = [
  { key: "approved", label: "chart.approved", color: "var(--p-color-bg-fill-success, #29845a)" },
  { key: "declined", label: "chart.declined", color: "var(--p-color-bg-fill-critical, #e51c00)" },
  { key: "underReview", label: "chart.underReview", color: "var(--p-color-bg-fill-caution, #ffb800)" },
] as const;

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 8, left: 40 };

/** A round axis maximum ≥ value, and its ticks. */
export function niceScale(value: number, ticks = 4): { max: number; step: number } {
  if (value <= 0) return { max: ticks, step: 1 };
  const raw = value / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const rounded = Math.max(1, Math.round(step));
  return { max: rounded * Math.ceil(value / rounded), step: rounded };
}

/** "2026-11-30" → "Nov 30" / "30 nov." in the merchant's locale (the day is already the bucket's, so UTC). */
function shortDay(day: string, locale: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString(locale, { month: "short", day: "numeric", timeZone: "UTC" });
}

export function DecisionsChart({ days, title }: { days: ChartDay[]; title: string }) {
  const id = useId();
  const { t, locale, format } = useI18n();
  const totals = days.map((d) => d.approved + d.declined + d.underReview);
  const peak = Math.max(0, ...totals);
  const { max, step } = niceScale(peak);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = days.length > 0 ? plotW / days.length : plotW;
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  // Day labels are HTML under the chart (readable at every width: text inside the SVG shrinks with it on a phone).
  const labelled =
    days.length <= 1 ? days : [days[0]!, days[Math.floor((days.length - 1) / 2)]!, days[days.length - 1]!];
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const sum = (key: (typeof SERIES)[number]["key"]) => days.reduce((n, d) => n + d[key], 0);
  const summary = t("chart.summary", {
    title,
    approved: format.number(sum("approved")),
    declined: format.number(sum("declined")),
    underReview: format.number(sum("underReview")),
    days: format.number(days.length),
    peak: format.number(peak),
  });

  return (
    <BlockStack gap="300">
      <InlineStack gap="400" align="start" blockAlign="center">
        {SERIES.map((s) => (
          <InlineStack key={s.key} gap="100" blockAlign="center">
            <span
              aria-hidden
              style={{ display: "inline-block", width: 12, height: 12, borderRadius: 3, background: s.color }}
            />
            <Text as="span" variant="bodySm">
              {t(s.label)}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
      <Box>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-labelledby={`${id}-t ${id}-d`}
          data-testid="decisions-chart"
          style={{ display: "block", maxHeight: 260 }}
        >
          <title id={`${id}-t`}>{title}</title>
          <desc id={`${id}-d`}>{summary}</desc>
          {Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step).map((tick) => (
            <g key={tick} aria-hidden>
              <line
                x1={PAD.left}
                x2={WIDTH - PAD.right}
                y1={y(tick)}
                y2={y(tick)}
                stroke="var(--p-color-border-secondary, #e3e3e3)"
                strokeWidth={1}
              />
              <text
                x={PAD.left - 6}
                y={y(tick) + 4}
                textAnchor="end"
                fontSize={13}
                fill="var(--p-color-text-secondary, #616161)"
              >
                {format.number(tick)}
              </text>
            </g>
          ))}
          {days.map((d, i) => {
            const x = PAD.left + i * slot + (slot - barW) / 2;
            let base = 0;
            return (
              <g key={d.day}>
                <title>
                  {t("chart.barTitle", {
                    day: shortDay(d.day, locale),
                    approved: format.number(d.approved),
                    declined: format.number(d.declined),
                    underReview: format.number(d.underReview),
                  })}
                </title>
                {SERIES.map((s) => {
                  const v = d[s.key];
                  if (v <= 0) return null;
                  const top = y(base + v);
                  const height = y(base) - top;
                  base += v;
                  return (
                    <rect
                      key={s.key}
                      x={x}
                      y={top}
                      width={barW}
                      height={Math.max(0.5, height)}
                      fill={s.color}
                      rx={barW > 6 ? 2 : 0}
                    />
                  );
                })}
              </g>
            );
          })}
        </svg>
        <div
          aria-hidden
          style={{ display: "flex", justifyContent: "space-between", paddingLeft: `${(PAD.left / WIDTH) * 100}%` }}
        >
          {labelled.map((d) => (
            <Text key={d.day} as="span" variant="bodySm" tone="subdued">
              {shortDay(d.day, locale)}
            </Text>
          ))}
        </div>
      </Box>
      <Text as="span" visuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("chart.day")}</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {t(s.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.approved}</td>
                <td>{d.declined}</td>
                <td>{d.underReview}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Text>
    </BlockStack>
  );
}
