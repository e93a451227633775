/**
 * The admin user's locale and the shop's currency and time zone: everything a page needs
 * to format text, numbers, money and dates the same way on the server and in the browser.
 *
 * Shopify passes the admin user's language to an embedded app as the `locale` URL
 * parameter of the document request (each staff member chooses their own language):
 * https://shopify.dev/tutorials/update-your-app-to-support-localization ("How Shopify sends
 * the locale to apps": "...&locale=en&..."). The shop's time zone and currency come from
 * the Admin API's Shop object (`ianaTimezone`, `currencyCode`, no access scope needed:
 * https://shopify.dev/docs/api/admin-graphql/latest/objects/Shop).
 */
export const LANGUAGES = ["en", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

export interface MerchantLocale {
  /** BCP 47 tag used for formatting, e.g. "fr", "fr-CA", "en-US". */
  locale: string;
  /** The language the app's strings are shown in. */
  language: Language;
  /** The shop's IANA time zone, e.g. "Europe/Paris"; every date is shown in it. */
  timeZone: string;
  /** The shop's currency (ISO 4217), or null while it is unknown. */
  currency: string | null;
}

export const FALLBACK_LOCALE: MerchantLocale = { locale: "en", language: "en", timeZone: "UTC", currency: null };

/** A `locale` parameter as Shopify sends it ("fr", "pt-BR", "en"), checked and canonicalised. */
export function parseLocaleTag(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 35 || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(raw)) return null;
  try {
    return Intl.getCanonicalLocales(raw.replace(/_/g, "-"))[0] ?? null;
  } catch {
    return null;
  }
}

export function languageOf(locale: string): Language {
  const base = locale.split("-")[0]?.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(base ?? "") ? (base as Language) : DEFAULT_LANGUAGE;
}

/** An IANA time zone this runtime knows, or null. */
export function parseTimeZone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function parseCurrency(raw: string | null | undefined): string | null {
  return raw && /^[A-Z]{3}$/.test(raw) ? raw : null;
}

export function merchantLocale(input: {
  locale?: string | null;
  timeZone?: string | null;
  currency?: string | null;
}): MerchantLocale {
  const locale = parseLocaleTag(input.locale) ?? FALLBACK_LOCALE.locale;
  return {
    locale,
    language: languageOf(locale),
    timeZone: parseTimeZone(input.timeZone) ?? FALLBACK_LOCALE.timeZone,
    currency: parseCurrency(input.currency),
  };
}
