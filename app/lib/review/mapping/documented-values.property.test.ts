/**
 * Properties over generated orders (issue 10): every sent string is within its limit in
 * characters and is never cut when it fits; every amount is in the transaction's
 * currency; the discount amounts add up to the order's total discount. The oracles are
 * written here from the reference's rules (characters = code points, amounts in minor
 * units), not from the mapping's helpers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MappingError, mapOrderToTransaction, type MappingOptions, type ReviewOrder } from "./index";
import {
  CART_ITEM_LIMITS,
  DISCOUNT_CODE_LIMITS,
  INTEGRATION_LIMITS,
  TRANSACTION_STRING_LIMITS,
  characterCount,
} from "../../../../sandbox/apruvd/contract";
import { transactionViolations } from "../../../../sandbox/apruvd/conventions";
import { validateTransaction } from "../../../../sandbox/apruvd/validate";
import { consistentOrderArb, optionsArb, orderArb } from "../../../../test/support/review-order-arbitraries";

/** Raise with PROPERTY_RUNS=20000 for a deeper search. */
const RUNS = Number(process.env.PROPERTY_RUNS) || 300;
const OPTIONS: MappingOptions = { orderNumberSource: "name" };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** What a source string becomes before any cut: well-formed, trimmed (empty → not sent). */
function cleaned(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.replace(LONE_SURROGATE, "\uFFFD").trim();
  return text === "" ? undefined : text;
}

type Source = [field: string, limit: number, read: (o: ReviewOrder) => unknown, sent: (tx: Sent) => unknown];
type Sent = ReturnType<typeof mapOrderToTransaction>;
const L = TRANSACTION_STRING_LIMITS;
/** Sent strings and their one source each (where the mapping has no fallback, or the source wins it). */
const SOURCES: Source[] = [
  ["billing_first_name", L.billing_first_name, (o) => o.billingAddress?.firstName, (tx) => tx.billing_first_name],
  ["billing_last_name", L.billing_last_name, (o) => o.billingAddress?.lastName, (tx) => tx.billing_last_name],
  ["billing_company", L.billing_company, (o) => o.billingAddress?.company, (tx) => tx.billing_company],
  ["billing_address_1", L.billing_address_1, (o) => o.billingAddress?.address1, (tx) => tx.billing_address_1],
  ["billing_address_2", L.billing_address_2, (o) => o.billingAddress?.address2, (tx) => tx.billing_address_2],
  ["billing_city", L.billing_city, (o) => o.billingAddress?.city, (tx) => tx.billing_city],
  ["billing_postal", L.billing_postal, (o) => o.billingAddress?.zip, (tx) => tx.billing_postal],
  ["billing_state", L.billing_state, (o) => o.billingAddress?.provinceCode, (tx) => tx.billing_state],
  ["billing_region", L.billing_region, (o) => o.billingAddress?.province, (tx) => tx.billing_region],
  ["billing_country", L.billing_country, (o) => o.billingAddress?.country, (tx) => tx.billing_country],
  ["shipping_first_name", L.shipping_first_name, (o) => o.shippingAddress?.firstName, (tx) => tx.shipping_first_name],
  ["shipping_last_name", L.shipping_last_name, (o) => o.shippingAddress?.lastName, (tx) => tx.shipping_last_name],
  ["shipping_company", L.shipping_company, (o) => o.shippingAddress?.company, (tx) => tx.shipping_company],
  ["shipping_address_1", L.shipping_address_1, (o) => o.shippingAddress?.address1, (tx) => tx.shipping_address_1],
  ["shipping_address_2", L.shipping_address_2, (o) => o.shippingAddress?.address2, (tx) => tx.shipping_address_2],
  ["shipping_city", L.shipping_city, (o) => o.shippingAddress?.city, (tx) => tx.shipping_city],
  ["shipping_postal", L.shipping_postal, (o) => o.shippingAddress?.zip, (tx) => tx.shipping_postal],
  ["shipping_state", L.shipping_state, (o) => o.shippingAddress?.provinceCode, (tx) => tx.shipping_state],
  ["shipping_region", L.shipping_region, (o) => o.shippingAddress?.province, (tx) => tx.shipping_region],
  ["shipping_country", L.shipping_country, (o) => o.shippingAddress?.country, (tx) => tx.shipping_country],
  ["shipping_phone", L.shipping_phone, (o) => o.shippingAddress?.phone, (tx) => tx.shipping_phone],
  ["shipping_method", L.shipping_method, (o) => o.shippingLine?.title, (tx) => tx.shipping_method],
  ["additional_1", INTEGRATION_LIMITS.additionalText, (o) => o.note, (tx) => tx.additional_1],
];
/** The same for the nested structures: line i's item and SKU, discount i's code. */
function nestedSources(order: ReviewOrder, tx: Sent): [string, number, unknown, unknown][] {
  const kept = (order.lineItems?.nodes ?? []).filter((item) => item != null && item.currentQuantity !== 0);
  const out: [string, number, unknown, unknown][] = [];
  kept.forEach((item, i) => {
    out.push([`cart_contents[${i}].item`, CART_ITEM_LIMITS.item, item.name, tx.cart_contents?.[i]?.item]);
    out.push([`cart_contents[${i}].extra.sku`, CART_ITEM_LIMITS.sku, item.sku, tx.cart_contents?.[i]?.extra?.sku]);
  });
  (order.discountApplications?.nodes ?? []).forEach((node, i) => {
    if (node?.__typename === "DiscountCodeApplication")
      out.push([`discount_codes[${i}].code`, DISCOUNT_CODE_LIMITS.code, node.code, tx.discount_codes?.[i]?.code]);
  });
  return out;
}

function checkString(label: string, limit: number, source: unknown, sent: unknown): void {
  const whole = cleaned(source);
  if (whole === undefined) return; // a fallback may fill the field
  if (sent === undefined) {
    // Only when even the first user-perceived character (a letter with many combining marks) exceeds the limit.
    expect(characterCount([...graphemes.segment(whole)][0].segment), label).toBeGreaterThan(limit);
    return;
  }
  expect(typeof sent, label).toBe("string");
  const value = sent as string;
  expect(characterCount(value), label).toBeLessThanOrEqual(limit);
  if (characterCount(whole) <= limit) expect(value, `${label} fits: never cut`).toBe(whole);
  else {
    expect(whole.startsWith(value), `${label} is a prefix`).toBe(true);
    // Never split a character: the cut falls between user-perceived characters, and no
    // more was dropped than the whitespace at the cut and the one character that did not fit.
    expect(new RegExp(LONE_SURROGATE.source).test(value), label).toBe(false);
    const rest = whole.slice(value.length);
    const space = /^\s*/.exec(rest)![0];
    const next = [...graphemes.segment(rest.slice(space.length))][0]?.segment ?? "";
    expect(
      [...graphemes.segment(whole)].some((g) => g.index === value.length),
      `${label}: cut inside a character`,
    ).toBe(true);
    expect(characterCount(value) + characterCount(space) + characterCount(next), label).toBeGreaterThan(limit);
  }
}

function tryMap(order: ReviewOrder, options: MappingOptions): Sent | undefined {
  try {
    return mapOrderToTransaction(order, options);
  } catch (error) {
    if (error instanceof MappingError) return undefined;
    throw error;
  }
}

/** "12.345" → minor units at `digits`. */
function minor(amount: string, digits: number): number {
  const [int, frac = ""] = amount.split(".");
  return Number(int) * 10 ** digits + Number(frac.padEnd(digits, "0").slice(0, digits));
}

describe("every sent string: within its limit in characters, never cut when it fits", () => {
  it("over arbitrary orders (every kind of string, missing objects)", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx === undefined) return;
        for (const [field, limit, read, sent] of SOURCES) checkString(field, limit, read(order), sent(tx));
        for (const [label, limit, source, sent] of nestedSources(order, tx)) checkString(label, limit, source, sent);
        expect(transactionViolations(tx)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("over consistent orders, judged by the sandbox too", () => {
    fc.assert(
      fc.property(consistentOrderArb, ({ order }) => {
        const tx = mapOrderToTransaction(order, OPTIONS);
        for (const [field, limit, read, sent] of SOURCES) checkString(field, limit, read(order), sent(tx));
        for (const [label, limit, source, sent] of nestedSources(order, tx)) checkString(label, limit, source, sent);
        expect(transactionViolations(tx)).toEqual([]);
        expect(validateTransaction(tx as unknown as Record<string, unknown>, "create")).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});

describe("every amount in the transaction's currency", () => {
  it("total, unit prices, gift cards and discounts are the presentment amounts, whatever the shop's currency", () => {
    fc.assert(
      fc.property(consistentOrderArb, ({ order, currency, digits, appliedMinor }) => {
        const tx = mapOrderToTransaction(order, OPTIONS);
        expect(tx.currency).toBe(currency);
        expect(tx.total).toBe(Number(order.totalPriceSet.presentmentMoney.amount));
        const kept = order.lineItems.nodes.filter((item) => item.currentQuantity !== 0);
        kept.forEach((item, i) => {
          expect(minor(tx.cart_contents![i].unit_price!, digits)).toBe(
            minor(String(item.originalUnitPriceSet.presentmentMoney.amount), digits),
          );
        });
        for (const card of tx.gift_cards ?? []) expect(card.currency).toBe(currency);
        tx.discount_codes?.forEach((discount, index) => {
          const expected = appliedMinor.get(index);
          if (expected === undefined) expect(discount).not.toHaveProperty("amount");
          else expect(minor(discount.amount!, digits)).toBe(expected);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("over arbitrary orders, no amount is sent from money in another currency", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx === undefined) return;
        const kept = (order.lineItems?.nodes ?? []).filter((item) => item != null && item.currentQuantity !== 0);
        kept.forEach((item, i) => {
          const code = item.originalUnitPriceSet?.presentmentMoney?.currencyCode;
          const sameCurrency = typeof code === "string" && code.trim().toUpperCase() === tx.currency;
          if (!sameCurrency) expect(tx.cart_contents?.[i]).not.toHaveProperty("unit_price");
        });
        for (const card of tx.gift_cards ?? []) {
          if (card.amount !== undefined) expect(card.currency).toBe(tx.currency);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the discount amounts add up to the order's total discount", () => {
  it("over consistent orders with any mix of percentage, fixed and shipping discounts", () => {
    fc.assert(
      fc.property(consistentOrderArb, ({ order, digits, totalDiscountMinor }) => {
        const tx = mapOrderToTransaction(order, OPTIONS);
        const sum = (tx.discount_codes ?? [])
          .map((d) => (d.amount === undefined ? 0 : minor(d.amount, digits)))
          .reduce((a, b) => a + b, 0);
        expect(sum).toBe(totalDiscountMinor);
        expect(sum).toBe(minor(String(order.totalDiscountsSet?.presentmentMoney.amount), digits));
      }),
      { numRuns: RUNS },
    );
  });
});
