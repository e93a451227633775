import { describe, expect, it } from "vitest";
import { FailedLoginLimiter } from "./failed-login-limiter";

describe("FailedLoginLimiter", () => {
  const limits = { maxFailures: 3, windowMs: 60_000, maxKeys: 2 };

  it("locks a key after maxFailures within the window, until the window ends", () => {
    let now = 1_000_000;
    const limiter = new FailedLoginLimiter(
      () => limits,
      () => now,
    );
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds("k")).toBeNull();
      limiter.recordFailure("k");
    }
    expect(limiter.retryAfterSeconds("k")).toBe(60);
    now += 45_000;
    expect(limiter.retryAfterSeconds("k")).toBe(15);
    now += 15_000;
    expect(limiter.retryAfterSeconds("k")).toBeNull();
  });

  it("keeps at most maxKeys windows, dropping the one whose last failure is oldest", () => {
    const limiter = new FailedLoginLimiter(
      () => limits,
      () => 0,
    );
    for (let i = 0; i < 3; i++) limiter.recordFailure("a");
    for (let i = 0; i < 3; i++) limiter.recordFailure("b");
    limiter.recordFailure("c");
    expect(limiter.retryAfterSeconds("a")).toBeNull();
    expect(limiter.retryAfterSeconds("b")).not.toBeNull();
  });
});
