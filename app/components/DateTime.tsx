import { useEffect, useState } from "react";

const UTC = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A timestamp in the merchant's own time zone. The server renders UTC (it cannot know
 * the browser's zone); after hydration the local time replaces it, without a mismatch.
 */
export function DateTime({ value }: { value: string | null | undefined }) {
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    if (value)
      setLocal(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value)));
  }, [value]);
  if (!value) return <>—</>;
  return <time dateTime={value}>{local ?? `${UTC.format(new Date(value))} UTC`}</time>;
}

export function formatMoney(amount: string | null | undefined, currency: string | null | undefined): string {
  if (!amount) return "—";
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(n);
    } catch {
      // unknown currency code: fall through
    }
  }
  return `${n.toFixed(2)}${currency ? ` ${currency}` : ""}`;
}
