/** Property-based tests of the string and number helpers (truncate, cleanString, normalizeIp, decimalString). */
import net from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanString, decimalString, isWellFormed, normalizeIp, truncate } from "./index";
import { text, validDecimal } from "../../../../test/support/review-order-arbitraries";

/** Characters as Apruvd counts them (code points), computed independently of the module under test. */
const chars = (s: string) => [...s].length;

/** Raise with PROPERTY_RUNS=20000 for a deeper search. */
const RUNS = Number(process.env.PROPERTY_RUNS) || 1000;

describe("string and number helpers", () => {
  it("truncate: a prefix of at most max characters, never cut when it fits, never splitting a character", () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 300 }),
          fc.string({ unit: "grapheme", maxLength: 120 }),
          fc
            .array(fc.constantFrom("a", "é", "😀", "👩‍👩‍👧", "🇩🇪", "𞤀", "𐌰", "👍🏽"), { maxLength: 120 })
            .map((a) => a.join("")),
        ),
        fc.nat({ max: 300 }),
        (s, max) => {
          const out = truncate(s, max);
          expect(s.startsWith(out)).toBe(true);
          expect(chars(out)).toBeLessThanOrEqual(max);
          if (chars(s) <= max) expect(out).toBe(s);
          // The cut falls on a boundary between user-perceived characters.
          const boundaries = new Set([...segmenter.segment(s)].map((g) => g.index).concat(s.length));
          expect(boundaries.has(out.length)).toBe(true);
          if (isWellFormed(s)) expect(isWellFormed(out)).toBe(true);
          // Nothing more is dropped than the one character that would not fit.
          const next = [...segmenter.segment(s.slice(out.length))][0]?.segment;
          if (next !== undefined) expect(chars(out) + chars(next)).toBeGreaterThan(max);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("cleanString: trimmed, well-formed, non-empty, within the limit in characters", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = cleanString(s, max);
        if (out === undefined) return;
        expect(out).toBe(out.trim());
        expect(out.length).toBeGreaterThan(0);
        expect(chars(out)).toBeLessThanOrEqual(max);
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
