import { createFormatters } from "../lib/merchant/i18n/format";
import { useI18n } from "./I18n";

/**
 * A timestamp in the shop's time zone and the admin user's locale. Both come from the
 * loader, so the server and the browser write the same text (no hydration mismatch, no
 * re-render), whatever the browser's own zone.
 */
export function DateTime({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  const { format } = useI18n();
  if (!value) return <>—</>;
  return <time dateTime={value}>{dateOnly ? format.date(value) : format.dateTime(value)}</time>;
}

/** An amount in the merchant's locale (see useI18n().format.money). */
export function Money({ amount, currency }: { amount: string | number | null | undefined; currency?: string | null }) {
  const { format } = useI18n();
  return <>{format.money(amount, currency)}</>;
}

const EN_US = createFormatters({ locale: "en-US", timeZone: "UTC", currency: null });

/**
 * @deprecated Outside a component only: inside one, use useI18n().format.money, which
 * follows the merchant's locale.
 */
export function formatMoney(amount: string | null | undefined, currency: string | null | undefined): string {
  return EN_US.money(amount, currency);
}
