/**
 * How a failed inbox event is judged, shared by both runners (the SQLite worker and the
 * pg-boss queue): outages and throttling are retried forever; a wait the failing service
 * named is honoured; anything else is a bug or bad data, parked after a while.
 */

/** Thrown by a handler to ask for a later retry at a chosen time (e.g. Shopify throttling). */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof RetryLaterError) return true;
  return Boolean(
    error && typeof error === "object" && "retryable" in error && (error as { retryable: unknown }).retryable === true,
  );
}

/** A wait the failing service asked for (Retry-After, Shopify's bucket refill, an open circuit), 0 if none. */
export function retryAfterOf(error: unknown): number {
  if (error instanceof RetryLaterError) return Math.max(0, error.delayMs);
  if (!error || typeof error !== "object") return 0;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  // Wrapped errors (e.g. the Apruvd client's connection error around an open circuit).
  return "cause" in error ? retryAfterOf((error as { cause?: unknown }).cause) : 0;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
