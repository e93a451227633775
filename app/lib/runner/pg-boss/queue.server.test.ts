import { describe, expect, it } from "vitest";
import {
  FINISHING_PRIORITY,
  HOLD_FIRST_PRIORITY,
  NEW_REVIEW_PRIORITY,
  inboxJobPriority,
  workerMaxPriorities,
} from "./queue.server";

describe("pg-boss job priorities follow the claim ranks of inbox/priority.ts", () => {
  it("holds first, then the work that finishes orders, then new reviews", () => {
    expect(inboxJobPriority("orders/create")).toBe(HOLD_FIRST_PRIORITY);
    expect(inboxJobPriority("apruvd/review-complete")).toBe(FINISHING_PRIORITY);
    expect(inboxJobPriority("orders/updated")).toBe(FINISHING_PRIORITY);
    expect(inboxJobPriority("system/review-order")).toBe(NEW_REVIEW_PRIORITY);
    expect(HOLD_FIRST_PRIORITY).toBeGreaterThan(FINISHING_PRIORITY);
    expect(FINISHING_PRIORITY).toBeGreaterThan(NEW_REVIEW_PRIORITY);
  });

  it("keeps workers that take no holds, and from three workers one that only starts reviews", () => {
    expect(workerMaxPriorities(1)).toEqual([undefined]);
    expect(workerMaxPriorities(2)).toEqual([FINISHING_PRIORITY, undefined]);
    expect(workerMaxPriorities(4)).toEqual([NEW_REVIEW_PRIORITY, FINISHING_PRIORITY, undefined, undefined]);
    expect(workerMaxPriorities(8)).toEqual([
      NEW_REVIEW_PRIORITY,
      FINISHING_PRIORITY,
      FINISHING_PRIORITY,
      ...Array(5).fill(undefined),
    ]);
  });
});
