/**
 * OrderSpec: the one description of an order in the sandbox and the tests. A compact,
 * partial description (line items, discounts, payments, addresses, fulfillment orders...)
 * that build.ts turns into a GraphQL-shaped store order with consistent totals, gids and
 * fulfillment orders. Shopify's REST order payloads become specs through from-rest.ts, the
 * generated variants (variants.ts) are specs, and the review fixtures
 * (test/support/order-fixtures.ts) read a REST payload through the same spec.
 */
import type {
  CardPaymentDetails,
  FulfillmentHoldReason,
  FulfillmentOrderRequestStatus,
  FulfillmentOrderStatus,
  OrderCancelReason,
  OrderDisplayFinancialStatus,
  OrderTransactionKind,
  OrderTransactionStatus,
  PaymentTerms,
} from "../model/types";

export interface AddressSpec {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  country?: string | null;
  countryCode?: string | null;
  zip?: string | null;
  phone?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface ProductSpec {
  title?: string;
  handle?: string;
  /** null = product not published to the online store. */
  onlineStoreUrl?: string | null;
  tags?: string[];
  vendor?: string;
  productType?: string;
}

export interface LineItemSpec {
  title: string;
  variantTitle?: string | null;
  sku?: string | null;
  vendor?: string | null;
  quantity?: number;
  /** Unit price in the shop currency. */
  price: string | number;
  /** Default: true, or false for gift cards (digital). */
  requiresShipping?: boolean;
  isGiftCard?: boolean;
  taxable?: boolean;
  /** null = custom line item with no product. Default: a product derived from the title. */
  product?: ProductSpec | null;
  customAttributes?: { key: string; value: string | null }[];
}

export interface DiscountSpec {
  kind: "code" | "manual" | "automatic" | "script";
  /** Required for kind "code". */
  code?: string;
  /** Manual / automatic / script title (default derived). */
  title?: string;
  description?: string | null;
  valueType: "percentage" | "fixed_amount";
  /** Percentage (e.g. 15) or amount in shop currency. */
  value: number;
  /** Default "line_item". Free shipping = { target: "shipping_line", valueType: "percentage", value: 100 }. */
  target?: "line_item" | "shipping_line";
  allocationMethod?: "across" | "each" | "one";
  targetSelection?: "all" | "entitled" | "explicit";
}

export interface CardSpec {
  bin?: string | null;
  last4?: string | null;
  name?: string | null;
  /** Card brand as Shopify shows it: "Visa", "Mastercard", "American Express"... */
  company?: string | null;
  avsResultCode?: string | null;
  cvvResultCode?: string | null;
  wallet?: CardPaymentDetails["wallet"];
  expirationMonth?: number | null;
  expirationYear?: number | null;
}

export interface TransactionSpec {
  gateway: string;
  formattedGateway?: string | null;
  kind?: OrderTransactionKind;
  status?: OrderTransactionStatus;
  /** Shop currency amount. Default: the order total (less other successful payments). */
  amount?: string | number;
  test?: boolean;
  manual?: boolean;
  card?: CardSpec | null;
  /** Serialised into receiptJson. */
  receipt?: Record<string, unknown>;
  errorCode?: string | null;
  processedAt?: string;
  paymentId?: string | null;
  authorizationCode?: string | null;
}

export interface HoldSpec {
  reason: FulfillmentHoldReason;
  handle?: string | null;
  reasonNotes?: string | null;
  /** "self" = the shop's app (the app under test); otherwise the title of another app. Default "Other Fraud App". */
  app?: "self" | string;
}

export interface FulfillmentOrderSpec {
  /** Indexes into lineItems. Default: all line items not placed in another FO. */
  lineItems?: number[];
  status?: FulfillmentOrderStatus;
  requestStatus?: FulfillmentOrderRequestStatus;
  serviceType?: "merchant" | "third_party";
  locationName?: string;
  holds?: HoldSpec[];
  /** Mark the FO's line items as fulfilled (status CLOSED, remaining 0). */
  fulfilled?: boolean;
}

export interface OrderSpec {
  /** Label of the generated variant (kept on the order as `_variant`). */
  variant?: string;
  /** Keep this order id (e.g. a REST payload's) instead of the store's next one. */
  legacyResourceId?: string;
  name?: string;
  createdAt?: string | number | Date;
  processedAt?: string | number | Date;
  updatedAt?: string | number | Date;
  cancelledAt?: string | number | Date | null;
  cancelReason?: OrderCancelReason | null;
  closedAt?: string | number | Date | null;
  confirmed?: boolean;
  test?: boolean;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  poNumber?: string | null;
  tags?: string[] | string;
  clientIp?: string | null;
  cartToken?: string | null;
  checkoutToken?: string | null;
  sourceName?: string | null;
  sourceIdentifier?: string | null;
  userAgent?: string | null;
  landingSite?: string | null;
  referringSite?: string | null;
  customerLocale?: string | null;
  /** Shop currency (default: the shop's). */
  currencyCode?: string;
  /** Customer-facing currency (default: shop currency). */
  presentmentCurrencyCode?: string;
  /** presentment amount = shop amount × rate. Default 1. */
  presentmentRate?: number;
  customAttributes?: { key: string; value: string | null }[];
  /** Default: derived from email and billing address. null = guest checkout without customer. */
  customer?: {
    email?: string | null;
    firstName?: string | null;
    lastName?: string | null;
    phone?: string | null;
    tags?: string[];
    note?: string | null;
  } | null;
  staffMember?: { email: string; firstName?: string | null; lastName?: string | null } | null;
  /** B2B: makes purchasingEntity a PurchasingCompany. */
  company?: { name: string; externalId?: string | null; locationName?: string } | null;
  paymentTerms?: {
    paymentTermsType: PaymentTerms["paymentTermsType"];
    paymentTermsName: string;
    dueInDays?: number | null;
  } | null;
  billingAddress?: AddressSpec | null;
  shippingAddress?: AddressSpec | null;
  shippingLine?: {
    title: string;
    code?: string | null;
    source?: string | null;
    carrierIdentifier?: string | null;
    price: string | number;
    phone?: string | null;
  } | null;
  lineItems?: LineItemSpec[];
  discounts?: DiscountSpec[];
  /** Plain discount codes as REST lists them; default derived from code discounts. */
  discountCodes?: { code: string; amount: string; type: "percentage" | "fixed_amount" | "shipping" }[];
  transactions?: TransactionSpec[];
  /** Payment gateway names as stated (e.g. by a REST payload). Default: the gateways of the transactions. */
  paymentGatewayNames?: string[];
  /** Shop-currency tax total. Default 0. */
  tax?: string | number;
  /** Override computed totals (e.g. to keep an example payload's numbers). Shop currency. */
  totals?: { total?: string; subtotal?: string; discounts?: string; shipping?: string; tax?: string };
  displayFinancialStatus?: OrderDisplayFinancialStatus | null;
  fulfillmentOrders?: FulfillmentOrderSpec[];
}
