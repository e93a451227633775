/**
 * Apruvd API types, field for field from the Apruvd HTTPS API reference
 * (../shared/reference/apruvd-api.txt). Lengths are documented beside each field, in
 * characters (code points, not UTF-16 units); the mapping enforces them, the sandbox
 * checks them against its own copy of the reference (sandbox/apruvd/contract.ts).
 */

export type ApruvdStatus = "Submitted" | "Reviewing" | "Approved" | "Declined";
export const APRUVD_STATUSES: readonly ApruvdStatus[] = ["Submitted", "Reviewing", "Approved", "Declined"];

export const AVS_CODES = [
  "X",
  "Y",
  "A",
  "W",
  "Z",
  "N",
  "U",
  "R",
  "E",
  "S",
  "D",
  "M",
  "B",
  "P",
  "C",
  "I",
  "G",
  "I1",
  "I2",
  "I3",
  "I4",
  "I5",
  "I6",
  "I7",
  "I8",
  "IG",
  "IU",
  "ID",
  "IE",
  "IS",
  "IA",
  "IB",
  "IC",
  "IP",
  "N1",
  "N2",
  "A1",
  "A3",
  "A4",
  "A7",
  "B3",
  "B4",
  "B7",
  "B8",
  "V",
  "F",
  "H",
  "J",
  "K",
  "L",
  "O",
  "Q",
  "T",
  "",
] as const;
export type AvsCode = (typeof AVS_CODES)[number];
/** The CVV column lists only these; '' belongs to the AVS column, so an unknown CVV result is left out. */
export const CVV_CODES = ["M", "N", "P", "S", "U"] as const;
export type CvvCode = (typeof CVV_CODES)[number];

/** Stringified decimal, e.g. "12.34" (the API's "stringified decimal"). */
export type DecimalString = string;

export interface ApruvdGiftCard {
  merchant_payment_id: string; // string(50), required
  amount?: DecimalString;
  currency?: string; // ISO 4217
  last_four?: string; // string(4)
  issued_on?: string; // YYYY-MM-DD
  expires_on?: string; // YYYY-MM-DD
  initial_balance?: DecimalString;
  remaining_balance?: DecimalString;
  purchaser_name?: string; // string(100)
  purchaser_email?: string; // string(100)
  recipient_name?: string; // string(100)
  recipient_email?: string; // string(100)
  type?: string;
  [extra: string]: string | undefined;
}

export interface ApruvdCartItem {
  item?: string; // string(250); one of item or extra.sku is required
  is_high_risk?: boolean;
  is_digital?: boolean;
  quantity?: number; // integer
  unit_price?: DecimalString;
  extra?: { link?: string; sku?: string; [key: string]: string | undefined }; // link, sku: string(250)
}

export interface ApruvdDiscountCode {
  code?: string; // string(250)
  description?: string; // string(250)
  amount?: DecimalString;
  discount_type?: string; // string(250): "Free Shipping" | "Fixed" | "Percent"
  extra?: Record<string, string>;
}

export interface ApruvdTransaction {
  type: string; // enum, required ("Ecommerce")
  total: number; // decimal, required
  currency: string; // ISO 4217, required
  order_num?: string; // string(25)
  ip?: string; // string(39)
  email?: string; // string(254)
  billing_phone?: string; // string(25)
  cc_name?: string; // string(50)
  cc_name_2?: string; // string(50)
  first_six?: number; // integer: 6 or 8 digit BIN
  last_four?: number; // integer
  avs?: AvsCode;
  cvv?: CvvCode;
  auth_attempts?: number; // integer
  gift_cards?: ApruvdGiftCard[];
  billing_first_name?: string; // string(100)
  billing_last_name?: string; // string(100)
  billing_company?: string; // string(100)
  billing_address_1?: string; // string(255)
  billing_address_2?: string; // string(255)
  billing_city?: string; // string(100)
  billing_postal?: string; // string(25)
  billing_state?: string; // string(50)
  billing_region?: string; // string(50)
  billing_country?: string; // string(100)
  shipping_email?: string; // string(254)
  egc_recipient?: string; // string(254)
  shipping_phone?: string; // string(25)
  shipping_first_name?: string; // string(100)
  shipping_last_name?: string; // string(100)
  shipping_company?: string; // string(100)
  shipping_address_1?: string; // string(255)
  shipping_address_2?: string; // string(255)
  shipping_city?: string; // string(100)
  shipping_postal?: string; // string(25)
  shipping_state?: string; // string(50)
  shipping_region?: string; // string(50)
  shipping_country?: string; // string(100)
  shipping_method?: string; // string(255)
  session_id?: string; // string(255)
  cart_contents?: ApruvdCartItem[];
  digital_only_order?: boolean;
  discount_codes?: ApruvdDiscountCode[];
  rep_email?: string; // string(254)
  additional_1?: string; // text
  additional_2?: string; // text
  additional_3?: string; // text
}

/** Documented maximum lengths of the transaction's string fields. */
export const TRANSACTION_STRING_LIMITS = {
  order_num: 25,
  ip: 39,
  email: 254,
  billing_phone: 25,
  cc_name: 50,
  cc_name_2: 50,
  billing_first_name: 100,
  billing_last_name: 100,
  billing_company: 100,
  billing_address_1: 255,
  billing_address_2: 255,
  billing_city: 100,
  billing_postal: 25,
  billing_state: 50,
  billing_region: 50,
  billing_country: 100,
  shipping_email: 254,
  egc_recipient: 254,
  shipping_phone: 25,
  shipping_first_name: 100,
  shipping_last_name: 100,
  shipping_company: 100,
  shipping_address_1: 255,
  shipping_address_2: 255,
  shipping_city: 100,
  shipping_postal: 25,
  shipping_state: 50,
  shipping_region: 50,
  shipping_country: 100,
  shipping_method: 255,
  session_id: 255,
  rep_email: 254,
} as const satisfies Partial<Record<keyof ApruvdTransaction, number>>;

export interface SubmitTransactionResponse {
  transaction_id: number;
  status: ApruvdStatus;
  risk_grade?: string;
  order_num?: string;
}

export interface TransactionStatusResponse {
  transaction_id: number;
  status: ApruvdStatus;
  canceled: boolean;
  order_num?: string;
  risk_grade?: string;
}

/** Body of a review-complete callback to callback_url. */
export interface ReviewCompleteCallback {
  transaction_id: number;
  order_num?: string;
  status: ApruvdStatus;
  notes?: string;
  corrected_email?: string;
}

/** Body of a settings-update callback to settings_url (deprecated fields accepted, ignored). */
export interface SettingsCallback {
  service_plan?: string;
  enforce_unique_order_num?: boolean;
  js_url?: string;
}

// ---------------------------------------------------------------------------
// Additions (client + sandbox). Everything above is relied on by other modules.
// ---------------------------------------------------------------------------

/** Transaction types the reference documents (the only one shown is "Ecommerce"). */
export const APRUVD_TRANSACTION_TYPES = ["Ecommerce"] as const;
export type ApruvdTransactionType = (typeof APRUVD_TRANSACTION_TYPES)[number];

/** The test-account triggers from "Test a Transaction Submission". */
export const APRUVD_TEST_TRIGGERS = {
  emailPrefix: { approve: "Approved", decline: "Declined", submit: "Submitted" },
  billingFirstName: { approve: "Approved", decline: "Declined", submit: "Submitted" },
  firstSix: { 444444: "Approved", 555555: "Declined", 333333: "Submitted" },
} as const;

/** One field's change inside an update changelog entry. */
export interface ApruvdFieldChange {
  from: unknown;
  to: unknown;
}

/** `{ "<timestamp>": { "<field>": { from, to } } }`, e.g. key "2020-Mar-15 10:28 AM". */
export type ApruvdChangelog = Record<string, Record<string, ApruvdFieldChange>>;

/** POST transactions/{id}/update/ → 200. */
export interface UpdateTransactionResponse {
  transaction_id: number;
  status: ApruvdStatus;
  changelog: ApruvdChangelog;
}

/** POST transactions/{id}/cancel/ → 200. `status` is the status at cancellation. */
export interface CancelTransactionResponse {
  transaction_id: number;
  status: ApruvdStatus;
  canceled: boolean;
}

/** POST transactions/elevate/ → 200. */
export interface ElevateResponse {
  transaction_id: number;
  order_num?: string;
  status: ApruvdStatus;
}

/** POST callbacks/ body. */
export interface CallbackRegistrationInput {
  callback_url: string;
  settings_url: string;
  callback_api_key_id: string;
  callback_api_key_secret: string;
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

export type ApruvdCallbackName = "review-complete" | "settings-update";

/** Deprecated fields Apruvd still sends to settings_url (carry no information). */
export interface SettingsCallbackDeprecatedFields {
  id: null;
  basic_rules: never[];
  data_connection: false;
  training_data: false;
  enforce_unique_order_id: false;
  require_notes_on_approves: false;
  require_notes_on_declines: false;
  strictly_protect_pii: false;
  integration_version: "V3";
}

/** Full body POSTed to settings_url, deprecated fields included. */
export type SettingsCallbackPayload = SettingsCallback & Partial<SettingsCallbackDeprecatedFields>;

/** One OAuth token as returned by /o/token/. `expires_in` is in seconds. */
export interface ApruvdOAuthToken {
  type: string; // "Bearer"
  expires_in: number;
  token: string;
}

/** GET /o/token/?grant_type=password|refresh → 200. */
export interface ApruvdOAuthTokens {
  access: ApruvdOAuthToken;
  refresh: ApruvdOAuthToken;
}

/** Claim statuses a merchant may send; Apruvd sets others (e.g. "Accepted, Paid"). */
export type ChargebackClaimStatusInput = "Reviewing" | "Alert";

/** A chargeback claim (v2). File fields are URLs or null. */
export interface ApruvdChargeback {
  order_num: string;
  timestamp: string;
  claim_status: string;
  claim_amount_currency: string;
  claim_amount: DecimalString;
  denial_reason: string | null;
  claim_file: string | null;
  claim_file_2: string | null;
  claim_file_3: string | null;
  appeal_file: string | null;
}

/** A file to upload with a chargeback (multipart/form-data part). */
export interface ChargebackFileUpload {
  filename: string;
  contentType: string;
  data: Uint8Array | Blob;
}

export const CHARGEBACK_FILE_FIELDS = ["claim_file", "claim_file_2", "claim_file_3", "appeal_file"] as const;
export type ChargebackFileField = (typeof CHARGEBACK_FILE_FIELDS)[number];

/** Body of PUT/PATCH /api/v2/chargebacks/{order_num}/. */
export interface ChargebackUpdateInput {
  claim_status?: ChargebackClaimStatusInput;
  claim_amount?: number | DecimalString;
  claim_amount_currency?: string;
  claim_file?: ChargebackFileUpload;
  claim_file_2?: ChargebackFileUpload;
  claim_file_3?: ChargebackFileUpload;
  appeal_file?: ChargebackFileUpload;
}

/** Body of POST /api/v2/chargebacks/. */
export interface ChargebackCreateInput extends ChargebackUpdateInput {
  order_num: string;
}

/** GET /api/v2/chargebacks/ → 200 (page of 20; next/previous are absolute URLs). */
export interface ChargebackPage {
  previous: string | null;
  next: string | null;
  results: ApruvdChargeback[];
}

/** Error body shapes Apruvd uses. */
export interface ApruvdErrorBody {
  error?: string;
  detail?: string;
}
