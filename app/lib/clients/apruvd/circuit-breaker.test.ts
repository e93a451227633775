import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitOpenError } from "./circuit-breaker";

function clockAt(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("CircuitBreaker", () => {
  it("opens after repeated failures and fails fast while open, per shop", async () => {
    const clock = clockAt();
    const changes: string[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 3,
      openMs: 10_000,
      now: clock.now,
      onChange: (k, open) => changes.push(`${k}:${open}`),
    });
    let calls = 0;
    const failing = breaker.wrapFetch("a", async () => {
      calls++;
      return new Response("down", { status: 503 });
    });
    for (let i = 0; i < 3; i++) expect((await failing("http://x")).status).toBe(503);
    await expect(failing("http://x")).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(3);
    expect(changes).toEqual(["a:true"]);
    // Another shop is not affected.
    const healthy = breaker.wrapFetch("b", async () => new Response("ok"));
    expect((await healthy("http://x")).status).toBe(200);
  });

  it("lets one trial through after the pause; success closes, failure doubles the pause", async () => {
    const clock = clockAt();
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 1000, now: clock.now });
    let status = 500;
    const fetchA = breaker.wrapFetch("a", async () => new Response("", { status }));
    await fetchA("http://x");
    try {
      await fetchA("http://x");
      expect.unreachable();
    } catch (error) {
      expect((error as CircuitOpenError).retryAfterMs).toBe(1000);
    }
    clock.advance(1001);
    await fetchA("http://x"); // trial fails
    await expect(fetchA("http://x")).rejects.toMatchObject({ retryAfterMs: 2000 });
    clock.advance(2001);
    status = 200;
    expect((await fetchA("http://x")).status).toBe(200);
    expect(breaker.isOpen("a")).toBe(false);
    expect((await fetchA("http://x")).status).toBe(200);
  });

  it("counts network errors as failures", async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2 });
    const refused = breaker.wrapFetch("a", async () => {
      throw new TypeError("fetch failed");
    });
    await expect(refused("http://x")).rejects.toThrow("fetch failed");
    await expect(refused("http://x")).rejects.toThrow("fetch failed");
    await expect(refused("http://x")).rejects.toBeInstanceOf(CircuitOpenError);
  });
});
