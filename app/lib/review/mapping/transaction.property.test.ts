/**
 * Property-based tests: over thousands of generated orders (random unicode and very
 * long strings, invalid IPs, random transactions, missing objects) every mapped
 * transaction satisfies the Apruvd transaction contract (`transactionViolations`,
 * sandbox/apruvd/conventions.ts), and the only failure is a MappingError for an order
 * without a usable total/currency.
 */
import net from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AVS_CODES, CVV_CODES, TRANSACTION_STRING_LIMITS, type ApruvdTransaction } from "../../clients/apruvd/types";
import {
  AUTH_KINDS,
  MappingError,
  decimalNumber,
  isCardDetails,
  isWellFormed,
  mapOrderToTransaction,
  type MappingOptions,
  type ReviewOrder,
  type ReviewTransaction,
} from "./index";
import { characterCount } from "../../../../sandbox/apruvd/contract";
import { transactionViolations } from "../../../../sandbox/apruvd/conventions";
import { optionsArb, orderArb } from "../../../../test/support/review-order-arbitraries";

/** Raise with PROPERTY_RUNS=20000 for a deeper search. */
const RUNS = Number(process.env.PROPERTY_RUNS) || 1000;

// ---------------------------------------------------------------------------
// Oracle helpers (independent of the implementation's internals)
// ---------------------------------------------------------------------------

function hasUsableTotal(order: ReviewOrder): boolean {
  const set = order.totalPriceSet as ReviewOrder["totalPriceSet"] | null | undefined;
  return [set?.presentmentMoney, set?.shopMoney].some((m) => {
    if (m == null) return false;
    const n = decimalNumber(m.amount);
    const c = typeof m.currencyCode === "string" ? m.currencyCode.trim().toUpperCase() : "";
    return n !== undefined && n >= 0 && /^[A-Z]{3}$/.test(c);
  });
}

function cardTransactions(order: ReviewOrder): ReviewTransaction[] {
  return (order.transactions ?? []).filter(
    (t) => isCardDetails(t.paymentDetails) && (AUTH_KINDS.includes(String(t.kind)) || String(t.kind) === "CAPTURE"),
  );
}

const CARD_FIELDS = ["cc_name", "cc_name_2", "first_six", "last_four", "avs", "cvv", "auth_attempts"] as const;

function tryMap(order: ReviewOrder, options: MappingOptions): ApruvdTransaction | MappingError {
  try {
    return mapOrderToTransaction(order, options);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe("mapOrderToTransaction over generated orders", () => {
  it("always produces a transaction within the Apruvd limits, or a MappingError for a missing total/currency", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const result = tryMap(order, options);
        if (result instanceof MappingError) {
          expect(hasUsableTotal(order), `threw ${result.code} for an order with a usable total`).toBe(false);
          return;
        }
        expect(hasUsableTotal(order)).toBe(true);
        expect(transactionViolations(result)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("checks each documented limit explicitly", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        for (const [field, max] of Object.entries(TRANSACTION_STRING_LIMITS)) {
          const value = (tx as unknown as Record<string, unknown>)[field];
          if (value === undefined) continue;
          expect(typeof value).toBe("string");
          expect(characterCount(value as string)).toBeLessThanOrEqual(max);
          expect(characterCount(value as string)).toBeGreaterThan(0);
          expect(isWellFormed(value as string)).toBe(true);
        }
        for (const field of ["first_six", "last_four", "auth_attempts"] as const) {
          if (tx[field] !== undefined) expect(Number.isSafeInteger(tx[field])).toBe(true);
        }
        if (tx.first_six !== undefined) expect(String(tx.first_six)).toMatch(/^\d{6}$|^\d{8}$/);
        if (tx.last_four !== undefined) expect(tx.last_four >= 0 && tx.last_four <= 9999).toBe(true);
        if (tx.avs !== undefined) expect(AVS_CODES).toContain(tx.avs);
        if (tx.cvv !== undefined) expect(CVV_CODES).toContain(tx.cvv);
        expect(tx.currency).toMatch(/^[A-Z]{3}$/);
        expect(Number.isFinite(tx.total)).toBe(true);
        if (tx.ip !== undefined) expect(net.isIP(tx.ip)).not.toBe(0);
        for (const item of tx.cart_contents ?? []) {
          expect(item.item !== undefined || item.extra?.sku !== undefined).toBe(true);
          if (item.item !== undefined) expect(characterCount(item.item)).toBeLessThanOrEqual(250);
          if (item.extra?.sku !== undefined) expect(characterCount(item.extra.sku)).toBeLessThanOrEqual(250);
          if (item.extra?.link !== undefined) expect(characterCount(item.extra.link)).toBeLessThanOrEqual(250);
          if (item.quantity !== undefined) expect(Number.isSafeInteger(item.quantity)).toBe(true);
        }
        for (const card of tx.gift_cards ?? []) {
          expect(card.merchant_payment_id.length).toBeGreaterThan(0);
          expect(characterCount(card.merchant_payment_id)).toBeLessThanOrEqual(50);
          if (card.last_four !== undefined) expect(characterCount(card.last_four)).toBeLessThanOrEqual(4);
        }
        for (const discount of tx.discount_codes ?? []) {
          for (const key of ["code", "description", "discount_type"] as const) {
            if (discount[key] !== undefined) expect(characterCount(discount[key]!)).toBeLessThanOrEqual(250);
          }
        }
        expect(JSON.parse(JSON.stringify(tx))).toEqual(tx);
      }),
      { numRuns: RUNS },
    );
  });

  it("reports card fields exactly when the order has a card transaction", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        const hasCard = cardTransactions(order).length > 0;
        for (const field of ["avs", "auth_attempts"] as const) expect(tx[field] !== undefined).toBe(hasCard);
        // cvv only with a documented result code: a card may have none.
        if (tx.cvv !== undefined) expect(hasCard).toBe(true);
        if (!hasCard) for (const field of CARD_FIELDS) expect(tx).not.toHaveProperty(field);
        if (hasCard) expect(tx.auth_attempts).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps one cart entry per line item and at most one gift card per successful gift-card payment", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        const items = order.lineItems?.nodes ?? [];
        expect(tx.cart_contents?.length ?? 0).toBe(items.length);
        expect(tx.digital_only_order).toBe(items.length > 0 && items.every((i) => i.requiresShipping === false));
        const giftPayments = (order.transactions ?? []).filter(
          (t) =>
            typeof t.gateway === "string" &&
            t.gateway.trim().toLowerCase() === "gift_card" &&
            ["SALE", "CAPTURE"].includes(String(t.kind)) &&
            String(t.status) === "SUCCESS",
        );
        expect(tx.gift_cards?.length ?? 0).toBeLessThanOrEqual(giftPayments.length);
        for (const card of tx.gift_cards ?? []) expect(card.type).toBe("electronic");
      }),
      { numRuns: RUNS },
    );
  });

  it("is deterministic and does not modify the order", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const before = structuredClone(order);
        const first = tryMap(order, options);
        const second = tryMap(order, options);
        expect(order).toEqual(before);
        if (first instanceof MappingError) expect(second).toBeInstanceOf(MappingError);
        else expect(second).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it("total is the presentment amount whenever that amount and currency are usable", () => {
    fc.assert(
      fc.property(orderArb, optionsArb, (order, options) => {
        const tx = tryMap(order, options);
        const money = order.totalPriceSet?.presentmentMoney;
        const n = decimalNumber(money?.amount);
        const c = typeof money?.currencyCode === "string" ? money.currencyCode.trim().toUpperCase() : "";
        if (n === undefined || n < 0 || !/^[A-Z]{3}$/.test(c)) return;
        expect(tx).not.toBeInstanceOf(MappingError);
        expect((tx as ApruvdTransaction).total).toBe(n);
        expect((tx as ApruvdTransaction).currency).toBe(c);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the contract check over generated orders", () => {
  it("the validator catches a string pushed past its limit on any valid transaction", () => {
    const fields = Object.entries(TRANSACTION_STRING_LIMITS);
    fc.assert(
      fc.property(orderArb, optionsArb, fc.nat({ max: fields.length - 1 }), (order, options, index) => {
        const tx = tryMap(order, options);
        if (tx instanceof MappingError) return;
        const [field, max] = fields[index];
        const broken = { ...tx, [field]: "x".repeat(max + 1) };
        expect(transactionViolations(broken)).toContain(`${field}: ${max + 1} characters > ${max}`);
      }),
      { numRuns: 500 },
    );
  });
});
