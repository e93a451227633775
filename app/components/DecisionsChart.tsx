import { BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import { useId } from "react";

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
  { key: "approved", label: "Approved", color: "var(--p-color-bg-fill-success, #29845a)" },
  { key: "declined", label: "Declined", color: "var(--p-color-bg-fill-critical, #e51c00)" },
  { key: "underReview", label: "Under review", color: "var(--p-color-bg-fill-caution, #ffb800)" },
] as const;

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 40 };

/** A round axis maximum ≥ value, and its ticks. */
export function niceScale(value: number, ticks = 4): { max: number; step: number } {
  if (value <= 0) return { max: ticks, step: 1 };
  const raw = value / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const rounded = Math.max(1, Math.round(step));
  return { max: rounded * Math.ceil(value / rounded), step: rounded };
}

function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

export function DecisionsChart({ days, title }: { days: ChartDay[]; title: string }) {
  const id = useId();
  const totals = days.map((d) => d.approved + d.declined + d.underReview);
  const peak = Math.max(0, ...totals);
  const { max, step } = niceScale(peak);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = days.length > 0 ? plotW / days.length : plotW;
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const sum = (key: (typeof SERIES)[number]["key"]) => days.reduce((n, d) => n + d[key], 0);
  const summary = `${title}: ${sum("approved")} approved, ${sum("declined")} declined, ${sum("underReview")} under review over ${days.length} days; busiest day ${peak} reviews.`;

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
              {s.label}
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
                fontSize={11}
                fill="var(--p-color-text-secondary, #616161)"
              >
                {tick}
              </text>
            </g>
          ))}
          {days.map((d, i) => {
            const x = PAD.left + i * slot + (slot - barW) / 2;
            let base = 0;
            return (
              <g key={d.day}>
                <title>{`${shortDay(d.day)}: ${d.approved} approved, ${d.declined} declined, ${d.underReview} under review`}</title>
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
                {i % labelEvery === 0 ? (
                  <text
                    aria-hidden
                    x={x + barW / 2}
                    y={HEIGHT - 8}
                    textAnchor="middle"
                    fontSize={11}
                    fill="var(--p-color-text-secondary, #616161)"
                  >
                    {shortDay(d.day)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </Box>
      <Text as="span" visuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
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
