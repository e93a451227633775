import { describe, expect, it } from "vitest";
import { QueryCostExceedsBucketError, ShopifyCostGovernor, operationNameOf } from "./cost-governor";

function setup() {
  let t = 0;
  const slept: number[] = [];
  const governor = new ShopifyCostGovernor({
    recheckMs: 60_000,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  });
  return { governor, slept, advance: (ms: number) => (t += ms) };
}

const status = (currentlyAvailable: number) => ({ maximumAvailable: 1000, currentlyAvailable, restoreRate: 100 });

describe("ShopifyCostGovernor", () => {
  it("does not wait while the bucket has room", async () => {
    const { governor, slept } = setup();
    const done = await governor.acquire("a", "OrderForReview");
    done({ requestedQueryCost: 400, actualQueryCost: 40, throttleStatus: status(960) });
    await governor.acquire("a", "OrderForReview");
    expect(slept).toEqual([]);
  });

  it("waits for the restore when the next call's requested cost does not fit", async () => {
    const { governor, slept } = setup();
    (await governor.acquire("a", "OrderForReview"))({ requestedQueryCost: 400, throttleStatus: status(100) });
    await governor.acquire("a", "OrderForReview");
    // 300 points missing at 100 points/s.
    expect(slept).toEqual([3000]);
  });

  it("reserves in-flight cost so that concurrent calls do not all rush in", async () => {
    const { governor, slept } = setup();
    (await governor.acquire("a", "Q"))({ requestedQueryCost: 300, throttleStatus: status(700) });
    await governor.acquire("a", "Q"); // reserves 300 → 400 left
    await governor.acquire("a", "Q"); // reserves 300 → 100 left
    expect(slept).toEqual([]);
    await governor.acquire("a", "Q"); // needs 200 more → 2 s
    expect(slept).toEqual([2000]);
  });

  it("plans for the dearest form of a document whose cost varies with its switches", async () => {
    const { governor, slept } = setup();
    (await governor.acquire("a", "State"))({ requestedQueryCost: 50, throttleStatus: status(100) });
    (await governor.acquire("a", "State"))({ requestedQueryCost: 20, throttleStatus: status(40) });
    await governor.acquire("a", "State");
    // 50 needed (not the last 20), 40 available: 10 points at 100/s.
    expect(slept).toEqual([100]);
  });

  it("re-checks while waiting, so room freed by a settling call is used at once", async () => {
    let t = 0;
    const slept: number[] = [];
    const governor = new ShopifyCostGovernor({
      recheckMs: 250,
      now: () => t,
      sleep: async (ms) => void (slept.push(ms), (t += ms)),
    });
    (await governor.acquire("a", "Q"))({ requestedQueryCost: 400, throttleStatus: status(100) });
    const first = await governor.acquire("a", "Q").then(() => slept.length);
    expect(first).toBeGreaterThan(1);
    expect(Math.max(...slept)).toBeLessThanOrEqual(250);
  });

  it("refuses, without waiting, a query dearer than the shop's whole bucket (it could never run)", async () => {
    const { governor, slept } = setup();
    // Shopify's answer told us the query requests 1,200 points of a 1,000-point bucket.
    (await governor.acquire("a", "Huge"))({ requestedQueryCost: 1200, throttleStatus: status(1000) });
    const refusal = await governor.acquire("a", "Huge").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(QueryCostExceedsBucketError);
    expect((refusal as QueryCostExceedsBucketError).retryable).toBe(false);
    expect((refusal as Error).message).toMatch(/Huge requests 1200 cost points.*bucket \(1000\)/);
    expect(slept).toEqual([]);
    // Other operations of the shop still run.
    await governor.acquire("a", "Small");
  });

  it("keeps shops apart", async () => {
    const { governor, slept } = setup();
    (await governor.acquire("a", "Q"))({ requestedQueryCost: 500, throttleStatus: status(0) });
    await governor.acquire("b", "Q");
    expect(slept).toEqual([]);
  });

  it("names operations", () => {
    expect(operationNameOf("#graphql\n query OrderForReview($id: ID!) { x }")).toBe("OrderForReview");
    expect(operationNameOf("mutation OrderReviewState { x }")).toBe("OrderReviewState");
    expect(operationNameOf("{ shop { id } }")).toBe("anonymous");
  });
});
