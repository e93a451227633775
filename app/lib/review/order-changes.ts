import crypto from "node:crypto";
import type { ApruvdTransaction } from "../clients/apruvd/types";
import { config } from "../platform/config/config.server";

/**
 * Which order changes Apruvd must hear about, decided without keeping the customer's
 * data: fields are compared through keyed hashes (HMAC with the app's encryption key,
 * so a stored hash cannot be reversed by guessing an email), and webhooks through a
 * fingerprint of the fields Apruvd cares about.
 */

/** Transaction fields whose change sends the order back to Apruvd (total, email, addresses, phones, cart, shipping). */
export const UPDATE_FIELDS = [
  "total",
  "currency",
  "email",
  "billing_phone",
  "billing_first_name",
  "billing_last_name",
  "billing_company",
  "billing_address_1",
  "billing_address_2",
  "billing_city",
  "billing_postal",
  "billing_state",
  "billing_region",
  "billing_country",
  "shipping_email",
  "shipping_phone",
  "shipping_first_name",
  "shipping_last_name",
  "shipping_company",
  "shipping_address_1",
  "shipping_address_2",
  "shipping_city",
  "shipping_postal",
  "shipping_state",
  "shipping_region",
  "shipping_country",
  "shipping_method",
  "cart_contents",
  "digital_only_order",
] as const satisfies readonly (keyof ApruvdTransaction)[];
export type UpdateField = (typeof UPDATE_FIELDS)[number];

function keyedHash(value: unknown, key: string): string {
  return crypto
    .createHmac("sha256", key)
    .update(JSON.stringify(value ?? null))
    .digest("base64url")
    .slice(0, 22);
}

function hashKey(): string {
  return config().secrets.fieldHashKey;
}

/** The current key first, then the keys older hashes were made with (platform/crypto/key-derivation.ts). */
function acceptedHashKeys(): readonly string[] {
  return config().secrets.acceptedFieldHashKeys;
}

export function fieldHashes(tx: ApruvdTransaction, key = hashKey()): Record<UpdateField, string> {
  const out = {} as Record<UpdateField, string>;
  for (const field of UPDATE_FIELDS) out[field] = keyedHash(tx[field], key);
  return out;
}

/**
 * The fields of `tx` whose value differs from what was sent; a field now absent is sent as "" (cleared).
 * A stored hash made under an older key (before the keys were separated, or before a key
 * rotation while the previous key is set) still compares equal for an unchanged value.
 */
export function changedFields(
  tx: ApruvdTransaction,
  previous: Partial<Record<UpdateField, string>> | null,
  keys: string | readonly string[] = acceptedHashKeys(),
): Partial<ApruvdTransaction> {
  if (!previous) return {};
  const underEachKey = (typeof keys === "string" ? [keys] : keys).map((key) => fieldHashes(tx, key));
  const changes: Record<string, unknown> = {};
  for (const field of UPDATE_FIELDS) {
    if (previous[field] === undefined || underEachKey.some((hashes) => hashes[field] === previous[field])) continue;
    const value = tx[field];
    changes[field] = value === undefined ? (field === "cart_contents" ? [] : "") : value;
  }
  return changes as Partial<ApruvdTransaction>;
}

type Rest = Record<string, unknown>;
const pick = (value: unknown, keys: string[]): unknown =>
  value && typeof value === "object" ? keys.map((k) => (value as Rest)[k] ?? null) : null;
const ADDRESS_KEYS = [
  "first_name",
  "last_name",
  "company",
  "address1",
  "address2",
  "city",
  "zip",
  "province",
  "province_code",
  "country",
  "country_code",
  "phone",
];

/** A webhook payload's fingerprint over what Apruvd cares about; tags, notes, fulfillment and payment status are left out. */
export function webhookFingerprint(payload: unknown, key = hashKey()): string | null {
  if (!payload || typeof payload !== "object") return null;
  const p = payload as Rest;
  const totalSet = (p.current_total_price_set ?? p.total_price_set) as Rest | undefined;
  const presentment =
    totalSet && typeof totalSet === "object" ? (totalSet.presentment_money as Rest | undefined) : undefined;
  // Payloads are untrusted shapes: an element may be anything, null included.
  const isRest = (value: unknown): value is Rest => Boolean(value) && typeof value === "object";
  const lineItems = Array.isArray(p.line_items)
    ? (p.line_items as unknown[]).map((li) =>
        isRest(li)
          ? [li.id ?? li.admin_graphql_api_id ?? null, li.current_quantity ?? li.quantity ?? null, li.price ?? null]
          : null,
      )
    : null;
  const shipping = Array.isArray(p.shipping_lines)
    ? (p.shipping_lines as unknown[]).map((s) => (isRest(s) ? (s.title ?? null) : null))
    : null;
  return keyedHash(
    [
      p.current_total_price ?? p.total_price ?? null,
      presentment ? [presentment.amount ?? null, presentment.currency_code ?? null] : null,
      p.presentment_currency ?? p.currency ?? null,
      p.email ?? p.contact_email ?? null,
      p.phone ?? null,
      pick(p.billing_address, ADDRESS_KEYS),
      pick(p.shipping_address, ADDRESS_KEYS),
      lineItems,
      shipping,
    ],
    key,
  );
}

// --- Masking, for what the review page shows of a transaction and its changelog ---------

const KEEP = new Set<string>([
  "type",
  "total",
  "currency",
  "order_num",
  "avs",
  "cvv",
  "auth_attempts",
  "digital_only_order",
  "shipping_method",
  "billing_country",
  "shipping_country",
  "billing_state",
  "shipping_state",
  "billing_region",
  "shipping_region",
]);

export function maskText(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) return "";
  const at = trimmed.indexOf("@");
  if (at > 0) return `${trimmed[0]}•••@${trimmed.slice(at + 1).replace(/^[^.]*/, (d) => `${d[0] ?? ""}•••`)}`;
  return `${trimmed[0]}${"•".repeat(Math.min(8, Math.max(2, trimmed.length - 1)))}`;
}

export function maskValue(field: string, value: unknown): unknown {
  if (value === null || value === undefined || typeof value === "boolean") return value;
  if (KEEP.has(field)) return value;
  if (field === "last_four") return String(value).padStart(4, "0");
  if (field === "first_six") return `${String(value).slice(0, 1)}•••••`;
  if (typeof value === "number") return value;
  if (typeof value === "string") return maskText(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(`${field}[]`, item));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Rest)) {
      const nested = [
        "quantity",
        "unit_price",
        "amount",
        "is_digital",
        "is_high_risk",
        "discount_type",
        "currency",
        "type",
        "item",
        "sku",
      ].includes(k);
      out[k] = nested ? v : maskValue(k, v);
    }
    return out;
  }
  return "•••";
}

/** The transaction as the review page may show it: amounts and codes kept, personal data masked. */
export function maskTransaction(tx: ApruvdTransaction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(tx)) out[field] = maskValue(field, value);
  return out;
}

/** Apruvd's changelog `{ when: { field: { from, to } } }` with the values masked. */
export function maskChangelog(changelog: unknown): Record<string, Record<string, { from: unknown; to: unknown }>> {
  const out: Record<string, Record<string, { from: unknown; to: unknown }>> = {};
  if (!changelog || typeof changelog !== "object") return out;
  for (const [when, fields] of Object.entries(changelog as Rest)) {
    if (!fields || typeof fields !== "object") continue;
    out[when] = {};
    for (const [field, change] of Object.entries(fields as Rest)) {
      const c = (change ?? {}) as { from?: unknown; to?: unknown };
      out[when][field] = { from: maskValue(field, c.from), to: maskValue(field, c.to) };
    }
  }
  return out;
}
