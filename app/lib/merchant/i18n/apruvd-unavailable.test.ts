import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitOpenError } from "../../clients/apruvd/circuit-breaker";
import {
  ApruvdConnectionError,
  ApruvdRateLimitError,
  ApruvdServerError,
  ApruvdTimeoutError,
} from "../../clients/apruvd/errors";
import { outageCauseOf, retryLineOf } from "./apruvd-unavailable";
import { translate } from "./translate";

/** The reason the breaker records when it opens on `inner`'s failures. */
async function reasonOfOpening(inner: typeof fetch): Promise<string> {
  let reason: string | null = null;
  const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 60_000, onChange: (_k, _open, r) => (reason = r) });
  await breaker
    .wrapFetch(
      "shop",
      inner,
    )("http://apruvd.invalid")
    .catch(() => undefined);
  if (reason === null) throw new Error("the circuit did not open");
  return reason;
}

describe("why Apruvd could not be used, in the merchant's words", () => {
  it("a retried submission's history line names the kind of failure, not the error's text", () => {
    expect(retryLineOf(new ApruvdConnectionError({ causeCode: "ECONNREFUSED" }))).toEqual({
      key: "history.retryUnreachable",
    });
    expect(retryLineOf(new ApruvdTimeoutError({ timeoutMs: 10_000 }))).toEqual({ key: "history.retryTimeout" });
    expect(retryLineOf(new ApruvdRateLimitError({ status: 429 }))).toEqual({ key: "history.retryRateLimited" });
    expect(retryLineOf(new ApruvdServerError({ status: 503 }))).toEqual({
      key: "history.retryServerError",
      params: { status: 503 },
    });
    expect(retryLineOf(new CircuitOpenError(30_000))).toEqual({ key: "history.retryPaused" });
    // Anything else keeps its text.
    expect(retryLineOf(new Error("something else"))).toEqual({
      key: "history.retry",
      params: { reason: "something else" },
    });
  });

  it("the outage banner's cause comes from the breaker's own reasons", async () => {
    const refused = await reasonOfOpening(() => Promise.reject(new TypeError("fetch failed")));
    expect(outageCauseOf(refused)).toEqual({ key: "dashboard.outage.cause.unreachable" });
    const timedOut = await reasonOfOpening(() =>
      Promise.reject(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
    );
    expect(outageCauseOf(timedOut)).toEqual({ key: "dashboard.outage.cause.timeout" });
    const serverError = await reasonOfOpening(() => Promise.resolve(new Response("down", { status: 502 })));
    expect(outageCauseOf(serverError)).toEqual({ key: "dashboard.outage.cause.serverError", params: { status: 502 } });
    expect(outageCauseOf("LeaseLostError: lease lost")).toEqual({
      key: "dashboard.outage.lastError",
      params: { error: "LeaseLostError: lease lost" },
    });
  });

  it("reads in English and French without the technical text", () => {
    const cause = outageCauseOf("HTTP 503");
    const params = "params" in cause ? cause.params : undefined;
    expect(translate("en", cause.key, params)).toBe("Apruvd answers with a server error (HTTP 503).");
    expect(translate("fr", cause.key, params)).toBe("Apruvd répond par une erreur de serveur (HTTP 503).");
    expect(translate("fr", "history.retryUnreachable")).toBe(
      "Apruvd n’a pas pu être joint ; l’application réessaiera automatiquement.",
    );
  });
});
