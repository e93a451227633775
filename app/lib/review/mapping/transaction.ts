/**
 * Shopify order (the OrderForReview Admin query) → Apruvd transaction: the order-level
 * fields (total, currency, order number, notes) and the assembly of every part.
 */
import { TRANSACTION_STRING_LIMITS, type ApruvdTransaction } from "../../clients/apruvd/types";
import { mapAddress } from "./addresses";
import {
  countAuthAttempts,
  isCardDetails,
  normalizeAvs,
  normalizeCvv,
  parseBin,
  parseLastFour,
  selectCardTransaction,
  splitCardholderName,
} from "./card";
import { mapCartItem } from "./cart";
import { mapDiscountCodes } from "./discounts";
import { giftCardRecipient, mapGiftCards } from "./gift-cards";
import { normalizeIp } from "./ip";
import { ADDITIONAL_TEXT_LIMIT } from "./limits";
import { currencyCode, decimalNumber } from "./money";
import { characterLength, cleanEmail, cleanString, numericIdFromGid } from "./strings";
import {
  DEFAULT_SESSION_ID_ATTRIBUTE_KEYS,
  DEFAULT_TRANSACTION_TYPE,
  MappingError,
  type MappingOptions,
  type ReviewLineItem,
  type ReviewOrder,
} from "./types";

function orderTotal(order: ReviewOrder): { total: number; currency: string } {
  const orderId = cleanString(order.id);
  // The current total: an order edit changes currentTotalPriceSet and keeps totalPriceSet as placed.
  const set = order.currentTotalPriceSet ?? order.totalPriceSet;
  const candidates = [set?.presentmentMoney, set?.shopMoney];
  let sawAmount = false;
  let sawCurrency = false;
  for (const money of candidates) {
    if (money == null) continue;
    const total = decimalNumber(money.amount);
    const currency = currencyCode(money.currencyCode);
    if (money.amount != null) sawAmount = true;
    if (money.currencyCode != null) sawCurrency = true;
    if (total !== undefined && total >= 0 && currency !== undefined) return { total, currency };
  }
  const presentment = set?.presentmentMoney;
  if (!sawAmount) throw new MappingError("MISSING_TOTAL", "Order has no total price", orderId);
  if (!sawCurrency) throw new MappingError("MISSING_CURRENCY", "Order total has no currency", orderId);
  if (
    presentment != null &&
    currencyCode(presentment.currencyCode) === undefined &&
    decimalNumber(presentment.amount) !== undefined
  ) {
    const currency = String(presentment.currencyCode);
    throw new MappingError(
      "INVALID_CURRENCY",
      `Order currency '${currency}' is not an ISO 4217 code`,
      orderId,
      currency,
    );
  }
  const total = String(presentment?.amount ?? set?.shopMoney?.amount);
  throw new MappingError("INVALID_TOTAL", `Order total '${total}' is not a decimal amount`, orderId, total);
}

/** order_num: the name without "#" (falls back to the id when the name does not fit 25), or legacyResourceId. */
export function orderNumber(order: ReviewOrder, source: MappingOptions["orderNumberSource"]): string | undefined {
  const max = TRANSACTION_STRING_LIMITS.order_num;
  const id = cleanString(order.legacyResourceId) ?? numericIdFromGid(order.id);
  const fittingId = id !== undefined && characterLength(id) <= max ? id : undefined;
  if (source === "id") return fittingId ?? cleanString(id, max);
  const name = cleanString(typeof order.name === "string" ? order.name.replace(/#/g, "") : undefined);
  if (name !== undefined && characterLength(name) <= max) return name;
  // A name cut to 25 could collide with another order's; the numeric id cannot.
  return fittingId ?? cleanString(name, max);
}

function customAttribute(order: ReviewOrder, keys: readonly string[], max: number): string | undefined {
  const wanted = keys.map((k) => k.trim().toLowerCase());
  for (const attr of order.customAttributes ?? []) {
    if (typeof attr?.key !== "string" || !wanted.includes(attr.key.trim().toLowerCase())) continue;
    const value = cleanString(attr.value, max);
    if (value !== undefined) return value;
  }
  return undefined;
}

function additional2(order: ReviewOrder): string | undefined {
  const parts: string[] = [];
  const source = cleanString(order.sourceName);
  if (source) parts.push(`Source: ${source}`);
  const gateways = [
    ...new Set(
      (order.paymentGatewayNames ?? []).map((g) => cleanString(g)).filter((g): g is string => g !== undefined),
    ),
  ];
  if (gateways.length > 0) parts.push(`Gateways: ${gateways.join(", ")}`);
  const terms = cleanString(order.paymentTerms?.paymentTermsName) ?? cleanString(order.paymentTerms?.paymentTermsType);
  if (terms) parts.push(`Payment terms: ${terms}`);
  const entity = order.purchasingEntity;
  if (entity?.__typename === "PurchasingCompany") {
    const company = cleanString(entity.company?.name);
    parts.push(company ? `B2B company: ${company}` : "B2B company");
  }
  return cleanString(parts.join(" | "), ADDITIONAL_TEXT_LIMIT);
}

function additional3(order: ReviewOrder): string | undefined {
  const tags = (order.customer?.tags ?? []).map((t) => cleanString(t)).filter((t): t is string => t !== undefined);
  return cleanString(tags.join(", "), ADDITIONAL_TEXT_LIMIT);
}

/** Copies defined values only, so the transaction never carries `undefined` keys. */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

export function mapOrderToTransaction(order: ReviewOrder, options: MappingOptions): ApruvdTransaction {
  const L = TRANSACTION_STRING_LIMITS;
  const { total, currency } = orderTotal(order);
  const tx: ApruvdTransaction = {
    type: cleanString(options.transactionType) ?? DEFAULT_TRANSACTION_TYPE,
    total,
    currency,
  };

  const email = cleanEmail(order.email, L.email) ?? cleanEmail(order.customer?.email, L.email);
  assignDefined(tx, {
    order_num: orderNumber(order, options.orderNumberSource),
    ip: normalizeIp(order.clientIp),
    email,
  });

  // Card
  const card = selectCardTransaction(order.transactions);
  if (card && isCardDetails(card.paymentDetails)) {
    const details = card.paymentDetails;
    const { first, last } = splitCardholderName(details.name);
    assignDefined(tx, {
      cc_name: first,
      cc_name_2: last,
      first_six: parseBin(details.bin),
      last_four: parseLastFour(details.number),
    });
    tx.avs = normalizeAvs(details.avsResultCode);
    assignDefined(tx, { cvv: normalizeCvv(details.cvvResultCode) });
    // A card that was charged was authorized at least once (the list may be cut at 50).
    tx.auth_attempts = Math.max(1, countAuthAttempts(order.transactions));
  }

  const giftCards = mapGiftCards(order, currency);
  if (giftCards.length > 0) tx.gift_cards = giftCards;

  const billing = mapAddress(order.billingAddress);
  const shipping = mapAddress(order.shippingAddress);
  assignDefined(tx, {
    billing_phone: billing.phone ?? cleanString(order.phone, L.billing_phone),
    billing_first_name: billing.first_name,
    billing_last_name: billing.last_name,
    billing_company: billing.company,
    billing_address_1: billing.address_1,
    billing_address_2: billing.address_2,
    billing_city: billing.city,
    billing_postal: billing.postal,
    billing_state: billing.state,
    billing_region: billing.region,
    billing_country: billing.country,
    shipping_email: order.requiresShipping === true ? email : undefined,
    egc_recipient: giftCardRecipient(order, email),
    shipping_phone: shipping.phone,
    shipping_first_name: shipping.first_name,
    shipping_last_name: shipping.last_name,
    shipping_company: shipping.company,
    shipping_address_1: shipping.address_1,
    shipping_address_2: shipping.address_2,
    shipping_city: shipping.city,
    shipping_postal: shipping.postal,
    shipping_state: shipping.state,
    shipping_region: shipping.region,
    shipping_country: shipping.country,
    shipping_method: cleanString(order.shippingLine?.title, L.shipping_method),
    session_id: customAttribute(
      order,
      options.sessionIdAttributeKeys ?? DEFAULT_SESSION_ID_ATTRIBUTE_KEYS,
      L.session_id,
    ),
  });

  // A line item an edit removed keeps its row with currentQuantity 0: it is no longer in the order.
  const lineItems = (order.lineItems?.nodes ?? []).filter(
    (item): item is ReviewLineItem => item != null && item.currentQuantity !== 0,
  );
  if (lineItems.length > 0) tx.cart_contents = lineItems.map((item) => mapCartItem(item, options, currency));
  tx.digital_only_order = lineItems.length > 0 && lineItems.every((item) => item.requiresShipping === false);

  const discounts = mapDiscountCodes(order, currency);
  if (discounts.length > 0) tx.discount_codes = discounts;

  assignDefined(tx, {
    // rep_email stays out: the staff member needs read_users, which the app does not ask for (docs/mapping.md).
    additional_1: cleanString(order.note, ADDITIONAL_TEXT_LIMIT),
    additional_2: additional2(order),
    additional_3: additional3(order),
  });
  return tx;
}
