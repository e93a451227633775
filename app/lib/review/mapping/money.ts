/** Decimals, money amounts and currency codes, never passed through floating point. */
import { cleanString } from "./strings";

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
/** Bounds of a sane money amount (well beyond any real order; keeps `total` exact as a number). */
const MAX_INTEGER_DIGITS = 15;
const MAX_FRACTION_DIGITS = 6;

/**
 * A Shopify Decimal ("404.95", "10.0", 12) as the API's "stringified decimal" with at
 * least two decimal places ("10.0" → "10.00"); extra precision (KWD, BHD) is kept.
 * Invalid (or more than 15 integer / 6 significant fraction digits) → undefined.
 * The digits are never passed through floating point.
 */
export function decimalString(value: unknown): string | undefined {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
    if (/e/i.test(text)) return undefined;
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return undefined;
  }
  if (!DECIMAL_RE.test(text)) return undefined;
  if (
    text
      .replace(/^-/, "")
      .split(".")[0]
      .replace(/^0+(?=\d)/, "").length > MAX_INTEGER_DIGITS
  )
    return undefined;
  const negative = text.startsWith("-");
  const unsigned = negative ? text.slice(1) : text;
  const [intRaw, fracRaw = ""] = unsigned.split(".");
  const intPart = intRaw.replace(/^0+(?=\d)/, "");
  // Trailing zeros beyond the second decimal carry no value: "19.990" → "19.99".
  let frac = fracRaw.replace(/0+$/, "");
  if (frac.length < 2) frac = frac.padEnd(2, "0");
  if (frac.length > MAX_FRACTION_DIGITS) return undefined;
  const isZero = /^0+$/.test(intPart) && /^0*$/.test(frac);
  return `${negative && !isZero ? "-" : ""}${intPart}.${frac}`;
}

/** The decimal as a number for `total` (finite, or undefined). */
export function decimalNumber(value: unknown): number | undefined {
  const text = decimalString(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The exact sum of stringified decimals (as decimalString writes them), as a
 * stringified decimal with the most decimals of its terms; never through floating point.
 */
export function sumDecimals(values: readonly string[]): string {
  const scale = Math.max(2, ...values.map((v) => v.split(".")[1]?.length ?? 0));
  let total = 0n;
  for (const value of values) {
    const negative = value.startsWith("-");
    const [int, frac = ""] = value.replace(/^-/, "").split(".");
    const units = BigInt(int + frac.padEnd(scale, "0"));
    total += negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** An amount in the transaction's currency: the money's decimal when its currency is `currency`, else undefined. */
export function amountIn(
  money: { amount?: unknown; currencyCode?: unknown } | null | undefined,
  currency: string,
): string | undefined {
  return currencyCode(money?.currencyCode) === currency ? decimalString(money?.amount) : undefined;
}

/** An ISO 4217 code, uppercased, or undefined. */
export function currencyCode(value: unknown): string | undefined {
  const text = cleanString(value)?.toUpperCase();
  return text !== undefined && /^[A-Z]{3}$/.test(text) ? text : undefined;
}
