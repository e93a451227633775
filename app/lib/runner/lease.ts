import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A worker's hold on one inbox event, kept short and renewed while the handler runs, so
 * that a crashed worker's events are taken over within seconds (issue 12) while a live
 * worker keeps its event for as long as the work takes.
 *
 * Both runners (the SQLite lease worker and pg-boss) run each handler under a
 * LeaseKeeper. It renews the lease every third of its length with a fenced write (only
 * while the row is still this worker's); the lease is lost when a renewal finds the row
 * taken by another worker, or when no renewal has been confirmed for long enough that the
 * lease may have run out. From then on every external call of the handler refuses to go
 * out (`assertLeaseHeld`, called by the worker's Apruvd fetch and Admin GraphQL function
 * and by the submission step), so one event never does external work in two workers at
 * once. What a call already in flight does is covered by the submission's own record
 * (app/lib/review/submission.server.ts).
 */

/** Thrown instead of making an external call once the event's lease is lost. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  /** Another worker has (or may have) the event: retrying is right, and it costs nothing. */
  readonly retryable = true;
}

export interface Lease {
  /** Aborted when the lease is known to be lost. */
  readonly signal: AbortSignal;
  /** Throws LeaseLostError unless the lease is held with a safe margin left. */
  assertHeld(): void;
}

export interface LeaseKeeperOptions {
  leaseMs: number;
  /** Extends the lease to `until` if the event is still this worker's; false when another worker has it. */
  renew: (until: Date) => Promise<boolean>;
  /** The lease as claimed: valid until then. */
  claimedUntil: Date;
  /** Aborts the lease from outside (pg-boss's job signal: its own heartbeat found the job gone). */
  abortedBy?: AbortSignal;
  onLost?: (reason: string) => void;
  now?: () => number;
}

export class LeaseKeeper implements Lease {
  private readonly controller = new AbortController();
  private readonly options: LeaseKeeperOptions;
  private readonly now: () => number;
  private confirmedUntil: number;
  private timer: NodeJS.Timeout | undefined;
  private renewing = false;
  /** The handler has ended: the event is no longer ours to lose (pg-boss aborts a finished job's signal). */
  private ended = false;

  constructor(options: LeaseKeeperOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.confirmedUntil = options.claimedUntil.getTime();
    options.abortedBy?.addEventListener("abort", () => this.lose("the queue no longer holds the job"), { once: true });
    if (options.abortedBy?.aborted) this.lose("the queue no longer holds the job");
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** How often the lease is renewed: a third of its length, so two renewals may fail before it is at risk. */
  get renewEveryMs(): number {
    return Math.max(1, Math.floor(this.options.leaseMs / 3));
  }

  start(): this {
    this.timer = setInterval(() => void this.renewOnce(), this.renewEveryMs);
    this.timer.unref();
    return this;
  }

  /** The handler has ended: no more renewals, and nothing that happens to the job afterwards counts as a loss. */
  stop(): void {
    this.ended = true;
    this.stopRenewing();
  }

  private stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  assertHeld(): void {
    if (this.controller.signal.aborted)
      throw new LeaseLostError(`Lease lost: ${String(this.controller.signal.reason)}`);
    // Leave a third of the lease for the call itself to start: past this point another
    // worker could take the event over before our request goes out.
    if (this.now() > this.confirmedUntil - this.renewEveryMs) {
      throw new LeaseLostError("Lease not confirmed in time (renewals failing)");
    }
  }

  /** One renewal (the timer calls it; tests may too). */
  async renewOnce(): Promise<void> {
    if (this.renewing || this.controller.signal.aborted) return;
    this.renewing = true;
    try {
      const until = this.now() + this.options.leaseMs;
      if (await this.options.renew(new Date(until))) this.confirmedUntil = until;
      else this.lose("another worker took the event");
    } catch {
      // A renewal that could not run says nothing about the lease: assertHeld() refuses
      // calls once the last confirmed renewal is too old.
    } finally {
      this.renewing = false;
    }
  }

  private lose(reason: string): void {
    if (this.ended || this.controller.signal.aborted) return;
    this.stopRenewing();
    this.controller.abort(reason);
    this.options.onLost?.(reason);
  }
}

const currentLease = new AsyncLocalStorage<Lease>();

/** Runs `work` (an event's handler) under `lease`: its external calls check the lease first. */
export function runUnderLease<T>(lease: Lease, work: () => Promise<T>): Promise<T> {
  return currentLease.run(lease, work);
}

/** Throws LeaseLostError if the code runs for an event whose lease is lost; outside a handler, does nothing. */
export function assertLeaseHeld(): void {
  currentLease.getStore()?.assertHeld();
}

/** A fetch that checks the lease before each request (every attempt of a client's retries). */
export function leaseGuardedFetch(inner: typeof fetch = (input, init) => globalThis.fetch(input, init)): typeof fetch {
  return (input, init) => {
    try {
      assertLeaseHeld();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return inner(input, init);
  };
}
