/**
 * The Apruvd contract, written once, straight from the API reference
 * (shared/reference/apruvd-api.txt) and from nothing else: the transaction's fields and
 * their documented data types ("Transaction Objects"), the string limits derived from
 * those types, the enums ("AVS & CVV Response Values", statuses), the JSON structures
 * ("Gift Cards", "Cart Contents", "Discount Codes"), the responses and callbacks of each
 * endpoint, and the test-account triggers ("Test a Transaction Submission").
 *
 * Read by the sandbox (validate.ts: what it accepts; transactions.ts: its statuses and
 * triggers; callbacks.ts, chargebacks.ts: its payloads) and by the tests that judge the
 * app's mapping (conventions.ts: `transactionViolations`). It imports nothing, and no
 * file under sandbox/apruvd imports from app/ (independence.test.ts): the app's own copy
 * (app/lib/clients/apruvd/types.ts, app/lib/review/mapping) is checked against this one
 * by app/lib/review/mapping/contract.test.ts, so a misreading on one side cannot pass
 * both.
 *
 * Lengths: `string(n)` counts characters (Unicode code points, `[...s].length`), not
 * UTF-16 code units: an emoji or a character outside the Basic Multilingual Plane is one
 * character.
 */

// ---------------------------------------------------------------------------
// Transaction Objects
// ---------------------------------------------------------------------------

/** Every documented transaction field with its "Data Type" column, verbatim, in the table's order. */
// prettier-ignore
export const TRANSACTION_FIELD_TYPES = {
  type: "enum", total: "decimal", currency: "enum (ISO 4217)", order_num: "string(25)", ip: "string(39)",
  email: "string(254)", billing_phone: "string(25)", cc_name: "string(50)", cc_name_2: "string(50)",
  first_six: "integer", last_four: "integer", avs: "enum (Values)", cvv: "enum (Values)",
  auth_attempts: "integer", gift_cards: "JSON (Structure)",
  billing_first_name: "string(100)", billing_last_name: "string(100)", billing_company: "string(100)",
  billing_address_1: "string(255)", billing_address_2: "string(255)", billing_city: "string(100)",
  billing_postal: "string(25)", billing_state: "string(50)", billing_region: "string(50)",
  billing_country: "string(100)",
  shipping_email: "string(254)", egc_recipient: "string(254)", shipping_phone: "string(25)",
  shipping_first_name: "string(100)", shipping_last_name: "string(100)", shipping_company: "string(100)",
  shipping_address_1: "string(255)", shipping_address_2: "string(255)", shipping_city: "string(100)",
  shipping_postal: "string(25)", shipping_state: "string(50)", shipping_region: "string(50)",
  shipping_country: "string(100)", shipping_method: "string(255)", session_id: "string(255)",
  cart_contents: "JSON (Structure)", digital_only_order: "boolean", discount_codes: "JSON (Structure)",
  rep_email: "string(254)", additional_1: "text", additional_2: "text", additional_3: "text",
} as const;
type FieldTypes = typeof TRANSACTION_FIELD_TYPES;
export type TransactionField = keyof FieldTypes;
/** Every documented transaction field, in the table's order. */
export const TRANSACTION_FIELDS = Object.keys(TRANSACTION_FIELD_TYPES) as TransactionField[];

/**
 * The API's required fields. The table's Required/Recommended legend is a visual marker
 * lost in the text copy of the reference; the submit example and the chargeback defaults
 * ("Defaults to Transaction.total / Transaction.currency") rely on these three.
 */
export const REQUIRED_TRANSACTION_FIELDS = ["type", "total", "currency"] as const satisfies readonly TransactionField[];
/** The table's "Validated" column: the fields marked Yes. */
// prettier-ignore
export const VALIDATED_FIELDS = [
  "type", "total", "currency", "ip", "email", "first_six", "last_four", "avs", "cvv", "auth_attempts",
  "gift_cards", "shipping_email", "egc_recipient", "cart_contents", "discount_codes", "rep_email",
] as const satisfies readonly TransactionField[];

/** "type: Transaction Type, enum": the only value the reference shows is "Ecommerce". */
export const TRANSACTION_TYPES = ["Ecommerce"] as const;

type LimitOf<T> = T extends `string(${infer N extends number})` ? N : never;
type StringLimits = {
  [K in TransactionField as FieldTypes[K] extends `string(${number})` ? K : never]: LimitOf<FieldTypes[K]>;
};
/** The `string(n)` fields and their n (in characters), read off TRANSACTION_FIELD_TYPES. */
export const TRANSACTION_STRING_LIMITS = Object.fromEntries(
  Object.entries(TRANSACTION_FIELD_TYPES).flatMap(([field, type]) => {
    const match = /^string\((\d+)\)$/.exec(type);
    return match ? [[field, Number(match[1])]] : [];
  }),
) as StringLimits;

/** The `text` fields: no documented length. */
export const TEXT_FIELDS = (Object.keys(TRANSACTION_FIELD_TYPES) as TransactionField[]).filter(
  (field) => TRANSACTION_FIELD_TYPES[field] === "text",
);
/** The fields whose description is an email address ("Email Address", "Shipping Email", …). */
export const EMAIL_FIELDS = [
  "email",
  "shipping_email",
  "egc_recipient",
  "rep_email",
] as const satisfies readonly TransactionField[];

/**
 * "Currently Accepted Values", column by column. The AVS column lists '' (empty string);
 * the CVV column lists only M, N, P, S and U.
 */
// prettier-ignore
export const AVS_CODES = [
  "X", "Y", "A", "W", "Z", "N", "U", "R", "E", "S", "D", "M", "B", "P", "C", "I", "G",
  "I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "IG", "IU", "ID", "IE", "IS", "IA", "IB", "IC", "IP",
  "N1", "N2", "A1", "A3", "A4", "A7", "B3", "B4", "B7", "B8", "V",
  "F", "H", "J", "K", "L", "O", "Q", "T",
  "",
] as const;
export const CVV_CODES = ["M", "N", "P", "S", "U"] as const;

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

/** Discount Codes (JSON): a list of objects; no key is required. `amount`: "the total discount amount applied to the order". */
export const DISCOUNT_CODE_KEYS = ["code", "description", "amount", "discount_type", "extra"] as const;
export const DISCOUNT_CODE_LIMITS = { code: 250, description: 250, discount_type: 250 } as const;
/** The reference's examples of discount_type ("such as Free Shipping, Fixed, or Percent"). */
export const DISCOUNT_TYPES = ["Free Shipping", "Fixed", "Percent"] as const;

/**
 * Not the reference's: where it documents no limit, the integration sets its own (the
 * app's mapping keeps to these; the tests hold it to them; the sandbox does not enforce
 * them). `text` fields: a generous bound, far above any Shopify order note, so a note is
 * always sent whole; string values inside `extra` objects and undocumented gift-card keys.
 */
export const INTEGRATION_LIMITS = { additionalText: 100_000, extraValue: 250 } as const;

export const CURRENCY_RE = /^[A-Z]{3}$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The number of characters (code points) of a string: what `string(n)` counts. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** A transaction body as the reference describes it (values as they arrive in JSON). */
export type TransactionBody = { [K in TransactionField]?: unknown } & Record<string, unknown>;

// ---------------------------------------------------------------------------
// Statuses, test triggers
// ---------------------------------------------------------------------------

/** "Each transaction will return one of four statuses". */
export const STATUSES = ["Submitted", "Reviewing", "Approved", "Declined"] as const;
export type Status = (typeof STATUSES)[number];
/** The statuses a review-complete callback carries ("your API should only expect to see Approved, or Declined"). */
export type Decision = Extract<Status, "Approved" | "Declined">;

/** "Test a Transaction Submission": each row of the table, in its order. */
export const TEST_TRIGGERS = [
  { key: "email", operator: "startsWith", value: "approve", outcome: "Approved" },
  { key: "email", operator: "startsWith", value: "decline", outcome: "Declined" },
  { key: "email", operator: "startsWith", value: "submit", outcome: "Submitted" },
  { key: "billing_first_name", operator: "equals", value: "approve", outcome: "Approved" },
  { key: "billing_first_name", operator: "equals", value: "decline", outcome: "Declined" },
  { key: "billing_first_name", operator: "equals", value: "submit", outcome: "Submitted" },
  { key: "first_six", operator: "equals", value: "444444", outcome: "Approved" },
  { key: "first_six", operator: "equals", value: "555555", outcome: "Declined" },
  { key: "first_six", operator: "equals", value: "333333", outcome: "Submitted" },
] as const satisfies readonly {
  key: TransactionField;
  operator: "startsWith" | "equals";
  value: string;
  outcome: "Approved" | "Declined" | "Submitted";
}[];
export type TestTriggerOutcome = (typeof TEST_TRIGGERS)[number]["outcome"];

// ---------------------------------------------------------------------------
// Responses and callbacks
// ---------------------------------------------------------------------------

/** POST transactions/submit/ → 201 ("Response fields"). */
export interface SubmitResponse {
  transaction_id: number;
  status: Status;
  risk_grade: string; // string(2)
  order_num?: string; // string(25)
}

/** GET transactions/status/?transaction_id= → 200 (keyed by transaction id for ?order_num=). */
export interface StatusResponse {
  transaction_id: number;
  order_num?: string;
  status: Status;
  canceled: boolean;
  risk_grade?: string;
}

/** `{ "2020-Mar-15 10:28 AM": { "<field>": { from, to } } }`. */
export type Changelog = Record<string, Record<string, { from: unknown; to: unknown }>>;

/** POST transactions/{id}/update/ → 200. */
export interface UpdateResponse {
  transaction_id: number;
  status: Status;
  changelog: Changelog;
}

/** POST transactions/{id}/cancel/ → 200. */
export interface CancelResponse {
  transaction_id: number;
  status: Status;
  canceled: boolean;
}

/** POST transactions/elevate/ → 200. */
export interface ElevateResponse {
  transaction_id: number;
  order_num?: string;
  status: Status;
}

/** POST callbacks/ → 200. */
export interface CallbackRegistrationResponse {
  service_plan: string;
  enforce_unique_order_num: boolean;
  callback_url: string | null;
  settings_url: string | null;
  callback_api_key_id: string | null;
  callback_api_key_secret: string | null;
}

/** The body POSTed to callback_url ("Fields sent to callback_url"). */
export interface ReviewCompleteCallback {
  transaction_id: number;
  order_num?: string;
  status: Status;
  corrected_email?: string;
  notes?: string;
}

/** "Deprecated Fields Sent to settings_url", with the value each always has. */
export const DEPRECATED_SETTINGS_FIELDS = {
  id: null,
  basic_rules: [] as never[],
  data_connection: false,
  training_data: false,
  enforce_unique_order_id: false,
  require_notes_on_approves: false,
  require_notes_on_declines: false,
  strictly_protect_pii: false,
  integration_version: "V3",
} as const;

/** The body POSTed to settings_url, deprecated fields included. */
export type SettingsCallbackPayload = {
  service_plan: string;
  enforce_unique_order_num: boolean; // "Defaults to false"
  js_url: string;
} & typeof DEPRECATED_SETTINGS_FIELDS;

/** Submit Chargebacks: the files a claim carries. */
export const CHARGEBACK_FILE_FIELDS = ["claim_file", "claim_file_2", "claim_file_3", "appeal_file"] as const;
export type ChargebackFileField = (typeof CHARGEBACK_FILE_FIELDS)[number];

/** A chargeback claim as the v2 endpoints answer it (file fields are URLs or null). */
export type Chargeback = {
  order_num: string;
  timestamp: string;
  claim_status: string;
  claim_amount_currency: string;
  claim_amount: string;
  denial_reason: string | null;
} & Record<ChargebackFileField, string | null>;
