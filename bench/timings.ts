/**
 * Per-order times of the sustained and many-shops runs: webhook → hold placed and
 * webhook → decision written back, from the recording proxy's calls (sandbox-process.ts
 * `orderTimings`) and the app's reviews (app-process.ts `decidedOrders`).
 *
 * Orders still without a hold (or a decision) when a run's window closes are not left
 * out, which would flatter the tail: each counts as "at least window end − sent" and a
 * percentile that such a lower bound could move is marked as a lower bound.
 */

/** [shop, orderId, firstHoldAt, lastCallAt, actualCost] per order, as orderTimings returns them. */
export type OrderTimingRow = [string, string, number | null, number | null, number];

export interface CensoredPercentiles {
  p50: number;
  p99: number;
  max: number;
  /** Orders measured, censored ones included. */
  count: number;
  /** Orders without the event by the end of the window (their value is a lower bound). */
  censored: number;
  /** The percentile is a lower bound: a censored value sits at or below its rank. */
  lowerBound: { p50: boolean; p99: boolean; max: boolean };
}

/** Nearest-rank percentiles of values some of which are lower bounds (done = false). */
export function censoredPercentiles(values: { ms: number; done: boolean }[]): CensoredPercentiles {
  const sorted = [...values].sort((a, b) => a.ms - b.ms);
  const firstCensored = sorted.findIndex((v) => !v.done);
  const rankIndex = (q: number) => Math.max(0, Math.ceil(q * sorted.length) - 1);
  const at = (q: number) => sorted[rankIndex(q)]?.ms ?? Number.NaN;
  const bound = (q: number) => firstCensored !== -1 && firstCensored <= rankIndex(q);
  return {
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1]?.ms ?? Number.NaN,
    count: sorted.length,
    censored: sorted.filter((v) => !v.done).length,
    lowerBound: { p50: bound(0.5), p99: bound(0.99), max: firstCensored !== -1 },
  };
}

export interface OrderOutcome {
  shop: string;
  orderId: string;
  sentAt: number;
  /** First hold Shopify executed for the order, if by the end of the window. */
  holdAt: number | null;
  /** Its decision written back (last executed call of a decided order), if by the end. */
  decidedAt: number | null;
  /** Actual Admin cost of the order's executed calls. */
  actualCost: number;
}

/** Joins what was sent with the proxy's timings and the app's decided orders, up to `endAt`. */
export function orderOutcomes(
  sent: { shop: string; orderId: string; sentAt: number }[],
  timings: OrderTimingRow[],
  decided: [string, string][],
  endAt: number,
): OrderOutcome[] {
  const byOrder = new Map(timings.map((t) => [t[1], t]));
  const decidedSet = new Set(decided.map(([shop, orderId]) => `${shop} ${orderId}`));
  return sent.map(({ shop, orderId, sentAt }) => {
    const t = byOrder.get(orderId);
    const holdAt = t?.[2] != null && t[2] <= endAt ? t[2] : null;
    const last = t?.[3] ?? null;
    const decidedAt = decidedSet.has(`${shop} ${orderId}`) && last !== null ? Math.min(last, endAt) : null;
    return { shop, orderId, sentAt, holdAt, decidedAt, actualCost: t?.[4] ?? 0 };
  });
}

/** Webhook → hold and webhook → decision over `outcomes`, orders without one counted up to `endAt`. */
export function outcomePercentiles(
  outcomes: OrderOutcome[],
  endAt: number,
): { hold: CensoredPercentiles; decision: CensoredPercentiles } {
  return {
    hold: censoredPercentiles(outcomes.map((o) => ({ ms: (o.holdAt ?? endAt) - o.sentAt, done: o.holdAt !== null }))),
    decision: censoredPercentiles(
      outcomes.map((o) => ({ ms: (o.decidedAt ?? endAt) - o.sentAt, done: o.decidedAt !== null })),
    ),
  };
}

/** "12.3 s", "0.17 s" (two decimals under 10 s: sub-second holds are compared as ratios), "≥ …" when a lower bound. */
export function formatSeconds(ms: number, lowerBound = false): string {
  if (!Number.isFinite(ms)) return "n/a";
  return `${lowerBound ? "≥ " : ""}${(ms / 1000).toFixed(Math.abs(ms) < 10_000 ? 2 : 1)} s`;
}

/** "p50 1.2 s, p99 3.4 s, max 5.6 s" (+ how many were still missing). */
export function formatPercentiles(p: CensoredPercentiles, missing = "without it at the end"): string {
  return (
    `p50 ${formatSeconds(p.p50, p.lowerBound.p50)}, p99 ${formatSeconds(p.p99, p.lowerBound.p99)}, max ${formatSeconds(p.max, p.lowerBound.max)}` +
    (p.censored ? ` (${p.censored} of ${p.count} ${missing})` : "")
  );
}
