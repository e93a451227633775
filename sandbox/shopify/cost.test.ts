import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "graphql";
import { adminSchema } from "./admin-schema";
import { ORDER_FOR_REVIEW_QUERY } from "../../app/lib/clients/shopify/graphql/order-for-review.query";
import { ORDER_REVIEW_STATE_MUTATION } from "../../app/lib/clients/shopify/graphql/write-back.mutations";

const TAGS_ADD_MUTATION = `mutation TagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { field message } } }`;
import { actualQueryCost, LeakyBucket, requestedQueryCost } from "./cost";
import { startShopifySimulator, type ShopifySimulator } from "./simulator";
import { generateOrder } from "./orders";

const schema = adminSchema();
const cost = (q: string, variables?: Record<string, unknown>) =>
  requestedQueryCost(schema, parse(q), undefined, variables);

describe("query cost (Shopify's documented rules)", () => {
  it("charges 0 for scalars, 1 per object, nothing for the root", () => {
    expect(cost(`{ shop { name currencyCode } }`)).toBe(1);
    expect(
      cost(
        `query($id: ID!) { order(id: $id) { id name totalPriceSet { shopMoney { amount } presentmentMoney { amount } } } }`,
      ),
    ).toBe(4);
  });

  it("charges connections 2 + first × (node + its children), also through variables and edges", () => {
    expect(cost(`{ orders(first: 10) { nodes { id } } }`)).toBe(2 + 10 * 1);
    expect(
      cost(
        `query($n: Int) { orders(first: $n) { edges { cursor node { id customer { id } } } pageInfo { hasNextPage } } }`,
        { n: 5 },
      ),
    ).toBe(2 + 5 * 2);
    expect(cost(`{ orders(last: 3) { nodes { id lineItems(first: 4) { nodes { id } } } } }`)).toBe(
      2 + 3 * (1 + (2 + 4 * 1)),
    );
  });

  it("charges unions and interfaces like objects, using the costliest member", () => {
    // Customer costs 1, PurchasingCompany 1 + company 1.
    expect(
      cost(
        `query($id: ID!) { order(id: $id) { purchasingEntity { __typename ... on PurchasingCompany { company { id } } } } }`,
      ),
    ).toBe(1 + 2);
  });

  it("charges 10 per mutation field", () => {
    expect(
      cost(
        `mutation { a: tagsAdd(id: "gid://shopify/Order/1", tags: ["x"]) { userErrors { message } } b: tagsRemove(id: "gid://shopify/Order/1", tags: ["x"]) { userErrors { message } } }`,
      ),
    ).toBe(20);
    expect(cost(TAGS_ADD_MUTATION)).toBe(10);
    // Each mutation field costs 10, whether or not it is switched off by @include.
    expect(cost(ORDER_REVIEW_STATE_MUTATION)).toBeGreaterThanOrEqual(10);
  });

  it("prices a review-sized order query by hand-checkable rules", () => {
    const q = `query($id: ID!) {
      order(id: $id) {                                   # 1
        id customAttributes { key value }                # 1
        totalPriceSet { shopMoney { amount } presentmentMoney { amount } }   # 3
        purchasingEntity { ... on PurchasingCompany { company { id } } }    # 2 (costliest member)
        discountApplications(first: 20) { nodes { value { __typename } } } # 2 + 20 × 2
        lineItems(first: 100) { nodes { id originalUnitPriceSet { presentmentMoney { amount } } product { id } } } # 2 + 100 × 4
        transactions(first: 50) { id amountSet { presentmentMoney { amount } } paymentDetails { __typename } }    # 50 × 4
        fulfillmentOrders(first: 20) { nodes { id supportedActions { action } fulfillmentHolds { id } } }        # 2 + 20 × 3
      }
    }`;
    expect(cost(q)).toBe(1 + 1 + 3 + 2 + 42 + 402 + 200 + 62);
  });

  it("keeps the app's OrderForReview under Shopify's single-query limit of 1000", () => {
    expect(cost(ORDER_FOR_REVIEW_QUERY)).toBeGreaterThan(100);
    expect(cost(ORDER_FOR_REVIEW_QUERY)).toBeLessThanOrEqual(1000);
  });

  it("computes the actual cost from what was returned", () => {
    const doc = parse(`{ orders(first: 10) { nodes { id customer { id } } } }`);
    expect(
      actualQueryCost(schema, doc, undefined, undefined, {
        orders: {
          nodes: [
            { id: "1", customer: { id: "c" } },
            { id: "2", customer: null },
          ],
        },
      }),
    ).toBe(2 + 2 + 1);
    expect(actualQueryCost(schema, doc, undefined, undefined, { orders: { nodes: [] } })).toBe(2);
  });

  it("leaks and restores a bucket over time", () => {
    let t = 0;
    const b = new LeakyBucket({ maximumAvailable: 100, restoreRate: 10 }, () => t);
    expect(b.tryTake(80)).toBe(true);
    expect(b.tryTake(30)).toBe(false);
    expect(b.currentlyAvailable()).toBe(20);
    t += 1000;
    expect(b.currentlyAvailable()).toBe(30);
    expect(b.tryTake(30)).toBe(true);
    t += 60_000;
    expect(b.currentlyAvailable()).toBe(100); // capped
  });
});

describe("throttling and faults over HTTP (injectable clock)", () => {
  const SHOP = "throttle-store.myshopify.com";
  let clock = Date.parse("2026-05-01T12:00:00Z");
  let sim: ShopifySimulator;
  let orderId: string;

  beforeAll(async () => {
    sim = await startShopifySimulator({ now: () => clock, throttle: { maximumAvailable: 50, restoreRate: 10 } });
    sim.seedShop(SHOP, { accessToken: "shpat_t" });
    orderId = sim.createOrder(SHOP, generateOrder("card-ordinary", 1)).id;
  });
  afterAll(() => sim.close());

  const tagsAdd = () => sim.graphql(SHOP, TAGS_ADD_MUTATION, { id: orderId, tags: ["t"] });

  it("answers THROTTLED (HTTP 200, nothing executed) when the requested cost exceeds what is available, and restores over time", async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await tagsAdd();
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.extensions?.cost).toEqual({
        requestedQueryCost: 10,
        actualQueryCost: 10,
        throttleStatus: { maximumAvailable: 50, currentlyAvailable: 40 - i * 10, restoreRate: 10 },
      });
    }
    const before = sim.order(SHOP, orderId).updatedAt;
    const throttled = await sim.graphql(
      SHOP,
      `mutation { tagsAdd(id: "${orderId}", tags: ["never"]) { userErrors { message } } }`,
    );
    expect(throttled.status).toBe(200);
    expect(throttled.body.data).toBeUndefined();
    expect(throttled.body.errors).toEqual([
      { message: "Throttled", extensions: expect.objectContaining({ code: "THROTTLED" }) },
    ]);
    expect(throttled.body.extensions?.cost).toMatchObject({
      requestedQueryCost: 10,
      actualQueryCost: null,
      throttleStatus: { currentlyAvailable: 0 },
    });
    expect(sim.order(SHOP, orderId).tags).not.toContain("never");
    expect(sim.order(SHOP, orderId).updatedAt).toBe(before);

    clock += 1000; // 10 points restored
    expect((await tagsAdd()).body.errors).toBeUndefined();

    // A query is judged by its *requested* cost (42 here), even though it would only use 3.
    clock += 2000; // 20 available
    const q = `{ orders(first: 40) { nodes { id } } }`;
    const early = await sim.graphql(SHOP, q);
    expect((early.body.errors as { extensions: { code: string } }[])[0].extensions.code).toBe("THROTTLED");
    clock += 2200; // 42 available
    const later = await sim.graphql(SHOP, q);
    expect(later.body.errors).toBeUndefined();
    expect(later.body.extensions?.cost).toEqual({
      requestedQueryCost: 42,
      actualQueryCost: 3,
      throttleStatus: { maximumAvailable: 50, currentlyAvailable: 39, restoreRate: 10 },
    });

    const records = sim.calls().filter((c) => c.shop === SHOP);
    expect(records.filter((c) => c.throttled).map((c) => c.operationName)).toEqual([null, null]);
    expect(records.filter((c) => c.throttled).map((c) => c.cost)).toEqual([10, 42]);
  });

  it("rejects a single query over the max cost with MAX_COST_EXCEEDED", async () => {
    const res = await sim.graphql(
      SHOP,
      `{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }`,
    );
    expect(res.status).toBe(200);
    expect((res.body.errors as { extensions: { code: string } }[])[0].extensions.code).toBe("MAX_COST_EXCEEDED");
    expect(res.body.data).toBeUndefined();
  });

  it("forces HTTP 429 and 5xx for the next N requests", async () => {
    clock += 60_000;
    sim.faults.throttleNext(2);
    const a = await tagsAdd();
    const b = await tagsAdd();
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(a.headers.get("retry-after")).toBe("2.0");
    expect((await tagsAdd()).status).toBe(200);

    sim.faults.failNext(1, 503);
    expect((await tagsAdd()).status).toBe(503);
    sim.faults.failNext(1);
    const five = await tagsAdd();
    expect(five.status).toBe(500);
    expect(five.body).toEqual({ errors: "Internal Server Error" });
    expect((await tagsAdd()).status).toBe(200);
    expect(
      sim
        .calls()
        .slice(-6)
        .map((c) => c.status),
    ).toEqual([429, 429, 200, 503, 500, 200]);
  });

  it("does not throttle when throttle is false", async () => {
    const free = await startShopifySimulator({ throttle: false });
    try {
      free.seedShop(SHOP, { accessToken: "x" });
      const id = free.createOrder(SHOP, generateOrder("card-ordinary", 2)).id;
      for (let i = 0; i < 250; i++) {
        const r = await free.graphql(SHOP, TAGS_ADD_MUTATION, { id, tags: [`t${i % 3}`] });
        expect(r.body.errors).toBeUndefined();
      }
    } finally {
      await free.close();
    }
  });
});
