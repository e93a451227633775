import type { MessageKey } from "../i18n/translate";

/** The dashboard's periods (pure: also used by the page to draw the picker); labels are i18n keys. */
export const PERIODS = [
  { id: "7d", label: "period.7d", days: 7 },
  { id: "30d", label: "period.30d", days: 30 },
  { id: "90d", label: "period.90d", days: 90 },
  { id: "365d", label: "period.365d", days: 365 },
] as const satisfies ReadonlyArray<{ id: string; label: MessageKey; days: number }>;
export type PeriodId = (typeof PERIODS)[number]["id"];
export const DEFAULT_PERIOD: PeriodId = "30d";

export interface Period {
  id: PeriodId;
  label: MessageKey;
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
