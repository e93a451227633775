/**
 * Realistic `ReviewOrder` objects (the OrderForReview Admin query's result) for
 * tests. Every builder returns a fresh object; pass overrides to change fields.
 *
 *   cardOrder()                 web order paid by Visa through Shopify Payments
 *   declinedThenApprovedCardOrder()  two declined attempts, then an approved card
 *   giftCardPaymentOrder()      paid entirely with a Shopify gift card
 *   splitGiftCardAndCardOrder() part gift card, part card
 *   giftCardPurchaseOrder()     buys an e-gift card for someone else (digital only)
 *   b2bNetTermsOrder()          B2B company order on Net 30 through Apruve (no card)
 *   shopifyPaymentTermsOrder()  B2B order on Shopify payment terms, nothing paid yet
 *   posCashOrder()              Shopify POS, cash, staff member
 *   zeroTotalOrder()            100% discounted, no transactions
 *   digitalOnlyOrder()          downloadable product, card
 *   cashOnDeliveryOrder()       manual gateway "Cash on Delivery (COD)"
 *   bankDepositOrder()          manual gateway "Bank Deposit"
 *   multiCurrencyOrder()        shop in USD, customer charged in EUR
 *   draftOrderWithStaff()       draft order created by staff, manual discount
 *
 * REST payloads are not converted here: `restOrderToReviewOrder` reads them with the
 * Shopify simulator's order vocabulary (OrderSpec, sandbox/shopify/order-data/) and asks
 * the simulator the app's query, so fixtures and simulator describe an order one way.
 *
 * Shopify's enums are TypeScript enums in the generated (declaration-only) types,
 * so values are written as their string literals through the small cast helpers.
 */
import type {
  ReviewAddress,
  ReviewCardPaymentDetails,
  ReviewDiscountApplication,
  ReviewLineItem,
  ReviewOrder,
  ReviewTransaction,
} from "../../app/lib/review/mapping";
import { ORDER_FOR_REVIEW_QUERY } from "../../app/lib/clients/shopify/graphql/order-for-review.query";
import { adminSchema } from "../../sandbox/shopify/admin-schema";
import { executeOnStore } from "../../sandbox/shopify/graphql/execute";
import {
  createOrder,
  orderFromExamplePayload,
  transactionFromRestPayload,
  type OrderSpec,
} from "../../sandbox/shopify/orders";
import { Store } from "../../sandbox/shopify/store";

type Money = ReviewOrder["totalPriceSet"]["presentmentMoney"];
type Currency = Money["currencyCode"];
type TxKind = ReviewTransaction["kind"];
type TxStatus = ReviewTransaction["status"];
type TargetType = ReviewDiscountApplication["targetType"];
type AllocationMethod = ReviewDiscountApplication["allocationMethod"];
type PaymentTerms = NonNullable<ReviewOrder["paymentTerms"]>;

export const currency = (code: string): Currency => code as Currency;
export const txKind = (kind: `${TxKind}`): TxKind => kind as TxKind;
export const txStatus = (status: `${TxStatus}`): TxStatus => status as TxStatus;
export const targetType = (value: `${TargetType}`): TargetType => value as TargetType;
export const allocationMethod = (value: `${AllocationMethod}`): AllocationMethod => value as AllocationMethod;

export function money(amount: string, code = "USD"): Money {
  return { amount, currencyCode: currency(code) };
}

export function moneyBag(
  amount: string,
  code = "USD",
  shopAmount = amount,
  shopCode = code,
): ReviewOrder["totalPriceSet"] {
  return { shopMoney: money(shopAmount, shopCode), presentmentMoney: money(amount, code) };
}

let sequence = 0;
function nextId(): number {
  sequence += 1;
  return 5_000_000_000 + sequence;
}

export function address(overrides: Partial<ReviewAddress> = {}): ReviewAddress {
  return {
    firstName: "Jane",
    lastName: "Cooper",
    company: null,
    address1: "123 N Main St.",
    address2: "Ste 300",
    city: "New York",
    zip: "10001",
    province: "New York",
    provinceCode: "NY",
    country: "United States",
    countryCodeV2: "US" as ReviewAddress["countryCodeV2"],
    phone: "+1 212-555-0100",
    ...overrides,
  };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "product"
  );
}

export function lineItem(
  overrides: Partial<Omit<ReviewLineItem, "product">> & {
    product?: Partial<NonNullable<ReviewLineItem["product"]>> | null;
    unitPrice?: string;
    currency?: string;
  } = {},
): ReviewLineItem {
  const { unitPrice = "25.00", currency: code = "USD", product, ...rest } = overrides;
  const id = nextId();
  const name = rest.name ?? "Classic Leather Wallet - Brown";
  // Shopify's line item name is "Title - Variant"; the title is the product title.
  const title = rest.title ?? name.replace(/ - [^-]*$/, "");
  const handle = slug(title);
  const base: ReviewLineItem = {
    id: `gid://shopify/LineItem/${id}`,
    name,
    title,
    sku: "WAL-BRN-001",
    quantity: 1,
    // Unedited unless a test says otherwise: the current quantity is the quantity placed.
    currentQuantity: rest.quantity ?? 1,
    customAttributes: [],
    requiresShipping: true,
    isGiftCard: false,
    originalUnitPriceSet: { presentmentMoney: money(unitPrice, code) },
    discountAllocations: [],
    product: {
      id: `gid://shopify/Product/${id}`,
      handle,
      onlineStoreUrl: `https://shop.example.com/products/${handle}`,
      tags: ["leather", "accessories"],
    },
    ...rest,
  };
  if (product === null) base.product = null;
  else if (product !== undefined) base.product = { ...base.product!, ...product };
  return base;
}

export function cardDetails(overrides: Partial<ReviewCardPaymentDetails> = {}): ReviewCardPaymentDetails {
  return {
    __typename: "CardPaymentDetails",
    bin: "424242",
    number: "•••• •••• •••• 4242",
    name: "Jane Cooper",
    company: "Visa",
    avsResultCode: "Y",
    cvvResultCode: "M",
    paymentMethodName: "visa",
    wallet: null,
    ...overrides,
  };
}

export function transaction(
  overrides: Partial<Omit<ReviewTransaction, "kind" | "status">> & {
    kind?: `${TxKind}`;
    status?: `${TxStatus}`;
    amount?: string;
    currency?: string;
  } = {},
): ReviewTransaction {
  const { kind = "SALE", status = "SUCCESS", amount = "0.00", currency: code = "USD", ...rest } = overrides;
  return {
    id: `gid://shopify/OrderTransaction/${nextId()}`,
    kind: txKind(kind),
    status: txStatus(status),
    gateway: "shopify_payments",
    formattedGateway: "Shopify Payments",
    manualPaymentGateway: false,
    test: false,
    processedAt: "2025-03-14T15:09:26Z",
    errorCode: null,
    amountSet: { presentmentMoney: money(amount, code) },
    receiptJson: "{}",
    paymentDetails: null,
    ...rest,
  };
}

export function cardTransaction(
  overrides: Parameters<typeof transaction>[0] & { card?: Partial<ReviewCardPaymentDetails> } = {},
): ReviewTransaction {
  const { card, ...rest } = overrides;
  return transaction({ kind: "SALE", paymentDetails: cardDetails(card), ...rest });
}

export function giftCardTransaction(
  overrides: Parameters<typeof transaction>[0] & { giftCardId?: string | number; lastCharacters?: string } = {},
): ReviewTransaction {
  const { giftCardId = 981234567, lastCharacters = "x7k2", ...rest } = overrides;
  return transaction({
    kind: "SALE",
    gateway: "gift_card",
    formattedGateway: "Gift card",
    receiptJson: JSON.stringify({ gift_card_id: giftCardId, gift_card_last_characters: lastCharacters }),
    ...rest,
  });
}

export function manualTransaction(
  gateway: string,
  overrides: Parameters<typeof transaction>[0] = {},
): ReviewTransaction {
  return transaction({
    kind: "SALE",
    status: "PENDING",
    gateway,
    formattedGateway: gateway,
    manualPaymentGateway: true,
    ...overrides,
  });
}

/** `index`: the application's position on the order, which its allocations name (default 0). */
type DiscountOptions = { target?: `${TargetType}`; allocation?: `${AllocationMethod}`; index?: number };

type Allocation = ReviewLineItem["discountAllocations"][number];

/** What discount application `index` took from a line item or the shipping line, in presentment money. */
export function discountAllocation(index: number, amount: string, code = "USD"): Allocation {
  return { allocatedAmountSet: { presentmentMoney: money(amount, code) }, discountApplication: { index } };
}

type ShippingLine = NonNullable<ReviewOrder["shippingLine"]>;
/** A shipping line with the discounts allocated to it. */
export function shippingLine(title: string, code: string | null, allocations: Allocation[] = []): ShippingLine {
  return { title, code, source: "shopify", carrierIdentifier: null, discountAllocations: allocations };
}

export function discountCode(
  code: string,
  value: { amount: string; currency?: string } | { percentage: number },
  options: DiscountOptions = {},
): ReviewDiscountApplication {
  return {
    __typename: "DiscountCodeApplication",
    code,
    index: options.index ?? 0,
    allocationMethod: allocationMethod(options.allocation ?? "ACROSS"),
    targetType: targetType(options.target ?? "LINE_ITEM"),
    value: discountValue(value),
  };
}

export function automaticDiscount(
  title: string,
  value: { amount: string; currency?: string } | { percentage: number },
  options: DiscountOptions = {},
): ReviewDiscountApplication {
  return {
    __typename: "AutomaticDiscountApplication",
    title,
    index: options.index ?? 0,
    allocationMethod: allocationMethod(options.allocation ?? "ACROSS"),
    targetType: targetType(options.target ?? "LINE_ITEM"),
    value: discountValue(value),
  };
}

export function manualDiscount(
  title: string,
  description: string | null,
  value: { amount: string; currency?: string } | { percentage: number },
  options: DiscountOptions = {},
): ReviewDiscountApplication {
  return {
    __typename: "ManualDiscountApplication",
    title,
    description,
    index: options.index ?? 0,
    allocationMethod: allocationMethod(options.allocation ?? "ACROSS"),
    targetType: targetType(options.target ?? "LINE_ITEM"),
    value: discountValue(value),
  };
}

export function scriptDiscount(
  title: string,
  value: { amount: string; currency?: string } | { percentage: number },
  options: DiscountOptions = {},
): ReviewDiscountApplication {
  return {
    __typename: "ScriptDiscountApplication",
    title,
    index: options.index ?? 0,
    allocationMethod: allocationMethod(options.allocation ?? "ACROSS"),
    targetType: targetType(options.target ?? "LINE_ITEM"),
    value: discountValue(value),
  };
}

function discountValue(
  value: { amount: string; currency?: string } | { percentage: number },
): ReviewDiscountApplication["value"] {
  return "percentage" in value
    ? { __typename: "PricingPercentageValue", percentage: value.percentage }
    : { __typename: "MoneyV2", amount: value.amount, currencyCode: currency(value.currency ?? "USD") };
}

export function paymentTerms(name = "Net 30", type: `${PaymentTerms["paymentTermsType"]}` = "NET"): PaymentTerms {
  return { paymentTermsName: name, paymentTermsType: type as PaymentTerms["paymentTermsType"] };
}

/** A web order with no payment yet: the skeleton the scenario builders start from. */
export function baseOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  // Unedited unless a test says otherwise: the current totals are the totals placed.
  const totalPriceSet = "totalPriceSet" in overrides ? overrides.totalPriceSet! : moneyBag("0.00");
  const totalDiscountsSet =
    "totalDiscountsSet" in overrides ? overrides.totalDiscountsSet! : { presentmentMoney: money("0.00") };
  return {
    currentTotalPriceSet: totalPriceSet,
    currentTotalDiscountsSet: totalDiscountsSet,
    id: "gid://shopify/Order/5512345678901",
    legacyResourceId: "5512345678901",
    name: "#1001",
    createdAt: "2025-03-14T15:09:12Z",
    cancelledAt: null,
    closed: false,
    test: false,
    email: "jane.cooper@example.com",
    phone: null,
    note: null,
    tags: [],
    clientIp: "203.0.113.42",
    cartToken: "c1-7a9f3e2b5d8c4f1a",
    checkoutToken: "d4f1e2a3b4c5d6e7f8a9b0c1d2e3f4a5",
    sourceName: "web",
    presentmentCurrencyCode: currency("USD"),
    currencyCode: currency("USD"),
    requiresShipping: true,
    paymentGatewayNames: [],
    displayFinancialStatus: null,
    customAttributes: [],
    totalPriceSet: moneyBag("0.00"),
    totalShippingPriceSet: { presentmentMoney: money("0.00") },
    customer: { id: "gid://shopify/Customer/7012345678901", email: "jane.cooper@example.com", tags: [] },
    purchasingEntity: { __typename: "Customer" },
    paymentTerms: null,
    billingAddress: address(),
    shippingAddress: address(),
    shippingLine: null,
    discountApplications: { nodes: [] },
    totalDiscountsSet: { presentmentMoney: money("0.00") },
    lineItems: { nodes: [] },
    transactions: [],
    fulfillmentOrders: { nodes: [] },
    ...overrides,
  };
}

/** Visa through Shopify Payments: 2 items, shipping, a 10% code, session id. */
export function cardOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1001",
    email: "jane.cooper@example.com",
    phone: "+12125550100",
    note: "Please leave at the front desk.",
    tags: ["newsletter"],
    paymentGatewayNames: ["shopify_payments"],
    displayFinancialStatus: "PAID" as ReviewOrder["displayFinancialStatus"],
    customAttributes: [
      { key: "apruvd_session_id", value: "sess_8f14e45fceea167a5a36dedd4bea2543" },
      { key: "gift_wrap", value: "no" },
    ],
    totalPriceSet: moneyBag("112.49"),
    totalShippingPriceSet: { presentmentMoney: money("9.99") },
    customer: {
      id: "gid://shopify/Customer/7012345678901",
      email: "jane.cooper@example.com",
      tags: ["VIP", "wholesale-lead"],
    },
    billingAddress: address(),
    shippingAddress: address({
      firstName: "John",
      lastName: "Cooper",
      address1: "321 S Main St.",
      address2: "#200",
      zip: "10002",
      phone: "+1 212-555-0199",
    }),
    shippingLine: shippingLine("Standard Shipping", "STANDARD"),
    discountApplications: { nodes: [discountCode("WELCOME10", { percentage: 10 })] },
    totalDiscountsSet: { presentmentMoney: money("11.50") },
    lineItems: {
      nodes: [
        lineItem({ quantity: 2, unitPrice: "25.00", discountAllocations: [discountAllocation(0, "5.00")] }),
        lineItem({
          discountAllocations: [discountAllocation(0, "6.50")],
          name: "Canvas Weekender Bag - Olive",
          title: "Canvas Weekender Bag",
          sku: "BAG-OLV-002",
          unitPrice: "65.00",
          product: {
            handle: "canvas-weekender-bag",
            onlineStoreUrl: "https://shop.example.com/products/canvas-weekender-bag",
            tags: ["bags", "High-Risk"],
          },
        }),
      ],
    },
    transactions: [cardTransaction({ amount: "112.49" })],
    ...overrides,
  });
}

/** Two declined authorizations on other cards, then an approved one. */
export function declinedThenApprovedCardOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return cardOrder({
    name: "#1002",
    transactions: [
      cardTransaction({
        kind: "AUTHORIZATION",
        status: "FAILURE",
        amount: "112.49",
        processedAt: "2025-03-14T15:05:01Z",
        errorCode: "CARD_DECLINED" as ReviewTransaction["errorCode"],
        card: {
          bin: "51055510",
          number: "•••• •••• •••• 5100",
          name: "J Cooper",
          avsResultCode: "N",
          cvvResultCode: "N",
        },
      }),
      cardTransaction({
        kind: "AUTHORIZATION",
        status: "ERROR",
        amount: "112.49",
        processedAt: "2025-03-14T15:06:44Z",
        card: {
          bin: "371449",
          number: "•••• •••••• •8431",
          name: "Jane Cooper",
          avsResultCode: null,
          cvvResultCode: null,
        },
      }),
      cardTransaction({
        kind: "AUTHORIZATION",
        status: "SUCCESS",
        amount: "112.49",
        processedAt: "2025-03-14T15:09:26Z",
        card: { bin: "400000", number: "**** 0077", name: "Jane Q Cooper", avsResultCode: "y", cvvResultCode: "m" },
      }),
      cardTransaction({
        kind: "CAPTURE",
        status: "SUCCESS",
        amount: "112.49",
        processedAt: "2025-03-14T16:00:00Z",
        card: { bin: "400000", number: "**** 0077", name: "Jane Q Cooper", avsResultCode: "Y", cvvResultCode: "M" },
      }),
    ],
    ...overrides,
  });
}

/** Paid entirely with a Shopify gift card: no card data. */
export function giftCardPaymentOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1003",
    paymentGatewayNames: ["gift_card"],
    totalPriceSet: moneyBag("45.00"),
    lineItems: { nodes: [lineItem({ unitPrice: "45.00" })] },
    shippingLine: shippingLine("Free Shipping", "FREE"),
    transactions: [giftCardTransaction({ amount: "45.00", giftCardId: 981234567, lastCharacters: "x7k2" })],
    ...overrides,
  });
}

/** 50.00 on a gift card, the rest on a Mastercard. */
export function splitGiftCardAndCardOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1004",
    paymentGatewayNames: ["gift_card", "shopify_payments"],
    totalPriceSet: moneyBag("130.00"),
    lineItems: { nodes: [lineItem({ unitPrice: "130.00", name: "Wool Overcoat - M", sku: "COAT-M" })] },
    transactions: [
      giftCardTransaction({ amount: "50.00", giftCardId: "gc_7731", lastCharacters: "ab12" }),
      cardTransaction({
        amount: "80.00",
        card: {
          bin: "55555544",
          number: "•••• •••• •••• 4444",
          name: "Jane Cooper",
          avsResultCode: "Z",
          cvvResultCode: "M",
        },
      }),
    ],
    ...overrides,
  });
}

/** Buys a $100 e-gift card for a friend (recipient email in a cart attribute): digital only, card. */
export function giftCardPurchaseOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1005",
    requiresShipping: false,
    paymentGatewayNames: ["shopify_payments"],
    totalPriceSet: moneyBag("100.00"),
    shippingAddress: null,
    customAttributes: [
      { key: "Recipient email", value: "friend@example.org" },
      { key: "Recipient name", value: "Alex Friend" },
    ],
    lineItems: {
      nodes: [
        lineItem({
          name: "E-Gift Card - $100",
          title: "E-Gift Card",
          sku: null,
          unitPrice: "100.00",
          requiresShipping: false,
          isGiftCard: true,
          product: {
            handle: "e-gift-card",
            onlineStoreUrl: "https://shop.example.com/products/e-gift-card",
            tags: ["gift-card"],
          },
        }),
      ],
    },
    transactions: [cardTransaction({ amount: "100.00" })],
    ...overrides,
  });
}

/** B2B company order on Net 30 through the Apruve gateway: a net-terms order carries no card data. */
export function b2bNetTermsOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#B2B-2001",
    email: "purchasing@acme-industrial.example",
    sourceName: "shopify_draft_order",
    paymentGatewayNames: ["Apruve"],
    displayFinancialStatus: "PENDING" as ReviewOrder["displayFinancialStatus"],
    totalPriceSet: moneyBag("4820.50"),
    customer: {
      id: "gid://shopify/Customer/7012345000001",
      email: "purchasing@acme-industrial.example",
      tags: ["b2b", "net-30"],
    },
    purchasingEntity: {
      __typename: "PurchasingCompany",
      company: { id: "gid://shopify/Company/88001", name: "Acme Industrial Supply" },
    },
    paymentTerms: paymentTerms("Net 30", "NET"),
    billingAddress: address({
      firstName: "Pat",
      lastName: "Lee",
      company: "Acme Industrial Supply",
      address1: "500 Commerce Way",
      address2: null,
      city: "Minneapolis",
      zip: "55401",
      province: "Minnesota",
      provinceCode: "MN",
      phone: "+1 612-555-0142",
    }),
    shippingAddress: address({
      firstName: "Receiving",
      lastName: "Dock 4",
      company: "Acme Industrial Supply",
      address1: "1200 Warehouse Rd",
      address2: null,
      city: "St. Paul",
      zip: "55101",
      province: "Minnesota",
      provinceCode: "MN",
      phone: null,
    }),
    shippingLine: shippingLine("LTL Freight", "LTL"),
    lineItems: {
      nodes: [
        lineItem({
          name: "Hydraulic Pump HP-200",
          title: "Hydraulic Pump HP-200",
          sku: "HP-200",
          quantity: 10,
          unitPrice: "432.05",
          product: { handle: "hydraulic-pump-hp-200", onlineStoreUrl: null, tags: ["industrial"] },
        }),
        lineItem({ name: "Seal Kit", title: "Seal Kit", sku: "SK-9", quantity: 20, unitPrice: "25.00", product: null }),
      ],
    },
    transactions: [manualTransaction("Apruve", { amount: "4820.50", status: "PENDING" })],
    ...overrides,
  });
}

/** B2B order on Shopify payment terms (Net 60): no transactions at all yet. */
export function shopifyPaymentTermsOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return b2bNetTermsOrder({
    name: "#B2B-2002",
    paymentGatewayNames: [],
    paymentTerms: paymentTerms("Net 60", "NET"),
    transactions: [],
    ...overrides,
  });
}

/** Shopify POS, cash, rung up by a staff member; no IP, no shipping. */
export function posCashOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1006",
    email: null,
    clientIp: null,
    sourceName: "pos",
    paymentGatewayNames: ["cash"],
    totalPriceSet: moneyBag("32.40"),
    customer: null,
    billingAddress: null,
    shippingAddress: null,
    lineItems: {
      nodes: [
        lineItem({
          name: "Cold Brew Concentrate",
          title: "Cold Brew Concentrate",
          sku: "CB-1L",
          quantity: 3,
          unitPrice: "10.80",
          product: { tags: ["coffee"] },
        }),
      ],
    },
    transactions: [
      transaction({
        kind: "SALE",
        status: "SUCCESS",
        gateway: "cash",
        formattedGateway: "Cash",
        manualPaymentGateway: true,
        amount: "40.00",
      }),
      transaction({
        kind: "CHANGE",
        status: "SUCCESS",
        gateway: "cash",
        formattedGateway: "Cash",
        manualPaymentGateway: true,
        amount: "7.60",
      }),
    ],
    ...overrides,
  });
}

/** A free sample: 100% discount, nothing charged, no transactions. */
export function zeroTotalOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1007",
    totalPriceSet: moneyBag("0.00"),
    displayFinancialStatus: "PAID" as ReviewOrder["displayFinancialStatus"],
    discountApplications: { nodes: [discountCode("FREESAMPLE", { percentage: 100 })] },
    totalDiscountsSet: { presentmentMoney: money("12.00") },
    lineItems: {
      nodes: [
        lineItem({
          name: "Sample Pack",
          sku: "SAMPLE",
          unitPrice: "12.00",
          discountAllocations: [discountAllocation(0, "12.00")],
        }),
      ],
    },
    transactions: [],
    ...overrides,
  });
}

/** An e-book: no shipping, card. */
export function digitalOnlyOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1008",
    requiresShipping: false,
    shippingAddress: null,
    paymentGatewayNames: ["shopify_payments"],
    totalPriceSet: moneyBag("19.99"),
    lineItems: {
      nodes: [
        lineItem({
          name: "The Field Guide (EPUB)",
          title: "The Field Guide",
          sku: "EBOOK-FG",
          unitPrice: "19.99",
          requiresShipping: false,
          product: { handle: "field-guide-epub", tags: ["digital"] },
        }),
      ],
    },
    transactions: [
      cardTransaction({
        amount: "19.99",
        card: { bin: "41111111", number: "•••• 1111", name: "Jane Cooper", avsResultCode: "A", cvvResultCode: "M" },
      }),
    ],
    ...overrides,
  });
}

export function cashOnDeliveryOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1009",
    paymentGatewayNames: ["Cash on Delivery (COD)"],
    totalPriceSet: moneyBag("58.00"),
    lineItems: { nodes: [lineItem({ unitPrice: "58.00" })] },
    transactions: [manualTransaction("Cash on Delivery (COD)", { amount: "58.00" })],
    ...overrides,
  });
}

export function bankDepositOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1010",
    paymentGatewayNames: ["Bank Deposit"],
    totalPriceSet: moneyBag("1250.00"),
    lineItems: { nodes: [lineItem({ name: "Standing Desk", sku: "DESK-1", unitPrice: "1250.00" })] },
    transactions: [manualTransaction("Bank Deposit", { amount: "1250.00" })],
    ...overrides,
  });
}

/** Shop currency USD, customer charged in EUR. */
export function multiCurrencyOrder(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return baseOrder({
    name: "#1011",
    presentmentCurrencyCode: currency("EUR"),
    currencyCode: currency("USD"),
    clientIp: "2001:db8:85a3::8a2e:370:7334",
    paymentGatewayNames: ["shopify_payments"],
    totalPriceSet: moneyBag("92.10", "EUR", "99.87", "USD"),
    billingAddress: address({
      firstName: "Lena",
      lastName: "Schmidt",
      address1: "Friedrichstraße 43",
      address2: null,
      city: "Berlin",
      zip: "10117",
      province: null,
      provinceCode: null,
      country: "Germany",
      countryCodeV2: "DE" as ReviewAddress["countryCodeV2"],
      phone: "+49 30 1234567",
    }),
    shippingAddress: address({
      firstName: "Lena",
      lastName: "Schmidt",
      address1: "Friedrichstraße 43",
      address2: null,
      city: "Berlin",
      zip: "10117",
      province: null,
      provinceCode: null,
      country: "Germany",
      countryCodeV2: "DE" as ReviewAddress["countryCodeV2"],
      phone: null,
    }),
    lineItems: {
      nodes: [lineItem({ name: "Espresso Cups (set of 4)", sku: "CUP-4", unitPrice: "92.10", currency: "EUR" })],
    },
    transactions: [
      cardTransaction({
        amount: "92.10",
        currency: "EUR",
        card: {
          bin: "535522",
          number: "•••• •••• •••• 9010",
          name: "LENA SCHMIDT",
          avsResultCode: null,
          cvvResultCode: "M",
        },
      }),
    ],
    ...overrides,
  });
}

/** A draft order completed by staff with a manual discount, card paid by invoice. */
export function draftOrderWithStaff(overrides: Partial<ReviewOrder> = {}): ReviewOrder {
  return cardOrder({
    name: "#1012",
    sourceName: "shopify_draft_order",
    discountApplications: { nodes: [manualDiscount("Loyalty", "Repeat customer courtesy", { amount: "15.00" })] },
    totalDiscountsSet: { presentmentMoney: money("15.00") },
    lineItems: {
      nodes: cardOrder().lineItems.nodes.map((item, i) => ({
        ...item,
        discountAllocations: [discountAllocation(0, i === 0 ? "6.52" : "8.48")],
      })),
    },
    ...overrides,
  });
}

export const ALL_SCENARIOS: Record<string, () => ReviewOrder> = {
  cardOrder: () => cardOrder(),
  declinedThenApprovedCardOrder: () => declinedThenApprovedCardOrder(),
  giftCardPaymentOrder: () => giftCardPaymentOrder(),
  splitGiftCardAndCardOrder: () => splitGiftCardAndCardOrder(),
  giftCardPurchaseOrder: () => giftCardPurchaseOrder(),
  b2bNetTermsOrder: () => b2bNetTermsOrder(),
  shopifyPaymentTermsOrder: () => shopifyPaymentTermsOrder(),
  posCashOrder: () => posCashOrder(),
  zeroTotalOrder: () => zeroTotalOrder(),
  digitalOnlyOrder: () => digitalOnlyOrder(),
  cashOnDeliveryOrder: () => cashOnDeliveryOrder(),
  bankDepositOrder: () => bankDepositOrder(),
  multiCurrencyOrder: () => multiCurrencyOrder(),
  draftOrderWithStaff: () => draftOrderWithStaff(),
};

// ---------------------------------------------------------------------------
// REST (webhook payload) → GraphQL shape, through the simulator's order vocabulary
// ---------------------------------------------------------------------------

const FIXTURE_SHOP = "fixture-store.myshopify.com";

/**
 * What the app's OrderForReview query reads for an order built from `spec`: the order is
 * built in a scratch store of the Shopify simulator and the query answered there (in this
 * process, no HTTP), exactly as the app would receive it.
 */
export function reviewOrderFromSpec(spec: OrderSpec): ReviewOrder {
  const store = new Store();
  store.seedShop(FIXTURE_SHOP, { accessToken: "fixture-token" });
  const order = createOrder(store, FIXTURE_SHOP, spec);
  const data = executeOnStore(adminSchema(), store, FIXTURE_SHOP, ORDER_FOR_REVIEW_QUERY, { id: order.id });
  return data.order as ReviewOrder;
}

/**
 * A REST order (orders/create webhook payload), with its REST transactions
 * (order_transactions/create payloads), in the GraphQL shape of the OrderForReview query:
 * read by the simulator's one REST reader (orderFromExamplePayload, keeping what the
 * payload states: its order id, its payment gateway names, no invented storefront URLs),
 * then answered by reviewOrderFromSpec.
 */
export function restOrderToReviewOrder(rest: unknown, transactions: unknown[] = []): ReviewOrder {
  const payload =
    rest !== null && typeof rest === "object" && !Array.isArray(rest) ? (rest as Record<string, unknown>) : {};
  return reviewOrderFromSpec(
    orderFromExamplePayload(payload, { asStated: true, transactions: transactions.map(transactionFromRestPayload) }),
  );
}
