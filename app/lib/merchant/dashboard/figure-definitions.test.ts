import { describe, expect, it } from "vitest";
import { NEEDS_MERCHANT_RULES, REVIEW_STATUSES, needsMerchant } from "../../review/review-state";
import { NEEDS_ACTION_FIGURE, ORDERS_FIGURE, STATUS_FIGURES } from "./figure-definitions";
import { STATUS_TABS, statusLabel } from "./statuses";

describe("the dashboard's figures", () => {
  it("split every status into exactly one part, so the parts add up to the orders", () => {
    const counted = STATUS_FIGURES.flatMap((figure) => [...figure.statuses]);
    expect([...counted].sort()).toEqual([...ORDERS_FIGURE.statuses].sort());
    expect(new Set(counted).size).toBe(counted.length);
    expect([...ORDERS_FIGURE.statuses].sort()).toEqual([...REVIEW_STATUSES].sort());
  });

  it("each figure opens its own tab with the same statuses", () => {
    for (const figure of STATUS_FIGURES) {
      expect(STATUS_TABS.find((tab) => tab.id === figure.id)?.statuses).toEqual(figure.statuses);
    }
    const needs = STATUS_TABS.find((tab) => tab.id === NEEDS_ACTION_FIGURE.id);
    expect(needs?.needsMerchant).toBe(true);
    expect(needs?.statuses).toEqual(NEEDS_MERCHANT_RULES.map((rule) => rule.status));
  });

  it("every status has a label of words", () => {
    for (const status of REVIEW_STATUSES) expect(statusLabel(status)).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
  });
});

describe("needs the merchant", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const fresh = { updatedAt: new Date(now.getTime() - 60_000), openHolds: 1, elevationReasons: null };
  const old = { ...fresh, updatedAt: new Date(now.getTime() - 60 * 60_000) };

  it.each([
    ["failed", { ...fresh, status: "error" }, "failed"],
    ["not submitted", { ...fresh, status: "skipped", openHolds: 0 }, "not_submitted"],
    ["waiting to submit for an hour", { ...old, status: "pending" }, "waiting"],
    ["paused while Apruvd refuses the keys", { ...fresh, status: "paused" }, "paused"],
    ["declined and still held", { ...fresh, status: "Declined" }, "declined_held"],
    [
      "Submitted, no rule fired, hold kept",
      { ...fresh, status: "Submitted", elevationReasons: "[]" },
      "awaiting_choice",
    ],
  ] as const)("%s", (_case, review, reason) => {
    expect(needsMerchant(review, now)).toBe(reason);
  });

  it.each([
    ["waiting to submit for a minute", { ...fresh, status: "pending" }],
    ["declined and released", { ...fresh, status: "Declined", openHolds: 0 }],
    [
      "Submitted and released by the shop's choice",
      { ...fresh, status: "Submitted", elevationReasons: "[]", openHolds: 0 },
    ],
    ["Submitted, elevation under way", { ...fresh, status: "Submitted", elevationReasons: '[{"rule":"giftCard"}]' }],
    ["under review", { ...old, status: "Reviewing" }],
    ["approved", { ...fresh, status: "Approved", openHolds: 0 }],
    ["excluded by the shop's rules", { ...fresh, status: "excluded", openHolds: 0 }],
    ["released without review", { ...fresh, status: "released", openHolds: 0 }],
    ["cancelled", { ...fresh, status: "cancelled", openHolds: 0 }],
  ] as const)("not: %s", (_case, review) => {
    expect(needsMerchant(review, now)).toBeNull();
  });
});
