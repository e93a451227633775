import { describe, expect, it } from "vitest";
import { APRUVD_STATUSES as APRUVD_CLIENT_STATUSES } from "../clients/apruvd/types";
import {
  APRUVD_STATUSES,
  CANCELLED_STATUS,
  FINAL_STATUSES,
  NOT_SENT_STATUSES,
  REVIEW_STATUSES,
  SETTLED_STATUSES,
  SHOPIFY_ORDER_STATE,
  UNDER_REVIEW_STATUSES,
  isFinalStatus,
  isSettledStatus,
  submittedHandlingOf,
  visibleStateOf,
} from "./review-state";

describe("review state", () => {
  it("Apruvd's statuses are the client's", () => {
    expect([...APRUVD_STATUSES].sort()).toEqual([...APRUVD_CLIENT_STATUSES].sort());
  });

  it("every status is under review, final, needing action or cancelled: exactly one of them", () => {
    const groups = [UNDER_REVIEW_STATUSES, FINAL_STATUSES, NOT_SENT_STATUSES, [CANCELLED_STATUS]].flat();
    expect([...groups].sort()).toEqual([...REVIEW_STATUSES].sort());
    expect(new Set(groups).size).toBe(groups.length);
  });

  it("settled = final, needing action or cancelled; final ⊂ settled", () => {
    expect([...SETTLED_STATUSES].sort()).toEqual([...FINAL_STATUSES, ...NOT_SENT_STATUSES, CANCELLED_STATUS].sort());
    for (const status of REVIEW_STATUSES) {
      if (isFinalStatus(status)) expect(isSettledStatus(status)).toBe(true);
    }
    expect(REVIEW_STATUSES.filter(isSettledStatus)).toEqual(
      REVIEW_STATUSES.filter((s) => !(UNDER_REVIEW_STATUSES as readonly string[]).includes(s)),
    );
  });

  it("what each status shows in Shopify", () => {
    expect(Object.fromEntries(REVIEW_STATUSES.map((s) => [s, visibleStateOf(s)]))).toEqual({
      pending: "under_review",
      paused: "under_review",
      Submitted: "under_review",
      Reviewing: "under_review",
      Approved: "Approved",
      Declined: "Declined",
      error: null,
      excluded: null,
      skipped: null,
      released: "not_reviewed",
      cancelled: "cancelled",
    });
    expect(Object.keys(SHOPIFY_ORDER_STATE)).toEqual([
      "under_review",
      "Approved",
      "Declined",
      "cancelled",
      "not_reviewed",
    ]);
    expect(SHOPIFY_ORDER_STATE.cancelled).toMatchObject({ holds: "release", holdsSwitch: null, riskLevel: null });
    expect(SHOPIFY_ORDER_STATE.not_reviewed).toMatchObject({ holds: "release", holdsSwitch: null, riskLevel: "NONE" });
  });

  it("a Submitted review is released only in submit-then-elevate shops that chose it, once checked with no rule fired", () => {
    const release = { reviewMode: "submit_then_elevate", submittedOrders: "release" };
    expect(visibleStateOf("Submitted", submittedHandlingOf(release, { elevationReasons: "[]" }))).toBe("not_reviewed");
    // Not checked yet, or a rule fired and the elevation is pending: stays held.
    expect(submittedHandlingOf(release, { elevationReasons: null })).toBe("hold");
    expect(submittedHandlingOf(release, { elevationReasons: '[{"rule":"giftCard","label":"Gift card"}]' })).toBe(
      "hold",
    );
    expect(submittedHandlingOf({ ...release, submittedOrders: "keep" }, { elevationReasons: "[]" })).toBe("hold");
    expect(submittedHandlingOf({ ...release, reviewMode: "review_all" }, { elevationReasons: "[]" })).toBe("hold");
    // Only Submitted is affected.
    expect(visibleStateOf("Reviewing", "release")).toBe("under_review");
    expect(visibleStateOf("Approved", "release")).toBe("Approved");
  });
});
