import type { InboxEvent } from "@prisma/client";
import { APRUVD_STATUSES, type ApruvdStatus } from "../clients/apruvd/types";

/**
 * The inbox contract: every topic an inbox row may carry, the payload each one stores,
 * and the check that turns a stored row back into that payload.
 *
 * Shopify's webhook topics and the app's own topics are two separate types. A topic
 * received from outside (a webhook header, a Pub/Sub or EventBridge message) is a plain
 * string until `shopifyTopicOf` parses it, and that parser only ever returns one of
 * Shopify's topics, so nothing received can name a `merchant/*`, `system/*` or
 * `apruvd/*` topic. Producers enqueue with `recordInboxEvent` (inbox.server.ts), typed by
 * this map; jobs get the payload through `decodeInboxEvent`, checked at run time.
 */

// --- Shopify's webhook topics, in Shopify's orders/create form ---

/** Queued: the order's review follows them. */
export const SHOPIFY_ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled"] as const;
/**
 * Queued: the fulfillment-order topics that create or move fulfillment orders, so that a
 * new one gets our hold while the order is under review (names from Shopify's
 * WebhookSubscriptionTopic: https://shopify.dev/docs/api/admin-graphql/latest/enums/WebhookSubscriptionTopic).
 */
export const SHOPIFY_FULFILLMENT_ORDER_TOPICS = [
  "fulfillment_orders/split",
  "fulfillment_orders/moved",
  "fulfillment_orders/merged",
  "fulfillment_orders/order_routing_complete",
] as const;
/** Queued: the mandatory compliance topics. */
export const SHOPIFY_COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;
/** Handled at once by their routes, never queued. */
export const SHOPIFY_LIFECYCLE_TOPICS = ["app/uninstalled", "app/scopes_update"] as const;

export type ShopifyOrderTopic = (typeof SHOPIFY_ORDER_TOPICS)[number];
export type ShopifyFulfillmentOrderTopic = (typeof SHOPIFY_FULFILLMENT_ORDER_TOPICS)[number];
export type ShopifyComplianceTopic = (typeof SHOPIFY_COMPLIANCE_TOPICS)[number];
export type ShopifyLifecycleTopic = (typeof SHOPIFY_LIFECYCLE_TOPICS)[number];
/** Every topic the app subscribes to (shopify.app.toml). */
export type ShopifyWebhookTopic =
  ShopifyOrderTopic | ShopifyFulfillmentOrderTopic | ShopifyComplianceTopic | ShopifyLifecycleTopic;
/** The Shopify topics that go through the inbox. */
export type ShopifyInboxTopic = ShopifyOrderTopic | ShopifyFulfillmentOrderTopic | ShopifyComplianceTopic;

// --- The app's own topics: only the app's code names them ---

/** What a merchant can ask for from the dashboard, the review page or the order block. */
export const MERCHANT_ACTIONS = ["submit", "elevate", "resync", "cancel", "release", "cancel-order"] as const;
export type MerchantAction = (typeof MERCHANT_ACTIONS)[number];

export const APP_TOPICS = [
  "merchant/submit",
  "merchant/elevate",
  "merchant/resync",
  "merchant/cancel",
  // Release the hold and ship without (or despite) Apruvd's review.
  "merchant/release",
  // Cancel the order in Shopify, with the merchant's restock, refund and notification choices.
  "merchant/cancel-order",
  // A submission paused while Apruvd refused the shop's keys, resumed once they work.
  "system/resume",
  // The reconciliation sweep's status poll of a review stuck under review.
  "system/poll",
  // One reconciliation sweep of a shop.
  "system/reconcile",
  // Apruvd's review-complete callback.
  "apruvd/review-complete",
  // Fulfillment orders appeared on an order (split, moved, merged, routed): hold them while under review.
  "system/hold-fulfillment-orders",
  // A new order's review (read, submit, write back), queued by orders/create once its hold is on.
  "system/review-order",
] as const;
export type AppTopic = (typeof APP_TOPICS)[number];

export type InboxTopic = ShopifyInboxTopic | AppTopic;
export const INBOX_TOPICS: readonly InboxTopic[] = [
  ...SHOPIFY_ORDER_TOPICS,
  ...SHOPIFY_FULFILLMENT_ORDER_TOPICS,
  ...SHOPIFY_COMPLIANCE_TOPICS,
  ...APP_TOPICS,
];

// Fails to compile if a Shopify topic and an app topic ever share a name.
type SharedNames = Extract<ShopifyWebhookTopic, AppTopic>;
const topicsAreDisjoint: [SharedNames] extends [never] ? true : never = true;
void topicsAreDisjoint;

// --- Payloads: what each row stores (identifiers, never the customer's data) ---

export interface OrderEventPayload {
  /** The order's numeric Shopify id. */
  orderKey: string;
  /** Keyed hash of the order fields Apruvd cares about; null when the event did not come with the order (the sweep). */
  fingerprint?: string | null;
}

/** A fulfillment-order webhook: the fulfillment orders it names (Shopify's bodies name no order). */
export interface FulfillmentOrderEventPayload {
  fulfillmentOrderIds: string[];
}

export interface CompliancePayload {
  orderKeys: string[];
  customerId: string | null;
  dataRequestId?: string | null;
}

/** shop/redact needs nothing but the shop; the row keeps the shape the other compliance topics store. */
export type ShopRedactPayload = Partial<CompliancePayload>;

/** The merchant's choices when cancelling an order from the app. */
export interface CancelOrderChoices {
  restock: boolean;
  refund: boolean;
  notifyCustomer: boolean;
}

export interface MerchantActionPayload {
  orderKey: string;
  action: MerchantAction;
  /** cancel-order only. */
  cancel?: CancelOrderChoices;
}

/** A decision from Apruvd's review-complete callback, as checked when it was received. */
export interface DecisionEventPayload {
  transaction_id: number;
  status: ApruvdStatus;
  notes?: string;
  corrected_email?: string;
}

/** A sweep carries nothing but its shop. */
export type ReconcilePayload = Record<string, never>;

export interface InboxPayloads {
  "orders/create": OrderEventPayload;
  "orders/updated": OrderEventPayload;
  "orders/cancelled": OrderEventPayload;
  "fulfillment_orders/split": FulfillmentOrderEventPayload;
  "fulfillment_orders/moved": FulfillmentOrderEventPayload;
  "fulfillment_orders/merged": FulfillmentOrderEventPayload;
  "fulfillment_orders/order_routing_complete": FulfillmentOrderEventPayload;
  "customers/data_request": CompliancePayload;
  "customers/redact": CompliancePayload;
  "shop/redact": ShopRedactPayload;
  "merchant/submit": MerchantActionPayload;
  "merchant/elevate": MerchantActionPayload;
  "merchant/resync": MerchantActionPayload;
  "merchant/cancel": MerchantActionPayload;
  "merchant/release": MerchantActionPayload;
  "merchant/cancel-order": MerchantActionPayload;
  "system/resume": OrderEventPayload;
  "system/poll": MerchantActionPayload;
  "system/reconcile": ReconcilePayload;
  "apruvd/review-complete": DecisionEventPayload;
  "system/hold-fulfillment-orders": OrderEventPayload;
  "system/review-order": OrderEventPayload;
}

export type InboxPayload<T extends InboxTopic> = InboxPayloads[T];

/** An inbox row whose payload has passed its topic's check. */
export type DecodedInboxEvent<T extends InboxTopic = InboxTopic> = Omit<InboxEvent, "topic" | "payload"> & {
  topic: T;
  payload: InboxPayload<T>;
};

// --- Parsing what comes from outside ---

const SUBSCRIBED_TOPICS: readonly ShopifyWebhookTopic[] = [
  ...SHOPIFY_ORDER_TOPICS,
  ...SHOPIFY_FULFILLMENT_ORDER_TOPICS,
  ...SHOPIFY_COMPLIANCE_TOPICS,
  ...SHOPIFY_LIFECYCLE_TOPICS,
];
/** The library's form of a topic (@shopify/shopify-api topicForStorage): upper case, "/" and "." as "_". */
const libraryFormOf = (topic: string) => topic.toUpperCase().replace(/[/.]/g, "_");

/**
 * The library reports topics as ORDERS_CREATE; Shopify's headers say orders/create. Any topic,
 * known or not. The library's form loses where the "/" was (FULFILLMENT_ORDERS_SPLIT), so a
 * topic the app subscribes to is matched whole; only an unknown one is guessed at its first "_".
 */
export function normaliseTopic(topic: string): string {
  if (topic.includes("/")) return topic.toLowerCase();
  const subscribed = SUBSCRIBED_TOPICS.find((known) => libraryFormOf(known) === topic.toUpperCase());
  if (subscribed) return subscribed;
  const lower = topic.toLowerCase();
  const first = lower.indexOf("_");
  return first === -1 ? lower : `${lower.slice(0, first)}/${lower.slice(first + 1)}`;
}

function oneOf<T extends string>(values: readonly T[], value: string): T | null {
  return (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** A received topic (either form), if it is one the app subscribes to. */
export function shopifyTopicOf(received: string): ShopifyWebhookTopic | null {
  const topic = normaliseTopic(received);
  return (
    oneOf(SHOPIFY_ORDER_TOPICS, topic) ??
    oneOf(SHOPIFY_FULFILLMENT_ORDER_TOPICS, topic) ??
    oneOf(SHOPIFY_COMPLIANCE_TOPICS, topic) ??
    oneOf(SHOPIFY_LIFECYCLE_TOPICS, topic)
  );
}

export function shopifyOrderTopicOf(received: string): ShopifyOrderTopic | null {
  return oneOf(SHOPIFY_ORDER_TOPICS, normaliseTopic(received));
}

export function shopifyComplianceTopicOf(received: string): ShopifyComplianceTopic | null {
  return oneOf(SHOPIFY_COMPLIANCE_TOPICS, normaliseTopic(received));
}

export function isMerchantAction(value: unknown): value is MerchantAction {
  return typeof value === "string" && oneOf(MERCHANT_ACTIONS, value) !== null;
}

// --- Reading a stored row back ---

/**
 * A stored payload that does not pass its topic's check: bad data, not an outage. The
 * runners treat it like any unexpected error (retried with backoff, then parked for a
 * human), as they treated a payload that broke a handler before.
 */
export class InboxPayloadError extends Error {
  override name = "InboxPayloadError";
}

type Fields = Record<string, unknown>;

function fail(topic: InboxTopic, problem: string): never {
  throw new InboxPayloadError(`${topic} payload: ${problem}`);
}

function orderKeyIn(topic: InboxTopic, fields: Fields): string {
  const { orderKey } = fields;
  if (typeof orderKey !== "string" || !/^\d+$/.test(orderKey)) fail(topic, "orderKey must be a numeric order id");
  return orderKey;
}

function optionalString(topic: InboxTopic, fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") fail(topic, `${name} must be a string`);
  return value;
}

function nullableString(topic: InboxTopic, fields: Fields, name: string): string | null | undefined {
  const value = fields[name];
  if (value === null) return null;
  return optionalString(topic, fields, name);
}

function orderEvent(topic: InboxTopic, fields: Fields): OrderEventPayload {
  return { orderKey: orderKeyIn(topic, fields), fingerprint: nullableString(topic, fields, "fingerprint") };
}

function fulfillmentOrderEvent(topic: InboxTopic, fields: Fields): FulfillmentOrderEventPayload {
  const ids = fields.fulfillmentOrderIds;
  if (!isStringList(ids) || !ids.every((id) => /^gid:\/\/shopify\/FulfillmentOrder\/\d+$/.test(id))) {
    fail(topic, "fulfillmentOrderIds must be a list of FulfillmentOrder gids");
  }
  return { fulfillmentOrderIds: ids };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function compliance(topic: InboxTopic, fields: Fields): CompliancePayload {
  const { orderKeys } = fields;
  if (!isStringList(orderKeys)) fail(topic, "orderKeys must be a list of order ids");
  return {
    orderKeys,
    customerId: nullableString(topic, fields, "customerId") ?? null,
    dataRequestId: nullableString(topic, fields, "dataRequestId"),
  };
}

function merchantAction(topic: InboxTopic, fields: Fields): MerchantActionPayload {
  const orderKey = orderKeyIn(topic, fields);
  if (!isMerchantAction(fields.action)) fail(topic, `action must be one of ${MERCHANT_ACTIONS.join(", ")}`);
  if (fields.cancel === undefined) return { orderKey, action: fields.action };
  const choices = fields.cancel as Fields | null;
  const flag = (name: string) => {
    const value = choices?.[name];
    if (typeof value !== "boolean") fail(topic, `cancel.${name} must be true or false`);
    return value;
  };
  return {
    orderKey,
    action: fields.action,
    cancel: { restock: flag("restock"), refund: flag("refund"), notifyCustomer: flag("notifyCustomer") },
  };
}

function decision(topic: InboxTopic, fields: Fields): DecisionEventPayload {
  const { transaction_id: transactionId, status } = fields;
  if (typeof transactionId !== "number" || !Number.isSafeInteger(transactionId) || transactionId <= 0) {
    fail(topic, "transaction_id must be a positive integer");
  }
  const knownStatus = typeof status === "string" ? oneOf(APRUVD_STATUSES, status) : null;
  if (!knownStatus) fail(topic, `status must be one of ${APRUVD_STATUSES.join(", ")}`);
  return {
    transaction_id: transactionId,
    status: knownStatus,
    notes: optionalString(topic, fields, "notes"),
    corrected_email: optionalString(topic, fields, "corrected_email"),
  };
}

function shopRedact(topic: InboxTopic, fields: Fields): ShopRedactPayload {
  return fields.orderKeys === undefined ? {} : compliance(topic, fields);
}

const READERS: { [T in InboxTopic]: (topic: T, fields: Fields) => InboxPayload<T> } = {
  "orders/create": orderEvent,
  "orders/updated": orderEvent,
  "orders/cancelled": orderEvent,
  "fulfillment_orders/split": fulfillmentOrderEvent,
  "fulfillment_orders/moved": fulfillmentOrderEvent,
  "fulfillment_orders/merged": fulfillmentOrderEvent,
  "fulfillment_orders/order_routing_complete": fulfillmentOrderEvent,
  "customers/data_request": compliance,
  "customers/redact": compliance,
  "shop/redact": shopRedact,
  "merchant/submit": merchantAction,
  "merchant/elevate": merchantAction,
  "merchant/resync": merchantAction,
  "merchant/cancel": merchantAction,
  "merchant/release": merchantAction,
  "merchant/cancel-order": merchantAction,
  "system/resume": orderEvent,
  "system/poll": merchantAction,
  "system/reconcile": () => ({}),
  "apruvd/review-complete": decision,
  "system/hold-fulfillment-orders": orderEvent,
  "system/review-order": orderEvent,
};

/** The stored JSON of a row of `topic`, checked. Throws InboxPayloadError when it does not fit. */
export function parseInboxPayload<T extends InboxTopic>(topic: T, stored: string): InboxPayload<T> {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    fail(topic, "not JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) fail(topic, "not a JSON object");
  const read: (topic: T, fields: Fields) => InboxPayload<T> = READERS[topic];
  return read(topic, value as Fields);
}

/** The row as a job of `topic` sees it: its payload checked and typed. */
export function decodeInboxEvent<T extends InboxTopic>(event: InboxEvent, topic: T): DecodedInboxEvent<T> {
  if (event.topic !== topic) throw new InboxPayloadError(`a ${event.topic} event was handed to the ${topic} job`);
  return { ...event, topic, payload: parseInboxPayload(topic, event.payload) };
}
