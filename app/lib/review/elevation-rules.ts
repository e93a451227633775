/**
 * "Submit every order, elevate the suspicious ones": the merchant's elevation rules and
 * which of them an order matches. Pure (no I/O).
 *
 * How each rule reads the order:
 * - totalOver: the order total in the shop's currency (`totalPriceSet.shopMoney`), so
 *   one threshold works for every presentment currency; strictly greater than.
 * - highRiskProduct: a line item whose product carries the shop's high-risk product tag
 *   (the same tag that sets `is_high_risk` in the Apruvd cart), case-insensitive.
 * - countriesDiffer: billing and shipping addresses both present with different country
 *   codes (`countryCodeV2`). An order without one of them does not match.
 * - giftCard: a line item that is a gift card (`isGiftCard`): buying a gift card, not
 *   paying with one.
 * - expeditedShipping: the shipping line's title or code contains one of the merchant's
 *   keywords (case-insensitive), e.g. "express", "overnight", "next day".
 * - firstOrder: the customer's lifetime order count in the store is at most 1. Shopify's
 *   `Customer.numberOfOrders` counts the order being reviewed
 *   (https://shopify.dev/docs/api/admin-graphql/latest/objects/Customer#field-Customer.fields.numberOfOrders).
 *   It is read by its own small query (customer-order-count.query.ts) only when the rule
 *   is on; the Customer object needs the read_customers scope. A guest checkout, or a
 *   customer Shopify withholds, has no count and does not match.
 *
 * Everything else comes from the OrderForReview read the review already made.
 */
import { type HistoryLine, historyEnglish, historyLine } from "../merchant/i18n/history-lines";
import type { ReviewOrder } from "./mapping";

export interface ElevationRules {
  /** Elevate orders whose total (shop currency) is over this amount. */
  totalOver?: number;
  highRiskProduct?: boolean;
  countriesDiffer?: boolean;
  giftCard?: boolean;
  /** Keywords that mark a shipping method as expedited; the rule is on when the list is not empty. */
  expeditedShipping?: string[];
  firstOrder?: boolean;
}

export const ELEVATION_RULE_IDS = [
  "totalOver",
  "highRiskProduct",
  "countriesDiffer",
  "giftCard",
  "expeditedShipping",
  "firstOrder",
] as const;
export type ElevationRuleId = (typeof ELEVATION_RULE_IDS)[number];

export const DEFAULT_EXPEDITED_KEYWORDS = ["express", "expedited", "overnight", "next day", "priority"];

/**
 * A rule that matched: its id and what the merchant reads (no customer data), in English
 * as stored; the pages read it back as its line (elevationRule.* keys) in their language.
 */
export interface FiredRule {
  rule: ElevationRuleId;
  label: string;
}

export interface ElevationContext {
  /** The shop's high-risk product tag; the highRiskProduct rule needs it. */
  highRiskProductTag: string | null;
  /** The customer's lifetime order count (Customer.numberOfOrders); null when unknown or a guest. */
  customerOrderCount: number | null;
}

/** Stored JSON → rules; anything unreadable is "no rules" (nothing is elevated). */
export function parseElevationRules(json: string | null | undefined): ElevationRules {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
    const raw = value as Record<string, unknown>;
    const rules: ElevationRules = {};
    if (typeof raw.totalOver === "number" && Number.isFinite(raw.totalOver)) rules.totalOver = raw.totalOver;
    for (const flag of ["highRiskProduct", "countriesDiffer", "giftCard", "firstOrder"] as const) {
      if (raw[flag] === true) rules[flag] = true;
    }
    if (Array.isArray(raw.expeditedShipping)) {
      const words = raw.expeditedShipping.filter((w): w is string => typeof w === "string" && w.trim() !== "");
      if (words.length > 0) rules.expeditedShipping = words;
    }
    return rules;
  } catch {
    return {};
  }
}

function amount(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function formatAmount(value: number): string {
  return value.toFixed(2);
}

/** Each rule's test, in the order they are listed to the merchant. */
const RULES: Record<
  ElevationRuleId,
  (order: ReviewOrder, rules: ElevationRules, ctx: ElevationContext) => HistoryLine | null
> = {
  totalOver(order, rules) {
    if (rules.totalOver === undefined) return null;
    const total = amount(order.totalPriceSet.shopMoney.amount);
    return total !== null && total > rules.totalOver
      ? historyLine("elevationRule.totalOver", {
          amount: `${formatAmount(rules.totalOver)} ${order.totalPriceSet.shopMoney.currencyCode}`,
        })
      : null;
  },
  highRiskProduct(order, rules, ctx) {
    const tag = ctx.highRiskProductTag?.trim().toLowerCase();
    if (!rules.highRiskProduct || !tag) return null;
    const hit = order.lineItems.nodes.some((item) => item.product?.tags.some((t) => t.trim().toLowerCase() === tag));
    return hit ? historyLine("elevationRule.highRiskProduct", { tag: ctx.highRiskProductTag?.trim() ?? "" }) : null;
  },
  countriesDiffer(order, rules) {
    if (!rules.countriesDiffer) return null;
    const billing = order.billingAddress?.countryCodeV2;
    const shipping = order.shippingAddress?.countryCodeV2;
    return billing && shipping && billing !== shipping ? historyLine("elevationRule.countriesDiffer") : null;
  },
  giftCard(order, rules) {
    if (!rules.giftCard) return null;
    return order.lineItems.nodes.some((item) => item.isGiftCard) ? historyLine("elevationRule.giftCard") : null;
  },
  expeditedShipping(order, rules) {
    const words = (rules.expeditedShipping ?? []).map((w) => w.trim().toLowerCase()).filter(Boolean);
    const line = order.shippingLine;
    if (words.length === 0 || !line) return null;
    const method = `${line.title ?? ""} ${line.code ?? ""}`.toLowerCase();
    const word = words.find((w) => method.includes(w));
    return word ? historyLine("elevationRule.expeditedShipping", { word }) : null;
  },
  firstOrder(_order, rules, ctx) {
    if (!rules.firstOrder || ctx.customerOrderCount === null) return null;
    return ctx.customerOrderCount <= 1 ? historyLine("elevationRule.firstOrder") : null;
  },
};

/** The rules this order matches, in the merchant's list order; empty when none. */
export function firedElevationRules(order: ReviewOrder, rules: ElevationRules, ctx: ElevationContext): FiredRule[] {
  const fired: FiredRule[] = [];
  for (const rule of ELEVATION_RULE_IDS) {
    const line = RULES[rule](order, rules, ctx);
    if (line) fired.push({ rule, label: historyEnglish(line) });
  }
  return fired;
}

/** Whether any rule is switched on (a shop in this mode with none elevates nothing). */
export function hasElevationRules(rules: ElevationRules): boolean {
  return (
    rules.totalOver !== undefined ||
    Boolean(rules.highRiskProduct || rules.countriesDiffer || rules.giftCard || rules.firstOrder) ||
    (rules.expeditedShipping?.length ?? 0) > 0
  );
}

/** Review.elevationReasons → the labels shown to the merchant (null: never checked). */
export function elevationReasonsOf(stored: string | null | undefined): FiredRule[] | null {
  if (stored === null || stored === undefined) return null;
  try {
    const value: unknown = JSON.parse(stored);
    if (!Array.isArray(value)) return null;
    return value.filter(
      (v): v is FiredRule =>
        v !== null &&
        typeof v === "object" &&
        typeof (v as FiredRule).rule === "string" &&
        typeof (v as FiredRule).label === "string",
    );
  } catch {
    return null;
  }
}
