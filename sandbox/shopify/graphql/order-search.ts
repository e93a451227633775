/** The `query` argument of QueryRoot.orders (Shopify's search syntax, the fields the simulator knows) and its sort keys. */
import { displayFulfillmentStatus } from "../model/fulfillment-orders";
import type { StoreOrder } from "../model/types";
import { GID_PREFIX } from "../model/values";

interface SearchTerm {
  negate: boolean;
  field: string | null;
  op: ":" | ">" | ">=" | "<" | "<=";
  value: string;
}

const ORDER_SEARCH_FIELDS = new Set([
  "id",
  "name",
  "email",
  "tag",
  "tag_not",
  "status",
  "financial_status",
  "fulfillment_status",
  "created_at",
  "updated_at",
  "processed_at",
  "test",
  "source_name",
  "risk_level",
  "cart_token",
  "checkout_token",
  "customer_id",
  "sales_channel",
]);

/** `a b OR c` → [[a, b], [c]] (AND binds tighter than OR); parentheses are not supported. */
export function parseSearchQuery(query: string): {
  groups: SearchTerm[][];
  warnings: { field: string; message: string }[];
} {
  const warnings: { field: string; message: string }[] = [];
  const tokens = query.match(/-?[A-Za-z_]+:(?:>=|<=|>|<)?(?:"[^"]*"|'[^']*'|\S+)|"[^"]*"|'[^']*'|\S+/g) ?? [];
  const groups: SearchTerm[][] = [[]];
  let negateNext = false;
  for (const raw of tokens) {
    if (raw === "OR") {
      groups.push([]);
      continue;
    }
    if (raw === "AND") continue;
    if (raw === "NOT") {
      negateNext = true;
      continue;
    }
    if (raw.includes("(") || raw.includes(")")) {
      warnings.push({ field: raw, message: "Parentheses are not supported by the simulator's search; term ignored." });
      continue;
    }
    let token = raw;
    let negate = negateNext;
    negateNext = false;
    if (token.startsWith("-") && token.length > 1) {
      negate = !negate;
      token = token.slice(1);
    }
    const m = /^([A-Za-z_]+):(>=|<=|>|<)?(.*)$/.exec(token);
    const unquote = (s: string) => s.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
    if (m) {
      const field = m[1].toLowerCase();
      if (!ORDER_SEARCH_FIELDS.has(field)) {
        warnings.push({ field, message: "Invalid search field for this query." });
        continue;
      }
      groups[groups.length - 1].push({ negate, field, op: (m[2] as SearchTerm["op"]) ?? ":", value: unquote(m[3]) });
    } else {
      groups[groups.length - 1].push({ negate, field: null, op: ":", value: unquote(token) });
    }
  }
  return { groups: groups.filter((g) => g.length > 0), warnings };
}

function compare(a: number, op: SearchTerm["op"], b: number): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ":":
      return a === b;
  }
}

function textMatches(actual: string | null | undefined, pattern: string): boolean {
  if (actual == null) return false;
  const a = actual.toLowerCase();
  const p = pattern.toLowerCase();
  return p.endsWith("*") ? a.startsWith(p.slice(0, -1)) : a === p;
}

function dateMatches(iso: string, term: SearchTerm): boolean {
  const t = Date.parse(iso);
  const v = term.value;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const bound = Date.parse(dayOnly ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(bound)) return false;
  if (dayOnly && term.op === ":") return t >= bound && t < bound + 86_400_000;
  if (dayOnly && term.op === ">") return t >= bound + 86_400_000;
  if (dayOnly && term.op === "<=") return t < bound + 86_400_000;
  return compare(t, term.op, bound);
}

const RISK_ORDER = ["NONE", "PENDING", "LOW", "MEDIUM", "HIGH"];

export function highestRisk(order: StoreOrder): string | null {
  let best: string | null = null;
  for (const a of order._riskAssessments)
    if (best === null || RISK_ORDER.indexOf(a.riskLevel) > RISK_ORDER.indexOf(best)) best = a.riskLevel;
  return best;
}

function termMatches(order: StoreOrder, term: SearchTerm): boolean {
  const v = term.value;
  const legacyOf = (s: string) => (s.startsWith(GID_PREFIX) ? (s.split("/").pop() ?? "") : s);
  switch (term.field) {
    case null: {
      const hay = [
        order.name,
        order.email,
        order.customer?.displayName,
        order.note,
        ...order.tags,
        order.billingAddress?.name,
        order.shippingAddress?.name,
      ]
        .filter((x): x is string => !!x)
        .map((x) => x.toLowerCase());
      const needle = v.toLowerCase().replace(/\*$/, "");
      return hay.some((h) => h.includes(needle));
    }
    case "id":
      return compare(Number(order.legacyResourceId), term.op, Number(legacyOf(v)));
    case "customer_id":
      return !!order.customer && compare(Number(order.customer.legacyResourceId), term.op, Number(legacyOf(v)));
    case "name":
      return textMatches(order.name, v.startsWith("#") ? v : `#${v}`) || textMatches(order.name, v);
    case "email":
      return textMatches(order.email, v);
    case "tag":
      return order.tags.some((t) => textMatches(t, v));
    case "tag_not":
      return !order.tags.some((t) => textMatches(t, v));
    case "status": {
      const s = v.toLowerCase();
      if (s === "any") return true;
      if (s === "open") return !order.closed && !order.cancelledAt;
      if (s === "closed") return order.closed;
      if (s === "cancelled") return !!order.cancelledAt;
      if (s === "not_closed") return !order.closed;
      return false;
    }
    case "financial_status":
      return (
        (order.displayFinancialStatus ?? "").toLowerCase() === v.toLowerCase() ||
        (v.toLowerCase() === "unpaid" &&
          ["PENDING", "AUTHORIZED", "PARTIALLY_PAID"].includes(order.displayFinancialStatus ?? ""))
      );
    case "fulfillment_status": {
      const s = displayFulfillmentStatus(order);
      const want = v.toLowerCase();
      const map: Record<string, string[]> = {
        unshipped: ["UNFULFILLED", "ON_HOLD", "SCHEDULED"],
        unfulfilled: ["UNFULFILLED", "ON_HOLD", "SCHEDULED", "PARTIALLY_FULFILLED"],
        shipped: ["FULFILLED"],
        fulfilled: ["FULFILLED"],
        partial: ["PARTIALLY_FULFILLED"],
        on_hold: ["ON_HOLD"],
        scheduled: ["SCHEDULED"],
      };
      return (map[want] ?? [want.toUpperCase()]).includes(s);
    }
    case "created_at":
      return dateMatches(order.createdAt, term);
    case "updated_at":
      return dateMatches(order.updatedAt, term);
    case "processed_at":
      return dateMatches(order.processedAt, term);
    case "test":
      return String(order.test) === v.toLowerCase();
    case "source_name":
    case "sales_channel":
      return textMatches(order.sourceName, v);
    case "risk_level":
      return textMatches(highestRisk(order), v);
    case "cart_token":
      return textMatches(order.cartToken, v);
    case "checkout_token":
      return textMatches(order.checkoutToken, v);
    default:
      return true;
  }
}

export function filterOrders(
  orders: readonly StoreOrder[],
  query: string | null | undefined,
): { orders: StoreOrder[]; warnings: { field: string; message: string }[] } {
  if (!query || !query.trim()) return { orders: [...orders], warnings: [] };
  const { groups, warnings } = parseSearchQuery(query);
  if (groups.length === 0) return { orders: [...orders], warnings };
  return {
    orders: orders.filter((o) => groups.some((g) => g.every((t) => termMatches(o, t) !== t.negate))),
    warnings,
  };
}

export const ORDER_SORTS: Record<string, (o: StoreOrder) => number | string> = {
  ID: (o) => Number(o.legacyResourceId),
  RELEVANCE: (o) => Number(o.legacyResourceId),
  CREATED_AT: (o) => Date.parse(o.createdAt),
  UPDATED_AT: (o) => Date.parse(o.updatedAt),
  PROCESSED_AT: (o) => Date.parse(o.processedAt),
  ORDER_NUMBER: (o) => o.number,
  TOTAL_PRICE: (o) => Number(o.totalPriceSet.shopMoney.amount),
  CURRENT_TOTAL_PRICE: (o) => Number(o.currentTotalPriceSet.shopMoney.amount),
};
