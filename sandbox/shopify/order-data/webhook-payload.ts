/**
 * Store order → the REST body Shopify posts for orders/create, orders/updated and
 * orders/cancelled, key for key like Shopify's example payload.
 */
import type { MailingAddress, MoneyBag, StoreOrder } from "../model/types";
import { moneyBag } from "../model/values";
import { decimalsOf } from "./money";

export type OrderWebhookTopic = "orders/create" | "orders/updated" | "orders/cancelled";

type Json = Record<string, unknown>;

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
    shop_money: {
      amount: restMoney(bag.shopMoney.amount, bag.shopMoney.currencyCode),
      currency_code: bag.shopMoney.currencyCode,
    },
    presentment_money: {
      amount: restMoney(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode),
      currency_code: bag.presentmentMoney.currencyCode,
    },
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
export function orderWebhookPayload(
  order: StoreOrder,
  topic: OrderWebhookTopic = "orders/create",
  options: WebhookPayloadOptions = {},
): Json {
  void topic; // the three topics share one payload shape (the order as it is now)
  const offset = options.utcOffsetMinutes ?? -300;
  const ts = (v: string | null) => restTimestamp(v, offset);
  const cur = order.currencyCode;
  const amount = (bag: MoneyBag) => restMoney(bag.shopMoney.amount, cur);
  const domain = options.shopDomain ?? order._shop;
  const lineTotal = order.lineItems.reduce(
    (s, li) => s + Number(li.originalUnitPriceSet.shopMoney.amount) * li.quantity,
    0,
  );
  const lineTotalPresentment = order.lineItems.reduce(
    (s, li) => s + Number(li.originalUnitPriceSet.presentmentMoney.amount) * li.quantity,
    0,
  );
  const lineTotalSet: MoneyBag = moneyBag(
    lineTotal.toFixed(2),
    cur,
    lineTotalPresentment.toFixed(2),
    order.presentmentCurrencyCode,
  );
  const zero = moneyBag("0", cur, "0", order.presentmentCurrencyCode);
  const paid = order.transactions
    .filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"))
    .reduce((s, t) => s + Number(t.amountSet.shopMoney.amount), 0);
  const outstanding = Math.max(0, Number(order.totalPriceSet.shopMoney.amount) - paid);
  const fulfillment = ((): string | null => {
    const fos = order.fulfillmentOrders;
    const done = fos.filter(
      (f) => f.status === "CLOSED" && f.lineItems.every((l) => l.remainingQuantity === 0) && !order.cancelledAt,
    );
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
    client_details:
      order.clientIp || order._browserUserAgent
        ? {
            accept_language: order._customerLocale ? `${order._customerLocale};q=0.9` : null,
            browser_height: null,
            browser_ip: order.clientIp,
            browser_width: null,
            session_hash: null,
            user_agent: order._browserUserAgent,
          }
        : null,
    closed_at: ts(order.closedAt),
    confirmation_number: order.legacyResourceId.slice(-9).replace(/\d/g, (d) => "ABCDEFGHJK"[Number(d)]),
    confirmed: order.confirmed,
    contact_email: order.email,
    created_at: ts(order.createdAt),
    currency: cur,
    current_shipping_price_set: restSet(order.totalShippingPriceSet),
    current_subtotal_price: amount(order._currentSubtotalPriceSet ?? order.subtotalPriceSet),
    current_subtotal_price_set: restSet(order._currentSubtotalPriceSet ?? order.subtotalPriceSet),
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
      type:
        d.__typename === "DiscountCodeApplication"
          ? "discount_code"
          : d.__typename === "ManualDiscountApplication"
            ? "manual"
            : d.__typename === "ScriptDiscountApplication"
              ? "script"
              : "automatic",
      value:
        d.value.__typename === "PricingPercentageValue"
          ? d.value.percentage.toFixed(1)
          : restMoney(d.value.amount, cur),
      value_type: d.value.__typename === "PricingPercentageValue" ? "percentage" : "fixed_amount",
      allocation_method: d.allocationMethod.toLowerCase(),
      target_selection: d.targetSelection.toLowerCase(),
      ...(d.__typename === "DiscountCodeApplication"
        ? { code: d.code }
        : { title: d.title, description: d.description ?? d.title }),
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
