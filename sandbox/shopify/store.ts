/**
 * In-memory state of the Shopify simulator: shops, apps (access tokens), orders and
 * everything hanging off them.
 *
 * Objects are shaped like the Admin GraphQL types they stand for: a property named like
 * a GraphQL field holds that field's value (lists for connections; the simulator pages
 * them), `__typename` names the concrete type (so unions and interfaces resolve), and
 * properties the GraphQL schema does not have start with `_` (internal bookkeeping such as
 * which app placed a hold). A field missing from an object is "not implemented" and the
 * simulator answers with a GraphQL error naming it rather than a silent null.
 *
 * The mutations' business rules (tags, holds, risk assessments, order update/cancel) live
 * here too, as plain methods, so tests can drive the store without HTTP when they want.
 */
import { randomUUID } from "node:crypto";

// ---------------------------------------------------------------------------------------
// GraphQL-shaped types
// ---------------------------------------------------------------------------------------

export interface MoneyV2 {
  __typename: "MoneyV2";
  /** Decimal as a string, e.g. "10.00"; rendered the way Shopify does ("10.0") on output. */
  amount: string;
  currencyCode: string;
}

export interface MoneyBag {
  __typename: "MoneyBag";
  shopMoney: MoneyV2;
  presentmentMoney: MoneyV2;
}

export interface Attribute {
  __typename: "Attribute";
  key: string;
  value: string | null;
}

export interface MailingAddress {
  __typename: "MailingAddress";
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCodeV2: string | null;
  zip: string | null;
  phone: string | null;
  latitude: number | null;
  longitude: number | null;
  coordinatesValidated: boolean;
  timeZone: string | null;
}

export interface Customer {
  __typename: "Customer";
  id: string;
  legacyResourceId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  note: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  numberOfOrders: string;
  verifiedEmail: boolean;
  taxExempt: boolean;
  defaultAddress: MailingAddress | null;
}

export interface StaffMember {
  __typename: "StaffMember";
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  name: string;
  active: boolean;
  exists: boolean;
  isShopOwner: boolean;
  locale: string;
  phone: string | null;
}

export interface Company {
  __typename: "Company";
  id: string;
  name: string;
  externalId: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  customerSince: string;
}

export interface CompanyLocation {
  __typename: "CompanyLocation";
  id: string;
  name: string;
  externalId: string | null;
  currency: string;
  phone: string | null;
  note: string | null;
  company: Company;
  createdAt: string;
  updatedAt: string;
}

export interface PurchasingCompany {
  __typename: "PurchasingCompany";
  company: Company;
  location: CompanyLocation;
  contact: null;
}

export interface PaymentTerms {
  __typename: "PaymentTerms";
  id: string;
  paymentTermsName: string;
  paymentTermsType: "FIXED" | "FULFILLMENT" | "NET" | "RECEIPT" | "UNKNOWN";
  translatedName: string;
  dueInDays: number | null;
  due: boolean;
  overdue: boolean;
}

export interface ShippingLine {
  __typename: "ShippingLine";
  id: string;
  title: string;
  code: string | null;
  source: string | null;
  carrierIdentifier: string | null;
  phone: string | null;
  custom: boolean;
  isRemoved: boolean;
  deliveryCategory: string | null;
  shippingRateHandle: string | null;
  originalPriceSet: MoneyBag;
  discountedPriceSet: MoneyBag;
  currentDiscountedPriceSet: MoneyBag;
}

export interface PricingPercentageValue {
  __typename: "PricingPercentageValue";
  percentage: number;
}

export type DiscountApplicationTypename =
  | "DiscountCodeApplication"
  | "ManualDiscountApplication"
  | "AutomaticDiscountApplication"
  | "ScriptDiscountApplication";

export interface DiscountApplication {
  __typename: DiscountApplicationTypename;
  index: number;
  allocationMethod: "ACROSS" | "EACH" | "ONE";
  targetSelection: "ALL" | "ENTITLED" | "EXPLICIT";
  targetType: "LINE_ITEM" | "SHIPPING_LINE";
  value: MoneyV2 | PricingPercentageValue;
  /** DiscountCodeApplication only. */
  code?: string;
  /** Manual / Automatic / Script applications. */
  title?: string;
  /** ManualDiscountApplication only. */
  description?: string | null;
}

export interface Product {
  __typename: "Product";
  id: string;
  legacyResourceId: string;
  title: string;
  handle: string;
  onlineStoreUrl: string | null;
  tags: string[];
  vendor: string;
  productType: string;
  isGiftCard: boolean;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  createdAt: string;
  updatedAt: string;
}

export interface LineItem {
  __typename: "LineItem";
  id: string;
  name: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  currentQuantity: number;
  unfulfilledQuantity: number;
  nonFulfillableQuantity: number;
  refundableQuantity: number;
  requiresShipping: boolean;
  isGiftCard: boolean;
  taxable: boolean;
  restockable: boolean;
  merchantEditable: boolean;
  customAttributes: Attribute[];
  originalUnitPriceSet: MoneyBag;
  originalTotalSet: MoneyBag;
  discountedUnitPriceSet: MoneyBag;
  totalDiscountSet: MoneyBag;
  product: Product | null;
  staffMember: StaffMember | null;
}

export interface CardPaymentDetails {
  __typename: "CardPaymentDetails";
  bin: string | null;
  number: string | null;
  name: string | null;
  company: string | null;
  avsResultCode: string | null;
  cvvResultCode: string | null;
  paymentMethodName: string | null;
  wallet: "AMAZON_PAY" | "ANDROID_PAY" | "APPLE_PAY" | "FACEBOOK_PAY" | "GOOGLE_PAY" | "SHOPIFY_PAY" | null;
  expirationMonth: number | null;
  expirationYear: number | null;
}

export type OrderTransactionKind =
  | "AUTHORIZATION" | "CAPTURE" | "CHANGE" | "EMV_AUTHORIZATION" | "REFUND" | "SALE" | "SUGGESTED_REFUND" | "VOID";
export type OrderTransactionStatus = "AWAITING_RESPONSE" | "ERROR" | "FAILURE" | "PENDING" | "SUCCESS" | "UNKNOWN";

export interface OrderTransaction {
  __typename: "OrderTransaction";
  id: string;
  kind: OrderTransactionKind;
  status: OrderTransactionStatus;
  gateway: string | null;
  formattedGateway: string | null;
  manualPaymentGateway: boolean;
  test: boolean;
  createdAt: string;
  processedAt: string | null;
  errorCode: string | null;
  amountSet: MoneyBag;
  /** Shopify serves receiptJson as a JSON-encoded string. */
  receiptJson: string | null;
  paymentDetails: CardPaymentDetails | null;
  paymentId: string | null;
  authorizationCode: string | null;
  accountNumber: string | null;
  parentTransaction: OrderTransaction | null;
  multiCapturable: boolean;
  manuallyCapturable: boolean;
}

export type FulfillmentHoldReason =
  | "AWAITING_PAYMENT" | "AWAITING_RETURN_ITEMS" | "HIGH_RISK_OF_FRAUD" | "INCORRECT_ADDRESS"
  | "INVENTORY_OUT_OF_STOCK" | "ONLINE_STORE_POST_PURCHASE_CROSS_SELL" | "OTHER" | "UNKNOWN_DELIVERY_DATE";

export interface FulfillmentHold {
  __typename: "FulfillmentHold";
  id: string;
  handle: string | null;
  reason: FulfillmentHoldReason;
  reasonNotes: string | null;
  displayReason: string;
  /** gid of the App that placed the hold. */
  _appId: string;
  _notifyMerchant: boolean;
  _externalId: string | null;
  _createdAt: string;
  _releasedAt: string | null;
}

export type FulfillmentOrderStatus = "CANCELLED" | "CLOSED" | "INCOMPLETE" | "IN_PROGRESS" | "ON_HOLD" | "OPEN" | "SCHEDULED";
export type FulfillmentOrderRequestStatus =
  | "ACCEPTED" | "CANCELLATION_ACCEPTED" | "CANCELLATION_REJECTED" | "CANCELLATION_REQUESTED"
  | "CLOSED" | "REJECTED" | "SUBMITTED" | "UNSUBMITTED";

export interface FulfillmentOrderLineItem {
  __typename: "FulfillmentOrderLineItem";
  id: string;
  lineItem: LineItem;
  totalQuantity: number;
  remainingQuantity: number;
  productTitle: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  requiresShipping: boolean;
}

export interface FulfillmentOrderAssignedLocation {
  __typename: "FulfillmentOrderAssignedLocation";
  name: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  countryCode: string;
  phone: string | null;
}

export interface FulfillmentOrder {
  __typename: "FulfillmentOrder";
  id: string;
  status: FulfillmentOrderStatus;
  requestStatus: FulfillmentOrderRequestStatus;
  createdAt: string;
  updatedAt: string;
  fulfillAt: string | null;
  fulfillBy: string | null;
  orderId: string;
  orderName: string;
  orderProcessedAt: string;
  assignedLocation: FulfillmentOrderAssignedLocation;
  /** Active holds only, like Shopify. Released ones move to `_releasedHolds`. */
  fulfillmentHolds: FulfillmentHold[];
  lineItems: FulfillmentOrderLineItem[];
  _releasedHolds: FulfillmentHold[];
  /** "merchant" (merchant-managed location) or "third_party" (fulfillment service app). */
  _serviceType: "merchant" | "third_party";
  /** Status to return to when the last hold is released. */
  _statusBeforeHold: FulfillmentOrderStatus | null;
  _orderId: string;
}

export type RiskAssessmentResult = "HIGH" | "LOW" | "MEDIUM" | "NONE" | "PENDING";
export type RiskFactSentiment = "NEGATIVE" | "NEUTRAL" | "POSITIVE";

export interface RiskFact {
  __typename: "RiskFact";
  description: string;
  sentiment: RiskFactSentiment;
}

export interface OrderRiskAssessment {
  __typename: "OrderRiskAssessment";
  riskLevel: RiskAssessmentResult;
  facts: RiskFact[];
  /** App gid, null for Shopify's own assessment. */
  _appId: string | null;
  _createdAt: string;
}

export type OrderDisplayFinancialStatus =
  | "AUTHORIZED" | "EXPIRED" | "PAID" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "VOIDED";

export type OrderCancelReason = "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF";

export interface StoreOrder {
  __typename: "Order";
  id: string;
  legacyResourceId: string;
  name: string;
  number: number;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: OrderCancelReason | null;
  closed: boolean;
  closedAt: string | null;
  confirmed: boolean;
  test: boolean;
  email: string | null;
  phone: string | null;
  note: string | null;
  poNumber: string | null;
  tags: string[];
  clientIp: string | null;
  cartToken: string | null;
  checkoutToken: string | null;
  sourceName: string | null;
  sourceIdentifier: string | null;
  presentmentCurrencyCode: string;
  currencyCode: string;
  paymentGatewayNames: string[];
  displayFinancialStatus: OrderDisplayFinancialStatus | null;
  customAttributes: Attribute[];
  totalPriceSet: MoneyBag;
  currentTotalPriceSet: MoneyBag;
  subtotalPriceSet: MoneyBag;
  totalShippingPriceSet: MoneyBag;
  totalDiscountsSet: MoneyBag;
  totalTaxSet: MoneyBag;
  customer: Customer | null;
  staffMember: StaffMember | null;
  purchasingEntity: Customer | PurchasingCompany | null;
  paymentTerms: PaymentTerms | null;
  billingAddress: MailingAddress | null;
  shippingAddress: MailingAddress | null;
  shippingLine: ShippingLine | null;
  discountApplications: DiscountApplication[];
  /** Codes of the order's discount code applications. */
  discountCodes: string[];
  /** Discount codes as the REST payload lists them (kept for webhook rendering). */
  _restDiscountCodes: { code: string; amount: string; type: "percentage" | "fixed_amount" | "shipping" }[];
  lineItems: LineItem[];
  transactions: OrderTransaction[];
  fulfillmentOrders: FulfillmentOrder[];
  /** Every assessment, Shopify's and apps'; served through `Order.risk`. */
  _riskAssessments: OrderRiskAssessment[];
  _shop: string;
  /** Label of the generated variant this order came from, if any. */
  _variant: string | null;
  _staffNote: string | null;
  _restocked: boolean;
  _browserUserAgent: string | null;
  _landingSite: string | null;
  _referringSite: string | null;
  _customerLocale: string | null;
}

export interface App {
  __typename: "App";
  id: string;
  title: string;
  handle: string;
  apiKey: string;
  description: string | null;
  developerName: string | null;
  embedded: boolean;
  published: boolean;
  shopifyDeveloped: boolean;
  webhookApiVersion: string;
}

export interface Job {
  __typename: "Job";
  id: string;
  done: boolean;
  _createdAtMs: number;
}

export interface StoreShop {
  __typename: "Shop";
  id: string;
  name: string;
  email: string;
  contactEmail: string;
  myshopifyDomain: string;
  url: string;
  currencyCode: string;
  ianaTimezone: string;
  timezoneAbbreviation: string;
  /** e.g. "-0500", like Shopify's Shop.timezoneOffset. */
  timezoneOffset: string;
  _utcOffsetMinutes: number;
  /** The app the seeded access token belongs to (the app under test). */
  _app: App;
  /** access token → app gid */
  _tokens: Map<string, string>;
  /** Without read_all_orders Shopify only exposes the last 60 days of orders. */
  _readAllOrders: boolean;
  _orders: StoreOrder[];
  _nodes: Map<string, { __typename: string; id: string }>;
  _jobs: Map<string, Job>;
  _nextOrderNumber: number;
}

export interface SeedShopOptions {
  accessToken: string;
  name?: string;
  email?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  /** Offset used for the shop's REST timestamps (webhook payloads). Default -300 (UTC-05:00). */
  utcOffsetMinutes?: number;
  /** Title of the app the access token belongs to. Default "Apruvd". */
  appTitle?: string;
  /** Other installed apps; those with an accessToken can call the API as themselves. */
  otherApps?: { title: string; accessToken?: string }[];
  /** Default true. false = only orders from the last 60 days are visible (no read_all_orders scope). */
  readAllOrders?: boolean;
  /** First order number. Default 1001. */
  firstOrderNumber?: number;
}

/** What a mutation returns when it cannot do what was asked, shaped like Shopify's userErrors. */
export interface StoreUserError {
  __typename?: string;
  field: string[] | null;
  message: string;
  code?: string | null;
}

export interface OrderInspection {
  id: string;
  legacyResourceId: string;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  cancelledAt: string | null;
  cancelReason: string | null;
  closed: boolean;
  updatedAt: string;
  displayFinancialStatus: string | null;
  fulfillmentOrders: {
    id: string;
    status: FulfillmentOrderStatus;
    requestStatus: FulfillmentOrderRequestStatus;
    supportedActions: string[];
    holds: InspectedHold[];
    releasedHolds: InspectedHold[];
  }[];
  holds: { active: InspectedHold[]; released: InspectedHold[] };
  riskAssessments: { riskLevel: RiskAssessmentResult; facts: { description: string; sentiment: RiskFactSentiment }[]; provider: string | null; createdAt: string }[];
  order: StoreOrder;
}

export interface InspectedHold {
  id: string;
  fulfillmentOrderId: string;
  handle: string | null;
  reason: FulfillmentHoldReason;
  reasonNotes: string | null;
  /** Title of the app that placed it. */
  app: string;
  appId: string;
  notifyMerchant: boolean;
  createdAt: string;
  releasedAt: string | null;
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

export const GID_PREFIX = "gid://shopify/";

export function gid(type: string, id: number | string): string {
  return `${GID_PREFIX}${type}/${id}`;
}

/** `{ type, id }` of a gid, or undefined when it is not a Shopify gid. */
export function parseGid(value: string): { type: string; id: string } | undefined {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?#]+)(?:\?.*)?$/.exec(value);
  return m ? { type: m[1], id: m[2] } : undefined;
}

/** Shopify's DateTime format: ISO 8601 UTC without milliseconds. */
export function isoSeconds(ms: number | Date | string): string {
  const d = typeof ms === "string" ? new Date(ms) : typeof ms === "number" ? new Date(ms) : ms;
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date: ${String(ms)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function money(amount: string | number, currencyCode: string): MoneyV2 {
  return { __typename: "MoneyV2", amount: typeof amount === "number" ? amount.toFixed(2) : amount, currencyCode };
}

export function moneyBag(shop: string | number, shopCurrency: string, presentment?: string | number, presentmentCurrency?: string): MoneyBag {
  return {
    __typename: "MoneyBag",
    shopMoney: money(shop, shopCurrency),
    presentmentMoney: money(presentment ?? shop, presentmentCurrency ?? shopCurrency),
  };
}

/**
 * Renders a decimal the way Shopify's GraphQL Decimal scalar does: "10.00" → "10.0",
 * "404.95" → "404.95", "0" → "0.0".
 */
export function formatDecimal(value: string | number): string {
  let s = typeof value === "number" ? String(value) : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  if (!s.includes(".")) return `${s}.0`;
  s = s.replace(/0+$/, "");
  return s.endsWith(".") ? `${s}0` : s;
}

const HOLD_REASON_TEXT: Record<FulfillmentHoldReason, string> = {
  AWAITING_PAYMENT: "Awaiting payment",
  AWAITING_RETURN_ITEMS: "Awaiting return items",
  HIGH_RISK_OF_FRAUD: "High risk of fraud",
  INCORRECT_ADDRESS: "Incorrect address",
  INVENTORY_OUT_OF_STOCK: "Inventory out of stock",
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: "Online store post purchase cross sell",
  OTHER: "Other",
  UNKNOWN_DELIVERY_DATE: "Unknown delivery date",
};

/** Shopify's tag list input: each entry may itself be a comma-separated list. */
export function splitTags(tags: readonly string[] | string): string[] {
  const list = typeof tags === "string" ? [tags] : tags;
  return list.flatMap((t) => t.split(",")).map((t) => t.trim()).filter((t) => t.length > 0);
}

function uniqueTagsCaseInsensitive(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    const k = t.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

/** Shopify keeps order tags unique (case-insensitively) and returns them sorted. */
export function normalizeTags(tags: readonly string[]): string[] {
  const key = (t: string) => t.toLowerCase();
  return uniqueTagsCaseInsensitive(tags).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

export const MAX_TAG_LENGTH = 255;
export const MAX_TAGS_PER_RESOURCE = 250;
export const MAX_HOLDS_PER_APP = 10;
export const MAX_HOLD_HANDLE_LENGTH = 64;
export const RISK_FACT_DESCRIPTION_LIMIT = 256;

/** Actions a fulfillment order supports in its current state (merchant-managed or 3PL). */
export function supportedActionsFor(fo: Pick<FulfillmentOrder, "status" | "requestStatus" | "_serviceType" | "lineItems">): string[] {
  const splittable = fo.lineItems.reduce((n, li) => n + li.remainingQuantity, 0) > 1;
  switch (fo.status) {
    case "OPEN":
      if (fo._serviceType === "third_party") {
        if (fo.requestStatus === "UNSUBMITTED" || fo.requestStatus === "REJECTED" || fo.requestStatus === "CANCELLATION_ACCEPTED") {
          return ["REQUEST_FULFILLMENT", "HOLD", "MOVE", ...(splittable ? ["SPLIT"] : [])];
        }
        return ["CANCEL_FULFILLMENT_ORDER"];
      }
      return ["CREATE_FULFILLMENT", "HOLD", "MOVE", ...(splittable ? ["SPLIT"] : [])];
    case "ON_HOLD":
      return ["RELEASE_HOLD", "HOLD", "MOVE"];
    case "SCHEDULED":
      return ["MARK_AS_OPEN"];
    case "IN_PROGRESS":
      if (fo._serviceType === "third_party") return ["REQUEST_CANCELLATION"];
      return ["CREATE_FULFILLMENT", "HOLD"];
    case "INCOMPLETE":
    case "CLOSED":
    case "CANCELLED":
      return [];
  }
}

function err(field: string[] | null, message: string, code?: string | null): StoreUserError {
  return code === undefined ? { field, message } : { field, message, code };
}

// ---------------------------------------------------------------------------------------
// Store
// ---------------------------------------------------------------------------------------

export interface StoreOptions {
  /** Clock in epoch milliseconds (injectable for tests). Default Date.now. */
  now?: () => number;
}

export class Store {
  readonly now: () => number;
  private readonly shops = new Map<string, StoreShop>();
  private readonly counters = new Map<string, number>();
  /** All apps (gid → App), shared across shops like Shopify's app registry. */
  readonly apps = new Map<string, App>();

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  nowIso(): string {
    return isoSeconds(this.now());
  }

  /**
   * Next numeric id for a resource type. Ids are global across shops (like Shopify's)
   * and look like real ones (13 digits, still exact as JS numbers).
   */
  nextId(type: string): number {
    const base: Record<string, number> = { Order: 5_100_000_000_000, LineItem: 13_200_000_000_000, FulfillmentOrder: 6_300_000_000_000 };
    const next = (this.counters.get(type) ?? base[type] ?? 1_000_000) + 1;
    this.counters.set(type, next);
    return next;
  }

  newGid(type: string): string {
    return gid(type, this.nextId(type));
  }

  // ---- shops & apps ---------------------------------------------------------------------

  seedShop(domain: string, options: SeedShopOptions): StoreShop {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) {
      throw new Error(`shop domain must look like "example.myshopify.com", got "${domain}"`);
    }
    if (this.shops.has(domain)) throw new Error(`shop ${domain} is already seeded`);
    const app = this.registerApp(options.appTitle ?? "Apruvd");
    const offset = options.utcOffsetMinutes ?? -300;
    const sign = offset < 0 ? "-" : "+";
    const abs = Math.abs(offset);
    const shop: StoreShop = {
      __typename: "Shop",
      id: this.newGid("Shop"),
      name: options.name ?? domain.replace(/\.myshopify\.com$/, ""),
      email: options.email ?? `owner@${domain}`,
      contactEmail: options.email ?? `owner@${domain}`,
      myshopifyDomain: domain,
      url: `https://${domain}`,
      currencyCode: options.currencyCode ?? "USD",
      ianaTimezone: options.ianaTimezone ?? (offset === -300 ? "America/New_York" : "Etc/UTC"),
      timezoneAbbreviation: offset === -300 ? "EST" : "UTC",
      timezoneOffset: `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`,
      _utcOffsetMinutes: offset,
      _app: app,
      _tokens: new Map([[options.accessToken, app.id]]),
      _readAllOrders: options.readAllOrders ?? true,
      _orders: [],
      _nodes: new Map(),
      _jobs: new Map(),
      _nextOrderNumber: options.firstOrderNumber ?? 1001,
    };
    for (const other of options.otherApps ?? []) {
      const otherApp = this.findAppByTitle(other.title) ?? this.registerApp(other.title);
      if (other.accessToken) shop._tokens.set(other.accessToken, otherApp.id);
    }
    this.shops.set(domain, shop);
    return shop;
  }

  registerApp(title: string): App {
    const n = this.nextId("App");
    const handle = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || `app-${n}`;
    const app: App = {
      __typename: "App",
      id: gid("App", n),
      title,
      handle,
      apiKey: `${handle}-${n}`.padEnd(32, "0").slice(0, 32),
      description: null,
      developerName: title,
      embedded: true,
      published: false,
      shopifyDeveloped: false,
      webhookApiVersion: "2026-10",
    };
    this.apps.set(app.id, app);
    return app;
  }

  findAppByTitle(title: string): App | undefined {
    for (const app of this.apps.values()) if (app.title === title) return app;
    return undefined;
  }

  /** The app placing holds "from elsewhere" (another fulfillment/fraud app), created on demand. */
  otherApp(title = "Other Fraud App"): App {
    return this.findAppByTitle(title) ?? this.registerApp(title);
  }

  shopNames(): string[] {
    return [...this.shops.keys()];
  }

  findShop(domain: string): StoreShop | undefined {
    return this.shops.get(domain);
  }

  shop(domain: string): StoreShop {
    const shop = this.shops.get(domain);
    if (!shop) throw new Error(`shop ${domain} is not seeded (seedShop first)`);
    return shop;
  }

  /** The app an access token authenticates as on this shop, or undefined. */
  authenticate(domain: string, token: string | undefined): App | undefined {
    const shop = this.shops.get(domain);
    if (!shop || !token) return undefined;
    const appId = shop._tokens.get(token);
    return appId ? this.apps.get(appId) : undefined;
  }

  // ---- orders ----------------------------------------------------------------------------

  nextOrderNumber(domain: string): number {
    const shop = this.shop(domain);
    return shop._nextOrderNumber++;
  }

  /** Adds a fully built order (see orders.ts builders) and indexes its nodes. */
  insertOrder(domain: string, order: StoreOrder): StoreOrder {
    const shop = this.shop(domain);
    if (shop._nodes.has(order.id)) throw new Error(`${order.id} already exists in ${domain}`);
    order._shop = domain;
    shop._orders.push(order);
    this.index(shop, order);
    return order;
  }

  private index(shop: StoreShop, order: StoreOrder): void {
    const put = (n: { __typename: string; id: string } | null | undefined) => {
      if (n) shop._nodes.set(n.id, n);
    };
    put(order);
    put(order.customer);
    for (const li of order.lineItems) {
      put(li);
      put(li.product);
    }
    for (const t of order.transactions) put(t);
    for (const fo of order.fulfillmentOrders) {
      put(fo);
      for (const h of fo.fulfillmentHolds) put(h);
      for (const h of fo._releasedHolds) put(h);
      for (const li of fo.lineItems) put(li);
    }
    if (order.purchasingEntity?.__typename === "PurchasingCompany") {
      put(order.purchasingEntity.company);
      put(order.purchasingEntity.location);
    }
    put(order.paymentTerms);
    put(order.billingAddress);
    put(order.shippingAddress);
    put(order.staffMember);
  }

  orders(domain: string): StoreOrder[] {
    return this.shop(domain)._orders;
  }

  node<T extends { __typename: string; id: string } = { __typename: string; id: string }>(domain: string, id: string): T | undefined {
    return this.shop(domain)._nodes.get(id) as T | undefined;
  }

  /** Order by gid, legacy id (number or string) or name ("#1001"). */
  findOrder(domain: string, idOrName: string | number): StoreOrder | undefined {
    const shop = this.shop(domain);
    const key = String(idOrName);
    if (key.startsWith(GID_PREFIX)) {
      const n = shop._nodes.get(key.replace(/\?.*$/, ""));
      return n?.__typename === "Order" ? (n as StoreOrder) : undefined;
    }
    if (/^\d+$/.test(key)) {
      const byId = shop._orders.find((o) => o.legacyResourceId === key);
      if (byId) return byId;
    }
    const name = key.startsWith("#") ? key : `#${key}`;
    for (let i = shop._orders.length - 1; i >= 0; i--) if (shop._orders[i].name === name) return shop._orders[i];
    return undefined;
  }

  order(domain: string, idOrName: string | number): StoreOrder {
    const o = this.findOrder(domain, idOrName);
    if (!o) throw new Error(`no order ${idOrName} in ${domain}`);
    return o;
  }

  /** Orders the API can see (60-day window without read_all_orders). */
  visibleOrders(domain: string): StoreOrder[] {
    const shop = this.shop(domain);
    if (shop._readAllOrders) return shop._orders;
    const cutoff = this.now() - 60 * 24 * 3600 * 1000;
    return shop._orders.filter((o) => Date.parse(o.createdAt) >= cutoff);
  }

  isVisible(domain: string, order: StoreOrder): boolean {
    const shop = this.shop(domain);
    return shop._readAllOrders || Date.parse(order.createdAt) >= this.now() - 60 * 24 * 3600 * 1000;
  }

  orderOfFulfillmentOrder(domain: string, fo: FulfillmentOrder): StoreOrder {
    return this.order(domain, fo._orderId);
  }

  private touch(order: StoreOrder): void {
    order.updatedAt = this.nowIso();
  }

  // ---- tags ------------------------------------------------------------------------------

  private taggable(domain: string, id: string): { tags: string[]; updatedAt: string } | undefined {
    const n = this.shop(domain)._nodes.get(id);
    if (!n) return undefined;
    if (n.__typename === "Order") return this.isVisible(domain, n as StoreOrder) ? (n as StoreOrder) : undefined;
    if (n.__typename === "Customer" || n.__typename === "Product") return n as unknown as { tags: string[]; updatedAt: string };
    return undefined;
  }

  tagsAdd(domain: string, id: string, tags: readonly string[] | string): { node: object | null; userErrors: StoreUserError[] } {
    const target = this.taggable(domain, id);
    if (!target) return { node: null, userErrors: [err(["id"], `Resource not found: ${id}`)] };
    const incoming = splitTags(tags);
    const tooLong = incoming.find((t) => t.length > MAX_TAG_LENGTH);
    if (tooLong) return { node: null, userErrors: [err(["tags"], `Tag is too long (maximum is ${MAX_TAG_LENGTH} characters): ${tooLong.slice(0, 40)}…`)] };
    const merged = normalizeTags([...target.tags, ...incoming]);
    if (merged.length > MAX_TAGS_PER_RESOURCE) {
      return { node: null, userErrors: [err(["tags"], `Tags cannot exceed ${MAX_TAGS_PER_RESOURCE} (would be ${merged.length})`)] };
    }
    const changed = merged.length !== target.tags.length;
    target.tags = merged;
    if (changed) target.updatedAt = this.nowIso();
    return { node: target, userErrors: [] };
  }

  tagsRemove(domain: string, id: string, tags: readonly string[] | string): { node: object | null; userErrors: StoreUserError[] } {
    const target = this.taggable(domain, id);
    if (!target) return { node: null, userErrors: [err(["id"], `Resource not found: ${id}`)] };
    const remove = new Set(splitTags(tags).map((t) => t.toLowerCase()));
    const kept = target.tags.filter((t) => !remove.has(t.toLowerCase()));
    if (kept.length !== target.tags.length) target.updatedAt = this.nowIso();
    target.tags = kept;
    return { node: target, userErrors: [] };
  }

  // ---- fulfillment holds -----------------------------------------------------------------

  findFulfillmentOrder(domain: string, id: string): FulfillmentOrder | undefined {
    const n = this.shop(domain)._nodes.get(id);
    if (n?.__typename !== "FulfillmentOrder") return undefined;
    const fo = n as FulfillmentOrder;
    return this.isVisible(domain, this.orderOfFulfillmentOrder(domain, fo)) ? fo : undefined;
  }

  holdFulfillmentOrder(
    domain: string,
    foId: string,
    input: { reason: FulfillmentHoldReason; reasonNotes?: string | null; handle?: string | null; notifyMerchant?: boolean | null; externalId?: string | null },
    appId: string,
  ): { fulfillmentHold: FulfillmentHold | null; fulfillmentOrder: FulfillmentOrder | null; userErrors: StoreUserError[] } {
    const fo = this.findFulfillmentOrder(domain, foId);
    if (!fo) {
      return { fulfillmentHold: null, fulfillmentOrder: null, userErrors: [err(["id"], "The fulfillment order could not be found.", "FULFILLMENT_ORDER_NOT_FOUND")] };
    }
    const handle = input.handle ?? "";
    if (handle.length > MAX_HOLD_HANDLE_LENGTH) {
      return { fulfillmentHold: null, fulfillmentOrder: fo, userErrors: [err(["fulfillmentHold", "handle"], `Handle is too long (maximum is ${MAX_HOLD_HANDLE_LENGTH} characters)`, null)] };
    }
    if (!supportedActionsFor(fo).includes("HOLD")) {
      return {
        fulfillmentHold: null,
        fulfillmentOrder: fo,
        userErrors: [err(["id"], `The fulfillment order's status (${fo.status}) does not allow it to be placed on hold.`, null)],
      };
    }
    const mine = fo.fulfillmentHolds.filter((h) => h._appId === appId);
    if (mine.some((h) => (h.handle ?? "") === handle)) {
      return {
        fulfillmentHold: null,
        fulfillmentOrder: fo,
        userErrors: [err(["fulfillmentHold", "handle"], "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.", "DUPLICATE_FULFILLMENT_HOLD_HANDLE")],
      };
    }
    if (mine.length >= MAX_HOLDS_PER_APP) {
      return {
        fulfillmentHold: null,
        fulfillmentOrder: fo,
        userErrors: [err(["id"], `The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to ${MAX_HOLDS_PER_APP} holds on a single fulfillment order at any one time.`, "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED")],
      };
    }
    const hold = this.addHold(domain, fo, { ...input, handle: input.handle ?? null }, appId);
    return { fulfillmentHold: hold, fulfillmentOrder: fo, userErrors: [] };
  }

  /** Places a hold without the API's checks (seeding, e.g. another app's hold). */
  addHold(
    domain: string,
    fo: FulfillmentOrder,
    input: { reason: FulfillmentHoldReason; reasonNotes?: string | null; handle?: string | null; notifyMerchant?: boolean | null; externalId?: string | null },
    appId: string,
  ): FulfillmentHold {
    const now = this.nowIso();
    const hold: FulfillmentHold = {
      __typename: "FulfillmentHold",
      id: this.newGid("FulfillmentHold"),
      handle: input.handle ?? null,
      reason: input.reason,
      reasonNotes: input.reasonNotes ?? null,
      displayReason: HOLD_REASON_TEXT[input.reason] ?? input.reason,
      _appId: appId,
      _notifyMerchant: input.notifyMerchant ?? false,
      _externalId: input.externalId ?? null,
      _createdAt: now,
      _releasedAt: null,
    };
    if (fo.status !== "ON_HOLD") {
      fo._statusBeforeHold = fo.status;
      fo.status = "ON_HOLD";
    }
    fo.fulfillmentHolds.push(hold);
    fo.updatedAt = now;
    this.shop(domain)._nodes.set(hold.id, hold);
    const order = this.findOrder(domain, fo._orderId);
    if (order) this.touch(order);
    return hold;
  }

  releaseFulfillmentOrderHold(
    domain: string,
    foId: string,
    holdIds: readonly string[] | null | undefined,
    appId: string,
  ): { fulfillmentOrder: FulfillmentOrder | null; userErrors: StoreUserError[] } {
    const fo = this.findFulfillmentOrder(domain, foId);
    if (!fo) return { fulfillmentOrder: null, userErrors: [err(["id"], "The fulfillment order could not be found.", "FULFILLMENT_ORDER_NOT_FOUND")] };
    if (fo.status !== "ON_HOLD" || fo.fulfillmentHolds.length === 0) {
      return { fulfillmentOrder: fo, userErrors: [err(["id"], "The fulfillment order is not on hold.", null)] };
    }
    let targets: FulfillmentHold[];
    if (holdIds == null) {
      targets = fo.fulfillmentHolds.filter((h) => h._appId === appId);
      if (targets.length === 0) {
        return { fulfillmentOrder: fo, userErrors: [err(["id"], "The fulfillment order has no holds placed by this app.", "INVALID_ACCESS")] };
      }
    } else {
      const errors: StoreUserError[] = [];
      targets = [];
      holdIds.forEach((hid, i) => {
        const hold = fo.fulfillmentHolds.find((h) => h.id === hid);
        if (!hold) return; // Shopify: only holds that belong to this fulfillment order are released.
        if (hold._appId !== appId) {
          errors.push(err(["holdIds", String(i)], "The app doesn't have access to release this fulfillment hold: it was placed by another app.", "INVALID_ACCESS"));
          return;
        }
        targets.push(hold);
      });
      if (errors.length) return { fulfillmentOrder: fo, userErrors: errors };
    }
    const now = this.nowIso();
    for (const h of targets) {
      h._releasedAt = now;
      fo._releasedHolds.push(h);
    }
    fo.fulfillmentHolds = fo.fulfillmentHolds.filter((h) => !targets.includes(h));
    if (fo.fulfillmentHolds.length === 0) {
      fo.status = fo._statusBeforeHold && fo._statusBeforeHold !== "ON_HOLD" ? fo._statusBeforeHold : "OPEN";
      fo._statusBeforeHold = null;
    }
    fo.updatedAt = now;
    const order = this.findOrder(domain, fo._orderId);
    if (order && targets.length) this.touch(order);
    return { fulfillmentOrder: fo, userErrors: [] };
  }

  // ---- risk assessments ------------------------------------------------------------------

  createRiskAssessment(
    domain: string,
    input: { orderId: string; riskLevel: RiskAssessmentResult; facts: readonly { description: string; sentiment: RiskFactSentiment }[] },
    appId: string | null,
  ): { orderRiskAssessment: OrderRiskAssessment | null; userErrors: StoreUserError[] } {
    const order = this.findOrder(domain, input.orderId);
    if (!order || !input.orderId.startsWith(GID_PREFIX) || !this.isVisible(domain, order)) {
      return { orderRiskAssessment: null, userErrors: [err(["orderRiskAssessmentInput", "orderId"], "Order does not exist", "NOT_FOUND")] };
    }
    if (displayFulfillmentStatus(order) === "FULFILLED") {
      return { orderRiskAssessment: null, userErrors: [err(["orderRiskAssessmentInput", "orderId"], "The order is marked as fulfilled and can no longer accept new risk assessments.", "ORDER_ALREADY_FULFILLED")] };
    }
    const assessment: OrderRiskAssessment = {
      __typename: "OrderRiskAssessment",
      riskLevel: input.riskLevel,
      facts: input.facts.map((f) => ({ __typename: "RiskFact", description: f.description.slice(0, RISK_FACT_DESCRIPTION_LIMIT), sentiment: f.sentiment })),
      _appId: appId,
      _createdAt: this.nowIso(),
    };
    order._riskAssessments.push(assessment);
    this.touch(order);
    return { orderRiskAssessment: assessment, userErrors: [] };
  }

  // ---- order update / cancel -------------------------------------------------------------

  updateOrder(
    domain: string,
    input: { id: string; email?: string | null; note?: string | null; phone?: string | null; poNumber?: string | null; tags?: readonly string[] | null; customAttributes?: readonly { key: string; value: string }[] | null },
  ): { order: StoreOrder | null; userErrors: StoreUserError[] } {
    const order = this.findOrder(domain, input.id);
    if (!order || !this.isVisible(domain, order)) return { order: null, userErrors: [err(["id"], "Order does not exist")] };
    if (input.email != null && input.email !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
      return { order, userErrors: [err(["email"], "Email is invalid")] };
    }
    if (input.tags !== undefined && input.tags !== null) {
      const tags = splitTags(input.tags);
      if (tags.some((t) => t.length > MAX_TAG_LENGTH)) return { order, userErrors: [err(["tags"], `Tag is too long (maximum is ${MAX_TAG_LENGTH} characters)`)] };
    }
    if (input.email !== undefined) order.email = input.email === "" ? null : input.email;
    if (input.note !== undefined) order.note = input.note;
    if (input.phone !== undefined) order.phone = input.phone;
    if (input.poNumber !== undefined) order.poNumber = input.poNumber;
    if (input.tags !== undefined) order.tags = normalizeTags(splitTags(input.tags ?? []));
    if (input.customAttributes !== undefined) {
      order.customAttributes = (input.customAttributes ?? []).map((a) => ({ __typename: "Attribute", key: a.key, value: a.value }));
    }
    this.touch(order);
    return { order, userErrors: [] };
  }

  cancelOrder(
    domain: string,
    args: { orderId: string; reason: OrderCancelReason; refund?: boolean | null; restock: boolean; notifyCustomer?: boolean | null; staffNote?: string | null },
  ): { job: Job | null; order: StoreOrder | null; userErrors: StoreUserError[] } {
    const order = this.findOrder(domain, args.orderId);
    if (!order || !this.isVisible(domain, order)) return { job: null, order: null, userErrors: [err(["orderId"], "Order does not exist", "NOT_FOUND")] };
    if (order.cancelledAt) return { job: null, order, userErrors: [err(["orderId"], "Order has already been cancelled", "INVALID")] };
    if (displayFulfillmentStatus(order) === "FULFILLED") {
      return { job: null, order, userErrors: [err(["orderId"], "Cannot cancel an order that has been fulfilled", "INVALID")] };
    }
    const now = this.nowIso();
    order.cancelledAt = now;
    order.cancelReason = args.reason;
    order._staffNote = args.staffNote ?? order._staffNote;
    order._restocked = args.restock;
    if (args.refund !== false) {
      if (order.displayFinancialStatus === "PAID" || order.displayFinancialStatus === "PARTIALLY_PAID") order.displayFinancialStatus = "REFUNDED";
      else if (order.displayFinancialStatus === "AUTHORIZED") order.displayFinancialStatus = "VOIDED";
    }
    for (const fo of order.fulfillmentOrders) {
      if (fo.status !== "CLOSED" && fo.status !== "CANCELLED") {
        fo.status = "CLOSED";
        fo._statusBeforeHold = null;
        fo.updatedAt = now;
      }
    }
    this.touch(order);
    const job: Job = { __typename: "Job", id: gid("Job", randomUUID()), done: false, _createdAtMs: this.now() };
    this.shop(domain)._jobs.set(job.id, job);
    return { job, order, userErrors: [] };
  }

  findJob(domain: string, id: string): Job | undefined {
    const job = this.shop(domain)._jobs.get(id);
    // Simulated work is instant: a job reports done from its first poll on.
    if (job) job.done = true;
    return job;
  }

  // ---- inspection for tests --------------------------------------------------------------

  inspectOrder(domain: string, idOrName: string | number): OrderInspection {
    const order = this.order(domain, idOrName);
    const holdView = (fo: FulfillmentOrder, h: FulfillmentHold): InspectedHold => ({
      id: h.id,
      fulfillmentOrderId: fo.id,
      handle: h.handle,
      reason: h.reason,
      reasonNotes: h.reasonNotes,
      app: this.apps.get(h._appId)?.title ?? h._appId,
      appId: h._appId,
      notifyMerchant: h._notifyMerchant,
      createdAt: h._createdAt,
      releasedAt: h._releasedAt,
    });
    const fos = order.fulfillmentOrders.map((fo) => ({
      id: fo.id,
      status: fo.status,
      requestStatus: fo.requestStatus,
      supportedActions: supportedActionsFor(fo),
      holds: fo.fulfillmentHolds.map((h) => holdView(fo, h)),
      releasedHolds: fo._releasedHolds.map((h) => holdView(fo, h)),
    }));
    return {
      id: order.id,
      legacyResourceId: order.legacyResourceId,
      name: order.name,
      email: order.email,
      phone: order.phone,
      note: order.note,
      tags: [...order.tags],
      cancelledAt: order.cancelledAt,
      cancelReason: order.cancelReason,
      closed: order.closed,
      updatedAt: order.updatedAt,
      displayFinancialStatus: order.displayFinancialStatus,
      fulfillmentOrders: fos,
      holds: { active: fos.flatMap((f) => f.holds), released: fos.flatMap((f) => f.releasedHolds) },
      riskAssessments: order._riskAssessments.map((a) => ({
        riskLevel: a.riskLevel,
        facts: a.facts.map((f) => ({ description: f.description, sentiment: f.sentiment })),
        provider: a._appId ? (this.apps.get(a._appId)?.title ?? a._appId) : null,
        createdAt: a._createdAt,
      })),
      order,
    };
  }
}

/** Order.displayFulfillmentStatus derived from the fulfillment orders, like Shopify. */
export function displayFulfillmentStatus(order: StoreOrder): string {
  const fos = order.fulfillmentOrders;
  if (fos.length === 0) return order.lineItems.some((li) => li.requiresShipping) ? "UNFULFILLED" : "FULFILLMENT_NOT_REQUIRED";
  if (order.cancelledAt) return "UNFULFILLED";
  const closedByFulfillment = fos.filter((f) => f.status === "CLOSED" && f.lineItems.every((li) => li.remainingQuantity === 0));
  if (closedByFulfillment.length === fos.length) return "FULFILLED";
  if (closedByFulfillment.length > 0 || fos.some((f) => f.status === "IN_PROGRESS")) return "PARTIALLY_FULFILLED";
  if (fos.some((f) => f.status === "ON_HOLD")) return "ON_HOLD";
  if (fos.every((f) => f.status === "SCHEDULED")) return "SCHEDULED";
  return "UNFULFILLED";
}
