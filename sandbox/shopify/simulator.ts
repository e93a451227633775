/**
 * Local Shopify store simulator: an HTTP server answering the Admin GraphQL API for seeded
 * shops, validated and executed against Shopify's real Admin schema (admin-schema.ts),
 * with Shopify's query cost / leaky-bucket throttling, fault injection, and helpers to send
 * HMAC-signed webhooks to the app.
 *
 * The app reaches it by rewriting `https://{shop}/admin/api/...` to
 * `{simulator.url}/admin/api/...` and adding `X-Simulator-Shop: {shop}`
 * (see app/lib/clients/shopify/local-admin-origin.server.ts, or `createSimulatorFetch` below).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  execute,
  GraphQLError,
  getNamedType,
  isListType,
  getNullableType,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from "graphql";
import { ADMIN_API_VERSION, adminSchema } from "./admin-schema";
import {
  actualQueryCost,
  findOperation,
  isConnectionType,
  MAX_SINGLE_QUERY_COST,
  requestedQueryCost,
  ThrottleRegistry,
  type CostExtension,
  type ThrottleOptions,
  type ThrottleStatus,
} from "./cost";
import { createOrder as createStoreOrder, orderWebhookPayload, type OrderSpec, type OrderWebhookTopic } from "./orders";
import {
  displayFulfillmentStatus,
  formatDecimal,
  GID_PREFIX,
  moneyBag,
  parseGid,
  Store,
  supportedActionsFor,
  type App,
  type FulfillmentHold,
  type FulfillmentHoldReason,
  type FulfillmentOrder,
  type OrderInspection,
  type OrderRiskAssessment,
  type SeedShopOptions,
  type StoreOrder,
  type StoreShop,
  type StoreUserError,
} from "./store";
import { sendWebhook, type WebhookDelivery } from "./webhooks";

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

export interface SimulatorOptions {
  /** Port on 127.0.0.1; 0 (default) = random free port. */
  port?: number;
  host?: string;
  /** Leaky bucket per shop; false disables throttling. Default { maximumAvailable: 2000, restoreRate: 100 }. */
  throttle?: Partial<ThrottleOptions> | false;
  /** Single-query cost ceiling (Shopify: 1000). */
  maxQueryCost?: number;
  /** Clock in epoch ms, shared by the store (timestamps), the buckets and call records. Default Date.now. */
  now?: () => number;
  /** API versions served. Default [ADMIN_API_VERSION] (the schema's version); others answer 404. */
  apiVersions?: string[];
  /** Version sent in X-Shopify-API-Version on webhooks. Default ADMIN_API_VERSION. */
  webhookApiVersion?: string;
  /** Defaults to Shopify's Admin schema for ADMIN_API_VERSION. */
  schema?: GraphQLSchema;
}

export interface FlowTriggerRecord {
  shop: string;
  handle: string;
  payload: unknown;
}

// Flow triggers received, per store (the store is the simulator's state).
const flowTriggersByStore = new WeakMap<Store, FlowTriggerRecord[]>();
function flowTriggersOf(store: Store): FlowTriggerRecord[] {
  let list = flowTriggersByStore.get(store);
  if (!list) flowTriggersByStore.set(store, (list = []));
  return list;
}

export interface CallRecord {
  shop: string;
  operationName: string | null;
  kind: "query" | "mutation";
  /** Requested query cost (0 when the request never got that far). */
  cost: number;
  actualCost: number | null;
  throttled: boolean;
  /** Epoch ms from the simulator clock. */
  at: number;
  /** HTTP status answered. */
  status: number;
  /** Top-level GraphQL error codes in the answer, if any. */
  errorCodes: string[];
}

export interface SimulatorFaults {
  /** The next n GraphQL requests answer HTTP 429 (Retry-After: 2.0), executing nothing. */
  throttleNext(n?: number): void;
  /** The next n GraphQL requests answer HTTP `status` (default 500), executing nothing. */
  failNext(n?: number, status?: number): void;
  /** The next n GraphQL requests are answered only after `ms` milliseconds. */
  delayNext(n: number, ms: number): void;
  reset(): void;
}

export interface GraphqlErrorJson {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GraphqlResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** `errors` is a string for HTTP-level failures (401, 429, 5xx), a list for GraphQL errors. */
  body: { data?: TData; errors?: GraphqlErrorJson[] | string; extensions?: { cost?: CostExtension; search?: unknown[]; [k: string]: unknown } };
}

export interface ShopifySimulator {
  /** e.g. http://127.0.0.1:41234 — set SHOPIFY_ADMIN_API_ORIGIN to this. */
  url: string;
  port: number;
  apiVersion: string;
  /** `${url}/admin/api/${version}/graphql.json` */
  graphqlUrl(version?: string): string;
  store: Store;
  schema: GraphQLSchema;
  /** Seeds a shop and the access token its app will present. */
  seedShop(shop: string, options: SeedShopOptions): StoreShop;
  /** Adds an order built from the spec (see orders.ts) and returns the store order. */
  createOrder(shop: string, spec?: OrderSpec): StoreOrder;
  /** Tags, holds (active/released), FO statuses, risk assessments, note... of one order. */
  order(shop: string, orderIdOrName: string | number): OrderInspection;
  /** Places a hold on a fulfillment order as another app (not releasable by the shop's app). */
  placeForeignHold(shop: string, fulfillmentOrderId: string, hold: { reason: FulfillmentHoldReason; handle?: string | null; reasonNotes?: string | null }, appTitle?: string): FulfillmentHold;
  calls(): CallRecord[];
  /** Shopify Flow triggers the app fired (flowTriggerReceive), oldest first. */
  flowTriggers(): FlowTriggerRecord[];
  resetCalls(): void;
  throttleStatus(shop: string): ThrottleStatus;
  faults: SimulatorFaults;
  /** POSTs a GraphQL request over HTTP like the app would (token defaults to the seeded one). */
  graphql<TData = Record<string, unknown>>(shop: string, query: string, variables?: Record<string, unknown>, options?: { accessToken?: string; operationName?: string; version?: string }): Promise<GraphqlResponse<TData>>;
  /** Sends the order's current state as a signed webhook of `topic` to the app. */
  deliverOrderWebhook(shop: string, orderId: string | number, topic: OrderWebhookTopic, appUrl: string, secret: string, extra?: { webhookId?: string; eventId?: string; tamper?: "bad-hmac" | "missing-hmac" | "missing-topic" }): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

interface Ctx {
  store: Store;
  shop: StoreShop;
  app: App;
  extensions: Record<string, unknown[]>;
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

export const NOT_IMPLEMENTED = "NOT_IMPLEMENTED_BY_SIMULATOR";

function notImplemented(typeName: string, fieldName: string, detail?: string): GraphQLError {
  return new GraphQLError(`The Shopify simulator does not implement ${typeName}.${fieldName}${detail ? ` (${detail})` : ""}.`, {
    extensions: { code: NOT_IMPLEMENTED, typeName, fieldName },
  });
}

function invalidGlobalId(id: unknown): GraphQLError {
  return new GraphQLError(`Invalid global id '${String(id)}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } });
}

function requireGid(id: unknown): string {
  if (typeof id !== "string" || !parseGid(id)) throw invalidGlobalId(id);
  return id;
}

/** graphql-js validation messages → the codes Shopify's (graphql-ruby) server uses. */
function validationCode(message: string): string {
  const rules: [RegExp, string][] = [
    [/^Cannot query field/, "undefinedField"],
    [/^Unknown argument/, "argumentNotAccepted"],
    [/argument .* is required, but it was not provided/, "missingRequiredArguments"],
    [/^Field .* of required type .* was not provided/, "missingRequiredInputObjectAttribute"],
    [/^Unknown type/, "undefinedType"],
    [/^Variable .* is never used/, "variableNotUsed"],
    [/^Variable .* is not defined/, "variableNotDefined"],
    [/^Variable .* of type .* used in position expecting/, "variableMismatch"],
    [/^Unknown fragment/, "undefinedFragment"],
    [/^Fragment .* is never used/, "useAndDefineFragment"],
    [/must have a selection of subfields|must not have a selection since/, "selectionMismatch"],
    [/^Fragment .* cannot be spread here/, "fragmentSpreadTypeMismatch"],
    [/^(Expected value of type|.* cannot represent)/, "argumentLiteralsIncompatible"],
    [/^There can be only one/, "duplicate"],
    [/^Unknown directive/, "undefinedDirective"],
    [/^Fields .* conflict/, "fieldConflict"],
  ];
  for (const [re, code] of rules) if (re.test(message)) return code;
  return "GRAPHQL_VALIDATION_FAILED";
}

function formatError(e: GraphQLError, fallbackCode: string): Record<string, unknown> {
  const json = e.toJSON() as unknown as Record<string, unknown> & { extensions?: Record<string, unknown> };
  const extensions = { ...(json.extensions ?? {}) };
  if (!extensions.code) extensions.code = fallbackCode;
  return { ...json, extensions };
}

// ---------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------

const PAGINATION_ARGS = new Set(["first", "last", "after", "before", "reverse"]);
const MAX_PAGE_SIZE = 250;

function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ last_id: key })).toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "string") return parsed.last_id;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor '${cursor}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
}

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

function paginate(items: readonly unknown[], args: PageArgs): Record<string, unknown> {
  const { first, last, after, before, reverse } = args;
  if (first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, v] of [["first", first], ["last", last]] as const) {
    if (v != null && (v < 0 || v > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The value of '${name}' must be between 0 and ${MAX_PAGE_SIZE} (got ${v}).`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
  const list = reverse ? [...items].reverse() : [...items];
  const keyOf = (item: unknown, i: number) => {
    const id = (item as { id?: unknown } | null)?.id;
    return typeof id === "string" ? id : `#${i}`;
  };
  const keyed = list.map((item, i) => ({ item, key: keyOf(item, i) }));
  let start = 0;
  let end = keyed.length;
  if (after) {
    const k = decodeCursor(after);
    const idx = keyed.findIndex((e) => e.key === k);
    start = idx >= 0 ? idx + 1 : keyed.length;
  }
  if (before) {
    const k = decodeCursor(before);
    const idx = keyed.findIndex((e) => e.key === k);
    end = idx >= 0 ? idx : end;
  }
  let window = keyed.slice(start, Math.max(start, end));
  let hasNextPage = end < keyed.length;
  let hasPreviousPage = start > 0;
  if (first != null) {
    hasNextPage = hasNextPage || window.length > first;
    window = window.slice(0, first);
  }
  if (last != null) {
    hasPreviousPage = hasPreviousPage || window.length > last;
    window = window.slice(Math.max(0, window.length - last));
  }
  const edges = window.map((e) => ({ cursor: encodeCursor(e.key), node: e.item }));
  return {
    edges,
    nodes: window.map((e) => e.item),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function providedArgs(info: GraphQLResolveInfo): string[] {
  return (info.fieldNodes[0]?.arguments ?? []).map((a) => a.name.value);
}

// ---------------------------------------------------------------------------------------
// Orders search (the `query` argument of QueryRoot.orders)
// ---------------------------------------------------------------------------------------

interface SearchTerm {
  negate: boolean;
  field: string | null;
  op: ":" | ">" | ">=" | "<" | "<=";
  value: string;
}

const ORDER_SEARCH_FIELDS = new Set([
  "id", "name", "email", "tag", "tag_not", "status", "financial_status", "fulfillment_status",
  "created_at", "updated_at", "processed_at", "test", "source_name", "risk_level",
  "cart_token", "checkout_token", "customer_id", "sales_channel",
]);

/** `a b OR c` → [[a, b], [c]] (AND binds tighter than OR); parentheses are not supported. */
export function parseSearchQuery(query: string): { groups: SearchTerm[][]; warnings: { field: string; message: string }[] } {
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
    case ">": return a > b;
    case ">=": return a >= b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ":": return a === b;
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

function highestRisk(order: StoreOrder): string | null {
  let best: string | null = null;
  for (const a of order._riskAssessments) if (best === null || RISK_ORDER.indexOf(a.riskLevel) > RISK_ORDER.indexOf(best)) best = a.riskLevel;
  return best;
}

function termMatches(order: StoreOrder, term: SearchTerm): boolean {
  const v = term.value;
  const legacyOf = (s: string) => (s.startsWith(GID_PREFIX) ? (s.split("/").pop() ?? "") : s);
  switch (term.field) {
    case null: {
      const hay = [order.name, order.email, order.customer?.displayName, order.note, ...order.tags, order.billingAddress?.name, order.shippingAddress?.name]
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
      return (order.displayFinancialStatus ?? "").toLowerCase() === v.toLowerCase() || (v.toLowerCase() === "unpaid" && ["PENDING", "AUTHORIZED", "PARTIALLY_PAID"].includes(order.displayFinancialStatus ?? ""));
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

export function filterOrders(orders: readonly StoreOrder[], query: string | null | undefined): { orders: StoreOrder[]; warnings: { field: string; message: string }[] } {
  if (!query || !query.trim()) return { orders: [...orders], warnings: [] };
  const { groups, warnings } = parseSearchQuery(query);
  if (groups.length === 0) return { orders: [...orders], warnings };
  return {
    orders: orders.filter((o) => groups.some((g) => g.every((t) => termMatches(o, t) !== t.negate))),
    warnings,
  };
}

const ORDER_SORTS: Record<string, (o: StoreOrder) => number | string> = {
  ID: (o) => Number(o.legacyResourceId),
  RELEVANCE: (o) => Number(o.legacyResourceId),
  CREATED_AT: (o) => Date.parse(o.createdAt),
  UPDATED_AT: (o) => Date.parse(o.updatedAt),
  PROCESSED_AT: (o) => Date.parse(o.processedAt),
  ORDER_NUMBER: (o) => o.number,
  TOTAL_PRICE: (o) => Number(o.totalPriceSet.shopMoney.amount),
  CURRENT_TOTAL_PRICE: (o) => Number(o.currentTotalPriceSet.shopMoney.amount),
};

// ---------------------------------------------------------------------------------------
// Resolvers: plain properties by default, with these computed fields on top
// ---------------------------------------------------------------------------------------

type Computed = (source: any, args: Record<string, any>, ctx: Ctx, info: GraphQLResolveInfo) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

function userErrors(errors: StoreUserError[]): { field: string[] | null; message: string; code: string | null }[] {
  return errors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? null }));
}

function visibleOrder(ctx: Ctx, id: string): StoreOrder | null {
  const order = ctx.store.findOrder(ctx.shop.myshopifyDomain, id);
  return order && ctx.store.isVisible(ctx.shop.myshopifyDomain, order) ? order : null;
}

function visibleNode(ctx: Ctx, id: string): unknown {
  const n = ctx.shop._nodes.get(id);
  if (!n) return null;
  if (n.__typename === "Order") return visibleOrder(ctx, id);
  if (n.__typename === "FulfillmentOrder") return ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, id) ?? null;
  return n;
}

function riskSummary(order: StoreOrder) {
  const top = highestRisk(order);
  return {
    __typename: "OrderRiskSummary",
    assessments: order._riskAssessments,
    recommendation: top === "HIGH" ? "CANCEL" : top === "MEDIUM" ? "INVESTIGATE" : top === "LOW" || top === "NONE" ? "ACCEPT" : "NONE",
  };
}

function paidMinor(order: StoreOrder): number {
  return order.transactions
    .filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"))
    .reduce((s, t) => s + Math.round(Number(t.amountSet.shopMoney.amount) * 100), 0);
}

const COMPUTED: Record<string, Record<string, Computed>> = {
  QueryRoot: {
    order: (_s, { id }, ctx) => (requireGid(id), visibleOrder(ctx, id)),
    orders: (_s, args, ctx, info) => {
      const { orders, warnings } = filterOrders(ctx.store.visibleOrders(ctx.shop.myshopifyDomain), args.query);
      if (warnings.length) (ctx.extensions.search ??= []).push({ path: info.path.key ? [String(info.path.key)] : ["orders"], query: args.query, warnings });
      if (args.savedSearchId != null) throw notImplemented("QueryRoot", "orders", "savedSearchId");
      const sortKey = (args.sortKey as string | undefined) ?? "ID";
      const keyFn = ORDER_SORTS[sortKey];
      if (!keyFn) throw notImplemented("QueryRoot", "orders", `sortKey ${sortKey}`);
      const sorted = [...orders].sort((a, b) => {
        const ka = keyFn(a);
        const kb = keyFn(b);
        return ka < kb ? -1 : ka > kb ? 1 : Number(a.legacyResourceId) - Number(b.legacyResourceId);
      });
      return paginate(sorted, args);
    },
    node: (_s, { id }, ctx) => (requireGid(id), visibleNode(ctx, id)),
    nodes: (_s, { ids }, ctx) => (ids as string[]).map((id) => (requireGid(id), visibleNode(ctx, id))),
    fulfillmentOrder: (_s, { id }, ctx) => (requireGid(id), ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, id) ?? null),
    job: (_s, { id }, ctx) => (requireGid(id), ctx.store.findJob(ctx.shop.myshopifyDomain, id) ?? null),
    shop: (_s, _a, ctx) => ctx.shop,
    app: (_s, { id }, ctx) => (id == null ? ctx.app : (ctx.store.apps.get(requireGid(id)) ?? null)),
  },
  Mutation: {
    tagsAdd: (_s, { id, tags }, ctx) => {
      const r = ctx.store.tagsAdd(ctx.shop.myshopifyDomain, requireGid(id), tags);
      return { node: r.node, userErrors: userErrors(r.userErrors) };
    },
    tagsRemove: (_s, { id, tags }, ctx) => {
      const r = ctx.store.tagsRemove(ctx.shop.myshopifyDomain, requireGid(id), tags);
      return { node: r.node, userErrors: userErrors(r.userErrors) };
    },
    fulfillmentOrderHold: (_s, { id, fulfillmentHold }, ctx) => {
      if (Array.isArray(fulfillmentHold.fulfillmentOrderLineItems) && fulfillmentHold.fulfillmentOrderLineItems.length > 0) {
        throw notImplemented("Mutation", "fulfillmentOrderHold", "partial holds via fulfillmentHold.fulfillmentOrderLineItems");
      }
      const r = ctx.store.holdFulfillmentOrder(ctx.shop.myshopifyDomain, requireGid(id), fulfillmentHold, ctx.app.id);
      return { fulfillmentHold: r.fulfillmentHold, fulfillmentOrder: r.fulfillmentOrder, remainingFulfillmentOrder: null, userErrors: userErrors(r.userErrors) };
    },
    fulfillmentOrderReleaseHold: (_s, { id, holdIds }, ctx) => {
      const r = ctx.store.releaseFulfillmentOrderHold(ctx.shop.myshopifyDomain, requireGid(id), holdIds ?? null, ctx.app.id);
      return { fulfillmentOrder: r.fulfillmentOrder, userErrors: userErrors(r.userErrors) };
    },
    orderRiskAssessmentCreate: (_s, { orderRiskAssessmentInput }, ctx) => {
      requireGid(orderRiskAssessmentInput.orderId);
      const r = ctx.store.createRiskAssessment(ctx.shop.myshopifyDomain, orderRiskAssessmentInput, ctx.app.id);
      return { orderRiskAssessment: r.orderRiskAssessment, userErrors: userErrors(r.userErrors) };
    },
    orderUpdate: (_s, { input }, ctx) => {
      for (const k of ["shippingAddress", "metafields", "localizedFields", "localizationExtensions"]) {
        if (input[k] !== undefined) throw notImplemented("Mutation", "orderUpdate", `input.${k}`);
      }
      const r = ctx.store.updateOrder(ctx.shop.myshopifyDomain, { ...input, id: requireGid(input.id) });
      return { order: r.order, userErrors: r.userErrors.map((e) => ({ field: e.field, message: e.message })) };
    },
    flowTriggerReceive: (_s, { handle, payload }, ctx) => {
      if (!handle) return { userErrors: [{ field: ["handle"], message: "Handle can't be blank" }] };
      if (JSON.stringify(payload ?? {}).length > 50_000) return { userErrors: [{ field: ["payload"], message: "Payload is too large (maximum is 50 KB)" }] };
      flowTriggersOf(ctx.store).push({ shop: ctx.shop.myshopifyDomain, handle, payload: payload ?? {} });
      return { userErrors: [] };
    },
    orderCancel: (_s, args, ctx) => {
      if (args.refundMethod?.storeCreditRefund) throw notImplemented("Mutation", "orderCancel", "refundMethod.storeCreditRefund");
      const r = ctx.store.cancelOrder(ctx.shop.myshopifyDomain, { ...args, orderId: requireGid(args.orderId) } as Parameters<Store["cancelOrder"]>[1]);
      const errors = r.userErrors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? null }));
      return {
        job: r.job,
        jobResult: r.job ? { __typename: "OrderCancelJobResult", id: r.job.id, done: false, status: "STARTED", errors: [], order: r.order } : null,
        orderCancelUserErrors: errors,
        userErrors: errors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
  },
  Order: {
    requiresShipping: (o: StoreOrder) => o.lineItems.some((li) => li.requiresShipping),
    displayFulfillmentStatus: (o: StoreOrder) => displayFulfillmentStatus(o),
    risk: (o: StoreOrder) => riskSummary(o),
    fulfillmentOrders: (o: StoreOrder, args) => {
      // `displayable` is accepted: the simulator has no hidden (merged/moved) fulfillment orders.
      if (args.query != null) throw notImplemented("Order", "fulfillmentOrders", "query argument");
      return paginate(o.fulfillmentOrders, args);
    },
    transactions: (o: StoreOrder, args) => {
      if (args.manuallyResolvable != null) throw notImplemented("Order", "transactions", "manuallyResolvable argument");
      let list = o.transactions;
      if (args.capturable) list = list.filter((t) => t.kind === "AUTHORIZATION" && t.status === "SUCCESS");
      return args.first != null ? list.slice(0, args.first) : list;
    },
    statusPageUrl: (o: StoreOrder) => `https://${o._shop}/${o.legacyResourceId}/orders/${(o.checkoutToken ?? o.legacyResourceId).slice(0, 32)}/authenticate`,
    discountCode: (o: StoreOrder) => o.discountCodes[0] ?? null,
    customerLocale: (o: StoreOrder) => o._customerLocale,
    billingAddressMatchesShippingAddress: (o: StoreOrder) => {
      const pick = (a: StoreOrder["billingAddress"]) => (a ? [a.address1, a.address2, a.city, a.zip, a.provinceCode, a.countryCodeV2].join("|").toLowerCase() : null);
      return pick(o.billingAddress) !== null && pick(o.billingAddress) === pick(o.shippingAddress);
    },
    subtotalLineItemsQuantity: (o: StoreOrder) => o.lineItems.reduce((s, li) => s + li.quantity, 0),
    currentSubtotalLineItemsQuantity: (o: StoreOrder) => o.lineItems.reduce((s, li) => s + li.currentQuantity, 0),
    currentSubtotalPriceSet: (o: StoreOrder) => o.subtotalPriceSet,
    currentTotalDiscountsSet: (o: StoreOrder) => o.totalDiscountsSet,
    currentTotalTaxSet: (o: StoreOrder) => o.totalTaxSet,
    currentShippingPriceSet: (o: StoreOrder) => o.totalShippingPriceSet,
    totalReceivedSet: (o: StoreOrder) => moneyBag((paidMinor(o) / 100).toFixed(2), o.currencyCode),
    totalOutstandingSet: (o: StoreOrder) => moneyBag((Math.max(0, Math.round(Number(o.totalPriceSet.shopMoney.amount) * 100) - paidMinor(o)) / 100).toFixed(2), o.currencyCode, undefined, o.presentmentCurrencyCode),
    totalRefundedSet: (o: StoreOrder) => moneyBag("0.00", o.currencyCode, "0.00", o.presentmentCurrencyCode),
    fullyPaid: (o: StoreOrder) => o.displayFinancialStatus === "PAID",
    unpaid: (o: StoreOrder) => o.displayFinancialStatus === "PENDING" || o.displayFinancialStatus === "AUTHORIZED",
    capturable: (o: StoreOrder) => !o.cancelledAt && o.displayFinancialStatus === "AUTHORIZED",
    edited: () => false,
    fulfillable: (o: StoreOrder) => !o.cancelledAt && o.fulfillmentOrders.some((f) => supportedActionsFor(f).includes("CREATE_FULFILLMENT")),
    merchantEditable: (o: StoreOrder) => !o.cancelledAt,
    taxLines: () => [],
    refunds: () => [],
    fulfillments: () => [],
  },
  LineItem: {
    discountAllocations: () => [],
    taxLines: () => [],
    duties: () => [],
  },
  ShippingLine: {
    discountAllocations: () => [],
    taxLines: () => [],
  },
  FulfillmentOrder: {
    supportedActions: (fo: FulfillmentOrder) => supportedActionsFor(fo).map((action) => ({ action, externalUrl: null })),
    order: (fo: FulfillmentOrder, _a, ctx) => ctx.store.order(ctx.shop.myshopifyDomain, fo._orderId),
    destination: () => {
      throw notImplemented("FulfillmentOrder", "destination");
    },
  },
  FulfillmentHold: {
    heldByRequestingApp: (h: FulfillmentHold, _a, ctx) => h._appId === ctx.app.id,
    heldByApp: (h: FulfillmentHold, _a, ctx) => ctx.store.apps.get(h._appId) ?? null,
    heldBy: (h: FulfillmentHold, _a, ctx) => ctx.store.apps.get(h._appId)?.title ?? null,
  },
  OrderRiskAssessment: {
    provider: (a: OrderRiskAssessment, _x, ctx) => (a._appId ? (ctx.store.apps.get(a._appId) ?? null) : null),
  },
  MoneyV2: {
    amount: (m: { amount: string }) => formatDecimal(m.amount),
  },
  Job: {
    query: () => ({}),
  },
  OrderCancelJobResult: {
    done: (r: { id: string }, _a, ctx) => ctx.store.findJob(ctx.shop.myshopifyDomain, r.id)?.done ?? false,
    status: (r: { id: string }, _a, ctx) => (ctx.store.findJob(ctx.shop.myshopifyDomain, r.id)?.done ? "SUCCEEDED" : "STARTED"),
  },
};

const fieldResolver: GraphQLFieldResolver<unknown, Ctx> = (source, args, ctx, info) => {
  const typeName = info.parentType.name;
  const computed = COMPUTED[typeName]?.[info.fieldName];
  if (computed) return computed(source, args, ctx, info);
  const value = source !== null && typeof source === "object" ? (source as Record<string, unknown>)[info.fieldName] : undefined;
  if (value === undefined) throw notImplemented(typeName, info.fieldName);
  if (typeof value === "function") return (value as (a: unknown, c: Ctx, i: GraphQLResolveInfo) => unknown)(args, ctx, info);
  const named = getNamedType(info.returnType);
  const given = providedArgs(info);
  if (isConnectionType(named)) {
    const extra = given.filter((a) => !PAGINATION_ARGS.has(a));
    if (extra.length) throw notImplemented(typeName, info.fieldName, `argument ${extra.join(", ")}`);
    if (!Array.isArray(value)) throw notImplemented(typeName, info.fieldName, "not backed by a list");
    return paginate(value, args);
  }
  if (given.length) {
    const list = isListType(getNullableType(info.returnType));
    const extra = given.filter((a) => !(list && a === "first"));
    if (extra.length) throw notImplemented(typeName, info.fieldName, `argument ${extra.join(", ")}`);
    if (Array.isArray(value) && typeof args.first === "number") return value.slice(0, args.first);
  }
  return value;
};

const typeResolver: GraphQLTypeResolver<unknown, Ctx> = (value, _ctx, info, abstractType) => {
  const t = (value as { __typename?: unknown } | null)?.__typename;
  if (typeof t === "string") return t;
  throw new GraphQLError(`The Shopify simulator cannot resolve the concrete type of ${abstractType.name} at ${info.fieldName}.`, { extensions: { code: NOT_IMPLEMENTED } });
};

// ---------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

interface ParsedRequest {
  query: string | undefined;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

function parseRequestBody(raw: string, contentType: string | undefined): ParsedRequest | { error: string } {
  if (contentType?.includes("application/graphql")) return { query: raw, variables: undefined, operationName: undefined };
  let json: unknown;
  try {
    json = raw.length ? JSON.parse(raw) : {};
  } catch (e) {
    return { error: `Invalid JSON in request body: ${(e as Error).message}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { error: "Request body must be a JSON object" };
  const j = json as Record<string, unknown>;
  let variables = j.variables;
  if (typeof variables === "string") {
    try {
      variables = JSON.parse(variables);
    } catch {
      return { error: "variables is not valid JSON" };
    }
  }
  return {
    query: typeof j.query === "string" ? j.query : undefined,
    variables: variables && typeof variables === "object" ? (variables as Record<string, unknown>) : undefined,
    operationName: typeof j.operationName === "string" ? j.operationName : undefined,
  };
}

function operationInfo(query: string | undefined, operationName: string | undefined): { name: string | null; kind: "query" | "mutation" } {
  const m = query ? /\b(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)?/.exec(query.replace(/#[^\n]*/g, "")) : null;
  return { name: operationName ?? m?.[2] ?? null, kind: m?.[1] === "mutation" ? "mutation" : "query" };
}

/**
 * A fetch that sends `https://{shop}/admin/...` to the simulator with X-Simulator-Shop — the
 * same rewrite app/lib/clients/shopify/local-admin-origin.server.ts does. Other URLs pass through.
 */
export function createSimulatorFetch(simulatorUrl: string, baseFetch: typeof fetch = fetch): typeof fetch {
  const target = new URL(simulatorUrl);
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.startsWith("/admin/")) return baseFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Simulator-Shop", url.host);
    const body = init?.body ?? (input instanceof Request ? await input.text() : undefined);
    return baseFetch(new URL(url.pathname + url.search, target), { ...init, method: init?.method ?? (input instanceof Request ? input.method : undefined), headers, body });
  }) as typeof fetch;
}

export async function startShopifySimulator(options: SimulatorOptions = {}): Promise<ShopifySimulator> {
  const schema = options.schema ?? adminSchema();
  const now = options.now ?? Date.now;
  const store = new Store({ now });
  const throttles = new ThrottleRegistry(options.throttle, now);
  const maxCost = options.maxQueryCost ?? MAX_SINGLE_QUERY_COST;
  const versions = new Set(options.apiVersions ?? [ADMIN_API_VERSION]);
  const calls: CallRecord[] = [];
  const fault = { throttle: 0, fail: 0, failStatus: 500, delay: 0, delayMs: 0 };
  const documents = new Map<string, { document: DocumentNode } | { errors: Record<string, unknown>[] }>();

  function prepare(query: string): { document: DocumentNode } | { errors: Record<string, unknown>[] } {
    const cached = documents.get(query);
    if (cached) return cached;
    let result: { document: DocumentNode } | { errors: Record<string, unknown>[] };
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      result = errors.length ? { errors: errors.map((e) => formatError(e, validationCode(e.message))) } : { document };
    } catch (e) {
      result = { errors: [formatError(e instanceof GraphQLError ? e : new GraphQLError(String(e)), "PARSE_ERROR")] };
    }
    if (documents.size > 1000) documents.clear();
    documents.set(query, result);
    return result;
  }

  async function handleGraphql(req: http.IncomingMessage, res: http.ServerResponse, version: string): Promise<void> {
    const shopDomain = String(req.headers["x-simulator-shop"] ?? "").trim().toLowerCase();
    const raw = await readBody(req);
    const parsed = parseRequestBody(raw, req.headers["content-type"]);
    const op = "error" in parsed ? { name: null, kind: "query" as const } : operationInfo(parsed.query, parsed.operationName);
    const record = (status: number, extra: Partial<CallRecord> = {}) =>
      calls.push({ shop: shopDomain, operationName: op.name, kind: op.kind, cost: 0, actualCost: null, throttled: false, at: now(), status, errorCodes: [], ...extra });
    const versionHeader = { "X-Shopify-API-Version": version, "X-Request-Id": `sim-${calls.length + 1}` };

    if (!shopDomain) {
      record(400);
      return send(res, 400, { errors: "Missing X-Simulator-Shop header: name the shop domain (e.g. demo-store.myshopify.com)." });
    }
    const shop = store.findShop(shopDomain);
    if (!shop) {
      record(404);
      return send(res, 404, { errors: "Not Found" });
    }
    if (fault.delay > 0) {
      fault.delay--;
      await new Promise((r) => setTimeout(r, fault.delayMs));
    }
    if (fault.throttle > 0) {
      fault.throttle--;
      record(429, { throttled: true });
      return send(res, 429, { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }, { "Retry-After": "2.0", ...versionHeader });
    }
    if (fault.fail > 0) {
      fault.fail--;
      const status = fault.failStatus;
      record(status);
      return send(res, status, { errors: http.STATUS_CODES[status] ?? "Internal Server Error" }, versionHeader);
    }
    const token = req.headers["x-shopify-access-token"];
    const app = store.authenticate(shopDomain, Array.isArray(token) ? token[0] : token);
    if (!app) {
      record(401);
      return send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, versionHeader);
    }
    if ("error" in parsed) {
      record(400);
      return send(res, 400, { errors: parsed.error }, versionHeader);
    }
    if (!parsed.query) {
      record(400);
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } }, versionHeader);
    }
    const prepared = prepare(parsed.query);
    if ("errors" in prepared) {
      record(200, { errorCodes: prepared.errors.map((e) => String((e.extensions as { code?: string } | undefined)?.code ?? "")) });
      return send(res, 200, { errors: prepared.errors }, versionHeader);
    }
    const { document } = prepared;
    const operation = findOperation(document, parsed.operationName);
    if (!operation) {
      const message = parsed.operationName ? `No operation named "${parsed.operationName}"` : "An operation name is required when the document contains several operations";
      record(200, { errorCodes: ["OPERATION_NOT_FOUND"] });
      return send(res, 200, { errors: [{ message, extensions: { code: "OPERATION_NOT_FOUND" } }] }, versionHeader);
    }
    const kind = operation.operation === "mutation" ? "mutation" : "query";
    const opName = operation.name?.value ?? parsed.operationName ?? null;
    let requested = 0;
    try {
      requested = requestedQueryCost(schema, document, parsed.operationName, parsed.variables);
    } catch {
      requested = 0; // invalid variables: execute() reports them below
    }
    const bucket = throttles.bucket(shopDomain);
    const costExt = (actual: number | null): CostExtension => ({ requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttles.status(shopDomain) });
    const base = { shop: shopDomain, operationName: opName, kind, cost: requested } as const;

    if (requested > maxCost) {
      const body = {
        errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}).`, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost } }],
        extensions: { cost: costExt(null) },
      };
      calls.push({ ...base, actualCost: null, throttled: false, at: now(), status: 200, errorCodes: ["MAX_COST_EXCEEDED"] });
      return send(res, 200, body, versionHeader);
    }
    if (bucket && !bucket.tryTake(requested)) {
      const body = {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: costExt(null) },
      };
      calls.push({ ...base, actualCost: null, throttled: true, at: now(), status: 200, errorCodes: ["THROTTLED"] });
      return send(res, 200, body, versionHeader);
    }

    const ctx: Ctx = { store, shop, app, extensions: {} };
    const result = (await execute({
      schema,
      document,
      rootValue: {},
      contextValue: ctx,
      variableValues: parsed.variables,
      operationName: parsed.operationName,
      fieldResolver,
      typeResolver,
    })) as ExecutionResult;

    let actual: number | null = null;
    if (result.data !== undefined) {
      actual = actualQueryCost(schema, document, parsed.operationName, parsed.variables, result.data);
      bucket?.refund(requested - actual);
    } else {
      bucket?.refund(requested); // nothing executed (e.g. invalid variables)
    }
    const errors = result.errors?.map((e) => formatError(e, result.data === undefined ? "INVALID_VARIABLE" : "INTERNAL_SERVER_ERROR"));
    const body: Record<string, unknown> = {};
    if (errors?.length) body.errors = errors;
    if (result.data !== undefined) body.data = result.data;
    body.extensions = { cost: costExt(actual), ...(Object.keys(ctx.extensions).length ? ctx.extensions : {}) };
    calls.push({ ...base, actualCost: actual, throttled: false, at: now(), status: 200, errorCodes: (errors ?? []).map((e) => String((e.extensions as { code?: string }).code)) });
    return send(res, 200, body, versionHeader);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { ok: true, shops: store.shopNames() });
    if (!m) return send(res, 404, { errors: "Not Found" });
    if (req.method !== "POST") return send(res, 405, { errors: "Method Not Allowed" }, { Allow: "POST" });
    if (!versions.has(m[1])) {
      return send(res, 404, { errors: `Not Found: the simulator serves Admin API version(s) ${[...versions].join(", ")}, not ${m[1]}` });
    }
    handleGraphql(req, res, m[1]).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: `Simulator failure: ${(e as Error)?.stack ?? String(e)}` });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const baseUrl = `http://${host}:${address.port}`;
  const apiVersion = [...versions][0];

  const sim: ShopifySimulator = {
    url: baseUrl,
    port: address.port,
    apiVersion,
    graphqlUrl: (version = apiVersion) => `${baseUrl}/admin/api/${version}/graphql.json`,
    store,
    schema,
    seedShop: (shop, opts) => store.seedShop(shop, opts),
    createOrder: (shop, spec = {}) => createStoreOrder(store, shop, spec),
    order: (shop, idOrName) => store.inspectOrder(shop, idOrName),
    placeForeignHold: (shop, foId, hold, appTitle = "Other Fraud App") => {
      const fo = store.findFulfillmentOrder(shop, foId);
      if (!fo) throw new Error(`no fulfillment order ${foId} in ${shop}`);
      return store.addHold(shop, fo, hold, store.otherApp(appTitle).id);
    },
    calls: () => calls.map((c) => ({ ...c })),
    flowTriggers: () => flowTriggersOf(store).map((t) => ({ ...t })),
    resetCalls: () => {
      calls.length = 0;
    },
    throttleStatus: (shop) => throttles.status(shop),
    faults: {
      throttleNext: (n = 1) => {
        fault.throttle += n;
      },
      failNext: (n = 1, status = 500) => {
        fault.fail += n;
        fault.failStatus = status;
      },
      delayNext: (n, ms) => {
        fault.delay += n;
        fault.delayMs = ms;
      },
      reset: () => {
        Object.assign(fault, { throttle: 0, fail: 0, failStatus: 500, delay: 0, delayMs: 0 });
      },
    },
    async graphql<TData>(shop: string, query: string, variables?: Record<string, unknown>, opts: { accessToken?: string; operationName?: string; version?: string } = {}) {
      const s = store.shop(shop);
      const token = opts.accessToken ?? [...s._tokens.entries()].find(([, appId]) => appId === s._app.id)?.[0] ?? "";
      const res = await fetch(sim.graphqlUrl(opts.version), {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Simulator-Shop": shop },
        body: JSON.stringify({ query, variables, ...(opts.operationName ? { operationName: opts.operationName } : {}) }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as GraphqlResponse<TData>["body"] };
    },
    deliverOrderWebhook: (shop, orderId, topic, appUrl, secret, extra = {}) => {
      const order = store.order(shop, orderId);
      const s = store.shop(shop);
      const u = new URL(appUrl);
      const url = u.pathname === "/" || u.pathname === "" ? new URL(`/webhooks/${topic}`, u).toString() : u.toString();
      return sendWebhook({
        url,
        topic,
        shop,
        apiVersion: options.webhookApiVersion ?? ADMIN_API_VERSION,
        secret,
        body: orderWebhookPayload(order, topic, { utcOffsetMinutes: s._utcOffsetMinutes, shopDomain: shop }),
        webhookId: extra.webhookId,
        eventId: extra.eventId,
        triggeredAt: new Date(now()).toISOString(),
        tamper: extra.tamper,
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return sim;
}

