/**
 * Failed callback logins, counted per shop key (the key in Apruvd's callback URL): after
 * `maxFailures` wrong credentials within `windowMs`, the key answers 429 until the window
 * ends, whatever credentials come with it, so a leaked URL cannot be used to guess the
 * password. Apruvd retries a callback it could not deliver, and the reconciliation sweep
 * polls reviews whose callback never came, so a locked key delays decisions, it loses none.
 *
 * Kept in the process's memory (per process, forgotten on restart), for at most `maxKeys`
 * keys: the oldest window is dropped first.
 */
export interface FailedLoginLimits {
  maxFailures: number;
  windowMs: number;
  maxKeys: number;
}

interface Window {
  startedAt: number;
  failures: number;
}

export class FailedLoginLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limitsNow: () => FailedLoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private get limits(): FailedLoginLimits {
    return this.limitsNow();
  }

  /** Seconds until `key` may try again, or null when it may try now. */
  retryAfterSeconds(key: string): number | null {
    const window = this.current(key);
    if (!window || window.failures < this.limits.maxFailures) return null;
    return Math.max(1, Math.ceil((window.startedAt + this.limits.windowMs - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const window = this.current(key) ?? { startedAt: this.now(), failures: 0 };
    window.failures++;
    // Re-inserted, so that the map's order is the order of last failure (oldest first).
    this.windows.delete(key);
    this.windows.set(key, window);
    while (this.windows.size > this.limits.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && this.now() - window.startedAt >= this.limits.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
