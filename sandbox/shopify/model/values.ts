/**
 * Values as Shopify writes them: global ids, DateTimes, money, decimals, tag lists, and
 * the userErrors of a refused mutation.
 */
import type { MoneyBag, MoneyV2, StoreUserError } from "./types";

export const GID_PREFIX = "gid://shopify/";

export function gid(type: string, id: number | string): string {
  return `${GID_PREFIX}${type}/${id}`;
}

/** `{ type, id }` of a gid, or undefined when it is not a Shopify gid. */
export function parseGid(value: string): { type: string; id: string } | undefined {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?#]+)(?:\?.*)?$/.exec(value);
  return m ? { type: m[1], id: m[2] } : undefined;
}

/** Shopify's DateTime format: ISO 8601 UTC without milliseconds. */
export function isoSeconds(ms: number | Date | string): string {
  const d = typeof ms === "string" ? new Date(ms) : typeof ms === "number" ? new Date(ms) : ms;
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date: ${String(ms)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function money(amount: string | number, currencyCode: string): MoneyV2 {
  return { __typename: "MoneyV2", amount: typeof amount === "number" ? amount.toFixed(2) : amount, currencyCode };
}

export function moneyBag(
  shop: string | number,
  shopCurrency: string,
  presentment?: string | number,
  presentmentCurrency?: string,
): MoneyBag {
  return {
    __typename: "MoneyBag",
    shopMoney: money(shop, shopCurrency),
    presentmentMoney: money(presentment ?? shop, presentmentCurrency ?? shopCurrency),
  };
}

/**
 * Renders a decimal the way Shopify's GraphQL Decimal scalar does: "10.00" → "10.0",
 * "404.95" → "404.95", "0" → "0.0".
 */
export function formatDecimal(value: string | number): string {
  let s = typeof value === "number" ? String(value) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  if (!s.includes(".")) return `${s}.0`;
  s = s.replace(/0+$/, "");
  return s.endsWith(".") ? `${s}0` : s;
}
/** Shopify's tag list input: each entry may itself be a comma-separated list. */
export function splitTags(tags: readonly string[] | string): string[] {
  const list = typeof tags === "string" ? [tags] : tags;
  return list
    .flatMap((t) => t.split(","))
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

function uniqueTagsCaseInsensitive(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    const k = t.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

/** Shopify keeps order tags unique (case-insensitively) and returns them sorted. */
export function normalizeTags(tags: readonly string[]): string[] {
  const key = (t: string) => t.toLowerCase();
  return uniqueTagsCaseInsensitive(tags).sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
}

/** A refused mutation's userError (without `code` when the API gives none). */
export function userError(field: string[] | null, message: string, code?: string | null): StoreUserError {
  return code === undefined ? { field, message } : { field, message, code };
}
