/**
 * Every field to the letter of the Apruvd reference (issue 10), one table per finding:
 * cvv carries only documented values; string(n) counts characters and never splits one;
 * the state code goes in *_state as the reference's example does; the order note is sent
 * whole; every amount is in the transaction's currency. Each row failed before.
 * (Discount amounts from Shopify's allocations: discounts.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { mapOrderToTransaction, type MappingOptions, type ReviewOrder } from "./index";
import { TRANSACTION_STRING_LIMITS, characterCount } from "../../../../sandbox/apruvd/contract";
import { transactionViolations } from "../../../../sandbox/apruvd/conventions";
import { validateTransaction } from "../../../../sandbox/apruvd/validate";
import {
  address,
  cardOrder,
  cardTransaction,
  discountCode,
  giftCardTransaction,
  lineItem,
  money,
  moneyBag,
  multiCurrencyOrder,
  shippingLine,
  splitGiftCardAndCardOrder,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = { orderNumberSource: "name", storefrontUrl: "https://shop.example.com" };
const map = (order: ReviewOrder) => mapOrderToTransaction(order, OPTIONS);

/** What the sandbox (written from the reference alone) answers, and what the tests' contract check says. */
function judged(order: ReviewOrder) {
  const tx = map(order);
  expect(transactionViolations(tx)).toEqual([]);
  expect(validateTransaction(tx as unknown as Record<string, unknown>, "create")).toBeNull();
  return tx;
}

describe("cvv: only M, N, P, S, U; left out otherwise (avs keeps '')", () => {
  const withCard = (card: Parameters<typeof cardTransaction>[0]) =>
    cardOrder({ transactions: [cardTransaction(card)] });
  it.each([
    ["Apple Pay (no CVV check)", { card: { wallet: "APPLE_PAY", cvvResultCode: null } }, undefined],
    ["Google Pay with an empty code", { card: { wallet: "GOOGLE_PAY", cvvResultCode: "" } }, undefined],
    ["an undocumented gateway code", { card: { cvvResultCode: "X" } }, undefined],
    ["a blank code", { card: { cvvResultCode: "  " } }, undefined],
    ["a documented code in lower case", { card: { cvvResultCode: "p" } }, "P"],
    ["S", { card: { cvvResultCode: "S" } }, "S"],
  ] as const)("%s", (_case, card, cvv) => {
    const tx = judged(withCard(card as Parameters<typeof cardTransaction>[0]));
    if (cvv === undefined) expect(tx).not.toHaveProperty("cvv");
    else expect(tx.cvv).toBe(cvv);
    expect(tx).toHaveProperty("auth_attempts", 1);
  });
  it("avs keeps '' (the AVS column lists it) when the code is missing", () => {
    const tx = judged(withCard({ card: { wallet: "APPLE_PAY", avsResultCode: null, cvvResultCode: null } }));
    expect(tx.avs).toBe("");
  });
});

/** 71 characters of Adlam (U+1E900…, outside the Basic Multilingual Plane): 142 UTF-16 units. */
const ADLAM_NAME = Array.from({ length: 71 }, (_, i) => (i % 8 === 7 ? " " : String.fromCodePoint(0x1e900 + i))).join(
  "",
);

describe("string(n) counts characters and never splits one", () => {
  type Row = [field: string, build: (value: string) => ReviewOrder, read?: (tx: Record<string, unknown>) => unknown];
  const billing = (patch: Parameters<typeof address>[0]) => cardOrder({ billingAddress: address(patch) });
  const shipping = (patch: Parameters<typeof address>[0]) => cardOrder({ shippingAddress: address(patch) });
  const rows: Row[] = [
    ["billing_first_name", (v) => billing({ firstName: v })],
    ["billing_last_name", (v) => billing({ lastName: v })],
    ["billing_company", (v) => billing({ company: v })],
    ["billing_address_1", (v) => billing({ address1: v })],
    ["billing_address_2", (v) => billing({ address2: v })],
    ["billing_city", (v) => billing({ city: v })],
    ["billing_postal", (v) => billing({ zip: v })],
    ["billing_state", (v) => billing({ provinceCode: v })],
    ["billing_region", (v) => billing({ province: v })],
    ["billing_country", (v) => billing({ country: v })],
    ["billing_phone", (v) => billing({ phone: v })],
    ["shipping_first_name", (v) => shipping({ firstName: v })],
    ["shipping_last_name", (v) => shipping({ lastName: v })],
    ["shipping_company", (v) => shipping({ company: v })],
    ["shipping_address_1", (v) => shipping({ address1: v })],
    ["shipping_address_2", (v) => shipping({ address2: v })],
    ["shipping_city", (v) => shipping({ city: v })],
    ["shipping_postal", (v) => shipping({ zip: v })],
    ["shipping_state", (v) => shipping({ provinceCode: v })],
    ["shipping_region", (v) => shipping({ province: v })],
    ["shipping_country", (v) => shipping({ country: v })],
    ["shipping_phone", (v) => shipping({ phone: v })],
    ["shipping_method", (v) => cardOrder({ shippingLine: shippingLine(v, null) })],
    ["session_id", (v) => cardOrder({ customAttributes: [{ key: "apruvd_session_id", value: v }] })],
    ["order_num", (v) => cardOrder({ name: `#${v}`, legacyResourceId: "1".repeat(30) })],
    ["cc_name", (v) => cardOrder({ transactions: [cardTransaction({ card: { name: v } })] })],
    ["cc_name_2", (v) => cardOrder({ transactions: [cardTransaction({ card: { name: `Jane ${v}` } })] })],
  ];
  const limitOf = (field: string) => (TRANSACTION_STRING_LIMITS as Record<string, number>)[field];

  it.each(rows)(
    "%s: as many emoji as the limit allows are sent whole; one more is cut on a character",
    (field, build) => {
      const limit = limitOf(field);
      const fits = "😀".repeat(limit);
      expect(judged(build(fits))[field as keyof ReturnType<typeof map>]).toBe(fits);
      const cut = judged(build(fits + "😀"))[field as keyof ReturnType<typeof map>] as string | undefined;
      // order_num: the id is too long to fall back to, so the name is cut.
      expect(cut).toBe(fits);
    },
  );

  it.each(rows.filter(([field]) => limitOf(field) >= 71 && field !== "cc_name"))(
    "%s: a 71-character name in an astral-plane script is sent whole",
    (field, build) => {
      const tx = judged(build(ADLAM_NAME));
      const sent = tx[field as keyof typeof tx];
      expect(sent).toBe(ADLAM_NAME);
      expect(characterCount(sent as string)).toBe(71);
    },
  );

  it("a family emoji (5 code points) at the limit is dropped whole, never split", () => {
    const tx = judged(billing({ firstName: `${"a".repeat(97)}👩‍👩‍👧` }));
    expect(tx.billing_first_name).toBe("a".repeat(97));
  });

  it("cart item, SKU, discount code and gift card last_four count characters too", () => {
    const tx = judged(
      cardOrder({
        lineItems: { nodes: [lineItem({ name: "🧦".repeat(250), sku: "𝒜".repeat(250) })] },
        discountApplications: { nodes: [discountCode("🎁".repeat(250), { amount: "1.00" })] },
        transactions: [
          giftCardTransaction({ amount: "12.49", lastCharacters: "ab😀😀" }),
          cardTransaction({ amount: "100.00" }),
        ],
      }),
    );
    expect(tx.cart_contents?.[0].item).toBe("🧦".repeat(250));
    expect(tx.cart_contents?.[0].extra?.sku).toBe("𝒜".repeat(250));
    expect(tx.discount_codes?.[0].code).toBe("🎁".repeat(250));
    expect(tx.gift_cards?.[0].last_four).toBe("ab😀😀");
  });
});

describe("*_state: the state code, as the reference's example sends it; *_region: its name", () => {
  it.each([
    ["billing", "New York", "NY"],
    ["billing", "Ontario", "ON"],
    ["shipping", "Kentucky", "KY"],
    ["shipping", "Québec", "QC"],
  ] as const)("%s address in %s", (block, province, provinceCode) => {
    const addr = address({ province, provinceCode });
    const tx = judged(cardOrder(block === "billing" ? { billingAddress: addr } : { shippingAddress: addr }));
    expect(tx[`${block}_state`]).toBe(provinceCode);
    expect(tx[`${block}_region`]).toBe(province);
  });
});

describe("additional_1: the order note, whole", () => {
  it.each([
    ["10,001 characters", "n".repeat(10_001)],
    ["50,000 characters with emoji", "Deliver to the back door 🚪. ".repeat(1_786).trim()],
    ["a note of 99,999 astral characters", "𝒜".repeat(99_999)],
  ])("%s", (_case, note) => {
    const tx = judged(cardOrder({ note }));
    expect(tx.additional_1).toBe(note);
  });
});

describe("every amount in the transaction's currency", () => {
  it("a unit price in another currency than the transaction's is left out, not sent as if it were", () => {
    // The customer-currency total is missing, so the transaction is in the shop's USD.
    const order = multiCurrencyOrder({
      totalPriceSet: { shopMoney: money("99.87", "USD"), presentmentMoney: null as never },
    });
    const tx = judged(order);
    expect(tx.currency).toBe("USD");
    expect(tx.cart_contents?.[0]).not.toHaveProperty("unit_price");
  });
  it("gift card amounts carry the transaction's currency; in another one they are left out", () => {
    expect(judged(splitGiftCardAndCardOrder()).gift_cards?.[0]).toMatchObject({ amount: "50.00", currency: "USD" });
    const foreign = splitGiftCardAndCardOrder({
      transactions: [giftCardTransaction({ amount: "46.00", currency: "EUR" }), cardTransaction({ amount: "80.00" })],
      totalPriceSet: moneyBag("130.00"),
    });
    const card = judged(foreign).gift_cards?.[0];
    expect(card).not.toHaveProperty("amount");
    expect(card).not.toHaveProperty("currency");
  });
});
