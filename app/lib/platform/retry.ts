/**
 * The one retry policy: exponential backoff with full jitter
 * (delay = random() * min(cap, base * 2^attempt)).
 *
 * Used by the Apruvd client for its short in-request retries, and by the
 * durable worker (with larger base/cap) for its long-running retries.
 */

export const DEFAULT_RETRY_BASE_MS = 500;
export const DEFAULT_RETRY_CAP_MS = 10_000;
/** A Retry-After longer than this is not waited for in-process; the error is thrown instead. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export interface BackoffOptions {
  /** Upper bound of the first delay (attempt 0). Default 500 ms. */
  baseMs?: number;
  /** Upper bound of any delay. Default 10 s. */
  capMs?: number;
  /** Random source in [0, 1). Default Math.random. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt + 1` (attempt 0 = the wait after the first failure):
 * a whole number of ms, uniformly in [0, min(capMs, baseMs * 2^attempt)].
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const baseMs = nonNegative(opts.baseMs, DEFAULT_RETRY_BASE_MS);
  const capMs = nonNegative(opts.capMs, DEFAULT_RETRY_CAP_MS);
  // Exponent capped so base * 2^n never becomes 0 * Infinity (NaN); overflow to Infinity is clipped by capMs.
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.min(Math.floor(attempt), 1000) : 0;
  const ceiling = Math.min(capMs, baseMs * 2 ** n);
  const r = (opts.random ?? Math.random)();
  const jitter = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(jitter * ceiling);
}

function nonNegative(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(0, value);
}

export interface RetryInfo {
  /** 0-based index of the attempt that failed. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (total attempts = maxRetries + 1). */
  maxRetries: number;
  /** Decides whether a failure may be retried. */
  isRetryable: (error: unknown, attempt: number) => boolean;
  /** Wait function (inject a zero-delay one in tests). Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Server-requested minimum wait for this error (e.g. Retry-After), in ms. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Retry-After above this gives up instead of waiting. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Called before each wait. */
  onRetry?: (info: RetryInfo) => void;
}

export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Run `fn`, retrying retryable failures with backoffDelay; rethrows the last error. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? defaultSleep;
  const maxRetries = Math.max(0, Math.floor(opts.maxRetries));
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= maxRetries || !opts.isRetryable(error, attempt)) throw error;
      const requested = opts.retryAfterMs?.(error);
      if (requested !== undefined && requested > maxRetryAfterMs) throw error;
      const delayMs = Math.max(backoffDelay(attempt, opts), requested ?? 0);
      opts.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
