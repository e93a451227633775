import { createContext, useContext, useMemo, type ReactNode } from "react";
import { createFormatters, type Formatters } from "../lib/merchant/i18n/format";
import { FALLBACK_LOCALE, type MerchantLocale } from "../lib/merchant/i18n/locale";
import { translator, type Translate } from "../lib/merchant/i18n/translate";

export interface I18n extends MerchantLocale {
  t: Translate;
  format: Formatters;
}

function i18nFor(locale: MerchantLocale): I18n {
  return { ...locale, t: translator(locale.language), format: createFormatters(locale) };
}

const I18nContext = createContext<I18n>(i18nFor(FALLBACK_LOCALE));

/** The merchant's language, locale, currency and time zone for every page below (set in app.tsx from the loader). */
export function I18nProvider({ value, children }: { value: MerchantLocale; children: ReactNode }) {
  const i18n = useMemo(() => i18nFor(value), [value]);
  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
