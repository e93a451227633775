/**
 * A circuit breaker per shop for calls to Apruvd. When one shop's calls keep failing
 * (network errors, timeouts, 5xx), its further calls fail at once for a while instead of
 * tying up worker slots in timeouts, so other shops' orders keep flowing. After the pause
 * one trial call goes through; success closes the circuit, failure doubles the pause.
 */

export interface BreakerOptions {
  failureThreshold?: number;
  openMs?: number;
  maxOpenMs?: number;
  now?: () => number;
  /** Told when a circuit opens (with the last failure) or closes; e.g. to show the merchant why. */
  onChange?: (key: string, open: boolean, reason: string | null) => void;
}

interface State {
  failures: number;
  openUntil: number;
  pauseMs: number;
  trialInFlight: boolean;
}

/** Thrown instead of calling while the circuit is open; the worker waits `retryAfterMs`. */
export class CircuitOpenError extends Error {
  override name = "CircuitOpenError";
  readonly code = "ECIRCUITOPEN";
  readonly retryable = true;
  constructor(readonly retryAfterMs: number) {
    super(`Apruvd calls paused for this shop after repeated failures; next try in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

export class CircuitBreaker {
  private readonly states = new Map<string, State>();
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly maxOpenMs: number;
  private readonly now: () => number;
  private readonly onChange?: BreakerOptions["onChange"];

  constructor(options: BreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 15_000;
    // Capped at a minute: after a long outage the backlog starts draining within a minute of recovery.
    this.maxOpenMs = options.maxOpenMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
  }

  private state(key: string): State {
    let state = this.states.get(key);
    if (!state) {
      state = { failures: 0, openUntil: 0, pauseMs: this.openMs, trialInFlight: false };
      this.states.set(key, state);
    }
    return state;
  }

  isOpen(key: string): boolean {
    return this.state(key).openUntil > this.now();
  }

  /** Throws CircuitOpenError when calls for `key` must not be made now. */
  admit(key: string): void {
    const state = this.state(key);
    const now = this.now();
    if (state.openUntil > now) throw new CircuitOpenError(state.openUntil - now);
    if (state.failures >= this.failureThreshold) {
      // Pause over: one trial call at a time.
      if (state.trialInFlight) throw new CircuitOpenError(Math.min(1000, state.pauseMs));
      state.trialInFlight = true;
    }
  }

  recordSuccess(key: string): void {
    const state = this.state(key);
    const wasOpen = state.failures >= this.failureThreshold;
    state.failures = 0;
    state.pauseMs = this.openMs;
    state.openUntil = 0;
    state.trialInFlight = false;
    if (wasOpen) this.onChange?.(key, false, null);
  }

  recordFailure(key: string, reason: string): void {
    const state = this.state(key);
    const wasTrial = state.trialInFlight;
    state.trialInFlight = false;
    state.failures++;
    if (state.failures < this.failureThreshold) return;
    if (wasTrial) state.pauseMs = Math.min(this.maxOpenMs, state.pauseMs * 2);
    const opening = state.openUntil <= this.now();
    state.openUntil = this.now() + state.pauseMs;
    if (opening) this.onChange?.(key, true, reason);
  }

  /** A fetch for `key` that goes through the breaker: failures are network errors and 5xx answers. */
  wrapFetch(key: string, inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      this.admit(key);
      let response: Response;
      try {
        response = await inner(input, init);
      } catch (error) {
        this.recordFailure(key, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        throw error;
      }
      if (response.status >= 500) this.recordFailure(key, `HTTP ${response.status}`);
      else this.recordSuccess(key);
      return response;
    };
  }
}
