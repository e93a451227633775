import type { PrismaClient } from "@prisma/client";
import { logger } from "../../platform/logger.server";
import { CircuitBreaker } from "./circuit-breaker";
import { ApruvdClient, InMemoryTokenCache } from "./client";

/**
 * The Apruvd clients the worker uses: one per shop and call, sharing per process an OAuth
 * token cache (tokens obtained once with the API keys, refreshed before they expire) and
 * a circuit breaker per shop.
 */
const tokenCache = new InMemoryTokenCache();
const breakerOptions = () => ({
  failureThreshold: Number(process.env.APRUVD_BREAKER_FAILURES ?? 5),
  openMs: Number(process.env.APRUVD_BREAKER_OPEN_MS ?? 15_000),
});
let breaker = new CircuitBreaker(breakerOptions());

export function apruvdBaseUrl(): string {
  return process.env.APRUVD_API_URL || "https://app.apruvd.com";
}

/** Records open/closed circuits on the shop's settings, where the merchant's pages show them. */
export function reportBreakerChanges(prisma: PrismaClient): void {
  breaker = new CircuitBreaker({
    ...breakerOptions(),
    onChange: (shop, open, reason) => {
      logger.warn(open ? "apruvd circuit opened" : "apruvd circuit closed", { shop, reason });
      prisma.shopSettings
        .updateMany({
          where: { shop },
          data: open ? { apruvdUnavailableSince: new Date(), apruvdLastError: reason?.slice(0, 500) ?? null } : { apruvdUnavailableSince: null },
        })
        .catch((error: unknown) => logger.error("could not record the Apruvd circuit state", { shop, error: String(error) }));
    },
  });
}

export function apruvdClientFor(shop: string, credentials: { keyId: string; secret: string }): ApruvdClient {
  return new ApruvdClient({
    baseUrl: apruvdBaseUrl(),
    credentials,
    auth: process.env.APRUVD_AUTH === "basic" ? "basic" : "oauth",
    tokenCache,
    fetch: breaker.wrapFetch(shop, (input, init) => globalThis.fetch(input, init)),
  });
}
