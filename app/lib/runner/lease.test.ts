import { describe, expect, it } from "vitest";
import { LeaseKeeper, LeaseLostError } from "./lease";

function keeper(options: { renew?: () => Promise<boolean>; abortedBy?: AbortSignal; now?: () => number } = {}) {
  const lost: string[] = [];
  const lease = new LeaseKeeper({
    leaseMs: 9_000,
    claimedUntil: new Date(1_000_000 + 9_000),
    renew: options.renew ?? (async () => true),
    abortedBy: options.abortedBy,
    onLost: (reason) => lost.push(reason),
    now: options.now ?? (() => 1_000_000),
  });
  return { lease, lost };
}

describe("LeaseKeeper", () => {
  it("is lost when the queue aborts the job while the handler runs: external calls are refused", () => {
    const queue = new AbortController();
    const { lease, lost } = keeper({ abortedBy: queue.signal });
    lease.assertHeld();
    queue.abort();
    expect(lost).toEqual(["the queue no longer holds the job"]);
    expect(() => lease.assertHeld()).toThrow(LeaseLostError);
  });

  it("is not lost when the queue aborts the job after the handler ended (pg-boss settling a finished job)", () => {
    const queue = new AbortController();
    const { lease, lost } = keeper({ abortedBy: queue.signal });
    lease.stop();
    queue.abort();
    expect(lost).toEqual([]);
    expect(lease.signal.aborted).toBe(false);
  });

  it("is lost when a renewal finds the event taken by another worker", async () => {
    const { lease, lost } = keeper({ renew: async () => false });
    await lease.renewOnce();
    expect(lost).toEqual(["another worker took the event"]);
    expect(() => lease.assertHeld()).toThrow(/another worker took the event/);
  });

  it("refuses calls once no renewal has been confirmed for two thirds of the lease", async () => {
    let now = 1_000_000;
    const { lease, lost } = keeper({ renew: () => Promise.reject(new Error("database busy")), now: () => now });
    await lease.renewOnce();
    now += 5_000;
    lease.assertHeld();
    now += 1_500;
    expect(() => lease.assertHeld()).toThrow(/not confirmed in time/);
    expect(lost).toEqual([]);
  });
});
