/**
 * The app's Apruvd clients for a shop, made by the one factory (./client-factory.ts) with
 * the app's configuration. The base URL and auth mode are read for every client made (the
 * local stack and the fault tests point APRUVD_API_URL elsewhere while the app runs); the
 * worker's circuit breaker and token cache are created once by whoever starts the worker
 * and passed in.
 */
import type { PrismaClient } from "@prisma/client";
import { config } from "../../platform/config/config.server";
import { logger } from "../../platform/logger.server";
import type { TokenCache } from "./access-tokens";
import { CircuitBreaker } from "./circuit-breaker";
import type { ApruvdClient, ApruvdCredentials } from "./client";
import { createApruvdClient, type ApruvdClientFactory, type MerchantCaller } from "./client-factory";

export function apruvdBaseUrl(): string {
  return config().apruvd.apiUrl;
}

/**
 * The worker's circuit breaker (one circuit per shop, APRUVD_BREAKER_FAILURES and
 * APRUVD_BREAKER_OPEN_MS), recording open and closed circuits on the shop's settings,
 * where the merchant's pages show them.
 */
export function createWorkerBreaker(prisma: PrismaClient): CircuitBreaker {
  const { breakerFailures, breakerOpenMs } = config().apruvd;
  return new CircuitBreaker({
    failureThreshold: breakerFailures,
    openMs: breakerOpenMs,
    onChange: (shop, open, reason) => {
      logger.warn(open ? "apruvd circuit opened" : "apruvd circuit closed", { shop, reason });
      prisma.shopSettings
        .updateMany({
          where: { shop },
          data: open
            ? { apruvdUnavailableSince: new Date(), apruvdLastError: reason?.slice(0, 500) ?? null }
            : { apruvdUnavailableSince: null },
        })
        .catch((error: unknown) =>
          logger.error("could not record the Apruvd circuit state", { shop, error: String(error) }),
        );
    },
  });
}

/** The worker's client for a shop's call, sharing the breaker and token cache it is given. */
export function workerApruvdClients(shared: {
  breaker: CircuitBreaker;
  tokenCache: TokenCache;
  /** The worker's fetch (it checks the event's lease before each request: app/lib/runner/lease.ts). */
  fetch?: typeof fetch;
}): (shop: string, credentials: ApruvdCredentials) => ApruvdClient {
  return (shop, credentials) =>
    createApruvdClient({
      caller: "worker",
      shop,
      credentials,
      baseUrl: apruvdBaseUrl(),
      auth: config().apruvd.auth,
      ...shared,
    });
}

/** The merchant pages' clients (Basic auth, no breaker; see ./client-factory.ts). */
export function merchantApruvdClients(caller: MerchantCaller["caller"]): ApruvdClientFactory {
  return (credentials) => createApruvdClient({ caller, credentials, baseUrl: apruvdBaseUrl() });
}
