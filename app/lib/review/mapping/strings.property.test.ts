/** Property-based tests of the string and number helpers (truncate, cleanString, normalizeIp, decimalString). */
import net from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanString, decimalString, isWellFormed, normalizeIp, truncate } from "./index";
import { text, validDecimal } from "../../../../test/support/review-order-arbitraries";

/** Raise with PROPERTY_RUNS=20000 for a deeper search. */
const RUNS = Number(process.env.PROPERTY_RUNS) || 1000;

describe("string and number helpers", () => {
  it("truncate: a prefix, within the limit, never splitting a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.nat({ max: 300 }), (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(s.startsWith(out)).toBe(true);
        expect(isWellFormed(out)).toBe(true);
        expect(out.length).toBeGreaterThanOrEqual(Math.min(s.length, max) - 1);
      }),
      { numRuns: RUNS },
    );
  });

  it("cleanString: trimmed, well-formed, non-empty, within the limit", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = cleanString(s, max);
        if (out === undefined) return;
        expect(out).toBe(out.trim());
        expect(out.length).toBeGreaterThan(0);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(isWellFormed(out)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("normalizeIp agrees with node:net", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), text), (candidate) => {
        const out = normalizeIp(candidate);
        const trimmed = candidate.trim();
        if (out !== undefined) {
          expect(net.isIP(out)).not.toBe(0);
          expect(out.length).toBeLessThanOrEqual(39);
        } else if (net.isIP(trimmed) !== 0 && !trimmed.includes("%") && trimmed.length <= 39) {
          throw new Error(`valid address rejected: ${trimmed}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("decimalString keeps the value exactly and has at least two decimals", () => {
    fc.assert(
      fc.property(validDecimal, (d) => {
        const out = decimalString(d)!;
        expect(out).toMatch(/^\d+\.\d{2,}$/);
        expect(Number(out)).toBe(Number(d));
      }),
      { numRuns: RUNS },
    );
  });
});
