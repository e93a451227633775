/**
 * The one way the app makes an Apruvd client. Each caller names itself, and its policy
 * (auth, timeout, retries, circuit breaker) is set here, so the differences between the
 * callers are deliberate and seen in one place:
 *
 * | caller        | auth                          | timeout / retries | circuit breaker |
 * | ------------- | ----------------------------- | ----------------- | --------------- |
 * | `worker`      | APRUVD_AUTH (default OAuth)   | 15 s / 2          | yes, per shop   |
 * | `chargebacks` | Basic                         | 20 s / 1          | no              |
 * | `onboarding`  | Basic                         | 15 s / 2          | no              |
 *
 * The breaker and the token cache are the worker's, created once by whoever starts it
 * (runner/background.server.ts) and passed in; nothing here is kept between calls.
 */
import type { TokenCache } from "./access-tokens";
import type { CircuitBreaker } from "./circuit-breaker";
import { ApruvdClient, type ApruvdClientOptions, type ApruvdCredentials } from "./client";

/** Makes a client for one set of API keys: what the merchant modules take (tests pass their own). */
export type ApruvdClientFactory = (credentials: ApruvdCredentials) => ApruvdClient;

interface EveryCaller {
  credentials: ApruvdCredentials;
  /** APRUVD_API_URL, or https://app.apruvd.com. */
  baseUrl: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

/**
 * The inbox worker, sending one shop's orders in the background.
 * - OAuth by default, with the process's token cache: a burst of orders costs one token
 *   request per account, not one Basic check per call.
 * - Through the shop's circuit: when one shop's calls keep failing, its further calls fail
 *   at once (the worker retries the job later) instead of tying up worker slots in
 *   timeouts, so other shops' orders keep flowing.
 * - The client's default timeout and retries: the worker retries the whole job later anyway.
 */
export interface WorkerCaller extends EveryCaller {
  caller: "worker";
  /** The circuit the calls go through. */
  shop: string;
  auth: "oauth" | "basic";
  breaker: CircuitBreaker;
  tokenCache: TokenCache;
}

/**
 * A merchant waiting on a page. Basic auth (one call, nothing to cache) and no circuit
 * breaker, as before this factory existed. The breaker is the worker's: a merchant's own
 * calls neither open it (a wrong key typed during onboarding would otherwise pause the
 * shop's order reviews) nor are refused by it (the merchant sees Apruvd's own answer, such
 * as "invalid or disabled credentials", rather than "calls paused").
 * - `chargebacks`: up to four files of 10 MB go up with a claim, so each attempt may take
 *   20 s, and it is tried at most twice so that the page answers within about 40 s.
 * - `onboarding`: the connection test and settings re-sync (registering callbacks is the
 *   real call that checks the keys), with the client's default timeout and retries.
 */
export interface MerchantCaller extends EveryCaller {
  caller: "chargebacks" | "onboarding";
}

export type CreateApruvdClientOptions = WorkerCaller | MerchantCaller;

const MERCHANT_POLICIES: Record<
  MerchantCaller["caller"],
  Pick<ApruvdClientOptions, "auth" | "timeoutMs" | "maxRetries">
> = {
  chargebacks: { auth: "basic", timeoutMs: 20_000, maxRetries: 1 },
  onboarding: { auth: "basic" },
};

export function createApruvdClient(options: CreateApruvdClientOptions): ApruvdClient {
  const { credentials, baseUrl } = options;
  if (options.caller === "worker") {
    const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    return new ApruvdClient({
      baseUrl,
      credentials,
      auth: options.auth,
      tokenCache: options.tokenCache,
      fetch: options.breaker.wrapFetch(options.shop, fetch),
    });
  }
  return new ApruvdClient({ baseUrl, credentials, fetch: options.fetch, ...MERCHANT_POLICIES[options.caller] });
}
