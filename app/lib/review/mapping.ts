/**
 * Shopify order (the OrderForReview Admin query) → Apruvd transaction.
 *
 * Every field of the Apruvd "Transaction Objects" table is covered here; the
 * merchant-readable version of the mapping is docs/mapping.md. Rules that hold for
 * every output (lengths, integer fields, enums, JSON structures) are checked by
 * `transactionViolations`, which the tests run over thousands of generated orders.
 *
 * The mapper never throws for a missing optional field: orders without a card
 * (net terms / B2B, bank deposit, COD, POS cash, pure gift card, zero total) map to
 * a transaction with the card fields left out. It throws `MappingError` only when
 * the order has no usable total or currency.
 */
import type { OrderForReviewQuery } from "../../types/admin.generated";
import {
  AVS_CODES,
  CVV_CODES,
  TRANSACTION_STRING_LIMITS,
  type ApruvdCartItem,
  type ApruvdDiscountCode,
  type ApruvdGiftCard,
  type ApruvdTransaction,
  type AvsCode,
  type CvvCode,
} from "../clients/apruvd/types";

export type ReviewOrder = NonNullable<OrderForReviewQuery["order"]>;
export type ReviewTransaction = ReviewOrder["transactions"][number];
export type ReviewLineItem = ReviewOrder["lineItems"]["nodes"][number];
export type ReviewDiscountApplication = ReviewOrder["discountApplications"]["nodes"][number];
export type ReviewAddress = NonNullable<ReviewOrder["billingAddress"]>;
export type ReviewCardPaymentDetails = Extract<
  NonNullable<ReviewTransaction["paymentDetails"]>,
  { __typename: "CardPaymentDetails" }
>;

export interface MappingOptions {
  /** "name": order name without "#" (e.g. "1001"); "id": the numeric order id (legacyResourceId). */
  orderNumberSource: "name" | "id";
  /** Product tag that marks a product as high risk (case-insensitive). Unset → every item is_high_risk: false. */
  highRiskProductTag?: string | null;
  /** Order custom attribute (note attribute) keys that carry the storefront session id. */
  sessionIdAttributeKeys?: string[];
  /** Storefront base URL, e.g. https://shop.example.com, for cart_contents[].extra.link. */
  storefrontUrl?: string;
  /** Apruvd transaction type. Default "Ecommerce". */
  transactionType?: string;
}

export const DEFAULT_SESSION_ID_ATTRIBUTE_KEYS: readonly string[] = ["apruvd_session_id", "_apruvd_session_id"];
export const DEFAULT_TRANSACTION_TYPE = "Ecommerce";

/** Limits of the nested JSON structures (gift_cards, cart_contents, discount_codes). */
export const GIFT_CARD_LIMITS = {
  merchant_payment_id: 50,
  last_four: 4,
  purchaser_name: 100,
  purchaser_email: 100,
  recipient_name: 100,
  recipient_email: 100,
} as const;
export const CART_ITEM_LIMITS = { item: 250, link: 250, sku: 250 } as const;
export const DISCOUNT_CODE_LIMITS = { code: 250, description: 250, discount_type: 250 } as const;
/**
 * additional_1..3 are "text" in the API (no documented length). We cap them so one
 * pathological note cannot blow up the request; 10,000 characters is far above any
 * real order note.
 */
export const ADDITIONAL_TEXT_LIMIT = 10_000;
/** Strings inside `extra` objects that have no documented limit. */
export const EXTRA_VALUE_LIMIT = 250;

export type MappingErrorCode = "MISSING_TOTAL" | "INVALID_TOTAL" | "MISSING_CURRENCY" | "INVALID_CURRENCY";

/** Thrown only when the order lacks the API's required total/currency. */
export class MappingError extends Error {
  override readonly name = "MappingError";
  constructor(
    readonly code: MappingErrorCode,
    message: string,
    readonly orderId?: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// String helpers
// ---------------------------------------------------------------------------

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Replaces unpaired surrogates with U+FFFD so the string is valid UTF-16 (and valid UTF-8 once encoded). */
export function toWellFormed(value: string): string {
  let out = "";
  let changed = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isHighSurrogate(code)) {
      if (i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
        out += value[i] + value[i + 1];
        i++;
        continue;
      }
      out += "\uFFFD";
      changed = true;
    } else if (isLowSurrogate(code)) {
      out += "\uFFFD";
      changed = true;
    } else {
      out += value[i];
    }
  }
  return changed ? out : value;
}

/** True when the string has no unpaired surrogate. */
export function isWellFormed(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isHighSurrogate(code)) {
      if (i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      return false;
    }
    if (isLowSurrogate(code)) return false;
  }
  return true;
}

/**
 * Cuts to at most `max` UTF-16 code units without splitting a surrogate pair.
 * (Counting code units is the strict reading: it is never more than the number of
 * characters, so the result also fits a limit counted in characters.)
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= 0) return "";
  let end = max;
  if (isHighSurrogate(value.charCodeAt(end - 1)) && isLowSurrogate(value.charCodeAt(end))) end -= 1;
  return value.slice(0, end);
}

/**
 * Normalises a free-text value: non-strings (and numbers) are stringified, unpaired
 * surrogates replaced, whitespace trimmed, empty → undefined, then cut to `max`.
 */
export function cleanString(value: unknown, max?: number): string | undefined {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (typeof value === "bigint") text = value.toString();
  else return undefined;
  text = toWellFormed(text).trim();
  if (max !== undefined) text = truncate(text, max).trimEnd();
  return text === "" ? undefined : text;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

/**
 * An email address as the API validates it: trimmed, at most `max` characters, one
 * "@" with something on each side, no whitespace. Anything else → undefined (an
 * address cut short would be a different, wrong address, so it is dropped instead).
 */
export function cleanEmail(value: unknown, max = 254): string | undefined {
  const text = cleanString(value);
  if (text === undefined || text.length > max || !EMAIL_RE.test(text)) return undefined;
  return text;
}

// ---------------------------------------------------------------------------
// Numbers and money
// ---------------------------------------------------------------------------

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
  if (text.replace(/^-/, "").split(".")[0].replace(/^0+(?=\d)/, "").length > MAX_INTEGER_DIGITS) return undefined;
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

function currencyCode(value: unknown): string | undefined {
  const text = cleanString(value)?.toUpperCase();
  return text !== undefined && /^[A-Z]{3}$/.test(text) ? text : undefined;
}

/** "gid://shopify/OrderTransaction/123" → "123"; plain values pass through. */
export function numericIdFromGid(value: unknown): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  const match = /\/(\d+)(?:\?.*)?$/.exec(text);
  return match ? match[1] : text;
}

// ---------------------------------------------------------------------------
// IP
// ---------------------------------------------------------------------------

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(value: string): boolean {
  return IPV4_RE.test(value);
}

/** An IPv6 address (no zone id) as its eight 16-bit groups, or null when invalid. */
export function expandIPv6(value: string): number[] | null {
  if (value.length < 2 || value.length > 45) return null;
  const halves = value.split("::");
  if (halves.length > 2) return null;
  const parseGroups = (part: string, allowIpv4Tail: boolean): number[] | null => {
    if (part === "") return [];
    const pieces = part.split(":");
    const groups: number[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (allowIpv4Tail && i === pieces.length - 1 && piece.includes(".")) {
        if (!isIPv4(piece)) return null;
        const [a, b, c, d] = piece.split(".").map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  if (halves.length === 2) {
    const head = parseGroups(halves[0], false);
    const tail = parseGroups(halves[1], true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const groups = parseGroups(value, true);
  return groups !== null && groups.length === 8 ? groups : null;
}

export function isIPv6(value: string): boolean {
  return expandIPv6(value) !== null;
}

/**
 * The customer's IP for `ip`: a valid IPv4 or IPv6 address of at most 39 characters.
 * IPv4-mapped IPv6 ("::ffff:203.0.113.7") is reported as the IPv4 address; zone ids,
 * ports, lists and anything else invalid → undefined.
 */
export function normalizeIp(value: unknown): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  if (isIPv4(text)) return text;
  const groups = expandIPv6(text);
  if (groups === null) return undefined;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
  }
  return text.length <= TRANSACTION_STRING_LIMITS.ip ? text.toLowerCase() : undefined;
}

// ---------------------------------------------------------------------------
// Card data
// ---------------------------------------------------------------------------

/** Transaction kinds that are an authorization attempt against a card. */
export const AUTH_KINDS: readonly string[] = ["AUTHORIZATION", "SALE", "EMV_AUTHORIZATION"];

export function isCardDetails(details: ReviewTransaction["paymentDetails"]): details is ReviewCardPaymentDetails {
  return details != null && details.__typename === "CardPaymentDetails";
}

function isGiftCardGateway(gateway: unknown): boolean {
  return typeof gateway === "string" && gateway.trim().toLowerCase() === "gift_card";
}

/** First six/eight digits of the card as an integer; anything but 6 or 8 digits (or a leading 0) → undefined. */
export function parseBin(value: unknown): number | undefined {
  const text = cleanString(value)?.replace(/[\s-]/g, "");
  if (text === undefined || !/^[1-9](\d{5}|\d{7})$/.test(text)) return undefined;
  return Number(text);
}

/** Last four digits of a masked card number ("•••• •••• •••• 4242", "**** 4242", "xxxx-4242") as an integer. */
export function parseLastFour(value: unknown): number | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  const match = /(\d{4})\D*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Card holder "John Q. Public" → ["John", "Q. Public"], each cut to 50. */
export function splitCardholderName(value: unknown): { first?: string; last?: string } {
  const text = cleanString(value);
  if (text === undefined) return {};
  const words = text.split(/\s+/);
  const first = cleanString(words[0], TRANSACTION_STRING_LIMITS.cc_name);
  const last = cleanString(words.slice(1).join(" "), TRANSACTION_STRING_LIMITS.cc_name_2);
  return { ...(first ? { first } : {}), ...(last ? { last } : {}) };
}

export function normalizeAvs(value: unknown): AvsCode {
  const code = cleanString(value)?.toUpperCase() ?? "";
  return (AVS_CODES as readonly string[]).includes(code) ? (code as AvsCode) : "";
}

export function normalizeCvv(value: unknown): CvvCode {
  const code = cleanString(value)?.toUpperCase() ?? "";
  return (CVV_CODES as readonly string[]).includes(code) ? (code as CvvCode) : "";
}

function processedTime(tx: ReviewTransaction): number {
  const t = typeof tx.processedAt === "string" ? Date.parse(tx.processedAt) : NaN;
  return Number.isFinite(t) ? t : -Infinity;
}

/** Stable "latest" ordering: processedAt, then position in the list. */
function latest<T extends { tx: ReviewTransaction; index: number }>(items: T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (
      best === undefined ||
      processedTime(item.tx) > processedTime(best.tx) ||
      (processedTime(item.tx) === processedTime(best.tx) && item.index > best.index)
    ) {
      best = item;
    }
  }
  return best;
}

/**
 * The transaction whose card data is reported: among authorization-kind card
 * transactions the successful one (the largest if several cards succeeded, then the
 * latest), else the latest attempt; a card CAPTURE only when no authorization-kind
 * card transaction exists.
 */
export function selectCardTransaction(transactions: readonly ReviewTransaction[] | null | undefined): ReviewTransaction | undefined {
  const indexed = (transactions ?? []).map((tx, index) => ({ tx, index })).filter(({ tx }) => tx != null && isCardDetails(tx.paymentDetails));
  const auths = indexed.filter(({ tx }) => AUTH_KINDS.includes(String(tx.kind)));
  const pool = auths.length > 0 ? auths : indexed.filter(({ tx }) => String(tx.kind) === "CAPTURE");
  if (pool.length === 0) return undefined;
  const successful = pool.filter(({ tx }) => String(tx.status) === "SUCCESS");
  if (successful.length > 0) {
    const amountOf = (tx: ReviewTransaction) => decimalNumber(tx.amountSet?.presentmentMoney?.amount) ?? 0;
    const top = Math.max(...successful.map(({ tx }) => amountOf(tx)));
    return latest(successful.filter(({ tx }) => amountOf(tx) === top))?.tx;
  }
  return latest(pool)?.tx;
}

/**
 * Authorization attempts against cards: AUTHORIZATION, SALE and EMV_AUTHORIZATION
 * transactions of any status (failed and errored included) that carry card details,
 * plus such transactions without any payment details (a declined attempt may have
 * none) unless they are gift-card or manual-gateway payments. Non-card wallets
 * (PayPal, local methods, Shop Pay Installments) are not card attempts.
 */
export function countAuthAttempts(transactions: readonly ReviewTransaction[] | null | undefined): number {
  return (transactions ?? []).filter(
    (tx) =>
      tx != null &&
      AUTH_KINDS.includes(String(tx.kind)) &&
      (isCardDetails(tx.paymentDetails) ||
        (tx.paymentDetails == null && !isGiftCardGateway(tx.gateway) && tx.manualPaymentGateway !== true)),
  ).length;
}

// ---------------------------------------------------------------------------
// Gift cards
// ---------------------------------------------------------------------------

/** receiptJson as an object: accepts an object or a JSON string; anything else → {}. */
export function parseReceipt(receipt: unknown): Record<string, unknown> {
  let value = receipt;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function mapGiftCards(order: ReviewOrder): ApruvdGiftCard[] {
  const cards: ApruvdGiftCard[] = [];
  for (const tx of order.transactions ?? []) {
    if (tx == null || !isGiftCardGateway(tx.gateway)) continue;
    if (!["SALE", "CAPTURE"].includes(String(tx.kind)) || String(tx.status) !== "SUCCESS") continue;
    const receipt = parseReceipt(tx.receiptJson);
    const id =
      cleanString(receipt.gift_card_id, GIFT_CARD_LIMITS.merchant_payment_id) ??
      cleanString(numericIdFromGid(tx.id), GIFT_CARD_LIMITS.merchant_payment_id);
    if (id === undefined) continue;
    const card: ApruvdGiftCard = { merchant_payment_id: id };
    const money = tx.amountSet?.presentmentMoney;
    const amount = decimalString(money?.amount);
    if (amount !== undefined) card.amount = amount;
    const currency = currencyCode(money?.currencyCode);
    if (currency !== undefined) card.currency = currency;
    const lastFour = lastCharacters(receipt.gift_card_last_characters, GIFT_CARD_LIMITS.last_four);
    if (lastFour !== undefined) card.last_four = lastFour;
    card.type = "electronic";
    cards.push(card);
  }
  return cards;
}

/** The last `n` UTF-16 units of a value (never starting inside a surrogate pair), trimmed. */
export function lastCharacters(value: unknown, n: number): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  let start = Math.max(0, text.length - n);
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start += 1;
  return cleanString(text.slice(start));
}

/** "Recipient email", "recipient_email", "_recipient-email" → "recipient email". */
function normalizeKey(key: unknown): string {
  return typeof key === "string" ? key.trim().toLowerCase().replace(/^_+/, "").replace(/[\s_-]+/g, " ") : "";
}

const RECIPIENT_EMAIL_KEYS = ["recipient email", "gift card recipient email", "recipient"];

/**
 * egc_recipient: when the order buys a gift card and names a recipient email (in the
 * order's custom attributes) that is not the buyer's own email.
 */
export function giftCardRecipient(order: ReviewOrder, buyerEmail: string | undefined): string | undefined {
  const giftCardItems = (order.lineItems?.nodes ?? []).filter((item) => item?.isGiftCard === true);
  if (giftCardItems.length === 0) return undefined;
  // Shopify keeps the recipient on the gift card line item's properties; older themes put it on the order.
  const attributes = [...giftCardItems.flatMap((item) => item.customAttributes ?? []), ...(order.customAttributes ?? [])];
  for (const attr of attributes) {
    if (!RECIPIENT_EMAIL_KEYS.includes(normalizeKey(attr?.key))) continue;
    const email = cleanEmail(attr?.value, TRANSACTION_STRING_LIMITS.egc_recipient);
    if (email === undefined) continue;
    if (buyerEmail !== undefined && email.toLowerCase() === buyerEmail.toLowerCase()) return undefined;
    return email;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Cart and discounts
// ---------------------------------------------------------------------------

function tagsInclude(tags: unknown, tag: string): boolean {
  const wanted = tag.trim().toLowerCase();
  return Array.isArray(tags) && tags.some((t) => typeof t === "string" && t.trim().toLowerCase() === wanted);
}

/** Product link for extra.link; a link longer than 250 is left out rather than cut into a broken URL. */
export function productLink(item: ReviewLineItem, storefrontUrl: string | undefined): string | undefined {
  const handle = cleanString(item.product?.handle);
  const base = cleanString(storefrontUrl)?.replace(/\/+$/, "");
  let link: string | undefined;
  if (base && handle && /^https?:\/\/\S+$/i.test(base)) link = `${base}/products/${encodeURIComponent(handle)}`;
  else link = cleanString(item.product?.onlineStoreUrl);
  return link !== undefined && link.length <= CART_ITEM_LIMITS.link ? link : undefined;
}

export function mapCartItem(item: ReviewLineItem, options: MappingOptions): ApruvdCartItem {
  const out: ApruvdCartItem = {};
  const sku = cleanString(item.sku, CART_ITEM_LIMITS.sku);
  const name =
    cleanString(item.name, CART_ITEM_LIMITS.item) ??
    cleanString(item.title, CART_ITEM_LIMITS.item) ??
    (sku === undefined ? cleanString(`Line item ${numericIdFromGid(item.id) ?? ""}`, CART_ITEM_LIMITS.item) : undefined);
  if (name !== undefined) out.item = name;
  const highRiskTag = cleanString(options.highRiskProductTag);
  out.is_high_risk = highRiskTag !== undefined && tagsInclude(item.product?.tags, highRiskTag);
  if (typeof item.requiresShipping === "boolean") out.is_digital = !item.requiresShipping;
  if (typeof item.quantity === "number" && Number.isSafeInteger(item.quantity) && item.quantity >= 0) out.quantity = item.quantity;
  const unitPrice = decimalString(item.originalUnitPriceSet?.presentmentMoney?.amount);
  if (unitPrice !== undefined) out.unit_price = unitPrice;
  const extra: NonNullable<ApruvdCartItem["extra"]> = {};
  if (sku !== undefined) extra.sku = sku;
  const link = productLink(item, options.storefrontUrl);
  if (link !== undefined) extra.link = link;
  if (item.isGiftCard === true) extra.gift_card = "true";
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

export function mapDiscountCodes(order: ReviewOrder): ApruvdDiscountCode[] {
  const nodes = (order.discountApplications?.nodes ?? []).filter((n) => n != null);
  const onlyOne = nodes.length === 1;
  const orderDiscountTotal = order.totalDiscountsSet?.presentmentMoney;
  const out: ApruvdDiscountCode[] = [];
  for (const node of nodes) {
    const discount: ApruvdDiscountCode = {};
    const extra: Record<string, string> = {};
    switch (node.__typename) {
      case "DiscountCodeApplication": {
        const code = cleanString(node.code, DISCOUNT_CODE_LIMITS.code);
        if (code !== undefined) discount.code = code;
        extra.application = "code";
        break;
      }
      case "ManualDiscountApplication": {
        const description =
          cleanString(node.title, DISCOUNT_CODE_LIMITS.description) ??
          cleanString(node.description, DISCOUNT_CODE_LIMITS.description);
        if (description !== undefined) discount.description = description;
        const reason = cleanString(node.description, EXTRA_VALUE_LIMIT);
        if (reason !== undefined && reason !== description) extra.reason = reason;
        extra.application = "manual";
        break;
      }
      case "AutomaticDiscountApplication":
      case "ScriptDiscountApplication": {
        const description = cleanString(node.title, DISCOUNT_CODE_LIMITS.description);
        if (description !== undefined) discount.description = description;
        extra.application = node.__typename === "AutomaticDiscountApplication" ? "automatic" : "script";
        break;
      }
      default:
        break;
    }
    const value = node.value;
    const isShipping = String(node.targetType) === "SHIPPING_LINE";
    if (isShipping) discount.discount_type = "Free Shipping";
    else if (value?.__typename === "PricingPercentageValue") discount.discount_type = "Percent";
    else if (value?.__typename === "MoneyV2") discount.discount_type = "Fixed";

    const perLine = String(node.allocationMethod) === "EACH";
    if (value?.__typename === "MoneyV2") {
      const amount = decimalString(value.amount);
      if (amount !== undefined) {
        // EACH applies the value to every entitled line: the order total is unknown here.
        if (perLine) extra.amount_per_line = amount;
        else discount.amount = amount;
      }
    } else if (value?.__typename === "PricingPercentageValue") {
      const pct = typeof value.percentage === "number" && Number.isFinite(value.percentage) ? value.percentage : undefined;
      if (pct !== undefined) extra.percentage = String(pct);
      // The amount of a percentage is only known when it is the order's only discount
      // (then it is the order's total discount) and applies to line items.
      if (onlyOne && !isShipping) {
        const total = decimalString(orderDiscountTotal?.amount);
        if (total !== undefined) discount.amount = total;
      }
    }
    if (Object.keys(extra).length > 0) discount.extra = extra;
    out.push(discount);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------

type AddressFields = {
  first_name?: string;
  last_name?: string;
  company?: string;
  address_1?: string;
  address_2?: string;
  city?: string;
  postal?: string;
  state?: string;
  region?: string;
  country?: string;
  phone?: string;
};

/**
 * state = province full name ("Kentucky"), region = province code ("KY"; the full
 * name when Shopify has no code), country = country full name (the ISO code when the
 * name is missing).
 */
export function mapAddress(address: ReviewAddress | null | undefined): AddressFields {
  if (address == null) return {};
  const L = TRANSACTION_STRING_LIMITS;
  const province = cleanString(address.province, L.billing_state);
  const provinceCode = cleanString(address.provinceCode, L.billing_region);
  const fields: AddressFields = {
    first_name: cleanString(address.firstName, L.billing_first_name),
    last_name: cleanString(address.lastName, L.billing_last_name),
    company: cleanString(address.company, L.billing_company),
    address_1: cleanString(address.address1, L.billing_address_1),
    address_2: cleanString(address.address2, L.billing_address_2),
    city: cleanString(address.city, L.billing_city),
    postal: cleanString(address.zip, L.billing_postal),
    state: province ?? provinceCode,
    region: provinceCode ?? province,
    country: cleanString(address.country, L.billing_country) ?? cleanString(address.countryCodeV2, L.billing_country),
    phone: cleanString(address.phone, L.billing_phone),
  };
  return fields;
}

// ---------------------------------------------------------------------------
// The mapping
// ---------------------------------------------------------------------------

function orderTotal(order: ReviewOrder): { total: number; currency: string } {
  const orderId = cleanString(order.id);
  const set = order.totalPriceSet;
  const candidates = [set?.presentmentMoney, set?.shopMoney];
  let sawAmount = false;
  let sawCurrency = false;
  for (const money of candidates) {
    if (money == null) continue;
    const total = decimalNumber(money.amount);
    const currency = currencyCode(money.currencyCode);
    if (money.amount != null) sawAmount = true;
    if (money.currencyCode != null) sawCurrency = true;
    if (total !== undefined && total >= 0 && currency !== undefined) return { total, currency };
  }
  const presentment = set?.presentmentMoney;
  if (!sawAmount) throw new MappingError("MISSING_TOTAL", "Order has no total price", orderId);
  if (!sawCurrency) throw new MappingError("MISSING_CURRENCY", "Order total has no currency", orderId);
  if (presentment != null && currencyCode(presentment.currencyCode) === undefined && decimalNumber(presentment.amount) !== undefined) {
    throw new MappingError("INVALID_CURRENCY", `Order currency '${String(presentment.currencyCode)}' is not an ISO 4217 code`, orderId);
  }
  throw new MappingError("INVALID_TOTAL", `Order total '${String(presentment?.amount ?? set?.shopMoney?.amount)}' is not a decimal amount`, orderId);
}

/** order_num: the name without "#" (falls back to the id when the name does not fit 25), or legacyResourceId. */
export function orderNumber(order: ReviewOrder, source: MappingOptions["orderNumberSource"]): string | undefined {
  const max = TRANSACTION_STRING_LIMITS.order_num;
  const id = cleanString(order.legacyResourceId) ?? numericIdFromGid(order.id);
  const fittingId = id !== undefined && id.length <= max ? id : undefined;
  if (source === "id") return fittingId ?? cleanString(id, max);
  const name = cleanString(typeof order.name === "string" ? order.name.replace(/#/g, "") : undefined);
  if (name !== undefined && name.length <= max) return name;
  // A name cut to 25 could collide with another order's; the numeric id cannot.
  return fittingId ?? cleanString(name, max);
}

function customAttribute(order: ReviewOrder, keys: readonly string[], max: number): string | undefined {
  const wanted = keys.map((k) => k.trim().toLowerCase());
  for (const attr of order.customAttributes ?? []) {
    if (typeof attr?.key !== "string" || !wanted.includes(attr.key.trim().toLowerCase())) continue;
    const value = cleanString(attr.value, max);
    if (value !== undefined) return value;
  }
  return undefined;
}

function additional2(order: ReviewOrder): string | undefined {
  const parts: string[] = [];
  const source = cleanString(order.sourceName);
  if (source) parts.push(`Source: ${source}`);
  const gateways = [
    ...new Set((order.paymentGatewayNames ?? []).map((g) => cleanString(g)).filter((g): g is string => g !== undefined)),
  ];
  if (gateways.length > 0) parts.push(`Gateways: ${gateways.join(", ")}`);
  const terms = cleanString(order.paymentTerms?.paymentTermsName) ?? cleanString(order.paymentTerms?.paymentTermsType);
  if (terms) parts.push(`Payment terms: ${terms}`);
  const entity = order.purchasingEntity;
  if (entity?.__typename === "PurchasingCompany") {
    const company = cleanString(entity.company?.name);
    parts.push(company ? `B2B company: ${company}` : "B2B company");
  }
  return cleanString(parts.join(" | "), ADDITIONAL_TEXT_LIMIT);
}

function additional3(order: ReviewOrder): string | undefined {
  const tags = (order.customer?.tags ?? []).map((t) => cleanString(t)).filter((t): t is string => t !== undefined);
  return cleanString(tags.join(", "), ADDITIONAL_TEXT_LIMIT);
}

/** Copies defined values only, so the transaction never carries `undefined` keys. */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

export function mapOrderToTransaction(order: ReviewOrder, options: MappingOptions): ApruvdTransaction {
  const L = TRANSACTION_STRING_LIMITS;
  const { total, currency } = orderTotal(order);
  const tx: ApruvdTransaction = {
    type: cleanString(options.transactionType) ?? DEFAULT_TRANSACTION_TYPE,
    total,
    currency,
  };

  const email = cleanEmail(order.email, L.email) ?? cleanEmail(order.customer?.email, L.email);
  assignDefined(tx, {
    order_num: orderNumber(order, options.orderNumberSource),
    ip: normalizeIp(order.clientIp),
    email,
  });

  // Card
  const card = selectCardTransaction(order.transactions);
  if (card && isCardDetails(card.paymentDetails)) {
    const details = card.paymentDetails;
    const { first, last } = splitCardholderName(details.name);
    assignDefined(tx, {
      cc_name: first,
      cc_name_2: last,
      first_six: parseBin(details.bin),
      last_four: parseLastFour(details.number),
    });
    tx.avs = normalizeAvs(details.avsResultCode);
    tx.cvv = normalizeCvv(details.cvvResultCode);
    // A card that was charged was authorized at least once (the list may be cut at 50).
    tx.auth_attempts = Math.max(1, countAuthAttempts(order.transactions));
  }

  const giftCards = mapGiftCards(order);
  if (giftCards.length > 0) tx.gift_cards = giftCards;

  const billing = mapAddress(order.billingAddress);
  const shipping = mapAddress(order.shippingAddress);
  assignDefined(tx, {
    billing_phone: billing.phone ?? cleanString(order.phone, L.billing_phone),
    billing_first_name: billing.first_name,
    billing_last_name: billing.last_name,
    billing_company: billing.company,
    billing_address_1: billing.address_1,
    billing_address_2: billing.address_2,
    billing_city: billing.city,
    billing_postal: billing.postal,
    billing_state: billing.state,
    billing_region: billing.region,
    billing_country: billing.country,
    shipping_email: order.requiresShipping === true ? email : undefined,
    egc_recipient: giftCardRecipient(order, email),
    shipping_phone: shipping.phone,
    shipping_first_name: shipping.first_name,
    shipping_last_name: shipping.last_name,
    shipping_company: shipping.company,
    shipping_address_1: shipping.address_1,
    shipping_address_2: shipping.address_2,
    shipping_city: shipping.city,
    shipping_postal: shipping.postal,
    shipping_state: shipping.state,
    shipping_region: shipping.region,
    shipping_country: shipping.country,
    shipping_method: cleanString(order.shippingLine?.title, L.shipping_method),
    session_id: customAttribute(order, options.sessionIdAttributeKeys ?? DEFAULT_SESSION_ID_ATTRIBUTE_KEYS, L.session_id),
  });

  const lineItems = (order.lineItems?.nodes ?? []).filter((item): item is ReviewLineItem => item != null);
  if (lineItems.length > 0) tx.cart_contents = lineItems.map((item) => mapCartItem(item, options));
  tx.digital_only_order = lineItems.length > 0 && lineItems.every((item) => item.requiresShipping === false);

  const discounts = mapDiscountCodes(order);
  if (discounts.length > 0) tx.discount_codes = discounts;

  assignDefined(tx, {
    rep_email: cleanEmail(order.staffMember?.email, L.rep_email),
    additional_1: cleanString(order.note, ADDITIONAL_TEXT_LIMIT),
    additional_2: additional2(order),
    additional_3: additional3(order),
  });
  return tx;
}

// ---------------------------------------------------------------------------
// Validator
// ---------------------------------------------------------------------------

const TRANSACTION_KEYS = new Set<string>([
  "type", "total", "currency", "order_num", "ip", "email", "billing_phone", "cc_name", "cc_name_2",
  "first_six", "last_four", "avs", "cvv", "auth_attempts", "gift_cards",
  "billing_first_name", "billing_last_name", "billing_company", "billing_address_1", "billing_address_2",
  "billing_city", "billing_postal", "billing_state", "billing_region", "billing_country",
  "shipping_email", "egc_recipient", "shipping_phone", "shipping_first_name", "shipping_last_name",
  "shipping_company", "shipping_address_1", "shipping_address_2", "shipping_city", "shipping_postal",
  "shipping_state", "shipping_region", "shipping_country", "shipping_method", "session_id",
  "cart_contents", "digital_only_order", "discount_codes", "rep_email",
  "additional_1", "additional_2", "additional_3",
]);
const EMAIL_FIELDS = ["email", "shipping_email", "egc_recipient", "rep_email"];
const TEXT_FIELDS = ["additional_1", "additional_2", "additional_3"];
const DECIMAL_STRING_RE = /^-?\d{1,15}\.\d{2,6}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

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
  if (!isWellFormed(value)) out.push(`${path}: contains an unpaired surrogate`);
  if (max !== undefined && value.length > max) out.push(`${path}: length ${value.length} > ${max}`);
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
  if (typeof tx.total !== "number" || !Number.isFinite(tx.total)) out.push(`total: expected a finite number, got ${String(tx.total)}`);
  else if (tx.total < 0) out.push(`total: negative (${tx.total})`);
  if (typeof tx.currency !== "string" || !/^[A-Z]{3}$/.test(tx.currency)) out.push(`currency: expected an ISO 4217 code, got ${JSON.stringify(tx.currency)}`);

  // Strings with documented lengths
  for (const [field, max] of Object.entries(TRANSACTION_STRING_LIMITS)) {
    if (tx[field] === undefined) continue;
    checkString(out, field, tx[field], max);
  }
  for (const field of EMAIL_FIELDS) {
    if (typeof tx[field] === "string" && !EMAIL_RE.test(tx[field] as string)) out.push(`${field}: not an email address`);
  }
  if (typeof tx.ip === "string" && !isIPv4(tx.ip) && !isIPv6(tx.ip)) out.push(`ip: not an IPv4/IPv6 address`);
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
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) out.push(`auth_attempts: expected a non-negative integer`);
  }
  if (tx.avs !== undefined && !(AVS_CODES as readonly unknown[]).includes(tx.avs)) out.push(`avs: undocumented value ${JSON.stringify(tx.avs)}`);
  if (tx.cvv !== undefined && !(CVV_CODES as readonly unknown[]).includes(tx.cvv)) out.push(`cvv: undocumented value ${JSON.stringify(tx.cvv)}`);
  if (tx.digital_only_order !== undefined && typeof tx.digital_only_order !== "boolean") out.push(`digital_only_order: expected a boolean`);

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
        for (const key of ["amount", "initial_balance", "remaining_balance"]) {
          if (typeof card[key] === "string" && !DECIMAL_STRING_RE.test(card[key] as string)) out.push(`${p}.${key}: not a stringified decimal`);
        }
        for (const key of ["issued_on", "expires_on"]) {
          if (typeof card[key] === "string" && !DATE_RE.test(card[key] as string)) out.push(`${p}.${key}: not YYYY-MM-DD`);
        }
        if (typeof card.currency === "string" && !/^[A-Z]{3}$/.test(card.currency)) out.push(`${p}.currency: not an ISO 4217 code`);
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
        const allowed = ["item", "is_high_risk", "is_digital", "quantity", "unit_price", "extra"];
        for (const key of Object.keys(item)) if (!allowed.includes(key)) out.push(`${p}.${key}: unknown key`);
        const extra = item.extra;
        const hasSku = isPlainObject(extra) && typeof extra.sku === "string" && extra.sku.trim() !== "";
        if (item.item === undefined && !hasSku) out.push(`${p}: needs item or extra.sku`);
        if (item.item !== undefined) checkString(out, `${p}.item`, item.item, CART_ITEM_LIMITS.item);
        for (const key of ["is_high_risk", "is_digital"]) {
          if (item[key] !== undefined && typeof item[key] !== "boolean") out.push(`${p}.${key}: expected a boolean`);
        }
        if (item.quantity !== undefined && (typeof item.quantity !== "number" || !Number.isSafeInteger(item.quantity) || item.quantity < 0)) {
          out.push(`${p}.quantity: expected a non-negative integer`);
        }
        if (item.unit_price !== undefined && (typeof item.unit_price !== "string" || !DECIMAL_STRING_RE.test(item.unit_price))) {
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
        const allowed = ["code", "description", "amount", "discount_type", "extra"];
        for (const key of Object.keys(discount)) if (!allowed.includes(key)) out.push(`${p}.${key}: unknown key`);
        for (const key of ["code", "description", "discount_type"] as const) {
          if (discount[key] !== undefined) checkString(out, `${p}.${key}`, discount[key], DISCOUNT_CODE_LIMITS[key]);
        }
        if (discount.amount !== undefined && (typeof discount.amount !== "string" || !DECIMAL_STRING_RE.test(discount.amount))) {
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
