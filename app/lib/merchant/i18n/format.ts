import type { MerchantLocale } from "./locale";

/**
 * Formatting in the merchant's locale, currency and time zone. Every formatter names its
 * locale and time zone explicitly, so the server and the browser (whatever its own zone
 * and language) produce the same text and React hydrates without a mismatch.
 */
export interface Formatters {
  number(value: number, options?: Intl.NumberFormatOptions): string;
  percent(ratio: number, fractionDigits?: number): string;
  /** An amount (decimal string or number) in `currency`, or the shop's currency. */
  money(amount: string | number | null | undefined, currency?: string | null): string;
  dateTime(iso: string | Date | null | undefined): string;
  date(iso: string | Date | null | undefined): string;
  /** "3 min", "2 h 5 min": a duration for people. */
  duration(milliseconds: number | null | undefined): string;
}

const EMPTY = "—";

function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function createFormatters(locale: Pick<MerchantLocale, "locale" | "timeZone" | "currency">): Formatters {
  const tag = locale.locale;
  const dateTimeFormat = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: locale.timeZone,
  });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: locale.timeZone });
  const money = (amount: string | number | null | undefined, currency?: string | null): string => {
    if (amount === null || amount === undefined || amount === "") return EMPTY;
    const n = typeof amount === "number" ? amount : Number(amount);
    if (!Number.isFinite(n)) return String(amount);
    const code = currency ?? locale.currency;
    if (code && /^[A-Z]{3}$/.test(code)) {
      try {
        return new Intl.NumberFormat(tag, { style: "currency", currency: code }).format(n);
      } catch {
        // a code this runtime does not know: plain number and code below
      }
    }
    const plain = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
    return code ? `${plain} ${code}` : plain;
  };
  const number = (value: number, options?: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(tag, options).format(value);
  return {
    number,
    percent: (ratio, fractionDigits = 0) =>
      number(ratio, { style: "percent", minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }),
    money,
    dateTime: (value) => {
      const date = toDate(value);
      return date ? dateTimeFormat.format(date) : EMPTY;
    },
    date: (value) => {
      const date = toDate(value);
      return date ? dateFormat.format(date) : EMPTY;
    },
    duration: (milliseconds) => {
      if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) return EMPTY;
      const unit = (value: number, name: "second" | "minute" | "hour" | "day") =>
        number(value, { style: "unit", unit: name, unitDisplay: "short" });
      const seconds = Math.round(milliseconds / 1000);
      if (seconds < 60) return unit(seconds, "second");
      const minutes = Math.round(seconds / 60);
      if (minutes < 60) return unit(minutes, "minute");
      const hours = Math.floor(minutes / 60);
      if (hours < 48)
        return minutes % 60 ? `${unit(hours, "hour")} ${unit(minutes % 60, "minute")}` : unit(hours, "hour");
      return unit(Math.round(hours / 24), "day");
    },
  };
}
