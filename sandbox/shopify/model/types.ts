/**
 * The Shopify simulator's objects, shaped like the Admin GraphQL types they stand for: a
 * property named like a GraphQL field holds that field's value (lists for connections; the
 * simulator pages them), `__typename` names the concrete type (so unions and interfaces
 * resolve), and properties the GraphQL schema does not have start with `_` (internal
 * bookkeeping such as which app placed a hold). A field missing from an object is "not
 * implemented" and the simulator answers with a GraphQL error naming it rather than a
 * silent null.
 */

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
  discountAllocations?: DiscountAllocation[];
}

/** What one discount application took off one line (Shopify's DiscountAllocation). */
export interface DiscountAllocation {
  allocatedAmountSet: MoneyBag;
  discountApplication: DiscountApplication;
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
  discountAllocations?: DiscountAllocation[];
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
  "AUTHORIZATION" | "CAPTURE" | "CHANGE" | "EMV_AUTHORIZATION" | "REFUND" | "SALE" | "SUGGESTED_REFUND" | "VOID";
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
  | "AWAITING_PAYMENT"
  | "AWAITING_RETURN_ITEMS"
  | "HIGH_RISK_OF_FRAUD"
  | "INCORRECT_ADDRESS"
  | "INVENTORY_OUT_OF_STOCK"
  | "ONLINE_STORE_POST_PURCHASE_CROSS_SELL"
  | "OTHER"
  | "UNKNOWN_DELIVERY_DATE";

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

export type FulfillmentOrderStatus =
  "CANCELLED" | "CLOSED" | "INCOMPLETE" | "IN_PROGRESS" | "ON_HOLD" | "OPEN" | "SCHEDULED";
export type FulfillmentOrderRequestStatus =
  | "ACCEPTED"
  | "CANCELLATION_ACCEPTED"
  | "CANCELLATION_REJECTED"
  | "CANCELLATION_REQUESTED"
  | "CLOSED"
  | "REJECTED"
  | "SUBMITTED"
  | "UNSUBMITTED";

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
  "AUTHORIZED" | "EXPIRED" | "PAID" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "VOIDED";

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
  /** After an order edit: the subtotal with the edit (subtotalPriceSet keeps the original). */
  _currentSubtotalPriceSet?: MoneyBag;
  /** When the last order edit was committed. */
  _editedAt?: string;
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
  /** Scopes the shop granted its app (the app under test); other apps are not restricted. */
  _grantedScopes: Set<string>;
  /** Protected customer data level granted to its app (2 = name, address, phone, email). */
  _protectedCustomerData: 0 | 1 | 2;
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
  /**
   * Access scopes the installation granted. Default: the `[access_scopes]` of
   * shopify.app.toml, as installing the app grants them (access-scopes.ts).
   */
  scopes?: readonly string[];
  /**
   * Protected customer data granted: 2 (default, as on a development store: name, address,
   * phone, email), 1 (customer data without those fields) or 0 (none).
   */
  protectedCustomerData?: 0 | 1 | 2;
}

/** What a mutation returns when it cannot do what was asked, shaped like Shopify's userErrors. */
export interface StoreUserError {
  __typename?: string;
  field: string[] | null;
  message: string;
  code?: string | null;
}
