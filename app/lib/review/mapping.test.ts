import { describe, expect, it } from "vitest";
import {
  MappingError,
  cleanEmail,
  cleanString,
  countAuthAttempts,
  decimalString,
  lastCharacters,
  mapOrderToTransaction,
  normalizeAvs,
  normalizeCvv,
  normalizeIp,
  orderNumber,
  parseBin,
  parseLastFour,
  parseReceipt,
  selectCardTransaction,
  splitCardholderName,
  transactionViolations,
  truncate,
  type MappingOptions,
  type ReviewOrder,
} from "./mapping";
import {
  ALL_SCENARIOS,
  address,
  automaticDiscount,
  b2bNetTermsOrder,
  bankDepositOrder,
  baseOrder,
  cardOrder,
  cardTransaction,
  cashOnDeliveryOrder,
  declinedThenApprovedCardOrder,
  digitalOnlyOrder,
  discountCode,
  draftOrderWithStaff,
  giftCardPaymentOrder,
  giftCardPurchaseOrder,
  giftCardTransaction,
  lineItem,
  manualDiscount,
  manualTransaction,
  money,
  moneyBag,
  multiCurrencyOrder,
  posCashOrder,
  scriptDiscount,
  shopifyPaymentTermsOrder,
  splitGiftCardAndCardOrder,
  transaction,
  zeroTotalOrder,
} from "../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) => mapOrderToTransaction(order, { ...OPTIONS, ...options });

const CARD_FIELDS = ["cc_name", "cc_name_2", "first_six", "last_four", "avs", "cvv", "auth_attempts"] as const;

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
    const order = cardOrder({ totalPriceSet: { shopMoney: money("99.87", "USD"), presentmentMoney: money("n/a", "EUR") } });
    expect(map(order)).toMatchObject({ total: 99.87, currency: "USD" });
  });
  it("throws a MappingError when the order has no usable total", () => {
    const missing = cardOrder({ totalPriceSet: { shopMoney: money(null as unknown as string), presentmentMoney: money(null as unknown as string) } });
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
    const missing = cardOrder({ totalPriceSet: { shopMoney: money("10.00", null as unknown as string), presentmentMoney: money("10.00", null as unknown as string) } });
    expect(() => map(missing)).toThrow(expect.objectContaining({ name: "MappingError", code: "MISSING_CURRENCY" }));
    const invalid = cardOrder({ totalPriceSet: { shopMoney: money("10.00", "DOLLARS"), presentmentMoney: money("10.00", "DOLLARS") } });
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
    expect(map(cardOrder({ clientIp: "2001:0DB8:0000:0000:0000:FF00:0042:8329" })).ip).toBe("2001:0db8:0000:0000:0000:ff00:0042:8329");
  });
  it("reports IPv4-mapped IPv6 as IPv4", () => {
    expect(map(cardOrder({ clientIp: "::ffff:198.51.100.7" })).ip).toBe("198.51.100.7");
    expect(map(cardOrder({ clientIp: "0000:0000:0000:0000:0000:ffff:198.51.100.7" })).ip).toBe("198.51.100.7");
  });
  it("is omitted when missing or invalid", () => {
    for (const clientIp of [null, "", "unknown", "256.1.1.1", "1.2.3", "01.2.3.4", "203.0.113.42, 10.0.0.1", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "[::1]:443"]) {
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
    const order = cardOrder({ email: null, customer: { id: "gid://shopify/Customer/1", email: "  customer@example.com ", tags: [] } });
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
    expect(map(cardOrder({ billingAddress: address({ phone: "+1 (212) 555-0100 extension 4321" }) })).billing_phone).toBe("+1 (212) 555-0100 extensi");
    expect(map(posCashOrder()).billing_phone).toBeUndefined();
  });
});

describe("cc_name / cc_name_2", () => {
  it("split the card holder name into first word and the rest", () => {
    expect(map(cardOrder())).toMatchObject({ cc_name: "Jane", cc_name_2: "Cooper" });
    expect(map(declinedThenApprovedCardOrder())).toMatchObject({ cc_name: "Jane", cc_name_2: "Q Cooper" });
    expect(map(multiCurrencyOrder())).toMatchObject({ cc_name: "LENA", cc_name_2: "SCHMIDT" });
  });
  it("a single name fills cc_name only; no name omits both", () => {
    const single = map(cardOrder({ transactions: [cardTransaction({ card: { name: "  Cher  " } })] }));
    expect(single.cc_name).toBe("Cher");
    expect(single).not.toHaveProperty("cc_name_2");
    const none = map(cardOrder({ transactions: [cardTransaction({ card: { name: null } })] }));
    expect(none).not.toHaveProperty("cc_name");
    expect(none).not.toHaveProperty("cc_name_2");
  });
  it("are cut to 50", () => {
    const tx = map(cardOrder({ transactions: [cardTransaction({ card: { name: `${"A".repeat(60)} ${"B".repeat(60)}` } })] }));
    expect(tx.cc_name).toBe("A".repeat(50));
    expect(tx.cc_name_2).toBe("B".repeat(50));
  });
});

describe("first_six", () => {
  it("is the 6- or 8-digit BIN as an integer", () => {
    expect(map(cardOrder()).first_six).toBe(424242);
    expect(map(splitGiftCardAndCardOrder()).first_six).toBe(55555544);
    expect(map(declinedThenApprovedCardOrder()).first_six).toBe(400000);
  });
  it("is omitted for any other BIN", () => {
    for (const bin of [null, "", "42424", "4242424", "424242424", "0424242", "012345", "4242ab", "4242 42"]) {
      const tx = map(cardOrder({ transactions: [cardTransaction({ card: { bin } })] }));
      expect(tx.first_six, String(bin)).toBe(bin === "4242 42" ? 424242 : undefined);
    }
  });
});

describe("last_four", () => {
  it("is the last four digits of the masked number as an integer", () => {
    expect(map(cardOrder()).last_four).toBe(4242);
    expect(map(digitalOnlyOrder()).last_four).toBe(1111);
    expect(map(declinedThenApprovedCardOrder()).last_four).toBe(77); // "**** 0077"
  });
  it("is omitted when the number has fewer than four trailing digits", () => {
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { number: "•••• 42" } })] }))).not.toHaveProperty("last_four");
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { number: null } })] }))).not.toHaveProperty("last_four");
  });
});

describe("avs", () => {
  it("is the documented code, uppercased", () => {
    expect(map(cardOrder()).avs).toBe("Y");
    expect(map(declinedThenApprovedCardOrder()).avs).toBe("Y"); // "y" on the approved authorization
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { avsResultCode: " i3 " } })] })).avs).toBe("I3");
  });
  it("is the empty string for a card with an undocumented or missing code", () => {
    expect(map(multiCurrencyOrder()).avs).toBe("");
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { avsResultCode: "Q9" } })] })).avs).toBe("");
  });
  it("is omitted without a card", () => {
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("avs");
  });
});

describe("cvv", () => {
  it("is the documented code, uppercased", () => {
    expect(map(cardOrder()).cvv).toBe("M");
    expect(map(declinedThenApprovedCardOrder()).cvv).toBe("M");
  });
  it("is the empty string for a card with an undocumented or missing code", () => {
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { cvvResultCode: "X" } })] })).cvv).toBe("");
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { cvvResultCode: null } })] })).cvv).toBe("");
  });
  it("is omitted without a card", () => {
    expect(map(giftCardPaymentOrder())).not.toHaveProperty("cvv");
  });
});

describe("auth_attempts", () => {
  it("counts AUTHORIZATION and SALE card attempts including failed and errored ones", () => {
    expect(map(cardOrder()).auth_attempts).toBe(1);
    expect(map(declinedThenApprovedCardOrder()).auth_attempts).toBe(3); // FAILURE + ERROR + SUCCESS, not the CAPTURE
  });
  it("does not count gift card, manual gateway or CAPTURE/REFUND transactions", () => {
    const order = cardOrder({
      transactions: [
        giftCardTransaction({ amount: "10.00" }),
        manualTransaction("Bank Deposit"),
        cardTransaction({ kind: "AUTHORIZATION", amount: "102.49" }),
        cardTransaction({ kind: "CAPTURE", amount: "102.49" }),
        cardTransaction({ kind: "REFUND", amount: "5.00" }),
        transaction({ kind: "SALE", status: "FAILURE", paymentDetails: null }),
      ],
    });
    expect(map(order).auth_attempts).toBe(2);
    expect(countAuthAttempts(order.transactions)).toBe(2);
  });
  it("is omitted without a card", () => {
    expect(map(cashOnDeliveryOrder())).not.toHaveProperty("auth_attempts");
  });
});

describe("card selection", () => {
  it("prefers the successful authorization over later failures", () => {
    const ok = cardTransaction({ kind: "AUTHORIZATION", processedAt: "2025-01-01T10:00:00Z", card: { bin: "411111" } });
    const failedLater = cardTransaction({ kind: "AUTHORIZATION", status: "FAILURE", processedAt: "2025-01-01T11:00:00Z", card: { bin: "522222" } });
    expect(selectCardTransaction([ok, failedLater])).toBe(ok);
  });
  it("takes the latest attempt when none succeeded", () => {
    const first = cardTransaction({ status: "FAILURE", processedAt: "2025-01-01T10:00:00Z" });
    const second = cardTransaction({ status: "FAILURE", processedAt: "2025-01-01T10:05:00Z" });
    expect(selectCardTransaction([second, first])).toBe(second);
    const tx = map(cardOrder({ transactions: [first, second] }));
    expect(tx.auth_attempts).toBe(2);
  });
  it("uses a CAPTURE's card data only when no authorization-kind card transaction exists", () => {
    const capture = cardTransaction({ kind: "CAPTURE", card: { bin: "601100", number: "•••• 1117" } });
    expect(map(cardOrder({ transactions: [capture] }))).toMatchObject({ first_six: 601100, last_four: 1117, auth_attempts: 1 });
  });
  it("omits every card field for orders without a card payment", () => {
    for (const build of [b2bNetTermsOrder, shopifyPaymentTermsOrder, bankDepositOrder, cashOnDeliveryOrder, giftCardPaymentOrder, zeroTotalOrder, posCashOrder]) {
      const tx = map(build());
      for (const field of CARD_FIELDS) expect(tx, `${build.name}.${field}`).not.toHaveProperty(field);
    }
  });
});

describe("gift_cards", () => {
  it("lists every successful gift card payment", () => {
    expect(map(giftCardPaymentOrder()).gift_cards).toEqual([
      { merchant_payment_id: "981234567", amount: "45.00", currency: "USD", last_four: "x7k2", type: "electronic" },
    ]);
    expect(map(splitGiftCardAndCardOrder()).gift_cards).toEqual([
      { merchant_payment_id: "gc_7731", amount: "50.00", currency: "USD", last_four: "ab12", type: "electronic" },
    ]);
  });
  it("accepts receiptJson as an object, keeps only the last 4 characters, falls back to the transaction id", () => {
    const order = giftCardPaymentOrder({
      transactions: [
        giftCardTransaction({ amount: "10.0", receiptJson: { gift_card_id: 42, gift_card_last_characters: "abcdef" } }),
        giftCardTransaction({ id: "gid://shopify/OrderTransaction/7788990011", amount: "5", receiptJson: "not json" }),
        giftCardTransaction({ kind: "CAPTURE", amount: "1.50", receiptJson: null, id: "gid://shopify/OrderTransaction/1" }),
      ],
    });
    expect(map(order).gift_cards).toEqual([
      { merchant_payment_id: "42", amount: "10.00", currency: "USD", last_four: "cdef", type: "electronic" },
      { merchant_payment_id: "7788990011", amount: "5.00", currency: "USD", type: "electronic" },
      { merchant_payment_id: "1", amount: "1.50", currency: "USD", type: "electronic" },
    ]);
  });
  it("ignores failed, pending and non-SALE/CAPTURE gift card transactions", () => {
    const order = giftCardPaymentOrder({
      transactions: [
        giftCardTransaction({ status: "FAILURE" }),
        giftCardTransaction({ status: "PENDING" }),
        giftCardTransaction({ kind: "REFUND" }),
        giftCardTransaction({ kind: "AUTHORIZATION" }),
      ],
    });
    expect(map(order)).not.toHaveProperty("gift_cards");
  });
  it("is omitted without gift card payments", () => {
    expect(map(cardOrder())).not.toHaveProperty("gift_cards");
  });
});

describe("billing address", () => {
  it("maps every billing field", () => {
    expect(map(b2bNetTermsOrder())).toMatchObject({
      billing_first_name: "Pat",
      billing_last_name: "Lee",
      billing_company: "Acme Industrial Supply",
      billing_address_1: "500 Commerce Way",
      billing_city: "Minneapolis",
      billing_postal: "55401",
      billing_state: "Minnesota",
      billing_region: "MN",
      billing_country: "United States",
    });
    expect(map(cardOrder()).billing_address_2).toBe("Ste 300");
  });
  it("billing_state is the province name, billing_region the province code", () => {
    const tx = map(cardOrder({ billingAddress: address({ province: "Ontario", provinceCode: "ON", country: "Canada" }) }));
    expect(tx).toMatchObject({ billing_state: "Ontario", billing_region: "ON", billing_country: "Canada" });
    const onlyCode = map(cardOrder({ billingAddress: address({ province: null, provinceCode: "QC" }) }));
    expect(onlyCode).toMatchObject({ billing_state: "QC", billing_region: "QC" });
  });
  it("billing_country falls back to the country code", () => {
    expect(map(cardOrder({ billingAddress: address({ country: null }) })).billing_country).toBe("US");
  });
  it("omits empty fields and the whole block without an address", () => {
    const tx = map(b2bNetTermsOrder());
    expect(tx).not.toHaveProperty("billing_address_2");
    const none = map(posCashOrder());
    for (const key of Object.keys(none)) expect(key.startsWith("billing_")).toBe(false);
  });
  it("cuts each field to its limit", () => {
    const tx = map(cardOrder({ billingAddress: address({ firstName: "F".repeat(150), address1: "A".repeat(300), zip: "Z".repeat(30), province: "P".repeat(60), city: "C".repeat(120) }) }));
    expect(tx.billing_first_name).toHaveLength(100);
    expect(tx.billing_address_1).toHaveLength(255);
    expect(tx.billing_postal).toHaveLength(25);
    expect(tx.billing_state).toHaveLength(50);
    expect(tx.billing_city).toHaveLength(100);
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

describe("egc_recipient", () => {
  it("is the gift card recipient email when it differs from the buyer's", () => {
    expect(map(giftCardPurchaseOrder()).egc_recipient).toBe("friend@example.org");
    const snake = giftCardPurchaseOrder({ customAttributes: [{ key: "_recipient_email", value: "other@example.net" }] });
    expect(map(snake).egc_recipient).toBe("other@example.net");
  });
  it("is read from the gift card line item's properties, where Shopify keeps it", () => {
    const order = giftCardPurchaseOrder({ customAttributes: [] });
    order.lineItems.nodes[0] = { ...order.lineItems.nodes[0], customAttributes: [{ key: "Recipient email", value: "line@example.org" }] };
    expect(order.lineItems.nodes[0].isGiftCard).toBe(true);
    expect(map(order).egc_recipient).toBe("line@example.org");
  });
  it("is omitted when the recipient is the buyer, invalid, or the order buys no gift card", () => {
    expect(map(giftCardPurchaseOrder({ customAttributes: [{ key: "Recipient email", value: "JANE.COOPER@example.com" }] }))).not.toHaveProperty("egc_recipient");
    expect(map(giftCardPurchaseOrder({ customAttributes: [{ key: "Recipient email", value: "friend" }] }))).not.toHaveProperty("egc_recipient");
    expect(map(cardOrder({ customAttributes: [{ key: "Recipient email", value: "friend@example.org" }] }))).not.toHaveProperty("egc_recipient");
  });
});

describe("shipping address", () => {
  it("maps every shipping field", () => {
    expect(map(cardOrder())).toMatchObject({
      shipping_phone: "+1 212-555-0199",
      shipping_first_name: "John",
      shipping_last_name: "Cooper",
      shipping_address_1: "321 S Main St.",
      shipping_address_2: "#200",
      shipping_city: "New York",
      shipping_postal: "10002",
      shipping_state: "New York",
      shipping_region: "NY",
      shipping_country: "United States",
    });
    expect(map(b2bNetTermsOrder()).shipping_company).toBe("Acme Industrial Supply");
  });
  it("omits the block without a shipping address, and absent fields", () => {
    const digital = map(digitalOnlyOrder());
    for (const key of Object.keys(digital)) expect(key.startsWith("shipping_")).toBe(false);
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("shipping_phone");
    expect(map(multiCurrencyOrder())).not.toHaveProperty("shipping_state");
  });
});

describe("shipping_method", () => {
  it("is the shipping line title", () => {
    expect(map(cardOrder()).shipping_method).toBe("Standard Shipping");
    expect(map(b2bNetTermsOrder()).shipping_method).toBe("LTL Freight");
  });
  it("is omitted without a shipping line and cut to 255", () => {
    expect(map(digitalOnlyOrder())).not.toHaveProperty("shipping_method");
    const long = map(cardOrder({ shippingLine: { title: "S".repeat(300), code: null, source: null, carrierIdentifier: null } }));
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
    const order = cardOrder({ customAttributes: [{ key: "fraud_session", value: "xyz" }, { key: "apruvd_session_id", value: "default" }] });
    expect(map(order, { sessionIdAttributeKeys: ["fraud_session"] }).session_id).toBe("xyz");
  });
  it("is omitted when absent or empty, and cut to 255", () => {
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("session_id");
    expect(map(cardOrder({ customAttributes: [{ key: "apruvd_session_id", value: "   " }] }))).not.toHaveProperty("session_id");
    expect(map(cardOrder({ customAttributes: [{ key: "apruvd_session_id", value: "s".repeat(300) }] })).session_id).toHaveLength(255);
  });
});

describe("cart_contents", () => {
  it("maps each line item", () => {
    expect(map(cardOrder()).cart_contents).toEqual([
      {
        item: "Classic Leather Wallet - Brown",
        is_high_risk: false,
        is_digital: false,
        quantity: 2,
        unit_price: "25.00",
        extra: { sku: "WAL-BRN-001", link: "https://shop.example.com/products/classic-leather-wallet" },
      },
      {
        item: "Canvas Weekender Bag - Olive",
        is_high_risk: true, // product tag "High-Risk" matches "high-risk"
        is_digital: false,
        quantity: 1,
        unit_price: "65.00",
        extra: { sku: "BAG-OLV-002", link: "https://shop.example.com/products/canvas-weekender-bag" },
      },
    ]);
  });
  it("marks gift cards and digital items, with no sku", () => {
    expect(map(giftCardPurchaseOrder()).cart_contents).toEqual([
      { item: "E-Gift Card - $100", is_high_risk: false, is_digital: true, quantity: 1, unit_price: "100.00", extra: { link: "https://shop.example.com/products/e-gift-card", gift_card: "true" } },
    ]);
  });
  it("is_high_risk is false when no tag is configured", () => {
    expect(map(cardOrder(), { highRiskProductTag: null }).cart_contents?.map((i) => i.is_high_risk)).toEqual([false, false]);
  });
  it("link falls back to the product's online store URL; omitted without either", () => {
    const items = map(b2bNetTermsOrder(), { storefrontUrl: undefined }).cart_contents!;
    expect(items[0].extra).toEqual({ sku: "HP-200" }); // not published, no storefront URL
    const withUrl = map(cardOrder(), { storefrontUrl: undefined }).cart_contents!;
    expect(withUrl[1].extra?.link).toBe("https://shop.example.com/products/canvas-weekender-bag");
    const trailing = map(cardOrder(), { storefrontUrl: "https://www.example.com/" }).cart_contents!;
    expect(trailing[0].extra?.link).toBe("https://www.example.com/products/classic-leather-wallet");
  });
  it("unit_price is the presentment price as a stringified decimal", () => {
    expect(map(multiCurrencyOrder()).cart_contents![0].unit_price).toBe("92.10");
  });
  it("keeps item or extra.sku for nameless items; cuts names to 250", () => {
    const order = cardOrder({
      lineItems: {
        nodes: [
          lineItem({ name: " ", title: "", sku: "ONLY-SKU" }),
          lineItem({ id: "gid://shopify/LineItem/77", name: "", title: "", sku: null }),
          lineItem({ name: "N".repeat(300) }),
        ],
      },
    });
    const items = map(order).cart_contents!;
    expect(items[0]).not.toHaveProperty("item");
    expect(items[0].extra?.sku).toBe("ONLY-SKU");
    expect(items[1].item).toBe("Line item 77");
    expect(items[2].item).toHaveLength(250);
  });
  it("is omitted for an order without line items", () => {
    expect(map(baseOrder({ totalPriceSet: moneyBag("5.00") }))).not.toHaveProperty("cart_contents");
  });
});

describe("digital_only_order", () => {
  it("is true when every line item is digital", () => {
    expect(map(digitalOnlyOrder()).digital_only_order).toBe(true);
    expect(map(giftCardPurchaseOrder()).digital_only_order).toBe(true);
  });
  it("is false with any physical item or no items", () => {
    expect(map(cardOrder()).digital_only_order).toBe(false);
    const mixed = cardOrder({ lineItems: { nodes: [lineItem({ requiresShipping: false }), lineItem()] } });
    expect(map(mixed).digital_only_order).toBe(false);
    expect(map(baseOrder({ totalPriceSet: moneyBag("5.00") })).digital_only_order).toBe(false);
  });
});

describe("discount_codes", () => {
  it("maps a percentage code; its amount is the order's discount when it is the only one", () => {
    expect(map(cardOrder()).discount_codes).toEqual([
      { code: "WELCOME10", discount_type: "Percent", amount: "11.50", extra: { application: "code", percentage: "10" } },
    ]);
  });
  it("maps a manual discount to its title (no code)", () => {
    expect(map(draftOrderWithStaff()).discount_codes).toEqual([
      { description: "Loyalty", discount_type: "Fixed", amount: "15.00", extra: { reason: "Repeat customer courtesy", application: "manual" } },
    ]);
  });
  it("maps fixed, free-shipping, automatic and script discounts", () => {
    const order = cardOrder({
      discountApplications: {
        nodes: [
          discountCode("SAVE5", { amount: "5.0" }),
          discountCode("SHIPFREE", { percentage: 100 }, { target: "SHIPPING_LINE" }),
          automaticDiscount("Spring sale", { percentage: 15 }),
          scriptDiscount("Buy 2 get 1", { amount: "3.00" }, { allocation: "EACH" }),
        ],
      },
    });
    expect(map(order).discount_codes).toEqual([
      { code: "SAVE5", discount_type: "Fixed", amount: "5.00", extra: { application: "code" } },
      { code: "SHIPFREE", discount_type: "Free Shipping", extra: { application: "code", percentage: "100" } },
      { description: "Spring sale", discount_type: "Percent", extra: { application: "automatic", percentage: "15" } },
      { description: "Buy 2 get 1", discount_type: "Fixed", extra: { application: "script", amount_per_line: "3.00" } },
    ]);
  });
  it("a fixed shipping discount is Free Shipping with its amount", () => {
    const order = cardOrder({ discountApplications: { nodes: [manualDiscount("Ship comp", null, { amount: "9.99" }, { target: "SHIPPING_LINE" })] } });
    expect(map(order).discount_codes).toEqual([{ description: "Ship comp", discount_type: "Free Shipping", amount: "9.99", extra: { application: "manual" } }]);
  });
  it("cuts code and description to 250; omitted without discounts", () => {
    const order = cardOrder({ discountApplications: { nodes: [discountCode("C".repeat(300), { amount: "1.00" }), automaticDiscount("D".repeat(300), { amount: "1.00" })] } });
    const codes = map(order).discount_codes!;
    expect(codes[0].code).toHaveLength(250);
    expect(codes[1].description).toHaveLength(250);
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("discount_codes");
  });
});

describe("rep_email", () => {
  it("is the staff member's email (POS, draft orders)", () => {
    expect(map(posCashOrder()).rep_email).toBe("alex.staff@shop.example.com");
    expect(map(draftOrderWithStaff()).rep_email).toBe("sam.support@shop.example.com");
  });
  it("is omitted without a staff member", () => {
    expect(map(cardOrder())).not.toHaveProperty("rep_email");
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
    expect(map(b2bNetTermsOrder()).additional_2).toBe("Source: shopify_draft_order | Gateways: Apruve | Payment terms: Net 30 | B2B company: Acme Industrial Supply");
    expect(map(shopifyPaymentTermsOrder()).additional_2).toBe("Source: shopify_draft_order | Payment terms: Net 60 | B2B company: Acme Industrial Supply");
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
      billing_state: "Minnesota",
      billing_region: "MN",
      billing_country: "United States",
      shipping_email: "purchasing@acme-industrial.example",
      shipping_first_name: "Receiving",
      shipping_last_name: "Dock 4",
      shipping_company: "Acme Industrial Supply",
      shipping_address_1: "1200 Warehouse Rd",
      shipping_city: "St. Paul",
      shipping_postal: "55101",
      shipping_state: "Minnesota",
      shipping_region: "MN",
      shipping_country: "United States",
      shipping_method: "LTL Freight",
      cart_contents: [
        { item: "Hydraulic Pump HP-200", is_high_risk: false, is_digital: false, quantity: 10, unit_price: "432.05", extra: { sku: "HP-200", link: "https://shop.example.com/products/hydraulic-pump-hp-200" } },
        { item: "Seal Kit", is_high_risk: false, is_digital: false, quantity: 20, unit_price: "25.00", extra: { sku: "SK-9" } },
      ],
      digital_only_order: false,
      additional_2: "Source: shopify_draft_order | Gateways: Apruve | Payment terms: Net 30 | B2B company: Acme Industrial Supply",
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
    } as unknown as ReviewOrder;
    expect(map(bare)).toEqual({ type: "Ecommerce", total: 7, currency: "USD", order_num: "1001", digital_only_order: false, additional_2: "Source: web" });
  });
});

describe("helpers", () => {
  it("truncate never splits a surrogate pair", () => {
    expect(truncate("ab😀cd", 3)).toBe("ab");
    expect(truncate("ab😀cd", 4)).toBe("ab😀");
    expect(truncate("abc", 5)).toBe("abc");
  });
  it("cleanString trims, drops empty values, replaces lone surrogates", () => {
    expect(cleanString("  x  ")).toBe("x");
    expect(cleanString("   ")).toBeUndefined();
    expect(cleanString(null)).toBeUndefined();
    expect(cleanString(12)).toBe("12");
    expect(cleanString("a\uD800b")).toBe("a\uFFFDb");
    expect(cleanString("abc   def", 5)).toBe("abc");
  });
  it("cleanEmail", () => {
    expect(cleanEmail(" a@b.co ")).toBe("a@b.co");
    expect(cleanEmail("a b@c.d")).toBeUndefined();
    expect(cleanEmail("@x")).toBeUndefined();
  });
  it("decimalString", () => {
    expect(decimalString("10.0")).toBe("10.00");
    expect(decimalString("10")).toBe("10.00");
    expect(decimalString("007.5")).toBe("7.50");
    expect(decimalString("1.234")).toBe("1.234");
    expect(decimalString(19.99)).toBe("19.99");
    expect(decimalString("-0.0")).toBe("0.00");
    expect(decimalString("1e3")).toBeUndefined();
    expect(decimalString("abc")).toBeUndefined();
    expect(decimalString(Number.NaN)).toBeUndefined();
  });
  it("normalizeIp", () => {
    expect(normalizeIp(" 10.0.0.1 ")).toBe("10.0.0.1");
    expect(normalizeIp("::1")).toBe("::1");
    expect(normalizeIp("::ffff:c000:0280")).toBe("192.0.2.128");
    expect(normalizeIp("1111:2222:3333:4444:5555:6666:123.123.123.123")).toBeUndefined(); // 45 chars
  });
  it("parseBin / parseLastFour / splitCardholderName", () => {
    expect(parseBin("42424242")).toBe(42424242);
    expect(parseBin("4242424")).toBeUndefined();
    expect(parseLastFour("•••• •••• •••• 4242")).toBe(4242);
    expect(parseLastFour("**** 4242")).toBe(4242);
    expect(parseLastFour("XXXX-XXXX-XXXX-0005")).toBe(5);
    expect(splitCardholderName("  Mary   Ann  Smith ")).toEqual({ first: "Mary", last: "Ann Smith" });
  });
  it("normalizeAvs / normalizeCvv", () => {
    expect(normalizeAvs("b7")).toBe("B7");
    expect(normalizeAvs("ZZ")).toBe("");
    expect(normalizeCvv("p")).toBe("P");
    expect(normalizeCvv(undefined)).toBe("");
  });
  it("parseReceipt / lastCharacters", () => {
    expect(parseReceipt('{"a":1}')).toEqual({ a: 1 });
    expect(parseReceipt("[1]")).toEqual({});
    expect(parseReceipt("{")).toEqual({});
    expect(parseReceipt(7)).toEqual({});
    expect(lastCharacters("abcdef", 4)).toBe("cdef");
    expect(lastCharacters("ab😀", 3)).toBe("b😀");
    expect(lastCharacters("a😀", 1)).toBeUndefined();
  });
});

describe("transactionViolations (the validator itself)", () => {
  const valid = () => map(cardOrder());
  it("accepts a valid transaction", () => {
    expect(transactionViolations(valid())).toEqual([]);
  });
  it.each([
    ["missing type", (tx: Record<string, unknown>) => delete tx.type, "type:"],
    ["non-finite total", (tx: Record<string, unknown>) => (tx.total = Number.POSITIVE_INFINITY), "total:"],
    ["string total", (tx: Record<string, unknown>) => (tx.total = "112.49"), "total:"],
    ["lowercase currency", (tx: Record<string, unknown>) => (tx.currency = "usd"), "currency:"],
    ["order_num too long", (tx: Record<string, unknown>) => (tx.order_num = "1".repeat(26)), "order_num: length 26 > 25"],
    ["email too long", (tx: Record<string, unknown>) => (tx.email = `${"a".repeat(250)}@b.co`), "email: length"],
    ["invalid email", (tx: Record<string, unknown>) => (tx.email = "nope"), "email: not an email"],
    ["invalid ip", (tx: Record<string, unknown>) => (tx.ip = "999.1.1.1"), "ip:"],
    ["empty string", (tx: Record<string, unknown>) => (tx.billing_city = ""), "billing_city: empty"],
    ["untrimmed string", (tx: Record<string, unknown>) => (tx.billing_city = " NYC"), "billing_city: not trimmed"],
    ["lone surrogate", (tx: Record<string, unknown>) => (tx.billing_city = "New \uD83D"), "billing_city: contains an unpaired surrogate"],
    ["7-digit BIN", (tx: Record<string, unknown>) => (tx.first_six = 4242424), "first_six: expected 6 or 8 digits"],
    ["string BIN", (tx: Record<string, unknown>) => (tx.first_six = "424242"), "first_six: expected an integer"],
    ["last_four too big", (tx: Record<string, unknown>) => (tx.last_four = 12345), "last_four: out of range"],
    ["fractional auth_attempts", (tx: Record<string, unknown>) => (tx.auth_attempts = 1.5), "auth_attempts:"],
    ["undocumented avs", (tx: Record<string, unknown>) => (tx.avs = "ZZ"), "avs: undocumented"],
    ["undocumented cvv", (tx: Record<string, unknown>) => (tx.cvv = "Y"), "cvv: undocumented"],
    ["gift card without id", (tx: Record<string, unknown>) => (tx.gift_cards = [{ amount: "1.00" }]), "gift_cards[0].merchant_payment_id: required"],
    ["gift card id too long", (tx: Record<string, unknown>) => (tx.gift_cards = [{ merchant_payment_id: "g".repeat(51) }]), "gift_cards[0].merchant_payment_id: length 51 > 50"],
    ["gift card last_four too long", (tx: Record<string, unknown>) => (tx.gift_cards = [{ merchant_payment_id: "g", last_four: "12345" }]), "gift_cards[0].last_four: length 5 > 4"],
    ["gift card numeric amount", (tx: Record<string, unknown>) => (tx.gift_cards = [{ merchant_payment_id: "g", amount: 5 }]), "gift_cards[0].amount: expected a string"],
    ["cart item without item or sku", (tx: Record<string, unknown>) => (tx.cart_contents = [{ quantity: 1 }]), "cart_contents[0]: needs item or extra.sku"],
    ["cart quantity not integer", (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", quantity: 1.5 }]), "cart_contents[0].quantity"],
    ["cart unit_price number", (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", unit_price: 1.5 }]), "cart_contents[0].unit_price"],
    ["cart link too long", (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", extra: { link: "l".repeat(251) } }]), "cart_contents[0].extra.link: length 251 > 250"],
    ["discount description too long", (tx: Record<string, unknown>) => (tx.discount_codes = [{ description: "d".repeat(251) }]), "discount_codes[0].description: length 251 > 250"],
    ["digital_only_order string", (tx: Record<string, unknown>) => (tx.digital_only_order = "true"), "digital_only_order"],
    ["unknown field", (tx: Record<string, unknown>) => (tx.card_number = "4242"), "card_number: not an Apruvd transaction field"],
    ["undefined value", (tx: Record<string, unknown>) => (tx.ip = undefined), "ip: undefined value"],
    ["NaN inside JSON", (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", quantity: Number.NaN }]), "cart_contents[0].quantity"],
    ["non-plain object", (tx: Record<string, unknown>) => (tx.discount_codes = [new Date()]), "discount_codes[0]: expected an object"],
  ])("rejects %s", (_label, mutate, expected) => {
    const tx = valid() as unknown as Record<string, unknown>;
    mutate(tx);
    const violations = transactionViolations(tx);
    expect(violations.some((v) => v.includes(expected)), violations.join("\n")).toBe(true);
  });
  it("rejects a non-object and a cyclic structure", () => {
    expect(transactionViolations(null)).toEqual(["transaction: expected an object"]);
    const tx = valid() as unknown as Record<string, unknown>;
    const cyc: Record<string, unknown> = { item: "x" };
    cyc.extra = cyc;
    tx.cart_contents = [cyc];
    expect(transactionViolations(tx).length).toBeGreaterThan(0);
  });
});
