/**
 * OrderSpec → store order: `buildOrder` computes what Shopify would (gids, totals,
 * discount allocations, financial status, customer, fulfillment orders) and `createOrder`
 * adds it to a shop, then places the spec's seeded holds.
 */
import type { Store } from "../store";
import type {
  Attribute,
  CardPaymentDetails,
  Customer,
  DiscountAllocation,
  DiscountApplication,
  LineItem,
  MailingAddress,
  MoneyBag,
  OrderDisplayFinancialStatus,
  OrderTransaction,
  PaymentTerms,
  Product,
  PurchasingCompany,
  SeedShopOptions,
  StaffMember,
  StoreOrder,
  StoreShop,
} from "../model/types";
import { gid, isoSeconds, money, moneyBag, normalizeTags, splitTags } from "../model/values";
import { decimalsOf, fromMinor, toMinor } from "./money";
import { buildFulfillmentOrders } from "./fulfillment-orders";
import type { AddressSpec, OrderSpec } from "./spec";

export const slug = (s: string) =>
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
export const MANUAL_GATEWAYS = new Set([
  "manual",
  "cash",
  "Bank Deposit",
  "Cash on Delivery (COD)",
  "Money Order",
  "bank_deposit",
  "cash_on_delivery",
]);
export const CARD_GATEWAYS = new Set([
  "shopify_payments",
  "bogus",
  "stripe",
  "authorize_net",
  "braintree",
  "moneris",
  "adyen",
  "checkout_com",
]);

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
    moneyBag(
      fromMinor(minor, currency),
      currency,
      fromMinor(Math.round((minor / 10 ** decimalsOf(currency)) * rate * 10 ** decimalsOf(pcur)), pcur),
      pcur,
    );

  const createdAt = spec.createdAt !== undefined ? toIso(spec.createdAt) : nowIso;
  const processedAt = spec.processedAt !== undefined ? toIso(spec.processedAt) : createdAt;
  const updatedAt = spec.updatedAt !== undefined ? toIso(spec.updatedAt) : createdAt;
  const number =
    spec.name && /^#?\d+$/.test(spec.name) ? Number(spec.name.replace("#", "")) : store.nextOrderNumber(domain);
  const name = spec.name ?? `#${number}`;
  const legacyId = spec.legacyResourceId ?? store.nextId("Order");
  const orderId = gid("Order", legacyId);

  // -- line items
  const lineSpecs = spec.lineItems ?? [
    { title: "Classic Cotton T-Shirt", sku: "TS-CLASSIC-M", price: "25.00", variantTitle: "M" },
  ];
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
      customAttributes: (ls.customAttributes ?? []).map((a) => ({
        __typename: "Attribute",
        key: a.key,
        value: a.value,
      })),
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
  // Each application and what it took off, to allocate it over the lines it targets.
  const applied: { app: DiscountApplication; amount: number; target: "line_item" | "shipping_line" }[] = [];
  const discountCodes: StoreOrder["discountCodes"] = [];
  const restDiscountCodes: { code: string; amount: string; type: "percentage" | "fixed_amount" | "shipping" }[] = [];
  (spec.discounts ?? []).forEach((d, index) => {
    const target = d.target ?? "line_item";
    const base = target === "shipping_line" ? shippingMinor - shippingDiscount : lineTotal - lineDiscount;
    let amount =
      d.valueType === "percentage"
        ? Math.round(((target === "shipping_line" ? shippingMinor : lineTotal) * d.value) / 100)
        : toMinor(d.value, currency);
    amount = Math.max(0, Math.min(amount, base));
    if (target === "shipping_line") shippingDiscount += amount;
    else lineDiscount += amount;
    const typename = (
      {
        code: "DiscountCodeApplication",
        manual: "ManualDiscountApplication",
        automatic: "AutomaticDiscountApplication",
        script: "ScriptDiscountApplication",
      } as const
    )[d.kind];
    const app: DiscountApplication = {
      __typename: typename,
      index,
      allocationMethod: (
        d.allocationMethod ?? (target === "shipping_line" ? "each" : "across")
      ).toUpperCase() as DiscountApplication["allocationMethod"],
      targetSelection: (
        d.targetSelection ?? (target === "shipping_line" ? "all" : "all")
      ).toUpperCase() as DiscountApplication["targetSelection"],
      targetType: target === "shipping_line" ? "SHIPPING_LINE" : "LINE_ITEM",
      value:
        d.valueType === "percentage"
          ? { __typename: "PricingPercentageValue", percentage: d.value }
          : money(fromMinor(toMinor(d.value, currency), currency), currency),
    };
    if (d.kind === "code") {
      if (!d.code) throw new Error("a code discount needs `code`");
      app.code = d.code;
      discountCodes.push(d.code);
      restDiscountCodes.push({
        code: d.code,
        amount: fromMinor(amount, currency),
        type: target === "shipping_line" ? "shipping" : d.valueType,
      });
    } else {
      app.title =
        d.title ??
        (d.kind === "manual" ? "Custom discount" : d.kind === "automatic" ? "Automatic discount" : "Script discount");
      if (d.kind === "manual") app.description = d.description ?? null;
    }
    discountApplications.push(app);
    applied.push({ app, amount, target });
  });
  // Shopify's discountAllocations: each line-item discount spread over the lines in
  // proportion to their value (the last line takes the rounding), shipping discounts on
  // the shipping line.
  const lineAllocations: DiscountAllocation[][] = lineItems.map(() => []);
  const shippingAllocations: DiscountAllocation[] = [];
  for (const { app, amount, target } of applied) {
    if (amount <= 0) continue;
    if (target === "shipping_line") {
      shippingAllocations.push({ allocatedAmountSet: bag(amount), discountApplication: app });
      continue;
    }
    if (lineTotal <= 0) continue;
    let left = amount;
    lineItems.forEach((li, i) => {
      const own = toMinor(lineSpecs[i].price, currency) * li.quantity;
      const share = i === lineItems.length - 1 ? left : Math.round((amount * own) / lineTotal);
      left -= share;
      if (share > 0) lineAllocations[i].push({ allocatedAmountSet: bag(share), discountApplication: app });
    });
  }
  lineItems.forEach((li, i) => {
    li.discountAllocations = lineAllocations[i];
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
  const totalDiscountsSet =
    totals.discounts !== undefined ? bag(toMinor(totals.discounts, currency)) : bag(lineDiscount + shippingDiscount);
  const totalShippingPriceSet =
    totals.shipping !== undefined ? bag(toMinor(totals.shipping, currency)) : bag(shippingMinor - shippingDiscount);
  const totalTaxSet = totals.tax !== undefined ? bag(toMinor(totals.tax, currency)) : bag(taxMinor);
  const orderTotalMinor = toMinor(totalPriceSet.shopMoney.amount, currency);

  // -- transactions
  let paidSoFar = 0;
  const transactions: OrderTransaction[] = (spec.transactions ?? []).map((ts, i) => {
    const kind = ts.kind ?? "SALE";
    const status = ts.status ?? "SUCCESS";
    const amountMinor =
      ts.amount !== undefined ? toMinor(ts.amount, currency) : Math.max(0, orderTotalMinor - paidSoFar);
    if (status === "SUCCESS" && (kind === "SALE" || kind === "CAPTURE" || kind === "AUTHORIZATION"))
      paidSoFar += amountMinor;
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
          paymentMethodName: card.company
            ? card.company.toLowerCase().replace(/\s+/g, "_").replace("mastercard", "master")
            : null,
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
      receiptJson: JSON.stringify(
        ts.receipt ?? (card ? { paid_amount: fromMinor(amountMinor, currency), authorization: `ch_${txId}` } : {}),
      ),
      paymentDetails,
      paymentId: ts.paymentId ?? `c${legacyId}.${i + 1}`,
      authorizationCode:
        ts.authorizationCode ?? (card && status === "SUCCESS" ? String(100000 + (txId % 900000)) : null),
      accountNumber: null,
      parentTransaction: null,
      multiCapturable: false,
      manuallyCapturable: kind === "AUTHORIZATION" && status === "SUCCESS",
    };
  });
  const gatewayNames =
    spec.paymentGatewayNames ??
    [
      ...new Set(transactions.filter((t) => t.kind !== "REFUND" && t.kind !== "VOID").map((t) => t.gateway ?? "")),
    ].filter(Boolean);

  // -- financial status
  let financial: OrderDisplayFinancialStatus | null = spec.displayFinancialStatus ?? null;
  if (spec.displayFinancialStatus === undefined) {
    const ok = transactions.filter((t) => t.status === "SUCCESS");
    const captured = ok
      .filter((t) => t.kind === "SALE" || t.kind === "CAPTURE")
      .reduce((s, t) => s + toMinor(t.amountSet.shopMoney.amount, currency), 0);
    const authorized = ok
      .filter((t) => t.kind === "AUTHORIZATION")
      .reduce((s, t) => s + toMinor(t.amountSet.shopMoney.amount, currency), 0);
    financial =
      orderTotalMinor === 0
        ? "PAID"
        : captured >= orderTotalMinor
          ? "PAID"
          : captured > 0
            ? "PARTIALLY_PAID"
            : authorized > 0
              ? "AUTHORIZED"
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
        name:
          [spec.staffMember.firstName, spec.staffMember.lastName].filter(Boolean).join(" ") || spec.staffMember.email,
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
    customAttributes: (spec.customAttributes ?? []).map((a): Attribute => ({
      __typename: "Attribute",
      key: a.key,
      value: a.value,
    })),
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
          discountAllocations: shippingAllocations,
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

  for (const fo of buildFulfillmentOrders(store, order, spec.fulfillmentOrders)) order.fulfillmentOrders.push(fo);
  return order;
}

/** Places the spec's seeded holds (after insertion, so the nodes are indexed). */
function applySeedHolds(store: Store, domain: string, order: StoreOrder, spec: OrderSpec): void {
  const shop = store.shop(domain);
  (spec.fulfillmentOrders ?? []).forEach((f, i) => {
    const fo = order.fulfillmentOrders[i];
    for (const h of f.holds ?? []) {
      const app = h.app === "self" ? shop._app : store.otherApp(h.app ?? "Other Fraud App");
      store.addHold(
        domain,
        fo,
        { reason: h.reason, handle: h.handle ?? null, reasonNotes: h.reasonNotes ?? null },
        app.id,
      );
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
