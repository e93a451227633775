/**
 * Generated orders: deterministic (seeded) variants covering the cases the Apruvd mapping
 * must handle (card triggers, gift cards, discounts, B2B, POS, IPv6, long and unicode
 * strings, another app's hold, ...), as OrderSpecs.
 */
import type { AddressSpec, CardSpec, OrderSpec } from "./spec";
import {
  AVS,
  CVV,
  FIRST_NAMES,
  LAST_NAMES,
  mulberry32,
  ORDINARY_CARDS,
  PLACES,
  PRODUCTS,
  STREETS,
} from "./variant-data";

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

/** Deterministic orders covering every variant (cycled) — same seed, same specs. */
export function generateOrders(count: number, options: GenerateOptions = {}): OrderSpec[] {
  const rnd = mulberry32(options.seed ?? 1);
  const variants = options.variants ?? ORDER_VARIANTS;
  if (variants.length === 0) throw new Error("generateOrders: no variants");
  const start =
    options.startAt !== undefined ? new Date(options.startAt).getTime() : Date.parse("2026-03-02T15:00:00Z");
  const spacing = options.spacingMs ?? 7 * 60 * 1000;
  const domain = options.shopDomain ?? "demo-store.myshopify.com";
  const out: OrderSpec[] = [];
  for (let i = 0; i < count; i++)
    out.push(generateVariant(variants[i % variants.length], rnd, i, start + i * spacing, domain));
  return out;
}

/** One order of the given variant (deterministic for a given seed and index). */
export function generateOrder(variant: OrderVariant, seed = 1, index = 0): OrderSpec {
  return generateVariant(
    variant,
    mulberry32(seed * 7919 + index),
    index,
    Date.parse("2026-03-02T15:00:00Z") + index * 60_000,
    "demo-store.myshopify.com",
  );
}

function generateVariant(
  variant: OrderVariant,
  rnd: () => number,
  i: number,
  createdAtMs: number,
  domain: string,
): OrderSpec {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join("");
  const first = pick(FIRST_NAMES);
  const last = pick(LAST_NAMES);
  const place = pick(PLACES);
  const street = `${100 + Math.floor(rnd() * 9800)} ${pick(STREETS)}`;
  const phone = `+1${Math.floor(2000000000 + rnd() * 7999999999)}`;
  const addr: AddressSpec = {
    firstName: first,
    lastName: last,
    address1: street,
    address2: rnd() < 0.3 ? `Apt ${1 + Math.floor(rnd() * 40)}` : null,
    phone,
    company: null,
    ...place,
  };
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
    userAgent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    billingAddress: addr,
    shippingAddress: addr,
    shippingLine: { title: "Standard Shipping", code: "STANDARD", source: "shopify", price: "7.95" },
    lineItems: [
      {
        title: product.title,
        sku: product.sku,
        price: product.price,
        variantTitle: product.variantTitle ?? null,
        product: { tags: product.tags },
        quantity: 1,
      },
    ],
    transactions: [{ gateway: "shopify_payments", card: card() }],
    customAttributes: rnd() < 0.3 ? [{ key: "gift_message", value: "Happy birthday!" }] : [],
    tags: [],
  };
  switch (variant) {
    case "card-approve":
      return {
        ...base,
        email: `approve.${first}${n}@example.com`.toLowerCase(),
        transactions: [{ gateway: "shopify_payments", card: card({ bin: "444444", last4: "4448" }) }],
      };
    case "card-decline":
      return {
        ...base,
        email: `decline.${first}${n}@example.com`.toLowerCase(),
        transactions: [{ gateway: "shopify_payments", card: card({ bin: "555555", last4: "4444" }) }],
      };
    case "card-submit":
      return {
        ...base,
        email: `submit.${first}${n}@example.com`.toLowerCase(),
        transactions: [{ gateway: "shopify_payments", card: card({ bin: "333333", last4: "3331" }) }],
      };
    case "card-ordinary":
      return base;
    case "card-wallet":
      return {
        ...base,
        transactions: [
          {
            gateway: "shopify_payments",
            card: card({ wallet: "APPLE_PAY", avsResultCode: null, cvvResultCode: null }),
          },
        ],
      };
    case "card-billing-name-trigger": {
      const trigger = pick(["Approve", "Decline", "Submit"]);
      const billing = { ...addr, firstName: trigger };
      return {
        ...base,
        billingAddress: billing,
        transactions: [{ gateway: "shopify_payments", card: card({ name: `${trigger} ${last}` }) }],
      };
    }
    case "card-retry-after-decline":
      return {
        ...base,
        transactions: [
          {
            gateway: "shopify_payments",
            status: "FAILURE",
            errorCode: "CARD_DECLINED",
            amount: product.price,
            card: card({ bin: "400000", last4: "0002" }),
          },
          {
            gateway: "shopify_payments",
            status: "FAILURE",
            errorCode: "INCORRECT_CVC",
            amount: product.price,
            card: card({ bin: "400000", last4: "0127", cvvResultCode: "N" }),
          },
          { gateway: "shopify_payments", card: card() },
        ],
      };
    case "card-authorization-only":
      return { ...base, transactions: [{ gateway: "shopify_payments", kind: "AUTHORIZATION", card: card() }] };
    case "gift-card-payment":
      return {
        ...base,
        transactions: [
          { gateway: "gift_card", receipt: { gift_card_id: 880000000 + n, gift_card_last_characters: hex(4) } },
        ],
      };
    case "gift-card-and-card":
      return {
        ...base,
        transactions: [
          {
            gateway: "gift_card",
            amount: "25.00",
            receipt: { gift_card_id: 880000000 + n, gift_card_last_characters: hex(4) },
          },
          { gateway: "shopify_payments", card: card() },
        ],
      };
    case "gift-card-purchase":
      return {
        ...base,
        shippingAddress: null,
        shippingLine: null,
        lineItems: [
          {
            title: "Gift Card",
            variantTitle: "$100.00",
            sku: null,
            price: "100.00",
            isGiftCard: true,
            requiresShipping: false,
            product: { handle: "gift-card", tags: ["gift-card"] },
          },
        ],
        customAttributes: [{ key: "recipient_email", value: `friend${n}@example.net` }],
      };
    case "discount-percent":
      return { ...base, discounts: [{ kind: "code", code: "SPRING15", valueType: "percentage", value: 15 }] };
    case "discount-fixed":
      return { ...base, discounts: [{ kind: "code", code: "TENOFF", valueType: "fixed_amount", value: 10 }] };
    case "discount-free-shipping":
      return {
        ...base,
        discounts: [
          {
            kind: "code",
            code: "FREESHIP",
            valueType: "percentage",
            value: 100,
            target: "shipping_line",
            allocationMethod: "each",
          },
        ],
      };
    case "discount-mixed":
      return {
        ...base,
        lineItems: [
          {
            title: PRODUCTS[1].title,
            sku: PRODUCTS[1].sku,
            price: PRODUCTS[1].price,
            variantTitle: PRODUCTS[1].variantTitle,
          },
          { title: PRODUCTS[4].title, sku: PRODUCTS[4].sku, price: PRODUCTS[4].price, quantity: 2 },
        ],
        discounts: [
          { kind: "automatic", title: "Spring sale", valueType: "percentage", value: 10 },
          {
            kind: "manual",
            title: "Loyal customer",
            description: "Goodwill credit",
            valueType: "fixed_amount",
            value: 5,
          },
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
          {
            title: "E-book: Field Guide",
            sku: "EBOOK-FG",
            price: "14.99",
            requiresShipping: false,
            product: { tags: ["digital"] },
          },
          {
            title: "Online Course Access",
            sku: "COURSE-101",
            price: "79.00",
            requiresShipping: false,
            product: { tags: ["digital"] },
          },
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
        staffMember: {
          email: `staff${1 + (n % 5)}@${domain.replace(".myshopify.com", "")}.example`,
          firstName: "Sam",
          lastName: "Cashier",
        },
        lineItems: [{ title: product.title, sku: product.sku, price: product.price, requiresShipping: false }],
        transactions: [{ gateway: "shopify_payments", card: card({ avsResultCode: null, cvvResultCode: null }) }],
      };
    case "zero-total":
      return {
        ...base,
        shippingLine: { title: "Free Pickup", code: "PICKUP", price: "0.00" },
        discounts: [{ kind: "code", code: "FREEBIE100", valueType: "percentage", value: 100 }],
        transactions: [],
      };
    case "ipv6":
      return {
        ...base,
        clientIp: pick([
          "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
          "2600:1700:6c20:3a90:b5d2:1e6f:9a3c:41f2",
          "2a02:c7f:8e3a:7d00::1",
          "::ffff:203.0.113.7",
        ]),
      };
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
        shippingLine: {
          title: long("Premium Overnight Express White Glove Delivery Service", 300),
          code: "WHITE_GLOVE",
          price: "49.00",
        },
        lineItems: [
          {
            title: long("Handcrafted Limited Edition Artisan Walnut Writing Desk", 300),
            sku: long("SKU-DESK-WALNUT", 270),
            price: "1899.00",
            variantTitle: long("Natural Walnut / Brass", 120),
          },
        ],
        transactions: [
          {
            gateway: "shopify_payments",
            card: card({ name: long("Maximiliana-Alexandrina Vandersteen-Oppenheimer", 90) }),
          },
        ],
        discounts: [{ kind: "code", code: long("SUPERLONGPROMOCODE", 260), valueType: "percentage", value: 5 }],
      };
    }
    case "unicode-names": {
      const people = [
        {
          firstName: "Zoë",
          lastName: "Ångström-Łukasiewicz",
          city: "Kraków",
          country: "Poland",
          countryCode: "PL",
          zip: "30-001",
          province: null,
          provinceCode: null,
        },
        {
          firstName: "渡辺",
          lastName: "健",
          city: "東京都",
          country: "Japan",
          countryCode: "JP",
          zip: "100-0001",
          province: "Tōkyō",
          provinceCode: "JP-13",
        },
        {
          firstName: "Ольга",
          lastName: "Кузнецова",
          city: "Москва",
          country: "Russia",
          countryCode: "RU",
          zip: "101000",
          province: null,
          provinceCode: null,
        },
        {
          firstName: "محمد",
          lastName: "الأحمد",
          city: "دبي",
          country: "United Arab Emirates",
          countryCode: "AE",
          zip: "00000",
          province: "Dubai",
          provinceCode: "DU",
        },
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
      return {
        ...base,
        presentmentCurrencyCode: "EUR",
        presentmentRate: 0.92,
        billingAddress: {
          ...addr,
          city: "Paris",
          country: "France",
          countryCode: "FR",
          zip: "75001",
          province: null,
          provinceCode: null,
        },
        shippingAddress: {
          ...addr,
          city: "Paris",
          country: "France",
          countryCode: "FR",
          zip: "75001",
          province: null,
          provinceCode: null,
        },
      };
    case "held-by-other-app":
      return {
        ...base,
        fulfillmentOrders: [
          {
            holds: [
              {
                reason: "INVENTORY_OUT_OF_STOCK",
                handle: "preorder",
                reasonNotes: "Waiting for restock",
                app: "Preorder Manager",
              },
            ],
          },
        ],
      };
  }
}
