/**
 * Paces Admin GraphQL calls per shop so that they are not throttled. Shopify admits a
 * query only when its whole *requested* cost is available in the shop's leaky bucket and
 * answers THROTTLED otherwise (HTTP 200, not retried by the library). Every answer tells
 * us the bucket's state (extensions.cost.throttleStatus); from it we estimate what is
 * available now, reserve the next call's cost, and wait when it would not fit.
 */

export interface CostExtension {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface Bucket {
  available: number;
  maximum: number;
  restoreRate: number;
  at: number;
  reserved: number;
}

export interface CostGovernorOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Cost assumed for an operation never seen before (Shopify's single-query ceiling is 1000). */
  unknownOperationCost?: number;
  /** Longest single sleep while waiting for room. */
  recheckMs?: number;
}

/**
 * A query whose requested cost is more than the shop's whole bucket: Shopify would
 * answer THROTTLED however long we waited, so waiting would hide a query that must be
 * made cheaper (fewer `first:` items, fewer fields). Not retryable.
 */
export class QueryCostExceedsBucketError extends Error {
  override name = "QueryCostExceedsBucketError";
  readonly retryable = false;
  constructor(
    readonly operation: string,
    readonly requestedCost: number,
    readonly bucketMaximum: number,
  ) {
    super(
      `${operation} requests ${requestedCost} cost points, more than the shop's whole Admin API bucket (${bucketMaximum}): Shopify can never run it`,
    );
  }
}

export class ShopifyCostGovernor {
  private readonly buckets = new Map<string, Bucket>();
  private readonly costs = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly unknownCost: number;
  private readonly recheckMs: number;

  constructor(options: CostGovernorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.unknownCost = options.unknownOperationCost ?? 50;
    this.recheckMs = options.recheckMs ?? 250;
  }

  private estimate(bucket: Bucket): number {
    const restored = bucket.available + (bucket.restoreRate * (this.now() - bucket.at)) / 1000;
    return Math.min(bucket.maximum, restored) - bucket.reserved;
  }

  /** How long the next call of `operation` would have to wait now (0 if it fits); throws if it can never fit. */
  waitFor(shop: string, operation: string): number {
    const bucket = this.buckets.get(shop);
    if (!bucket) return 0;
    const cost = this.costs.get(operation) ?? this.unknownCost;
    if (cost > bucket.maximum) throw new QueryCostExceedsBucketError(operation, cost, bucket.maximum);
    const missing = cost - this.estimate(bucket);
    return missing > 0 ? Math.ceil((missing / bucket.restoreRate) * 1000) : 0;
  }

  /** Waits until the call fits, reserves its cost, and returns the function to call with the answer's cost. */
  async acquire(shop: string, operation: string): Promise<(cost: CostExtension | undefined) => void> {
    // Re-check often: a reservation settling (or a fresher bucket reading) can free room early.
    for (let wait = this.waitFor(shop, operation); wait > 0; wait = this.waitFor(shop, operation)) {
      await this.sleep(Math.min(wait, this.recheckMs));
    }
    const bucket = this.buckets.get(shop);
    const reservation = bucket ? (this.costs.get(operation) ?? this.unknownCost) : 0;
    if (bucket) bucket.reserved += reservation;
    let settled = false;
    return (cost) => {
      if (settled) return;
      settled = true;
      const current = this.buckets.get(shop);
      if (current) current.reserved = Math.max(0, current.reserved - reservation);
      this.observe(shop, operation, cost);
    };
  }

  observe(shop: string, operation: string, cost: CostExtension | undefined): void {
    if (!cost) return;
    // One document costs more or less with its @include switches: plan for its dearest form.
    if (typeof cost.requestedQueryCost === "number") {
      this.costs.set(operation, Math.max(cost.requestedQueryCost, this.costs.get(operation) ?? 0));
    }
    const status = cost.throttleStatus;
    if (!status) return;
    const reserved = this.buckets.get(shop)?.reserved ?? 0;
    this.buckets.set(shop, {
      available: status.currentlyAvailable,
      maximum: status.maximumAvailable,
      restoreRate: status.restoreRate > 0 ? status.restoreRate : 50,
      at: this.now(),
      reserved,
    });
  }
}

/** The operation name of a document, e.g. "OrderForReview". */
export function operationNameOf(document: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
}
