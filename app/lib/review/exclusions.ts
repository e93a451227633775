/**
 * Shop exclusion rules: orders the merchant does not want sent to Apruvd.
 *
 * `exclusionLine` returns the reason as a history line (recorded on the review, so
 * nothing is skipped silently, and shown in the merchant's language) or null;
 * `exclusionReason` is its English text. Matching is case-insensitive and ignores
 * spacing/underscores/hyphens, so "Shopify Payments" matches the gateway
 * "shopify_payments" and "Cash on delivery (COD)" matches "Cash on Delivery (COD)".
 * Rules come from stored JSON, so every rule is read defensively: a malformed
 * rule is ignored, never thrown on.
 */
import { type HistoryLine, historyEnglish, historyLine } from "../merchant/i18n/history-lines";
import { decimalNumber, type ReviewOrder } from "./mapping";

export interface ExclusionRules {
  /** Payment gateway names (order.paymentGatewayNames), e.g. "Cash on Delivery (COD)", "manual", "gift_card". */
  gateways?: string[];
  /** Sales channels (order.sourceName), e.g. "pos", "shopify_draft_order", "web". */
  salesChannels?: string[];
  /** Orders whose total is below this amount are excluded. */
  minTotal?: number | null;
  /** Orders whose total is above this amount are excluded. */
  maxTotal?: number | null;
  customerTags?: string[];
  orderTags?: string[];
  /** Exclude B2B orders (purchased by a company). */
  excludeB2B?: boolean;
  /** Exclude test orders (order.test, e.g. Bogus gateway). */
  excludeTestOrders?: boolean;
}

/** Case-insensitive comparison key: lowercased, "_", "-" and runs of spaces collapse to one space. */
export function matchKey(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

function ruleList(value: unknown): string[] {
  if (typeof value === "string") value = value.split(",");
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

function firstMatch(values: readonly unknown[] | null | undefined, rules: string[]): string | undefined {
  if (rules.length === 0) return undefined;
  const wanted = new Set(rules.map(matchKey));
  for (const value of values ?? []) {
    if (typeof value === "string" && value.trim() !== "" && wanted.has(matchKey(value))) return value.trim();
  }
  return undefined;
}

function limit(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "") {
    const n = decimalNumber(value);
    return n;
  }
  return undefined;
}

function formatAmount(value: number): string {
  return value.toFixed(2);
}

/**
 * The order's total in the shop's currency (the currency the merchant sets the
 * limits in), falling back to the presentment total.
 */
function shopTotal(order: ReviewOrder): { amount: number; currency: string } | undefined {
  for (const money of [order.totalPriceSet?.shopMoney, order.totalPriceSet?.presentmentMoney]) {
    const amount = decimalNumber(money?.amount);
    if (amount !== undefined)
      return { amount, currency: typeof money?.currencyCode === "string" ? money.currencyCode : "" };
  }
  return undefined;
}

function quoteList(values: string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

/**
 * Why the order must not be sent to Apruvd, or null when it should be reviewed.
 *
 * Gateways: the order is excluded only when every payment gateway it used is
 * excluded (a card payment next to an excluded gift card is still reviewed).
 */
export function exclusionLine(order: ReviewOrder, rules: ExclusionRules | null | undefined): HistoryLine | null {
  if (rules == null || typeof rules !== "object") return null;

  if (rules.excludeTestOrders === true && order.test === true) return historyLine("history.excluded.testOrder");

  if (rules.excludeB2B === true && order.purchasingEntity?.__typename === "PurchasingCompany") {
    const company = order.purchasingEntity.company?.name?.trim();
    return company ? historyLine("history.excluded.b2bCompany", { company }) : historyLine("history.excluded.b2b");
  }

  const gatewayRules = ruleList(rules.gateways);
  if (gatewayRules.length > 0) {
    const wanted = new Set(gatewayRules.map(matchKey));
    const gateways = [
      ...new Set(
        (order.paymentGatewayNames ?? [])
          .filter((g): g is string => typeof g === "string" && g.trim() !== "")
          .map((g) => g.trim()),
      ),
    ];
    if (gateways.length > 0 && gateways.every((g) => wanted.has(matchKey(g)))) {
      return gateways.length === 1
        ? historyLine("history.excluded.gateway", { gateway: gateways[0]! })
        : historyLine("history.excluded.gateways", { gateways: quoteList(gateways) });
    }
  }

  const channel = firstMatch([order.sourceName], ruleList(rules.salesChannels));
  if (channel !== undefined) return historyLine("history.excluded.salesChannel", { channel });

  const min = limit(rules.minTotal);
  const max = limit(rules.maxTotal);
  if (min !== undefined || max !== undefined) {
    const total = shopTotal(order);
    if (total !== undefined) {
      const currency = total.currency ? ` ${total.currency}` : "";
      if (min !== undefined && total.amount < min) {
        return historyLine("history.excluded.belowMinimum", {
          total: `${formatAmount(total.amount)}${currency}`,
          minimum: `${formatAmount(min)}${currency}`,
        });
      }
      if (max !== undefined && total.amount > max) {
        return historyLine("history.excluded.aboveMaximum", {
          total: `${formatAmount(total.amount)}${currency}`,
          maximum: `${formatAmount(max)}${currency}`,
        });
      }
    }
  }

  const orderTag = firstMatch(order.tags, ruleList(rules.orderTags));
  if (orderTag !== undefined) return historyLine("history.excluded.orderTag", { tag: orderTag });

  const customerTag = firstMatch(order.customer?.tags, ruleList(rules.customerTags));
  if (customerTag !== undefined) return historyLine("history.excluded.customerTag", { tag: customerTag });

  return null;
}

/** The reason in English, or null when the order should be reviewed. */
export function exclusionReason(order: ReviewOrder, rules: ExclusionRules | null | undefined): string | null {
  const line = exclusionLine(order, rules);
  return line ? historyEnglish(line) : null;
}
