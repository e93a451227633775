/** Mapping tests: The order-level fields (type, total, currency, order number, contact, notes) and whole scenarios. */
import { describe, expect, it } from "vitest";
import { MappingError, mapOrderToTransaction, orderNumber, type MappingOptions, type ReviewOrder } from "./index";
import { transactionViolations } from "../../../../sandbox/apruvd/conventions";
import {
  ALL_SCENARIOS,
  address,
  b2bNetTermsOrder,
  baseOrder,
  cardOrder,
  digitalOnlyOrder,
  draftOrderWithStaff,
  giftCardPaymentOrder,
  giftCardPurchaseOrder,
  money,
  moneyBag,
  multiCurrencyOrder,
  posCashOrder,
  shopifyPaymentTermsOrder,
  splitGiftCardAndCardOrder,
  zeroTotalOrder,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) =>
  mapOrderToTransaction(order, { ...OPTIONS, ...options });

describe("type", () => {
  it("defaults to Ecommerce", () => {
    expect(map(cardOrder()).type).toBe("Ecommerce");
  });
  it("uses options.transactionType (trimmed); blank falls back to Ecommerce", () => {
    expect(map(cardOrder(), { transactionType: " Retail " }).type).toBe("Retail");
    expect(map(cardOrder(), { transactionType: "  " }).type).toBe("Ecommerce");
  });
});

describe("total", () => {
  it("is the presentment total as an exact number", () => {
    expect(map(cardOrder()).total).toBe(112.49);
    expect(map(multiCurrencyOrder()).total).toBe(92.1);
    expect(map(zeroTotalOrder()).total).toBe(0);
  });
  it("keeps the decimal digits without float arithmetic", () => {
    expect(map(cardOrder({ totalPriceSet: moneyBag("0.1") })).total).toBe(0.1);
    expect(map(cardOrder({ totalPriceSet: moneyBag("19.990") })).total).toBe(19.99);
    expect(map(cardOrder({ totalPriceSet: moneyBag("1234567.89") })).total).toBe(1234567.89);
    expect(map(cardOrder({ totalPriceSet: moneyBag("12.345", "KWD") })).total).toBe(12.345);
    expect(JSON.stringify({ total: map(cardOrder({ totalPriceSet: moneyBag("0.30") })).total })).toBe('{"total":0.3}');
  });
  it("falls back to the shop money when the presentment money is unusable", () => {
    const order = cardOrder({
      totalPriceSet: { shopMoney: money("99.87", "USD"), presentmentMoney: money("n/a", "EUR") },
    });
    expect(map(order)).toMatchObject({ total: 99.87, currency: "USD" });
  });
  it("throws a MappingError when the order has no usable total", () => {
    const missing = cardOrder({
      totalPriceSet: {
        shopMoney: money(null as unknown as string),
        presentmentMoney: money(null as unknown as string),
      },
    });
    expect(() => map(missing)).toThrow(MappingError);
    try {
      map(missing);
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).code).toBe("MISSING_TOTAL");
      expect((error as MappingError).orderId).toBe("gid://shopify/Order/5512345678901");
    }
    const garbage = cardOrder({ totalPriceSet: moneyBag("12,50") });
    expect(() => map(garbage)).toThrow(expect.objectContaining({ code: "INVALID_TOTAL" }));
    const negative = cardOrder({ totalPriceSet: moneyBag("-5.00") });
    expect(() => map(negative)).toThrow(expect.objectContaining({ code: "INVALID_TOTAL" }));
    const noMoney = cardOrder({ totalPriceSet: null as unknown as ReviewOrder["totalPriceSet"] });
    expect(() => map(noMoney)).toThrow(expect.objectContaining({ code: "MISSING_TOTAL" }));
  });
});

describe("currency", () => {
  it("is the presentment currency the customer was charged in", () => {
    expect(map(cardOrder()).currency).toBe("USD");
    expect(map(multiCurrencyOrder()).currency).toBe("EUR");
  });
  it("is uppercased", () => {
    expect(map(cardOrder({ totalPriceSet: moneyBag("10.00", "cad") })).currency).toBe("CAD");
  });
  it("throws a MappingError when missing or not ISO 4217", () => {
    const missing = cardOrder({
      totalPriceSet: {
        shopMoney: money("10.00", null as unknown as string),
        presentmentMoney: money("10.00", null as unknown as string),
      },
    });
    expect(() => map(missing)).toThrow(expect.objectContaining({ name: "MappingError", code: "MISSING_CURRENCY" }));
    const invalid = cardOrder({
      totalPriceSet: { shopMoney: money("10.00", "DOLLARS"), presentmentMoney: money("10.00", "DOLLARS") },
    });
    expect(() => map(invalid)).toThrow(expect.objectContaining({ code: "INVALID_CURRENCY" }));
  });
});

describe("order_num", () => {
  it("is the order name without # (orderNumberSource name)", () => {
    expect(map(cardOrder()).order_num).toBe("1001");
    expect(map(b2bNetTermsOrder()).order_num).toBe("B2B-2001");
  });
  it("is legacyResourceId (orderNumberSource id)", () => {
    expect(map(cardOrder(), { orderNumberSource: "id" }).order_num).toBe("5512345678901");
  });
  it("uses the numeric id rather than a name cut to 25 characters", () => {
    const order = cardOrder({ name: "#WHOLESALE-EU-2025-000000001001" });
    expect(map(order).order_num).toBe("5512345678901");
  });
  it("takes the id from the gid when legacyResourceId is missing", () => {
    expect(orderNumber(cardOrder({ legacyResourceId: null }), "id")).toBe("5512345678901");
  });
  it("is omitted when neither name nor id exists", () => {
    expect(map(cardOrder({ name: "#", legacyResourceId: null, id: "" })).order_num).toBeUndefined();
  });
});

describe("ip", () => {
  it("is the client IPv4", () => {
    expect(map(cardOrder()).ip).toBe("203.0.113.42");
  });
  it("accepts IPv6 (≤ 39 characters), lowercased", () => {
    expect(map(multiCurrencyOrder()).ip).toBe("2001:db8:85a3::8a2e:370:7334");
    expect(map(cardOrder({ clientIp: "2001:0DB8:0000:0000:0000:FF00:0042:8329" })).ip).toBe(
      "2001:0db8:0000:0000:0000:ff00:0042:8329",
    );
  });
  it("reports IPv4-mapped IPv6 as IPv4", () => {
    expect(map(cardOrder({ clientIp: "::ffff:198.51.100.7" })).ip).toBe("198.51.100.7");
    expect(map(cardOrder({ clientIp: "0000:0000:0000:0000:0000:ffff:198.51.100.7" })).ip).toBe("198.51.100.7");
  });
  it("is omitted when missing or invalid", () => {
    for (const clientIp of [
      null,
      "",
      "unknown",
      "256.1.1.1",
      "1.2.3",
      "01.2.3.4",
      "203.0.113.42, 10.0.0.1",
      "fe80::1%eth0",
      "1:2:3:4:5:6:7:8:9",
      "[::1]:443",
    ]) {
      expect(map(cardOrder({ clientIp })).ip, String(clientIp)).toBeUndefined();
    }
    expect(map(posCashOrder()).ip).toBeUndefined();
  });
});

describe("email", () => {
  it("is the order email", () => {
    expect(map(cardOrder()).email).toBe("jane.cooper@example.com");
  });
  it("falls back to the customer email", () => {
    const order = cardOrder({
      email: null,
      customer: { id: "gid://shopify/Customer/1", email: "  customer@example.com ", tags: [] },
    });
    expect(map(order).email).toBe("customer@example.com");
  });
  it("is omitted when neither is a usable address (never cut to length)", () => {
    expect(map(posCashOrder()).email).toBeUndefined();
    const long = `${"a".repeat(250)}@example.com`;
    expect(map(cardOrder({ email: long, customer: null })).email).toBeUndefined();
    expect(map(cardOrder({ email: "not an email", customer: null })).email).toBeUndefined();
  });
});

describe("billing_phone", () => {
  it("is the billing address phone", () => {
    expect(map(cardOrder()).billing_phone).toBe("+1 212-555-0100");
  });
  it("falls back to the order phone", () => {
    expect(map(cardOrder({ billingAddress: address({ phone: null }) })).billing_phone).toBe("+12125550100");
  });
  it("is cut to 25 and omitted when absent", () => {
    expect(
      map(cardOrder({ billingAddress: address({ phone: "+1 (212) 555-0100 extension 4321" }) })).billing_phone,
    ).toBe("+1 (212) 555-0100 extensi");
    expect(map(posCashOrder()).billing_phone).toBeUndefined();
  });
});

describe("shipping_email", () => {
  it("is the order email when the order requires shipping", () => {
    expect(map(cardOrder()).shipping_email).toBe("jane.cooper@example.com");
  });
  it("is omitted for orders that do not require shipping", () => {
    expect(map(digitalOnlyOrder())).not.toHaveProperty("shipping_email");
    expect(map(giftCardPurchaseOrder())).not.toHaveProperty("shipping_email");
  });
});

describe("shipping_method", () => {
  it("is the shipping line title", () => {
    expect(map(cardOrder()).shipping_method).toBe("Standard Shipping");
    expect(map(b2bNetTermsOrder()).shipping_method).toBe("LTL Freight");
  });
  it("is omitted without a shipping line and cut to 255", () => {
    expect(map(digitalOnlyOrder())).not.toHaveProperty("shipping_method");
    const long = map(
      cardOrder({
        shippingLine: {
          title: "S".repeat(300),
          code: null,
          source: null,
          carrierIdentifier: null,
          discountAllocations: [],
        },
      }),
    );
    expect(long.shipping_method).toHaveLength(255);
  });
});

describe("session_id", () => {
  it("is the value of the first session attribute", () => {
    expect(map(cardOrder()).session_id).toBe("sess_8f14e45fceea167a5a36dedd4bea2543");
    const underscored = cardOrder({ customAttributes: [{ key: "_apruvd_session_id", value: "abc123" }] });
    expect(map(underscored).session_id).toBe("abc123");
  });
  it("honours options.sessionIdAttributeKeys", () => {
    const order = cardOrder({
      customAttributes: [
        { key: "fraud_session", value: "xyz" },
        { key: "apruvd_session_id", value: "default" },
      ],
    });
    expect(map(order, { sessionIdAttributeKeys: ["fraud_session"] }).session_id).toBe("xyz");
  });
  it("is omitted when absent or empty, and cut to 255", () => {
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("session_id");
    expect(map(cardOrder({ customAttributes: [{ key: "apruvd_session_id", value: "   " }] }))).not.toHaveProperty(
      "session_id",
    );
    expect(
      map(cardOrder({ customAttributes: [{ key: "apruvd_session_id", value: "s".repeat(300) }] })).session_id,
    ).toHaveLength(255);
  });
});

describe("rep_email", () => {
  // The staff member needs read_users, which the app does not ask for (docs/mapping.md).
  it("is left out, even on orders staff created (POS, draft orders)", () => {
    expect(map(posCashOrder())).not.toHaveProperty("rep_email");
    expect(map(draftOrderWithStaff())).not.toHaveProperty("rep_email");
    expect(map(cardOrder())).not.toHaveProperty("rep_email");
  });
});

describe("after an order edit", () => {
  it("sends the current quantities and total, and leaves out items the edit removed", () => {
    const order = cardOrder();
    const [wallet, bag] = order.lineItems.nodes;
    const edited = cardOrder({
      currentTotalPriceSet: moneyBag("37.49"),
      lineItems: {
        nodes: [
          { ...wallet, quantity: 2, currentQuantity: 1 },
          { ...bag, currentQuantity: 0 },
        ],
      },
    });
    const tx = map(edited);
    expect(tx.total).toBe(37.49);
    expect(tx.cart_contents?.map((item) => item.quantity)).toEqual([1]);
    expect(tx.cart_contents?.[0].item).toBe(wallet.name);
  });
});

describe("additional_1", () => {
  it("is the order note", () => {
    expect(map(cardOrder()).additional_1).toBe("Please leave at the front desk.");
  });
  it("is omitted without a note", () => {
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("additional_1");
    expect(map(cardOrder({ note: "  \n " }))).not.toHaveProperty("additional_1");
  });
});

describe("additional_2", () => {
  it("is the source channel and payment gateways", () => {
    expect(map(cardOrder()).additional_2).toBe("Source: web | Gateways: shopify_payments");
    expect(map(splitGiftCardAndCardOrder()).additional_2).toBe("Source: web | Gateways: gift_card, shopify_payments");
    expect(map(posCashOrder()).additional_2).toBe("Source: pos | Gateways: cash");
  });
  it("adds payment terms and the B2B company", () => {
    expect(map(b2bNetTermsOrder()).additional_2).toBe(
      "Source: shopify_draft_order | Gateways: Apruve | Payment terms: Net 30 | B2B company: Acme Industrial Supply",
    );
    expect(map(shopifyPaymentTermsOrder()).additional_2).toBe(
      "Source: shopify_draft_order | Payment terms: Net 60 | B2B company: Acme Industrial Supply",
    );
  });
  it("is omitted when there is nothing to say", () => {
    expect(map(baseOrder({ totalPriceSet: moneyBag("1.00"), sourceName: null }))).not.toHaveProperty("additional_2");
  });
});

describe("additional_3", () => {
  it("is the customer's tags, comma-separated", () => {
    expect(map(cardOrder()).additional_3).toBe("VIP, wholesale-lead");
    expect(map(b2bNetTermsOrder()).additional_3).toBe("b2b, net-30");
  });
  it("is omitted without tags or customer", () => {
    expect(map(giftCardPaymentOrder())).not.toHaveProperty("additional_3");
    expect(map(posCashOrder())).not.toHaveProperty("additional_3");
  });
});

describe("scenarios", () => {
  it.each(Object.entries(ALL_SCENARIOS))("%s maps to a valid transaction", (_name, build) => {
    const tx = map(build());
    expect(transactionViolations(tx)).toEqual([]);
    expect(JSON.parse(JSON.stringify(tx))).toEqual(tx);
  });
  it("the B2B net-terms order (Apruve) maps to a full transaction without card fields", () => {
    expect(map(b2bNetTermsOrder())).toEqual({
      type: "Ecommerce",
      total: 4820.5,
      currency: "USD",
      order_num: "B2B-2001",
      ip: "203.0.113.42",
      email: "purchasing@acme-industrial.example",
      billing_phone: "+1 612-555-0142",
      billing_first_name: "Pat",
      billing_last_name: "Lee",
      billing_company: "Acme Industrial Supply",
      billing_address_1: "500 Commerce Way",
      billing_city: "Minneapolis",
      billing_postal: "55401",
      billing_state: "MN",
      billing_region: "Minnesota",
      billing_country: "United States",
      shipping_email: "purchasing@acme-industrial.example",
      shipping_first_name: "Receiving",
      shipping_last_name: "Dock 4",
      shipping_company: "Acme Industrial Supply",
      shipping_address_1: "1200 Warehouse Rd",
      shipping_city: "St. Paul",
      shipping_postal: "55101",
      shipping_state: "MN",
      shipping_region: "Minnesota",
      shipping_country: "United States",
      shipping_method: "LTL Freight",
      cart_contents: [
        {
          item: "Hydraulic Pump HP-200",
          is_high_risk: false,
          is_digital: false,
          quantity: 10,
          unit_price: "432.05",
          extra: { sku: "HP-200", link: "https://shop.example.com/products/hydraulic-pump-hp-200" },
        },
        {
          item: "Seal Kit",
          is_high_risk: false,
          is_digital: false,
          quantity: 20,
          unit_price: "25.00",
          extra: { sku: "SK-9" },
        },
      ],
      digital_only_order: false,
      additional_2:
        "Source: shopify_draft_order | Gateways: Apruve | Payment terms: Net 30 | B2B company: Acme Industrial Supply",
      additional_3: "b2b, net-30",
    });
  });
  it("an order with nothing but a total maps without throwing", () => {
    const bare = {
      ...baseOrder(),
      email: null,
      clientIp: null,
      customer: null,
      billingAddress: null,
      shippingAddress: null,
      customAttributes: null,
      discountApplications: null,
      lineItems: null,
      transactions: null,
      totalDiscountsSet: null,
      paymentGatewayNames: null,
      totalPriceSet: moneyBag("7.00"),
      currentTotalPriceSet: moneyBag("7.00"),
    } as unknown as ReviewOrder;
    expect(map(bare)).toEqual({
      type: "Ecommerce",
      total: 7,
      currency: "USD",
      order_num: "1001",
      digital_only_order: false,
      additional_2: "Source: web",
    });
  });
});
