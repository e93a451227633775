/** The dashboard's periods (pure: also used by the page to draw the picker). */
export const PERIODS = [
  { id: "7d", label: "Last 7 days", days: 7 },
  { id: "30d", label: "Last 30 days", days: 30 },
  { id: "90d", label: "Last 90 days", days: 90 },
  { id: "365d", label: "Last 12 months", days: 365 },
] as const;
export type PeriodId = (typeof PERIODS)[number]["id"];
export const DEFAULT_PERIOD: PeriodId = "30d";

export interface Period {
  id: PeriodId;
  label: string;
  days: number;
  /** Inclusive start (UTC midnight, `days` calendar days including today). */
  since: Date;
  /** Exclusive end (start of tomorrow, UTC). */
  until: Date;
}

export function periodOf(id: string | null | undefined, now: Date = new Date()): Period {
  const spec = PERIODS.find((p) => p.id === id) ?? PERIODS.find((p) => p.id === DEFAULT_PERIOD)!;
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const since = new Date(until.getTime() - spec.days * 86_400_000);
  return { id: spec.id, label: spec.label, days: spec.days, since, until };
}
