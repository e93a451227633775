/**
 * The app's side of the transaction contract (conventions.ts) checked on its own: a
 * valid transaction passes, and each way of breaking it is reported.
 */
import { describe, expect, it } from "vitest";
import { transactionViolations } from "./conventions";

describe("transactionViolations (the validator itself)", () => {
  // What the app's mapping sends for the card order of test/support/order-fixtures.ts.
  const valid = (): Record<string, unknown> => ({
    type: "Ecommerce",
    total: 112.49,
    currency: "USD",
    order_num: "1001",
    ip: "203.0.113.42",
    email: "jane.cooper@example.com",
    cc_name: "Jane",
    cc_name_2: "Cooper",
    first_six: 424242,
    last_four: 4242,
    avs: "Y",
    cvv: "M",
    auth_attempts: 1,
    billing_phone: "+1 212-555-0100",
    billing_first_name: "Jane",
    billing_last_name: "Cooper",
    billing_address_1: "123 N Main St.",
    billing_address_2: "Ste 300",
    billing_city: "New York",
    billing_postal: "10001",
    billing_state: "New York",
    billing_region: "NY",
    billing_country: "United States",
    shipping_email: "jane.cooper@example.com",
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
    shipping_method: "Standard Shipping",
    session_id: "sess_8f14e45fceea167a5a36dedd4bea2543",
    cart_contents: [
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
        is_high_risk: true,
        is_digital: false,
        quantity: 1,
        unit_price: "65.00",
        extra: { sku: "BAG-OLV-002", link: "https://shop.example.com/products/canvas-weekender-bag" },
      },
    ],
    digital_only_order: false,
    discount_codes: [
      {
        code: "WELCOME10",
        discount_type: "Percent",
        amount: "11.50",
        extra: { application: "code", percentage: "10" },
      },
    ],
    additional_1: "Please leave at the front desk.",
    additional_2: "Source: web | Gateways: shopify_payments",
    additional_3: "VIP, wholesale-lead",
  });
  it("accepts a valid transaction", () => {
    expect(transactionViolations(valid())).toEqual([]);
  });
  it.each([
    ["missing type", (tx: Record<string, unknown>) => delete tx.type, "type:"],
    ["non-finite total", (tx: Record<string, unknown>) => (tx.total = Number.POSITIVE_INFINITY), "total:"],
    ["string total", (tx: Record<string, unknown>) => (tx.total = "112.49"), "total:"],
    ["lowercase currency", (tx: Record<string, unknown>) => (tx.currency = "usd"), "currency:"],
    [
      "order_num too long",
      (tx: Record<string, unknown>) => (tx.order_num = "1".repeat(26)),
      "order_num: 26 characters > 25",
    ],
    ["email too long", (tx: Record<string, unknown>) => (tx.email = `${"a".repeat(250)}@b.co`), "email: "],
    ["invalid email", (tx: Record<string, unknown>) => (tx.email = "nope"), "email: not an email"],
    ["invalid ip", (tx: Record<string, unknown>) => (tx.ip = "999.1.1.1"), "ip:"],
    ["empty string", (tx: Record<string, unknown>) => (tx.billing_city = ""), "billing_city: empty"],
    ["untrimmed string", (tx: Record<string, unknown>) => (tx.billing_city = " NYC"), "billing_city: not trimmed"],
    [
      "lone surrogate",
      (tx: Record<string, unknown>) => (tx.billing_city = "New \uD83D"),
      "billing_city: contains an unpaired surrogate",
    ],
    ["7-digit BIN", (tx: Record<string, unknown>) => (tx.first_six = 4242424), "first_six: expected 6 or 8 digits"],
    ["string BIN", (tx: Record<string, unknown>) => (tx.first_six = "424242"), "first_six: expected an integer"],
    ["last_four too big", (tx: Record<string, unknown>) => (tx.last_four = 12345), "last_four: out of range"],
    ["fractional auth_attempts", (tx: Record<string, unknown>) => (tx.auth_attempts = 1.5), "auth_attempts:"],
    ["undocumented avs", (tx: Record<string, unknown>) => (tx.avs = "ZZ"), "avs: undocumented"],
    ["undocumented cvv", (tx: Record<string, unknown>) => (tx.cvv = "Y"), "cvv: undocumented"],
    [
      "empty cvv (the AVS column lists '', the CVV column does not)",
      (tx: Record<string, unknown>) => (tx.cvv = ""),
      "cvv: undocumented",
    ],
    [
      "51 emoji in cc_name (string(50) counts characters)",
      (tx: Record<string, unknown>) => (tx.cc_name = "😀".repeat(51)),
      "cc_name: 51 characters > 50",
    ],
    [
      "gift card without id",
      (tx: Record<string, unknown>) => (tx.gift_cards = [{ amount: "1.00" }]),
      "gift_cards[0].merchant_payment_id: required",
    ],
    [
      "gift card id too long",
      (tx: Record<string, unknown>) => (tx.gift_cards = [{ merchant_payment_id: "g".repeat(51) }]),
      "gift_cards[0].merchant_payment_id: 51 characters > 50",
    ],
    [
      "gift card last_four too long",
      (tx: Record<string, unknown>) => (tx.gift_cards = [{ merchant_payment_id: "g", last_four: "12345" }]),
      "gift_cards[0].last_four: 5 characters > 4",
    ],
    [
      "gift card numeric amount",
      (tx: Record<string, unknown>) => (tx.gift_cards = [{ merchant_payment_id: "g", amount: 5 }]),
      "gift_cards[0].amount: expected a string",
    ],
    [
      "cart item without item or sku",
      (tx: Record<string, unknown>) => (tx.cart_contents = [{ quantity: 1 }]),
      "cart_contents[0]: needs item or extra.sku",
    ],
    [
      "cart quantity not integer",
      (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", quantity: 1.5 }]),
      "cart_contents[0].quantity",
    ],
    [
      "cart unit_price number",
      (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", unit_price: 1.5 }]),
      "cart_contents[0].unit_price",
    ],
    [
      "cart link too long",
      (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", extra: { link: "l".repeat(251) } }]),
      "cart_contents[0].extra.link: 251 characters > 250",
    ],
    [
      "discount description too long",
      (tx: Record<string, unknown>) => (tx.discount_codes = [{ description: "d".repeat(251) }]),
      "discount_codes[0].description: 251 characters > 250",
    ],
    [
      "digital_only_order string",
      (tx: Record<string, unknown>) => (tx.digital_only_order = "true"),
      "digital_only_order",
    ],
    [
      "unknown field",
      (tx: Record<string, unknown>) => (tx.card_number = "4242"),
      "card_number: not an Apruvd transaction field",
    ],
    ["undefined value", (tx: Record<string, unknown>) => (tx.ip = undefined), "ip: undefined value"],
    [
      "NaN inside JSON",
      (tx: Record<string, unknown>) => (tx.cart_contents = [{ item: "x", quantity: Number.NaN }]),
      "cart_contents[0].quantity",
    ],
    [
      "non-plain object",
      (tx: Record<string, unknown>) => (tx.discount_codes = [new Date()]),
      "discount_codes[0]: expected an object",
    ],
  ])("rejects %s", (_label, mutate, expected) => {
    const tx = valid();
    mutate(tx);
    const violations = transactionViolations(tx);
    expect(
      violations.some((v) => v.includes(expected)),
      violations.join("\n"),
    ).toBe(true);
  });
  it("counts characters, not UTF-16 units: 50 emoji fit cc_name, 25 astral letters fit order_num", () => {
    expect(transactionViolations({ ...valid(), cc_name: "😀".repeat(50), order_num: "𝒜".repeat(25) })).toEqual([]);
  });
  it("rejects a non-object and a cyclic structure", () => {
    expect(transactionViolations(null)).toEqual(["transaction: expected an object"]);
    const tx = valid();
    const cyc: Record<string, unknown> = { item: "x" };
    cyc.extra = cyc;
    tx.cart_contents = [cyc];
    expect(transactionViolations(tx).length).toBeGreaterThan(0);
  });
});
