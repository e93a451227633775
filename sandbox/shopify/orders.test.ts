import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { ORDER_FOR_REVIEW_QUERY } from "../../app/lib/clients/shopify/graphql/order-for-review.query";
import { TRANSACTION_STRING_LIMITS } from "../../app/lib/clients/apruvd/types";
import { startShopifySimulator, type ShopifySimulator } from "./simulator";
import {
  generateOrder,
  generateOrders,
  loadExamplePayload,
  orderFromExamplePayload,
  ORDER_VARIANTS,
  type OrderVariant,
} from "./orders";
import type { StoreOrder } from "./store";
// The app's own grant is tested in access-scopes.test.ts; these tests read every field the simulator serves.
import { everyScopeInTable } from "./access-scopes";

const SHOP = "variants-store.myshopify.com";

describe("generated order variants", () => {
  let sim: ShopifySimulator;
  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: "shpat_variants", scopes: everyScopeInTable() });
  });
  afterAll(() => sim.close());

  const make = (variant: OrderVariant, seed = 1): StoreOrder => sim.createOrder(SHOP, generateOrder(variant, seed));
  const card = (o: StoreOrder) =>
    o.transactions.find((t) => t.status === "SUCCESS" && t.paymentDetails)?.paymentDetails;

  it("is deterministic per seed and covers every variant", () => {
    const a = generateOrders(ORDER_VARIANTS.length * 2, { seed: 42 });
    const b = generateOrders(ORDER_VARIANTS.length * 2, { seed: 42 });
    const c = generateOrders(ORDER_VARIANTS.length * 2, { seed: 43 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((s) => s.variant))).toEqual(new Set(ORDER_VARIANTS));
    expect(generateOrders(3, { seed: 1, variants: ["pos"] }).map((s) => s.variant)).toEqual(["pos", "pos", "pos"]);
  });

  it("card orders carry the Apruvd test triggers (BIN and email prefix) and full card details", () => {
    for (const [variant, bin, prefix] of [
      ["card-approve", "444444", "approve"],
      ["card-decline", "555555", "decline"],
      ["card-submit", "333333", "submit"],
    ] as const) {
      const o = make(variant);
      expect(o.email?.startsWith(`${prefix}.`), variant).toBe(true);
      const pd = card(o)!;
      expect(pd.bin).toBe(bin);
      expect(pd.number).toMatch(/^•••• •••• •••• \d{4}$/);
      expect(pd.name).toBeTruthy();
      expect(pd.avsResultCode).toMatch(/^[A-Z]$/);
      expect(pd.cvvResultCode).toMatch(/^[A-Z]$/);
    }
    const ordinary = make("card-ordinary");
    expect(["444444", "555555", "333333"]).not.toContain(card(ordinary)!.bin);
    expect(ordinary.email).not.toMatch(/^(approve|decline|submit)/);
    expect(["Approve", "Decline", "Submit"]).toContain(make("card-billing-name-trigger").billingAddress?.firstName);
    expect(card(make("card-wallet"))!.wallet).toBe("APPLE_PAY");
    const retried = make("card-retry-after-decline");
    expect(retried.transactions.map((t) => t.status)).toEqual(["FAILURE", "FAILURE", "SUCCESS"]);
    expect(retried.transactions[0].errorCode).toBe("CARD_DECLINED");
    expect(make("card-authorization-only").displayFinancialStatus).toBe("AUTHORIZED");
  });

  it("gift card payments and gift card purchases", () => {
    const paid = make("gift-card-payment");
    expect(paid.paymentGatewayNames).toEqual(["gift_card"]);
    expect(paid.transactions[0].paymentDetails).toBeNull();
    expect(JSON.parse(paid.transactions[0].receiptJson!)).toEqual({
      gift_card_id: expect.any(Number),
      gift_card_last_characters: expect.stringMatching(/^[0-9a-f]{4}$/),
    });
    const split = make("gift-card-and-card");
    expect(split.paymentGatewayNames).toEqual(["gift_card", "shopify_payments"]);
    expect(split.transactions.reduce((s, t) => s + Number(t.amountSet.shopMoney.amount), 0)).toBeCloseTo(
      Number(split.totalPriceSet.shopMoney.amount),
    );
    const bought = make("gift-card-purchase");
    expect(bought.lineItems[0]).toMatchObject({ isGiftCard: true, requiresShipping: false });
    expect(bought.shippingAddress).toBeNull();
  });

  it("discount codes: percent, fixed, free shipping, and every application type", () => {
    const pct = make("discount-percent");
    expect(pct.discountApplications[0]).toMatchObject({
      __typename: "DiscountCodeApplication",
      code: "SPRING15",
      targetType: "LINE_ITEM",
      value: { __typename: "PricingPercentageValue", percentage: 15 },
    });
    const fixed = make("discount-fixed");
    expect(fixed.discountApplications[0]).toMatchObject({
      code: "TENOFF",
      value: { __typename: "MoneyV2", amount: "10.00" },
    });
    expect(fixed.totalDiscountsSet.shopMoney.amount).toBe("10.00");
    const ship = make("discount-free-shipping");
    expect(ship.discountApplications[0]).toMatchObject({ code: "FREESHIP", targetType: "SHIPPING_LINE" });
    expect(ship.totalShippingPriceSet.shopMoney.amount).toBe("0.00");
    expect(make("discount-mixed").discountApplications.map((d) => d.__typename)).toEqual([
      "AutomaticDiscountApplication",
      "ManualDiscountApplication",
      "ScriptDiscountApplication",
      "DiscountCodeApplication",
    ]);
  });

  it("shapes: multiple line items, digital-only, several fulfillment orders, B2B, manual gateways, POS, zero total", () => {
    const multi = make("multi-line-items");
    expect(multi.lineItems.length).toBeGreaterThanOrEqual(4);
    expect(multi.lineItems.some((l) => l.product === null)).toBe(true);
    const digital = make("digital-only");
    expect(digital.lineItems.every((l) => !l.requiresShipping)).toBe(true);
    expect(digital.shippingAddress).toBeNull();
    const fos = make("multi-fulfillment-orders").fulfillmentOrders;
    expect(fos).toHaveLength(3);
    expect(fos.map((f) => f._serviceType)).toEqual(["merchant", "merchant", "third_party"]);
    for (const variant of ["b2b-net-terms", "b2b-apruve"] as const) {
      const b2b = make(variant);
      expect(b2b.purchasingEntity?.__typename).toBe("PurchasingCompany");
      expect(b2b.paymentTerms?.paymentTermsType).toBe("NET");
      expect(b2b.transactions.every((t) => t.paymentDetails === null)).toBe(true);
    }
    expect(make("b2b-net-terms").paymentGatewayNames).toEqual([]);
    expect(make("b2b-apruve").paymentGatewayNames).toEqual(["Apruve"]);
    for (const [variant, gateway] of [
      ["manual-payment", "manual"],
      ["bank-deposit", "Bank Deposit"],
      ["cash-on-delivery", "Cash on Delivery (COD)"],
    ] as const) {
      const o = make(variant);
      expect(o.transactions[0]).toMatchObject({
        gateway,
        manualPaymentGateway: true,
        status: "PENDING",
        paymentDetails: null,
      });
      expect(o.displayFinancialStatus).toBe("PENDING");
    }
    const pos = make("pos");
    expect(pos.sourceName).toBe("pos");
    expect(pos.staffMember?.email).toMatch(/@/);
    expect(pos.clientIp).toBeNull();
    const zero = make("zero-total");
    expect(zero.totalPriceSet.shopMoney.amount).toBe("0.00");
    expect(zero.displayFinancialStatus).toBe("PAID");
    expect(zero.transactions).toEqual([]);
  });

  it("IPv6, long strings beyond Apruvd's limits, unicode", () => {
    expect(make("ipv6").clientIp).toContain(":");
    expect(
      generateOrders(ORDER_VARIANTS.length * 4, { seed: 5, variants: ["ipv6"] }).some((s) => s.clientIp!.length === 39),
    ).toBe(true);
    const long = make("long-strings");
    expect(long.billingAddress!.firstName!.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.billing_first_name);
    expect(long.billingAddress!.address1!.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.billing_address_1);
    expect(long.billingAddress!.city!.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.billing_city);
    expect(long.billingAddress!.zip!.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.billing_postal);
    expect(long.billingAddress!.phone!.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.billing_phone);
    expect(long.email!.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.email);
    expect(long.shippingLine!.title.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.shipping_method);
    expect(card(long)!.name!.length).toBeGreaterThan(TRANSACTION_STRING_LIMITS.cc_name);
    const uni = make("unicode-names");
    // eslint-disable-next-line no-control-regex -- "any character outside ASCII" starts at U+0000
    expect(/[^\u0000-\u007f]/.test(`${uni.billingAddress!.firstName}${uni.billingAddress!.lastName}`)).toBe(true);
  });

  it("every variant, for any seed, answers OrderForReview without errors and with consistent totals", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ORDER_VARIANTS),
        fc.integer({ min: 1, max: 1_000_000 }),
        async (variant, seed) => {
          const order = sim.createOrder(SHOP, generateOrder(variant, seed));
          const cents = (s: string) => Math.round(Number(s) * 100);
          const lines = order.lineItems.reduce(
            (s, l) => s + cents(l.originalUnitPriceSet.shopMoney.amount) * l.quantity,
            0,
          );
          const discounts = cents(order.totalDiscountsSet.shopMoney.amount);
          const shipping = cents(order.totalShippingPriceSet.shopMoney.amount);
          expect(cents(order.totalPriceSet.shopMoney.amount)).toBe(
            lines -
              discounts +
              (order.shippingLine ? cents(order.shippingLine.originalPriceSet.shopMoney.amount) : 0) +
              cents(order.totalTaxSet.shopMoney.amount),
          );
          expect(shipping).toBeGreaterThanOrEqual(0);
          expect(cents(order.totalPriceSet.shopMoney.amount)).toBeGreaterThanOrEqual(0);

          const res = await sim.graphql<{ order: { id: string; fulfillmentOrders: { nodes: unknown[] } } }>(
            SHOP,
            ORDER_FOR_REVIEW_QUERY,
            { id: order.id },
          );
          expect(res.status).toBe(200);
          expect(res.body.errors, `${variant}/${seed}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
          expect(res.body.data!.order.id).toBe(order.id);
          expect(res.body.data!.order.fulfillmentOrders.nodes.length).toBe(order.fulfillmentOrders.length);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("orderFromExamplePayload", () => {
  it("maps the REST example's fields onto the GraphQL shape", () => {
    const payload = loadExamplePayload("orders/create");
    const spec = orderFromExamplePayload(payload);
    expect(spec).toMatchObject({
      name: "#9999",
      email: "jon@example.com",
      tags: ["tag1", "tag2"],
      clientIp: null,
      cartToken: null,
      sourceName: "web",
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      test: true,
      cancelReason: "CUSTOMER",
      displayFinancialStatus: "VOIDED",
      totals: { total: "404.95", subtotal: "404.95", discounts: "20.00", shipping: "10.00", tax: "0.00" },
    });
    expect(spec.lineItems).toHaveLength(5);
    expect(spec.lineItems![0]).toMatchObject({
      title: "Aviator sunglasses",
      sku: "SKU2006-001",
      price: "89.99",
      quantity: 1,
      requiresShipping: true,
      isGiftCard: false,
    });
    expect(spec.lineItems![1].product).toBeNull();
    expect(spec.billingAddress).toMatchObject({
      firstName: "Steve",
      address1: "123 Shipping Street",
      countryCode: "US",
      provinceCode: "KY",
    });
    expect(spec.customer).toMatchObject({ email: "john@example.com", firstName: "John", lastName: "Smith" });
    expect(spec.shippingLine).toMatchObject({ title: "Generic Shipping", code: null, price: "10.00" });
    expect(spec.transactions![0]).toMatchObject({ gateway: "bogus", kind: "AUTHORIZATION" });
    expect(spec.transactions![0].card?.company).toBe("Visa"); // "visa" is among payment_gateway_names
  });

  it("maps client_details, discount_applications, note_attributes and payment terms when present", () => {
    const payload = {
      ...loadExamplePayload("orders/create"),
      cancelled_at: null,
      browser_ip: null,
      client_details: {
        browser_ip: "2001:db8::1",
        user_agent: "UA/1.0",
        accept_language: "en",
        browser_height: null,
        browser_width: null,
        session_hash: null,
      },
      note_attributes: [{ name: "delivery_date", value: "2026-05-01" }],
      discount_applications: [
        {
          type: "discount_code",
          code: "TAKE20",
          value: "20.0",
          value_type: "fixed_amount",
          target_type: "line_item",
          allocation_method: "across",
          target_selection: "all",
        },
      ],
      discount_codes: [{ code: "TAKE20", amount: "20.00", type: "fixed_amount" }],
      payment_terms: { payment_terms_name: "Net 15", payment_terms_type: "net", due_in_days: 15 },
      financial_status: "paid",
      tags: "",
    };
    const spec = orderFromExamplePayload(payload);
    expect(spec.clientIp).toBe("2001:db8::1");
    expect(spec.userAgent).toBe("UA/1.0");
    expect(spec.customAttributes).toEqual([{ key: "delivery_date", value: "2026-05-01" }]);
    expect(spec.discounts).toEqual([
      expect.objectContaining({ kind: "code", code: "TAKE20", valueType: "fixed_amount", value: 20 }),
    ]);
    expect(spec.paymentTerms).toEqual({ paymentTermsName: "Net 15", paymentTermsType: "NET", dueInDays: 15 });
    expect(spec.tags).toEqual([]);
    expect(spec.fulfillmentOrders).toEqual([{ status: "OPEN", fulfilled: false }]);
    expect(spec.transactions![0].kind).toBe("SALE");
  });

  it("reads the orders/updated and orders/cancelled examples too", () => {
    for (const topic of ["orders/updated", "orders/cancelled"]) {
      const spec = orderFromExamplePayload(loadExamplePayload(topic));
      expect(spec.email).toBe("jon@example.com");
      expect(spec.lineItems!.length).toBeGreaterThan(0);
    }
  });
});

describe("discount allocations", () => {
  let sim: ShopifySimulator;
  const SHOP = "allocations-store.myshopify.com";
  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: "shpat_alloc", scopes: everyScopeInTable() });
  });
  afterAll(() => sim.close());

  it("allocates each discount over the lines it targets, adding up to what it took off", () => {
    const order = sim.createOrder(SHOP, {
      lineItems: [
        { title: "Boots", price: "120.00", quantity: 1 },
        { title: "Socks", price: "30.00", quantity: 2 },
        { title: "Laces", price: "3.33", quantity: 3 },
      ],
      shippingLine: { title: "Standard", price: "9.00" },
      discounts: [
        { kind: "code", code: "SAVE15", valueType: "percentage", value: 15 },
        { kind: "code", code: "TENOFF", valueType: "fixed_amount", value: 10 },
        { kind: "code", code: "FREESHIP", valueType: "percentage", value: 100, target: "shipping_line" },
      ],
    });
    const minor = (amount: string) => Math.round(Number(amount) * 100);
    const allocated = new Map<number, number>();
    const lines = [
      ...order.lineItems.map((li) => li.discountAllocations ?? []),
      order.shippingLine!.discountAllocations!,
    ];
    for (const allocation of lines.flat()) {
      const index = allocation.discountApplication.index;
      allocated.set(index, (allocated.get(index) ?? 0) + minor(allocation.allocatedAmountSet.shopMoney.amount));
    }
    // 15% of 189.99 = 28.50; then the fixed 10.00; free shipping takes the 9.00 shipping line.
    expect(Object.fromEntries(allocated)).toEqual({ 0: 2850, 1: 1000, 2: 900 });
    const lineDiscounts = order.lineItems.reduce((sum, li) => sum + minor(li.totalDiscountSet.shopMoney.amount), 0);
    expect(lineDiscounts).toBe(2850 + 1000);
  });
});
