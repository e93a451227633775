/**
 * fast-check arbitraries for the review mapping's input: generated Shopify orders
 * (the OrderForReview shape) with every kind of string (unicode, lone surrogates,
 * very long, blank), invalid IPs, emails and amounts, random transactions and missing
 * objects, and the mapping's options. Used by app/lib/review/mapping/*.property.test.ts.
 */
import fc from "fast-check";
import { AVS_CODES, CVV_CODES } from "../../app/lib/clients/apruvd/types";
import type { MappingOptions, ReviewOrder } from "../../app/lib/review/mapping";

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Strings of every kind: graphemes, full unicode, lone surrogates, control chars, very long, blank. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 200, maxLength: 700 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 240, maxLength: 400 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom("a", " ", "é", "😀", "👩‍👩‍👧", "🇩🇪", "👍🏽", "𞤀", "𐌰", "𠀀", "\u0301"), { maxLength: 300 })
      .map((parts) => parts.join("")),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "   \t\n",
      "😀".repeat(60),
      `${"a".repeat(49)}😀`,
      `  ${"é".repeat(300)}  `,
      "#",
      "null",
    ),
  },
);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof(
    { weight: 5, arbitrary: arb },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const optText = maybe(text);

export const validDecimal = fc
  .tuple(fc.nat({ max: 10_000_000 }), fc.nat({ max: 999 }), fc.constantFrom(0, 1, 2, 3))
  .map(([int, frac, digits]) =>
    digits === 0 ? String(int) : `${int}.${String(frac).padStart(3, "0").slice(0, digits)}`,
  );
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
  fc.constantFrom(
    "::ffff:203.0.113.9",
    "fe80::1%eth0",
    "203.0.113.1, 10.0.0.1",
    "[::1]",
    "1.2.3.4:80",
    "localhost",
    "256.256.256.256",
    "01.02.03.04",
  ),
  text,
  fc.constant(null),
);
const email: fc.Arbitrary<unknown> = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
  text,
  fc.constant(null),
);
const isoDate = fc
  .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((t) => new Date(t).toISOString());
const tags = fc.array(fc.oneof(fc.constantFrom("high-risk", "HIGH-RISK", "vip", "b2b"), text), { maxLength: 5 });
const gid = (type: string) =>
  fc.oneof(
    fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map((n) => `gid://shopify/${type}/${n}`),
    text,
  );

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
  fc
    .record({ gift_card_id: fc.oneof(fc.nat(), text), gift_card_last_characters: fc.oneof(text, fc.nat()) })
    .map((r) => JSON.stringify(r)),
  fc.record(
    { gift_card_id: fc.oneof(fc.nat(), text, fc.constant(null)), gift_card_last_characters: optText },
    { requiredKeys: [] },
  ),
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
  gateway: maybe(
    fc.oneof(
      fc.constantFrom(
        "gift_card",
        "GIFT_CARD",
        "shopify_payments",
        "manual",
        "Cash on Delivery (COD)",
        "Apruve",
        "bogus",
      ),
      text,
    ),
  ),
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
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          "PaypalWalletPaymentDetails",
          "LocalPaymentMethodsPaymentDetails",
          "ShopPayInstallmentsPaymentDetails",
        )
        .map((t) => ({ __typename: t })),
    },
  ),
});

const allocationArb = fc.record({
  allocatedAmountSet: fc.record({ presentmentMoney: moneyArb }),
  discountApplication: fc.record({ index: fc.oneof(fc.nat({ max: 4 }), fc.constant(undefined)) }),
});

const lineItemArb = fc.record({
  id: gid("LineItem"),
  name: text,
  title: text,
  sku: optText,
  quantity: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 1000 }) },
    { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN) },
  ),
  requiresShipping: fc.oneof({ weight: 5, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant(null) }),
  isGiftCard: fc.boolean(),
  originalUnitPriceSet: fc.record({ presentmentMoney: moneyArb }),
  discountAllocations: fc.array(allocationArb, { maxLength: 3 }),
  product: maybe(
    fc.record({ id: gid("Product"), handle: text, onlineStoreUrl: maybe(fc.oneof(fc.webUrl(), text)), tags }),
  ),
});

const discountValue = fc.oneof(
  fc.record({ __typename: fc.constant("MoneyV2"), amount, currencyCode }),
  fc.record({
    __typename: fc.constant("PricingPercentageValue"),
    percentage: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.double()),
  }),
);
const discountArb = fc.record({
  __typename: fc.constantFrom(
    "DiscountCodeApplication",
    "ManualDiscountApplication",
    "AutomaticDiscountApplication",
    "ScriptDiscountApplication",
  ),
  code: optText,
  title: optText,
  description: optText,
  index: fc.nat({ max: 4 }),
  allocationMethod: fc.constantFrom("ACROSS", "EACH", "ONE"),
  targetType: fc.constantFrom("LINE_ITEM", "SHIPPING_LINE"),
  value: discountValue,
});

const attributeArb = fc.record({
  key: fc.oneof(
    fc.constantFrom("apruvd_session_id", "_apruvd_session_id", "Recipient email", "recipient_email", "gift_wrap"),
    text,
  ),
  value: maybe(fc.oneof(text, fc.emailAddress())),
});

export const orderArb: fc.Arbitrary<ReviewOrder> = fc
  .record({
    id: gid("Order"),
    legacyResourceId: fc.oneof(
      fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String),
      fc.nat(),
      text,
      fc.constant(null),
    ),
    name: fc.oneof(
      fc.nat().map((n) => `#${n}`),
      text,
    ),
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
    paymentGatewayNames: fc.array(
      fc.oneof(fc.constantFrom("shopify_payments", "gift_card", "manual", "Apruve"), text),
      { maxLength: 4 },
    ),
    displayFinancialStatus: fc.constant(null),
    customAttributes: fc.array(attributeArb, { maxLength: 5 }),
    totalPriceSet: maybe(fc.record({ shopMoney: maybe(moneyArb), presentmentMoney: maybe(moneyArb) })),
    totalShippingPriceSet: fc.record({ presentmentMoney: moneyArb }),
    customer: maybe(fc.record({ id: gid("Customer"), email, tags })),
    purchasingEntity: maybe(
      fc.oneof(
        fc.constant({ __typename: "Customer" }),
        fc.record({
          __typename: fc.constant("PurchasingCompany"),
          company: fc.record({ id: gid("Company"), name: text }),
        }),
      ),
    ),
    paymentTerms: maybe(
      fc.record({
        paymentTermsType: fc.constantFrom("NET", "FIXED", "RECEIPT", "FULFILLMENT"),
        paymentTermsName: text,
      }),
    ),
    billingAddress: address,
    shippingAddress: address,
    shippingLine: maybe(
      fc.record({
        title: text,
        code: optText,
        source: optText,
        carrierIdentifier: optText,
        discountAllocations: fc.array(allocationArb, { maxLength: 2 }),
      }),
    ),
    discountApplications: maybe(fc.record({ nodes: fc.array(discountArb, { maxLength: 4 }) })),
    totalDiscountsSet: maybe(fc.record({ presentmentMoney: moneyArb })),
    lineItems: maybe(fc.record({ nodes: fc.array(lineItemArb, { maxLength: 6 }) })),
    transactions: maybe(fc.array(transactionArb, { maxLength: 8 })),
    fulfillmentOrders: fc.constant({ nodes: [] }),
  })
  .map((order) => order as unknown as ReviewOrder);

export const optionsArb: fc.Arbitrary<MappingOptions> = fc.record(
  {
    orderNumberSource: fc.constantFrom("name" as const, "id" as const),
    highRiskProductTag: maybe(fc.oneof(fc.constantFrom("high-risk", "vip"), text)),
    sessionIdAttributeKeys: fc.array(fc.oneof(fc.constantFrom("apruvd_session_id", "gift_wrap"), text), {
      maxLength: 3,
    }),
    storefrontUrl: fc.oneof(
      fc.webUrl(),
      fc.constantFrom("https://shop.example.com/", `https://${"a".repeat(240)}.example.com`),
      text,
    ),
    transactionType: fc.oneof(fc.constantFrom("Ecommerce", "Retail"), text),
  },
  { requiredKeys: ["orderNumberSource"] },
) as fc.Arbitrary<MappingOptions>;

// ---------------------------------------------------------------------------
// Consistent orders: what Shopify itself would answer (one presentment currency for
// every amount, possibly another shop currency; discount allocations that add up to the
// order's total discount), with every kind of string in the text fields.
// ---------------------------------------------------------------------------

/** Currencies with their decimals (KWD has three). */
const CURRENCIES = [
  ["USD", 2],
  ["EUR", 2],
  ["GBP", 2],
  ["CAD", 2],
  ["KWD", 3],
] as const;

/** Minor units → the decimal Shopify writes ("12.5" style trailing zeros dropped, as Shopify does). */
function decimal(minor: number, digits: number): string {
  const text = (minor / 10 ** digits).toFixed(digits);
  return text.replace(/\.?0+$/, (m) => (m.startsWith(".") ? ".0" : ""));
}

export interface ConsistentOrder {
  order: ReviewOrder;
  /** The transaction's currency (the presentment currency). */
  currency: string;
  digits: number;
  /** Applied amount per discount application index, in minor units of `currency`. */
  appliedMinor: Map<number, number>;
  totalDiscountMinor: number;
}

export const consistentOrderArb: fc.Arbitrary<ConsistentOrder> = fc
  .record({
    presentment: fc.constantFrom(...CURRENCIES),
    shop: fc.constantFrom(...CURRENCIES),
    lines: fc.array(
      fc.record({
        name: text,
        sku: optText,
        unitMinor: fc.integer({ min: 0, max: 500_000 }),
        quantity: fc.integer({ min: 1, max: 5 }),
        removed: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    discounts: fc.array(
      fc.record({
        kind: fc.constantFrom(
          "DiscountCodeApplication",
          "ManualDiscountApplication",
          "AutomaticDiscountApplication",
          "ScriptDiscountApplication",
        ),
        label: text,
        target: fc.constantFrom("LINE_ITEM", "SHIPPING_LINE"),
        percentage: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        fixedMinor: fc.integer({ min: 1, max: 100_000 }),
        /** Which lines it took from, and how much of each line (per mille). */
        shares: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }),
      }),
      { maxLength: 4 },
    ),
    shippingMinor: fc.integer({ min: 0, max: 5_000 }),
    shippingTitle: text,
    note: optText,
    billing: address,
    shipping: address,
    giftCardMinor: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  })
  .map((g): ConsistentOrder => {
    const currency: string = g.presentment[0];
    const digits: number = g.presentment[1];
    const money = (minor: number) => ({ amount: decimal(minor, digits), currencyCode: currency });
    const appliedMinor = new Map<number, number>();
    const lineAllocations: { index: number; minor: number }[][] = g.lines.map(() => []);
    const shippingAllocations: { index: number; minor: number }[] = [];
    const lineLeft = g.lines.map((l) => l.unitMinor * l.quantity);
    let shippingLeft = g.shippingMinor;
    g.discounts.forEach((d, index) => {
      if (d.target === "SHIPPING_LINE") {
        const minor = Math.min(
          shippingLeft,
          d.percentage ? Math.round((g.shippingMinor * d.percentage) / 100) : d.fixedMinor,
        );
        shippingLeft -= minor;
        shippingAllocations.push({ index, minor });
        appliedMinor.set(index, minor);
        return;
      }
      g.lines.forEach((_line, i) => {
        const share = d.shares[i] ?? 0;
        if (share === 0) return;
        const minor = Math.floor((lineLeft[i] * share) / 1000 / (g.discounts.length || 1));
        lineLeft[i] -= minor;
        lineAllocations[i].push({ index, minor });
        // A line an order edit removed no longer counts (its allocation stays on the line).
        if (!g.lines[i].removed) appliedMinor.set(index, (appliedMinor.get(index) ?? 0) + minor);
      });
    });
    const totalDiscountMinor = [...appliedMinor.values()].reduce((a, b) => a + b, 0);
    const kept = g.lines.map((l, i) => (l.removed ? 0 : lineLeft[i])).reduce((a, b) => a + b, 0);
    const totalMinor = kept + shippingLeft;
    const allocation = ({ index, minor }: { index: number; minor: number }) => ({
      allocatedAmountSet: { presentmentMoney: money(minor) },
      discountApplication: { index },
    });
    const order = {
      id: "gid://shopify/Order/1",
      legacyResourceId: "1",
      name: "#1001",
      email: "buyer@example.com",
      note: g.note,
      clientIp: "203.0.113.7",
      presentmentCurrencyCode: currency,
      currencyCode: g.shop[0],
      requiresShipping: true,
      customAttributes: [],
      paymentGatewayNames: ["shopify_payments"],
      totalPriceSet: {
        presentmentMoney: money(totalMinor),
        shopMoney: { amount: decimal(totalMinor, 2), currencyCode: g.shop[0] },
      },
      currentTotalPriceSet: {
        presentmentMoney: money(totalMinor),
        shopMoney: { amount: decimal(totalMinor, 2), currencyCode: g.shop[0] },
      },
      totalShippingPriceSet: { presentmentMoney: money(shippingLeft) },
      totalDiscountsSet: { presentmentMoney: money(totalDiscountMinor) },
      currentTotalDiscountsSet: { presentmentMoney: money(totalDiscountMinor) },
      customer: null,
      purchasingEntity: null,
      paymentTerms: null,
      billingAddress: g.billing,
      shippingAddress: g.shipping,
      shippingLine: {
        title: g.shippingTitle,
        code: null,
        source: "shopify",
        carrierIdentifier: null,
        discountAllocations: shippingAllocations.map(allocation),
      },
      discountApplications: {
        nodes: g.discounts.map((d, index) => ({
          __typename: d.kind,
          index,
          allocationMethod: "ACROSS",
          targetType: d.target,
          // A fixed value is stated in the shop's currency; what it took is in the presentment currency.
          value: d.percentage
            ? { __typename: "PricingPercentageValue", percentage: d.percentage }
            : { __typename: "MoneyV2", amount: decimal(d.fixedMinor, 2), currencyCode: g.shop[0] },
          code: d.label,
          title: d.label,
          description: null,
        })),
      },
      lineItems: {
        nodes: g.lines.map((l, i) => ({
          id: `gid://shopify/LineItem/${i + 1}`,
          name: l.name,
          title: l.name,
          sku: l.sku,
          quantity: l.quantity,
          currentQuantity: l.removed ? 0 : l.quantity,
          requiresShipping: true,
          isGiftCard: false,
          customAttributes: [],
          originalUnitPriceSet: { presentmentMoney: money(l.unitMinor) },
          discountAllocations: lineAllocations[i].map(allocation),
          product: null,
        })),
      },
      transactions: [
        ...(g.giftCardMinor
          ? [
              {
                id: "gid://shopify/OrderTransaction/2",
                kind: "SALE",
                status: "SUCCESS",
                gateway: "gift_card",
                manualPaymentGateway: false,
                processedAt: "2025-01-01T00:00:00Z",
                amountSet: { presentmentMoney: money(g.giftCardMinor) },
                receiptJson: JSON.stringify({ gift_card_id: 77, gift_card_last_characters: "x7k2" }),
                paymentDetails: null,
              },
            ]
          : []),
      ],
      fulfillmentOrders: { nodes: [] },
    };
    return { order: order as unknown as ReviewOrder, currency, digits, appliedMinor, totalDiscountMinor };
  });
