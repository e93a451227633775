/**
 * One review for its page: the review, its event history, the transaction that was
 * sent to Apruvd when an event recorded it (customer data masked) and the reviewer's
 * notes.
 */
import type { PrismaClient } from "@prisma/client";
import { elevationReasonsOf } from "../../review/elevation-rules";
import { type NeedsMerchantReason, availableActions, needsMerchant } from "../../review/review-state";
import type { MerchantAction } from "../../receive/merchant-actions.server";
import { type NextStep, type OrderOutcome, nextSteps, outcomeOf } from "./next-steps";
import type { MessageKey } from "../i18n/translate";
import { displayedLine, textMessage } from "../i18n/history-lines";
import type { Message } from "../i18n/message";

export interface ReviewEventView {
  id: string;
  type: string;
  /** The line in the merchant's language (key and parameters); null for an old row whose text is no known line. */
  line: Message | null;
  /** The line's text as stored (English): shown as is when `line` is null. */
  text: string;
  createdAt: string;
  /** Identifiers and statuses from the event's detail (never the transaction itself). */
  facts: Array<{ label: MessageKey; value: string }>;
}

export interface ReviewDetail {
  id: string;
  orderId: string;
  orderName: string | null;
  orderNum: string | null;
  transactionId: number | null;
  status: string;
  riskGrade: string | null;
  notes: string | null;
  errorMessage: string | null;
  /** errorMessage in the merchant's language, when it is one of the app's lines (else shown as is). */
  error: Message | null;
  /** "Submit then elevate": the elevation rules that fired (labels); null when the rules were not checked. */
  elevatedBy: Array<Message | string> | null;
  total: string | null;
  currency: string | null;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  decisionMs: number | null;
  apruvdCancelledAt: string | null;
  events: ReviewEventView[];
  /**
   * The sent transaction with customer data masked, as [field, value] pairs (the page shows each
   * field in words: transaction-labels.ts); null when no event kept it.
   */
  sentTransaction: Array<[string, string]> | null;
  actions: MerchantAction[];
  /** Holds this app placed that are still open on the order. */
  openHolds: number;
  /** Why the review needs the merchant now, or null. */
  needs: NeedsMerchantReason | null;
  /** What happens to the order, in words. */
  outcome: OrderOutcome;
  /** What the merchant can do next, the first being the usual choice. */
  nextSteps: NextStep[];
}

const MASK = "•••";

/** Fields of an Apruvd transaction that identify a person; shown masked. */
const PERSONAL_FIELDS = new Set([
  "email",
  "shipping_email",
  "egc_recipient",
  "rep_email",
  "billing_phone",
  "shipping_phone",
  "cc_name",
  "cc_name_2",
  "billing_first_name",
  "billing_last_name",
  "billing_company",
  "billing_address_1",
  "billing_address_2",
  "billing_postal",
  "shipping_first_name",
  "shipping_last_name",
  "shipping_company",
  "shipping_address_1",
  "shipping_address_2",
  "shipping_postal",
  "ip",
  "first_six",
  "session_id",
  "additional_1",
  "additional_2",
  "additional_3",
  "purchaser_name",
  "purchaser_email",
  "recipient_name",
  "recipient_email",
]);

function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  if (at <= 0) return MASK;
  const domain = value.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot >= 0 ? domain.slice(dot) : "";
  return `${value[0]}${MASK}@${MASK}${tld}`;
}

/** A personal value → a masked hint that identifies nobody. */
export function maskValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "";
  const text = String(value);
  if (field.includes("email") || field === "egc_recipient") return maskEmail(text);
  if (field.includes("phone")) return `${MASK}${text.replace(/\D/g, "").slice(-2)}`;
  if (field === "first_six") return "••••••";
  if (field === "ip") return text.includes(":") ? `${text.split(":")[0]}:${MASK}` : `${text.split(".")[0]}.${MASK}`;
  if (field.endsWith("_name") || field.endsWith("_name_2") || field === "cc_name") return `${text[0]}${MASK}`;
  if (field.endsWith("_postal")) return `${text.slice(0, 2)}${MASK}`;
  return MASK;
}

function maskDeep(value: unknown, field = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, field));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskDeep(v, k);
    return out;
  }
  return PERSONAL_FIELDS.has(field) ? maskValue(field, value) : value;
}

/** The transaction with every personal field masked (nested gift cards included), as display pairs. */
export function maskTransaction(transaction: Record<string, unknown>): Array<[string, string]> {
  const masked = maskDeep(transaction) as Record<string, unknown>;
  return Object.entries(masked)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
}

function parseDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const TRANSACTION_KEYS = ["transaction", "sentTransaction", "request"];
const FACT_LABELS: Record<string, MessageKey> = {
  transactionId: "fact.transactionId",
  transaction_id: "fact.transactionId",
  status: "fact.status",
  riskGrade: "fact.riskGrade",
  risk_grade: "fact.riskGrade",
  previousStatus: "fact.previousStatus",
  tag: "fact.tag",
  attempt: "fact.attempt",
};

function factsOf(detail: Record<string, unknown> | null): Array<{ label: MessageKey; value: string }> {
  if (!detail) return [];
  const facts: Array<{ label: MessageKey; value: string }> = [];
  for (const [key, value] of Object.entries(detail)) {
    if (TRANSACTION_KEYS.includes(key) || PERSONAL_FIELDS.has(key)) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    // Shopify's ids (gid://shopify/FulfillmentHold/1) mean nothing to a merchant.
    if (typeof value === "string" && value.startsWith("gid://")) continue;
    const label = FACT_LABELS[key];
    if (!label) continue;
    facts.push({ label, value: String(value) });
  }
  return facts;
}

function transactionOf(detail: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!detail) return null;
  for (const key of TRANSACTION_KEYS) {
    const value = detail[key];
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  }
  return null;
}

export async function getReviewDetail(prisma: PrismaClient, shop: string, id: string): Promise<ReviewDetail | null> {
  const review = await prisma.review.findFirst({
    where: { id, shop },
    include: {
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 },
      holds: { where: { releasedAt: null }, select: { id: true } },
    },
  });
  if (!review) return null;
  const openHolds = review.holds.length;
  const elevatedBy = elevationReasonsOf(review.elevationReasons)?.map((r) => textMessage(r.label)) ?? null;
  let sent: Record<string, unknown> | null = null;
  const events: ReviewEventView[] = review.events.map((event) => {
    const detail = parseDetail(event.detail);
    sent = transactionOf(detail) ?? sent;
    return {
      id: event.id,
      type: event.type,
      line: displayedLine({ key: event.messageKey, params: event.messageParams, text: event.message }),
      text: event.message,
      createdAt: event.createdAt.toISOString(),
      facts: factsOf(detail),
    };
  });
  return {
    id: review.id,
    orderId: review.orderId,
    orderName: review.orderName,
    orderNum: review.orderNum,
    transactionId: review.transactionId,
    status: review.status,
    riskGrade: review.riskGrade,
    notes: review.notes,
    errorMessage: review.errorMessage,
    error: review.errorMessage
      ? displayedLine(
          { key: review.errorKey, params: review.errorParams, text: review.errorMessage },
          { keyFollowsText: true },
        )
      : null,
    elevatedBy,
    total: review.total,
    currency: review.currency,
    createdAt: review.createdAt.toISOString(),
    submittedAt: review.submittedAt?.toISOString() ?? null,
    decidedAt: review.decidedAt?.toISOString() ?? null,
    decisionMs:
      review.submittedAt && review.decidedAt
        ? Math.max(0, review.decidedAt.getTime() - review.submittedAt.getTime())
        : null,
    apruvdCancelledAt: review.apruvdCancelledAt?.toISOString() ?? null,
    events,
    sentTransaction: sent ? maskTransaction(sent) : null,
    actions: availableActions({ ...review, openHolds }),
    openHolds,
    needs: needsMerchant({ ...review, openHolds }),
    outcome: outcomeOf({ status: review.status, openHolds, elevatedBy, errorMessage: review.errorMessage }),
    nextSteps: nextSteps({ ...review, openHolds }),
  };
}

/** The review of an order (GID or numeric id), for the order block. */
export async function findReviewByOrder(prisma: PrismaClient, shop: string, orderId: string) {
  const match = /^(?:gid:\/\/shopify\/Order\/)?(\d+)$/.exec(orderId.trim());
  if (!match) return null;
  return prisma.review.findUnique({ where: { shop_orderId: { shop, orderId: `gid://shopify/Order/${match[1]}` } } });
}
