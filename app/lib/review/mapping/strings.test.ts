/** Mapping tests: The string, number, IP and card helpers on their own. */
import { describe, expect, it } from "vitest";
import {
  cleanEmail,
  cleanString,
  decimalString,
  lastCharacters,
  normalizeAvs,
  normalizeCvv,
  normalizeIp,
  parseBin,
  parseLastFour,
  parseReceipt,
  splitCardholderName,
  truncate,
} from "./index";

describe("helpers", () => {
  it("truncate counts characters (code points) and never splits one", () => {
    expect(truncate("ab😀cd", 2)).toBe("ab");
    expect(truncate("ab😀cd", 3)).toBe("ab😀");
    expect(truncate("ab😀cd", 4)).toBe("ab😀c");
    // A family emoji is 5 code points joined by ZWJ: cut before it, never inside it.
    expect(truncate("ab👩‍👩‍👧", 6)).toBe("ab");
    expect(truncate("ab👩‍👩‍👧", 7)).toBe("ab👩‍👩‍👧");
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
    expect(normalizeCvv(undefined)).toBeUndefined();
    expect(normalizeCvv("")).toBeUndefined();
    expect(normalizeCvv("X")).toBeUndefined();
  });
  it("parseReceipt / lastCharacters", () => {
    expect(parseReceipt('{"a":1}')).toEqual({ a: 1 });
    expect(parseReceipt("[1]")).toEqual({});
    expect(parseReceipt("{")).toEqual({});
    expect(parseReceipt(7)).toEqual({});
    expect(lastCharacters("abcdef", 4)).toBe("cdef");
    // Counted in characters: an emoji is one.
    expect(lastCharacters("ab😀", 2)).toBe("b😀");
    expect(lastCharacters("ab😀", 3)).toBe("ab😀");
    expect(lastCharacters("a😀", 1)).toBe("😀");
  });
});
