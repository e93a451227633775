import type { AdminGraphql } from "../../clients/shopify/admin-graphql";
import { SHOP_LOCALE_QUERY } from "../../clients/shopify/graphql/shop-locale.query";
import type { ShopLocaleQuery } from "../../../types/admin.generated";
import { parseCurrency, parseTimeZone } from "./locale";

export interface ShopLocale {
  timeZone: string | null;
  currency: string | null;
}

const TTL_MS = 15 * 60_000;
const FAILED_TTL_MS = 60_000;
const cache = new Map<string, { value: ShopLocale; expires: number }>();

/**
 * The shop's IANA time zone and currency, asked of Shopify at most every 15 minutes per
 * shop (every page's layout needs them). When Shopify cannot be asked, null values: the
 * pages then show UTC and plain amounts instead of failing, and ask again a minute later.
 */
export async function shopLocale(admin: AdminGraphql, shop: string, now = Date.now()): Promise<ShopLocale> {
  const cached = cache.get(shop);
  if (cached && cached.expires > now) return cached.value;
  let value: ShopLocale;
  let ttl = TTL_MS;
  try {
    const data = await admin<ShopLocaleQuery>(SHOP_LOCALE_QUERY);
    value = { timeZone: parseTimeZone(data.shop.ianaTimezone), currency: parseCurrency(data.shop.currencyCode) };
  } catch {
    value = { timeZone: null, currency: null };
    ttl = FAILED_TTL_MS;
  }
  cache.set(shop, { value, expires: now + ttl });
  return value;
}

export function forgetShopLocale(shop?: string): void {
  if (shop) cache.delete(shop);
  else cache.clear();
}
