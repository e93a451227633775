import { describe, expect, it } from "vitest";
import { niceScale } from "./DecisionsChart";

describe("niceScale", () => {
  it("rounds the axis up to a readable maximum with whole steps", () => {
    expect(niceScale(0)).toEqual({ max: 4, step: 1 });
    expect(niceScale(6)).toEqual({ max: 6, step: 2 });
    expect(niceScale(37)).toEqual({ max: 40, step: 10 });
    expect(niceScale(1234)).toEqual({ max: 1500, step: 500 });
    for (const value of [1, 3, 9, 17, 99, 250, 5001]) {
      const { max, step } = niceScale(value);
      expect(max).toBeGreaterThanOrEqual(value);
      expect(max % step).toBe(0);
      expect(max / step).toBeLessThanOrEqual(5);
    }
  });
});
