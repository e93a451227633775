import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP, type LocalStack, startLocalStack } from "../../sandbox/local-stack";
import { generateOrder, generateOrders, type OrderVariant } from "../../sandbox/shopify/orders";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { sleep, waitFor } from "../../sandbox/harness/utilities";
import { countUndecided, FAULTS_BUILD_PATH, type InstalledShop, reviewedOnceProblems } from "../support/fault-helpers";

/**
 * "Never lose an order" when Shopify throttles: the smallest bucket Shopify gives a shop
 * (1,000 points) refilling at half the standard rate (50/s), while one OrderForReview query
 * asks for ~630 (a bucket smaller than one query could never serve it), another consumer of the same app's
 * bucket spending points behind the app's back (so the app's own pacing is wrong and
 * Shopify answers THROTTLED), and HTTP 429s injected with faults.throttleNext. Every
 * order still ends reviewed with every write-back done exactly once: its tags, one hold
 * of ours per fulfillment order, and the risk assessments [PENDING, LOW|HIGH].
 *
 * Fails without: treating THROTTLED (HTTP 200 with an error) and 429 as retryable (the
 * event would be parked or the order left half written), and write-backs that check
 * what is already written (a doubled risk assessment or hold).
 */

let stack: LocalStack;
let installed: InstalledShop;
const VARIANTS: OrderVariant[] = [
  "card-ordinary",
  "card-approve",
  "card-decline",
  "multi-fulfillment-orders",
  "discount-percent",
];
const ORDERS = 10;

/** The test's own spending of the bucket (not the app's). */
const NOISE = "Noise";
const firstAttempts = new Set<string>();
let targeted429s = 0;

/**
 * The app reaches the simulator through the global fetch it finds when the build loads
 * (app/lib/clients/shopify/local-admin-origin.server.ts). Wrapped here, before the build loads:
 * the first attempt of each write-back asks the simulator to answer it 429 (a fault of the
 * simulator's own, recorded in its calls log). Everything is still sent to the simulator.
 */
function throttleFirstWriteBacks(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (stack && url.startsWith(stack.shopify.url) && typeof init?.body === "string") {
      try {
        const { query, variables } = JSON.parse(init.body) as { query?: string; variables?: unknown };
        const operation = /\bmutation\s+(\w+)/.exec(query ?? "")?.[1];
        const key = `${operation}:${JSON.stringify(variables)}`;
        // Every mutation the app sends is a write-back (holds, releases, tags, risk, notes).
        if (operation && operation !== NOISE && !firstAttempts.has(key)) {
          firstAttempts.add(key);
          targeted429s++;
          stack.shopify.faults.throttleNext(1);
        }
      } catch {
        // not a GraphQL body: leave it alone
      }
    }
    return realFetch(input, init);
  };
}

beforeAll(async () => {
  throttleFirstWriteBacks();
  stack = await startLocalStack({
    useEnvDatabase: true,
    buildPath: FAULTS_BUILD_PATH,
    apruvd: { reviewDelayMs: 100, callbackRetryDelaysMs: [200, 500, 1000, 2000, 4000, 8000] },
    shopify: { throttle: { maximumAvailable: 1000, restoreRate: 50 } },
    retryBaseMs: 100,
    retryCapMs: 2000,
  });
  installed = await stack.installShop(DEFAULT_SHOP);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** Another consumer of the app's bucket (e.g. the embedded pages): a mutation of `aliases` × 10 points on a decoy order. */
async function spend(decoy: StoreOrder, aliases: number): Promise<boolean> {
  const fields = Array.from(
    { length: aliases },
    (_, i) => `t${i}: tagsAdd(id: "${decoy.id}", tags: ["noise-${i}"]) { userErrors { message } }`,
  ).join("\n");
  const response = await stack.shopify.graphql(DEFAULT_SHOP, `mutation ${NOISE} {\n${fields}\n}`);
  const errors = response.body.errors;
  return !(Array.isArray(errors) && errors.some((e) => e.extensions?.code === "THROTTLED"));
}

describe("Shopify throttling", () => {
  it("every order is reviewed and fully written back; THROTTLED and 429 answers are retried", async () => {
    const decoy = stack.shopify.createOrder(DEFAULT_SHOP, generateOrder("card-ordinary", 99, 0));
    const specs = generateOrders(ORDERS, {
      seed: 31337,
      variants: VARIANTS,
      startAt: Date.now() - 3_600_000,
      spacingMs: 1000,
    });
    const orders: StoreOrder[] = [];
    const statuses: number[] = [];

    // 429s for the first Admin calls; orders in bursts while the noisy neighbour spends.
    stack.shopify.faults.throttleNext(4);
    for (let burst = 0; burst < ORDERS / 5; burst++) {
      const placed = await Promise.all(
        specs.slice(burst * 5, burst * 5 + 5).map((spec) => stack.placeOrder(DEFAULT_SHOP, spec)),
      );
      for (const { order, status } of placed) {
        orders.push(order);
        statuses.push(status);
      }
      await sleep(700);
      await spend(decoy, 25);
    }
    expect(statuses).toEqual(Array(ORDERS).fill(200));

    // Bounded: a few more spends while the backlog drains, then let it finish.
    for (let i = 0; i < 2 && countUndecided(stack.shopify, DEFAULT_SHOP, orders) > 0; i++) {
      await sleep(1500);
      await spend(decoy, 20);
    }
    const drainStarted = Date.now();
    // Reported, not asserted: how long the bucket sat (nearly) full while orders were waiting.
    let idleFullMs = 0;
    let lastSample = Date.now();
    const done = await waitFor(
      () => {
        const undecided = countUndecided(stack.shopify, DEFAULT_SHOP, orders);
        const status = stack.shopify.throttleStatus(DEFAULT_SHOP);
        const now = Date.now();
        if (undecided > 0 && status.currentlyAvailable >= 0.9 * status.maximumAvailable) idleFullMs += now - lastSample;
        lastSample = now;
        return undecided === 0;
      },
      150_000,
      250,
    );
    expect(done, `${countUndecided(stack.shopify, DEFAULT_SHOP, orders)} of ${ORDERS} orders not decided`).toBe(true);
    console.info(
      `throttling: backlog drained ${((Date.now() - drainStarted) / 1000).toFixed(1)} s after the last burst; ` +
        `${(idleFullMs / 1000).toFixed(1)} s of it with the bucket at least 90% full while orders waited`,
    );
    await stack.apruvd.idle();
    await stack.waitUntil(
      async () =>
        (await stack.prisma.inboxEvent.count({ where: { shop: DEFAULT_SHOP, status: { not: "done" } } })) === 0,
      20_000,
    );

    const calls = stack.shopify.calls().filter((c) => c.shop === DEFAULT_SHOP);
    const throttled = calls.filter((c) => c.throttled || c.errorCodes.includes("THROTTLED"));
    const tooMany = calls.filter((c) => c.status === 429);
    console.info(
      `throttling: ${calls.length} Admin calls, ${throttled.length} THROTTLED (${[...new Set(throttled.map((c) => c.operationName))].join(", ")}), ${tooMany.length} HTTP 429 (${targeted429s} aimed at write-backs, ${tooMany.filter((c) => c.kind === "mutation").length} hit mutations)`,
    );
    expect(tooMany.length, "429 answers happened").toBeGreaterThan(0);
    const writeBacks = new Set(
      calls.filter((c) => c.kind === "mutation" && c.operationName !== NOISE).map((c) => c.operationName),
    );
    const writeBack429s = new Set(
      tooMany.filter((c) => c.kind === "mutation" && c.operationName !== NOISE).map((c) => c.operationName),
    );
    expect(writeBacks.size, "the app wrote back").toBeGreaterThan(0);
    expect(writeBack429s, "every kind of write-back was answered 429 at least once").toEqual(writeBacks);
    expect(
      throttled.filter((c) => c.operationName !== NOISE).length,
      "the app itself was answered THROTTLED",
    ).toBeGreaterThan(0);
    // Retried: every operation that was throttled later succeeded.
    for (const name of new Set(throttled.map((c) => c.operationName).filter((n) => n !== NOISE))) {
      const last = calls.filter((c) => c.operationName === name).at(-1);
      expect(last?.throttled === false && last.status === 200, `${name} succeeded after being throttled`).toBe(true);
    }

    const problems = await reviewedOnceProblems({
      prisma: stack.prisma,
      apruvd: stack.apruvd,
      shopify: stack.shopify,
      shop: DEFAULT_SHOP,
      apruvdAccount: installed.apruvdCredentials.keyId,
      orders,
      exactRiskHistory: true,
    });
    expect(problems).toEqual([]);
    const parked = await stack.prisma.inboxEvent.count({ where: { status: "failed" } });
    expect(parked, "no event parked as failed").toBe(0);
  }, 240_000);
});
