import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_CAP_MS, withRetry } from "./retry";

describe("backoffDelay (full jitter)", () => {
  it("stays within [0, min(cap, base * 2^attempt)] and is a whole number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, capMs, r) => {
          const d = backoffDelay(attempt, { baseMs, capMs, random: () => r });
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          const bound = baseMs === 0 ? 0 : Math.min(capMs, baseMs * 2 ** attempt); // 0 * 2^1024 would be NaN
          expect(d).toBeLessThanOrEqual(bound);
        },
      ),
    );
  });

  it("grows exponentially until the cap (upper bound with random → 1)", () => {
    const top = (attempt: number) => backoffDelay(attempt, { baseMs: 100, capMs: 1000, random: () => 0.999999999 });
    expect([0, 1, 2, 3, 4, 5].map(top)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("is fully jittered: random 0 gives 0, and it scales linearly with random", () => {
    expect(backoffDelay(3, { baseMs: 100, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { baseMs: 100, capMs: 10_000, random: () => 0.5 })).toBe(400);
  });

  it("uses documented defaults and tolerates bad input", () => {
    expect(backoffDelay(0, { random: () => 0.5 })).toBe(Math.floor(DEFAULT_RETRY_BASE_MS / 2));
    expect(backoffDelay(100, { random: () => 0.5 })).toBe(DEFAULT_RETRY_CAP_MS / 2);
    expect(backoffDelay(-5, { baseMs: 100, random: () => 0.5 })).toBe(50);
    expect(backoffDelay(Number.NaN, { baseMs: 100, random: () => 0.5 })).toBe(50);
    expect(backoffDelay(1, { baseMs: 100, random: () => 7 })).toBe(200); // random clamped to 1
    expect(backoffDelay(5000, { baseMs: 0, random: () => 0.5 })).toBe(0); // not NaN (0 * 2^5000)
    expect(backoffDelay(2, { baseMs: Number.NaN, capMs: Number.NaN, random: () => 0.5 })).toBe(1000);
  });

  it("uses Math.random by default and varies", () => {
    const values = new Set(Array.from({ length: 50 }, () => backoffDelay(10, { baseMs: 1000, capMs: 1_000_000 })));
    expect(values.size).toBeGreaterThan(1);
  });
});

describe("withRetry", () => {
  const retryable = new Error("retryable");
  const fatal = new Error("fatal");

  it("returns the first success without sleeping", async () => {
    const sleeps: number[] = [];
    const result = await withRetry(async () => 42, {
      maxRetries: 3,
      isRetryable: () => true,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(result).toBe(42);
    expect(sleeps).toEqual([]);
  });

  it("retries retryable errors with backoff delays, then succeeds", async () => {
    const sleeps: number[] = [];
    const attempts: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 2) throw retryable;
        return "ok";
      },
      {
        maxRetries: 2,
        baseMs: 100,
        capMs: 10_000,
        random: () => 0.5,
        isRetryable: (e) => e === retryable,
        sleep: async (ms) => void sleeps.push(ms),
      },
    );
    expect(result).toBe("ok");
    expect(attempts).toEqual([0, 1, 2]);
    expect(sleeps).toEqual([50, 100]);
  });

  it("gives up after maxRetries + 1 attempts with the last error", async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw retryable;
        },
        { maxRetries: 3, isRetryable: () => true, sleep: async () => {} },
      ),
    ).rejects.toBe(retryable);
    expect(calls).toBe(4);
  });

  it("does not retry non-retryable errors", async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw fatal;
        },
        { maxRetries: 5, isRetryable: (e) => e === retryable, sleep: async () => {} },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it("waits at least the server-requested Retry-After, and gives up when it is too long", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw retryable;
        return true;
      },
      {
        maxRetries: 1,
        baseMs: 10,
        random: () => 0,
        isRetryable: () => true,
        retryAfterMs: () => 1234,
        sleep: async (ms) => void sleeps.push(ms),
      },
    );
    expect(sleeps).toEqual([1234]);

    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw retryable;
        },
        {
          maxRetries: 3,
          isRetryable: () => true,
          retryAfterMs: () => 120_000,
          maxRetryAfterMs: 60_000,
          sleep: async () => {},
        },
      ),
    ).rejects.toBe(retryable);
    expect(calls).toBe(1);
  });

  it("reports each retry through onRetry", async () => {
    const seen: Array<{ attempt: number; delayMs: number }> = [];
    await expect(
      withRetry(async () => Promise.reject(retryable), {
        maxRetries: 2,
        baseMs: 8,
        random: () => 0.5,
        isRetryable: () => true,
        sleep: async () => {},
        onRetry: ({ attempt, delayMs }) => seen.push({ attempt, delayMs }),
      }),
    ).rejects.toBe(retryable);
    expect(seen).toEqual([
      { attempt: 0, delayMs: 4 },
      { attempt: 1, delayMs: 8 },
    ]);
  });

  it("really sleeps with the default sleep", async () => {
    const started = Date.now();
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw retryable;
        return true;
      },
      { maxRetries: 1, baseMs: 60, capMs: 60, random: () => 0.999, isRetryable: () => true },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });
});
