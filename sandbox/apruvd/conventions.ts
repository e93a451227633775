/**
 * What the app must send: the transaction contract (contract.ts) plus the integration's
 * stricter conventions — trimmed, non-empty, well-formed strings, no unknown keys,
 * integers and stringified decimals where the table says so, values that survive JSON
 * unchanged — reporting every violation, not only the first. The tests run it over
 * every mapped order (app/lib/review/mapping/*.test.ts, thousands of generated ones);
 * the sandbox's own check of what it receives is validate.ts.
 */
import { isIP } from "node:net";
import {
  AVS_CODES,
  CART_ITEM_BOOLEAN_KEYS,
  CART_ITEM_KEYS,
  CART_ITEM_LIMITS,
  characterCount,
  CURRENCY_RE,
  CVV_CODES,
  DATE_RE,
  DISCOUNT_CODE_KEYS,
  DISCOUNT_CODE_LIMITS,
  EMAIL_FIELDS,
  GIFT_CARD_DATE_KEYS,
  GIFT_CARD_DECIMAL_KEYS,
  GIFT_CARD_LIMITS,
  INTEGRATION_LIMITS,
  TEXT_FIELDS,
  TRANSACTION_FIELDS,
  TRANSACTION_STRING_LIMITS,
} from "./contract";

const TRANSACTION_KEYS = new Set<string>(TRANSACTION_FIELDS);
/** Stringified decimals as the app writes them: at least two, at most six decimals. */
const DECIMAL_STRING_RE = /^-?\d{1,15}\.\d{2,6}$/;
/**
 * An address as the app's mapping accepts it: one "@" with something on each side, no
 * whitespace. Looser than the API's check (validate.ts wants a dot in the domain); kept
 * as the tests have always applied it.
 */
const ADDRESS_RE = /^[^\s@]+@[^\s@]+$/;
const ADDITIONAL_TEXT_LIMIT = INTEGRATION_LIMITS.additionalText;
const EXTRA_VALUE_LIMIT = INTEGRATION_LIMITS.extraValue;

/** A lone (unpaired) UTF-16 surrogate: such a string is not valid UTF-8 once encoded. */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An IPv4 or IPv6 address without a zone id (node:net's parser, zone ids refused). */
function isIpAddress(value: string): boolean {
  return isIP(value) !== 0 && !value.includes("%");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkString(out: string[], path: string, value: unknown, max?: number, allowEmpty = false): void {
  if (typeof value !== "string") {
    out.push(`${path}: expected a string, got ${value === null ? "null" : typeof value}`);
    return;
  }
  if (!allowEmpty && value.trim() === "") out.push(`${path}: empty string (omit the field instead)`);
  if (value !== value.trim()) out.push(`${path}: not trimmed`);
  if (LONE_SURROGATE_RE.test(value)) out.push(`${path}: contains an unpaired surrogate`);
  if (max !== undefined && characterCount(value) > max)
    out.push(`${path}: ${characterCount(value)} characters > ${max}`);
}

function checkExtra(out: string[], path: string, extra: unknown, limits: Record<string, number>): void {
  if (!isPlainObject(extra)) {
    out.push(`${path}: expected an object`);
    return;
  }
  for (const [key, value] of Object.entries(extra)) {
    checkString(out, `${path}.${key}`, value, limits[key] ?? EXTRA_VALUE_LIMIT);
  }
}

/**
 * Every way `tx` breaks the Apruvd Transaction Objects table (or our stricter
 * conventions: trimmed non-empty strings, no unknown keys, JSON-safe values).
 * Empty array = valid. Accepts `unknown` so it can check any payload.
 */
export function transactionViolations(tx: unknown): string[] {
  const out: string[] = [];
  if (!isPlainObject(tx)) return ["transaction: expected an object"];

  for (const [key, value] of Object.entries(tx)) {
    if (!TRANSACTION_KEYS.has(key)) out.push(`${key}: not an Apruvd transaction field`);
    if (value === undefined) out.push(`${key}: undefined value (omit the key instead)`);
  }

  // Required
  checkString(out, "type", tx.type);
  if (typeof tx.total !== "number" || !Number.isFinite(tx.total))
    out.push(`total: expected a finite number, got ${String(tx.total)}`);
  else if (tx.total < 0) out.push(`total: negative (${tx.total})`);
  if (typeof tx.currency !== "string" || !CURRENCY_RE.test(tx.currency))
    out.push(`currency: expected an ISO 4217 code, got ${JSON.stringify(tx.currency)}`);

  // Strings with documented lengths
  for (const [field, max] of Object.entries(TRANSACTION_STRING_LIMITS)) {
    if (tx[field] === undefined) continue;
    checkString(out, field, tx[field], max);
  }
  for (const field of EMAIL_FIELDS) {
    if (typeof tx[field] === "string" && !ADDRESS_RE.test(tx[field] as string))
      out.push(`${field}: not an email address`);
  }
  if (typeof tx.ip === "string" && !isIpAddress(tx.ip)) out.push(`ip: not an IPv4/IPv6 address`);
  for (const field of TEXT_FIELDS) {
    if (tx[field] !== undefined) checkString(out, field, tx[field], ADDITIONAL_TEXT_LIMIT);
  }

  // Card
  if (tx.first_six !== undefined) {
    const v = tx.first_six;
    if (typeof v !== "number" || !Number.isSafeInteger(v)) out.push(`first_six: expected an integer`);
    else if (!/^[1-9](\d{5}|\d{7})$/.test(String(v))) out.push(`first_six: expected 6 or 8 digits, got ${v}`);
  }
  if (tx.last_four !== undefined) {
    const v = tx.last_four;
    if (typeof v !== "number" || !Number.isSafeInteger(v)) out.push(`last_four: expected an integer`);
    else if (v < 0 || v > 9999) out.push(`last_four: out of range 0..9999 (${v})`);
  }
  if (tx.auth_attempts !== undefined) {
    const v = tx.auth_attempts;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
      out.push(`auth_attempts: expected a non-negative integer`);
  }
  if (tx.avs !== undefined && !(AVS_CODES as readonly unknown[]).includes(tx.avs))
    out.push(`avs: undocumented value ${JSON.stringify(tx.avs)}`);
  if (tx.cvv !== undefined && !(CVV_CODES as readonly unknown[]).includes(tx.cvv))
    out.push(`cvv: undocumented value ${JSON.stringify(tx.cvv)}`);
  if (tx.digital_only_order !== undefined && typeof tx.digital_only_order !== "boolean")
    out.push(`digital_only_order: expected a boolean`);

  // Gift cards
  if (tx.gift_cards !== undefined) {
    if (!Array.isArray(tx.gift_cards)) out.push(`gift_cards: expected a list`);
    else
      tx.gift_cards.forEach((card: unknown, i: number) => {
        const p = `gift_cards[${i}]`;
        if (!isPlainObject(card)) {
          out.push(`${p}: expected an object`);
          return;
        }
        if (card.merchant_payment_id === undefined) out.push(`${p}.merchant_payment_id: required`);
        for (const [key, value] of Object.entries(card)) {
          const limit = (GIFT_CARD_LIMITS as Record<string, number>)[key];
          checkString(out, `${p}.${key}`, value, limit ?? EXTRA_VALUE_LIMIT);
        }
        for (const key of GIFT_CARD_DECIMAL_KEYS) {
          if (typeof card[key] === "string" && !DECIMAL_STRING_RE.test(card[key] as string))
            out.push(`${p}.${key}: not a stringified decimal`);
        }
        for (const key of GIFT_CARD_DATE_KEYS) {
          if (typeof card[key] === "string" && !DATE_RE.test(card[key] as string))
            out.push(`${p}.${key}: not YYYY-MM-DD`);
        }
        if (typeof card.currency === "string" && !CURRENCY_RE.test(card.currency))
          out.push(`${p}.currency: not an ISO 4217 code`);
      });
  }

  // Cart
  if (tx.cart_contents !== undefined) {
    if (!Array.isArray(tx.cart_contents)) out.push(`cart_contents: expected a list`);
    else
      tx.cart_contents.forEach((item: unknown, i: number) => {
        const p = `cart_contents[${i}]`;
        if (!isPlainObject(item)) {
          out.push(`${p}: expected an object`);
          return;
        }
        for (const key of Object.keys(item))
          if (!(CART_ITEM_KEYS as readonly string[]).includes(key)) out.push(`${p}.${key}: unknown key`);
        const extra = item.extra;
        const hasSku = isPlainObject(extra) && typeof extra.sku === "string" && extra.sku.trim() !== "";
        if (item.item === undefined && !hasSku) out.push(`${p}: needs item or extra.sku`);
        if (item.item !== undefined) checkString(out, `${p}.item`, item.item, CART_ITEM_LIMITS.item);
        for (const key of CART_ITEM_BOOLEAN_KEYS) {
          if (item[key] !== undefined && typeof item[key] !== "boolean") out.push(`${p}.${key}: expected a boolean`);
        }
        if (
          item.quantity !== undefined &&
          (typeof item.quantity !== "number" || !Number.isSafeInteger(item.quantity) || item.quantity < 0)
        ) {
          out.push(`${p}.quantity: expected a non-negative integer`);
        }
        if (
          item.unit_price !== undefined &&
          (typeof item.unit_price !== "string" || !DECIMAL_STRING_RE.test(item.unit_price))
        ) {
          out.push(`${p}.unit_price: not a stringified decimal`);
        }
        if (extra !== undefined) checkExtra(out, `${p}.extra`, extra, CART_ITEM_LIMITS);
      });
  }

  // Discounts
  if (tx.discount_codes !== undefined) {
    if (!Array.isArray(tx.discount_codes)) out.push(`discount_codes: expected a list`);
    else
      tx.discount_codes.forEach((discount: unknown, i: number) => {
        const p = `discount_codes[${i}]`;
        if (!isPlainObject(discount)) {
          out.push(`${p}: expected an object`);
          return;
        }
        for (const key of Object.keys(discount))
          if (!(DISCOUNT_CODE_KEYS as readonly string[]).includes(key)) out.push(`${p}.${key}: unknown key`);
        for (const key of ["code", "description", "discount_type"] as const) {
          if (discount[key] !== undefined) checkString(out, `${p}.${key}`, discount[key], DISCOUNT_CODE_LIMITS[key]);
        }
        if (
          discount.amount !== undefined &&
          (typeof discount.amount !== "string" || !DECIMAL_STRING_RE.test(discount.amount))
        ) {
          out.push(`${p}.amount: not a stringified decimal`);
        }
        if (discount.extra !== undefined) checkExtra(out, `${p}.extra`, discount.extra, {});
      });
  }

  // JSON round trip (catches NaN, Infinity, functions, class instances, cycles).
  try {
    const json = JSON.stringify(tx);
    if (json !== JSON.stringify(JSON.parse(json))) out.push("transaction: does not survive a JSON round trip");
    if (!isDeepJsonEqual(tx, JSON.parse(json))) out.push("transaction: changes through JSON serialisation");
  } catch (error) {
    out.push(`transaction: not JSON-serialisable (${(error as Error).message})`);
  }
  return out;
}

function isDeepJsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => isDeepJsonEqual(v, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => isDeepJsonEqual(a[k], b[k]));
  }
  return false;
}
