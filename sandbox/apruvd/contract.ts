/**
 * The Apruvd transaction contract, written from the API reference
 * (shared/reference/apruvd-api.txt: "Transaction Objects", "AVS & CVV Response Values",
 * "Gift Cards (JSON)", "Cart Contents (JSON)", "Discount Codes (JSON)"): the fields,
 * the required ones, the string limits, the enums and the keys and limits of the JSON
 * structures. One statement of it, read twice by validate.ts: `validateTransaction`
 * (what the sandbox accepts, as Apruvd answers) and `transactionViolations` (what the
 * app must send: the contract plus the integration's stricter conventions, run by the
 * tests over every mapped order).
 *
 * It imports nothing from app/: the app's own copy (app/lib/clients/apruvd/types.ts,
 * app/lib/review/mapping) is checked against this one by
 * app/lib/review/mapping/contract.test.ts.
 */

/** Every documented transaction field, in the table's order. */
// prettier-ignore
export const TRANSACTION_FIELDS = [
  "type", "total", "currency", "order_num", "ip", "email", "billing_phone", "cc_name", "cc_name_2",
  "first_six", "last_four", "avs", "cvv", "auth_attempts", "gift_cards",
  "billing_first_name", "billing_last_name", "billing_company", "billing_address_1", "billing_address_2",
  "billing_city", "billing_postal", "billing_state", "billing_region", "billing_country",
  "shipping_email", "egc_recipient", "shipping_phone", "shipping_first_name", "shipping_last_name",
  "shipping_company", "shipping_address_1", "shipping_address_2", "shipping_city", "shipping_postal",
  "shipping_state", "shipping_region", "shipping_country", "shipping_method", "session_id",
  "cart_contents", "digital_only_order", "discount_codes", "rep_email",
  "additional_1", "additional_2", "additional_3",
] as const;
export type TransactionField = (typeof TRANSACTION_FIELDS)[number];

export const REQUIRED_TRANSACTION_FIELDS = ["type", "total", "currency"] as const satisfies readonly TransactionField[];

/** "type: Transaction Type, enum". */
export const TRANSACTION_TYPES = ["Ecommerce"] as const;

/** The `string(n)` fields and their n. */
// prettier-ignore
export const TRANSACTION_STRING_LIMITS = {
  order_num: 25, ip: 39, email: 254, billing_phone: 25, cc_name: 50, cc_name_2: 50,
  billing_first_name: 100, billing_last_name: 100, billing_company: 100,
  billing_address_1: 255, billing_address_2: 255, billing_city: 100, billing_postal: 25,
  billing_state: 50, billing_region: 50, billing_country: 100,
  shipping_email: 254, egc_recipient: 254, shipping_phone: 25,
  shipping_first_name: 100, shipping_last_name: 100, shipping_company: 100,
  shipping_address_1: 255, shipping_address_2: 255, shipping_city: 100, shipping_postal: 25,
  shipping_state: 50, shipping_region: 50, shipping_country: 100, shipping_method: 255,
  session_id: 255, rep_email: 254,
} as const satisfies Partial<Record<TransactionField, number>>;

/** The email address fields (validated as addresses). */
export const EMAIL_FIELDS = [
  "email",
  "shipping_email",
  "egc_recipient",
  "rep_email",
] as const satisfies readonly TransactionField[];
/** The `text` fields: no documented length. */
export const TEXT_FIELDS = [
  "additional_1",
  "additional_2",
  "additional_3",
] as const satisfies readonly TransactionField[];

/**
 * "Currently Accepted Values". The reference lists '' (empty string) as accepted; the
 * sandbox and the tests accept it for both avs and cvv, as before this module existed
 * (whether '' belongs to the CVV column is left to a later change).
 */
// prettier-ignore
export const AVS_CODES = [
  "X", "Y", "A", "W", "Z", "N", "U", "R", "E", "S", "D", "M", "B", "P", "C", "I", "G",
  "I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "IG", "IU", "ID", "IE", "IS", "IA", "IB", "IC", "IP",
  "N1", "N2", "A1", "A3", "A4", "A7", "B3", "B4", "B7", "B8", "V",
  "F", "H", "J", "K", "L", "O", "Q", "T",
  "",
] as const;
export const CVV_CODES = ["M", "N", "P", "S", "U", ""] as const;

/** Gift Cards (JSON): a list of objects; merchant_payment_id is required, extra keys are allowed. */
export const GIFT_CARD_LIMITS = {
  merchant_payment_id: 50,
  last_four: 4,
  purchaser_name: 100,
  purchaser_email: 100,
  recipient_name: 100,
  recipient_email: 100,
} as const;
export const GIFT_CARD_DECIMAL_KEYS = ["amount", "initial_balance", "remaining_balance"] as const;
export const GIFT_CARD_DATE_KEYS = ["issued_on", "expires_on"] as const;

/** Cart Contents (JSON): a list of objects; one of item or extra.sku is required. */
export const CART_ITEM_KEYS = ["item", "is_high_risk", "is_digital", "quantity", "unit_price", "extra"] as const;
export const CART_ITEM_BOOLEAN_KEYS = ["is_high_risk", "is_digital"] as const;
/** item, and extra.link / extra.sku. */
export const CART_ITEM_LIMITS = { item: 250, link: 250, sku: 250 } as const;

/** Discount Codes (JSON): a list of objects; no key is required. */
export const DISCOUNT_CODE_KEYS = ["code", "description", "amount", "discount_type", "extra"] as const;
export const DISCOUNT_CODE_LIMITS = { code: 250, description: 250, discount_type: 250 } as const;

/**
 * Where the reference documents no limit, the integration sets its own (the app's
 * mapping cuts to these; the tests hold it to them): the `text` fields, and string
 * values inside `extra` objects and undocumented gift-card keys.
 */
export const INTEGRATION_LIMITS = { additionalText: 10_000, extraValue: 250 } as const;

export const CURRENCY_RE = /^[A-Z]{3}$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
