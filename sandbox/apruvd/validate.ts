/**
 * What the sandbox accepts: a submit ("create") or update body checked against the
 * transaction contract (contract.ts) as the Apruvd reference describes it (types,
 * string limits counted in characters, enums, JSON structures), answering the first
 * violation the way the API does. Messages name the field and the rule — never the submitted value, so they
 * are safe to log and to return. Unknown fields are ignored, like the real API.
 *
 * What the app must send is stricter: see conventions.ts (`transactionViolations`).
 */
import { isIP } from "node:net";
import {
  AVS_CODES,
  CART_ITEM_BOOLEAN_KEYS,
  CART_ITEM_LIMITS,
  characterCount,
  CURRENCY_RE,
  CVV_CODES,
  DATE_RE,
  DISCOUNT_CODE_LIMITS,
  EMAIL_FIELDS as EMAIL_FIELD_LIST,
  GIFT_CARD_DATE_KEYS,
  GIFT_CARD_DECIMAL_KEYS,
  GIFT_CARD_LIMITS,
  REQUIRED_TRANSACTION_FIELDS,
  TEXT_FIELDS as TEXT_FIELD_LIST,
  TRANSACTION_FIELDS,
  TRANSACTION_STRING_LIMITS,
  TRANSACTION_TYPES,
} from "./contract";

const EMAIL_FIELDS = new Set<string>(EMAIL_FIELD_LIST);
const TEXT_FIELDS = new Set<string>(TEXT_FIELD_LIST);
const STRING_LIMITS: Record<string, number> = TRANSACTION_STRING_LIMITS;
const REQUIRED = new Set<string>(REQUIRED_TRANSACTION_FIELDS);
const AVS = new Set<string>(AVS_CODES);
const CVV = new Set<string>(CVV_CODES);
const TYPES = new Set<string>(TRANSACTION_TYPES);

/** The API's address check: one "@", and a dot in the domain. */
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

class Invalid extends Error {}
const fail = (field: string, reason: string): never => {
  throw new Invalid(`${field}: ${reason}`);
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function checkString(field: string, v: unknown, max?: number): void {
  if (typeof v !== "string") fail(field, "Not a valid string.");
  if (max !== undefined && characterCount(v as string) > max)
    fail(field, `Ensure this field has no more than ${max} characters.`);
}

function checkDecimal(field: string, v: unknown, opts: { nonNegative?: boolean } = {}): void {
  const ok = (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && DECIMAL_RE.test(v.trim()));
  if (!ok) fail(field, "A valid number is required.");
  if (opts.nonNegative && Number(v) < 0) fail(field, "Ensure this value is greater than or equal to 0.");
}

function checkInteger(field: string, v: unknown, min = 0): void {
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) fail(field, "A valid integer is required.");
  if ((n as number) < min) fail(field, `Ensure this value is greater than or equal to ${min}.`);
}

function checkCurrency(field: string, v: unknown): void {
  if (typeof v !== "string" || !CURRENCY_RE.test(v)) fail(field, "Must be a 3-letter ISO 4217 currency code.");
}

function checkDate(field: string, v: unknown): void {
  if (typeof v !== "string" || !DATE_RE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    fail(field, "Date has wrong format. Use YYYY-MM-DD.");
  }
}

function checkBoolean(field: string, v: unknown): void {
  if (typeof v !== "boolean") fail(field, "Must be a valid boolean.");
}

function checkList(field: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) fail(field, "Expected a list of objects.");
  return v as unknown[];
}

function checkGiftCards(v: unknown): void {
  checkList("gift_cards", v).forEach((card, i) => {
    const f = `gift_cards[${i}]`;
    if (!isObject(card)) return fail(f, "Expected an object.");
    if (
      card.merchant_payment_id === undefined ||
      card.merchant_payment_id === null ||
      card.merchant_payment_id === ""
    ) {
      fail(`${f}.merchant_payment_id`, "This field is required.");
    }
    checkString(`${f}.merchant_payment_id`, card.merchant_payment_id, GIFT_CARD_LIMITS.merchant_payment_id);
    for (const k of GIFT_CARD_DECIMAL_KEYS) {
      if (card[k] !== undefined && card[k] !== null) checkDecimal(`${f}.${k}`, card[k]);
    }
    if (card.currency !== undefined && card.currency !== null) checkCurrency(`${f}.currency`, card.currency);
    if (card.last_four !== undefined && card.last_four !== null)
      checkString(`${f}.last_four`, card.last_four, GIFT_CARD_LIMITS.last_four);
    for (const k of GIFT_CARD_DATE_KEYS) {
      if (card[k] !== undefined && card[k] !== null) checkDate(`${f}.${k}`, card[k]);
    }
    for (const k of ["purchaser_name", "purchaser_email", "recipient_name", "recipient_email"] as const) {
      if (card[k] !== undefined && card[k] !== null) checkString(`${f}.${k}`, card[k], GIFT_CARD_LIMITS[k]);
    }
    if (card.type !== undefined && card.type !== null) checkString(`${f}.type`, card.type);
  });
}

function checkCart(v: unknown): void {
  checkList("cart_contents", v).forEach((line, i) => {
    const f = `cart_contents[${i}]`;
    if (!isObject(line)) return fail(f, "Expected an object.");
    if (line.item !== undefined && line.item !== null) checkString(`${f}.item`, line.item, CART_ITEM_LIMITS.item);
    let sku: unknown;
    if (line.extra !== undefined && line.extra !== null) {
      if (!isObject(line.extra)) fail(`${f}.extra`, "Expected an object.");
      const extra = line.extra as Record<string, unknown>;
      if (extra.link !== undefined && extra.link !== null)
        checkString(`${f}.extra.link`, extra.link, CART_ITEM_LIMITS.link);
      if (extra.sku !== undefined && extra.sku !== null) checkString(`${f}.extra.sku`, extra.sku, CART_ITEM_LIMITS.sku);
      sku = extra.sku;
    }
    const hasItem = typeof line.item === "string" && line.item.trim() !== "";
    const hasSku = typeof sku === "string" && sku.trim() !== "";
    if (!hasItem && !hasSku) fail(f, "One of item or extra.sku is required.");
    for (const k of CART_ITEM_BOOLEAN_KEYS) {
      if (line[k] !== undefined && line[k] !== null) checkBoolean(`${f}.${k}`, line[k]);
    }
    if (line.quantity !== undefined && line.quantity !== null) checkInteger(`${f}.quantity`, line.quantity);
    if (line.unit_price !== undefined && line.unit_price !== null) checkDecimal(`${f}.unit_price`, line.unit_price);
  });
}

function checkDiscounts(v: unknown): void {
  checkList("discount_codes", v).forEach((code, i) => {
    const f = `discount_codes[${i}]`;
    if (!isObject(code)) return fail(f, "Expected an object.");
    for (const k of ["code", "description", "discount_type"] as const) {
      if (code[k] !== undefined && code[k] !== null) checkString(`${f}.${k}`, code[k], DISCOUNT_CODE_LIMITS[k]);
    }
    if (code.amount !== undefined && code.amount !== null) checkDecimal(`${f}.amount`, code.amount);
    if (code.extra !== undefined && code.extra !== null && !isObject(code.extra))
      fail(`${f}.extra`, "Expected an object.");
  });
}

function checkField(field: string, v: unknown): void {
  switch (field) {
    case "type":
      if (typeof v !== "string" || !TYPES.has(v))
        fail(field, `Not a valid choice (expected ${[...TYPES].join(", ")}).`);
      return;
    case "total":
      return checkDecimal(field, v, { nonNegative: true });
    case "currency":
      return checkCurrency(field, v);
    case "ip":
      checkString(field, v, STRING_LIMITS.ip);
      if (v !== "" && isIP(v as string) === 0) fail(field, "Enter a valid IPv4 or IPv6 address.");
      return;
    case "first_six": {
      const digits = typeof v === "number" && Number.isInteger(v) && v > 0 ? String(v) : typeof v === "string" ? v : "";
      if (!/^\d{6}$|^\d{8}$/.test(digits)) fail(field, "Must be the first 6 or 8 digits of the card number.");
      return;
    }
    case "last_four": {
      const ok =
        (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 9999) ||
        (typeof v === "string" && /^\d{1,4}$/.test(v));
      if (!ok) fail(field, "Must be an integer of at most 4 digits.");
      return;
    }
    case "avs":
      if (typeof v !== "string" || !AVS.has(v)) fail(field, "Not a valid AVS response code.");
      return;
    case "cvv":
      if (typeof v !== "string" || !CVV.has(v)) fail(field, "Not a valid CVV response code.");
      return;
    case "auth_attempts":
      return checkInteger(field, v);
    case "digital_only_order":
      return checkBoolean(field, v);
    case "gift_cards":
      return checkGiftCards(v);
    case "cart_contents":
      return checkCart(v);
    case "discount_codes":
      return checkDiscounts(v);
    default:
      if (TEXT_FIELDS.has(field)) return checkString(field, v);
      checkString(field, v, STRING_LIMITS[field]);
      if (EMAIL_FIELDS.has(field) && v !== "" && !EMAIL_RE.test(v as string))
        fail(field, "Enter a valid email address.");
  }
}

/**
 * Validate a submit ("create") or update body. Returns "<field>: <reason>" for
 * the first violation (in documented field order), or null when valid.
 */
export function validateTransaction(body: Record<string, unknown>, mode: "create" | "update"): string | null {
  try {
    for (const field of TRANSACTION_FIELDS) {
      const v = body[field];
      const required = REQUIRED.has(field);
      if (v === undefined || v === null) {
        if (mode === "create" && required) fail(field, "This field is required.");
        if (v === null && required) fail(field, "This field may not be null.");
        continue;
      }
      checkField(field, v);
    }
    return null;
  } catch (error) {
    if (error instanceof Invalid) return error.message;
    throw error;
  }
}

/** Only the documented fields of a body, for storage. */
export function pickTransactionFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of TRANSACTION_FIELDS) if (body[field] !== undefined) out[field] = body[field];
  return out;
}
