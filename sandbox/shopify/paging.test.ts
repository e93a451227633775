import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyScopeInTable } from "./access-scopes";
import { largeOrderSpec, PAYING_CARD } from "./orders";
import { startShopifySimulator, type ShopifySimulator } from "./simulator";

const SHOP = "paging-store.myshopify.com";

interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const LINE_ITEMS = `query ($id: ID!, $first: Int!, $after: String) {
  order(id: $id) { lineItems(first: $first, after: $after) { nodes { sku } pageInfo { hasNextPage endCursor } } }
}`;
const DISCOUNTS = `query ($id: ID!, $after: String) {
  order(id: $id) { discountApplications(first: 10, after: $after) { nodes { ... on DiscountCodeApplication { code } } pageInfo { hasNextPage endCursor } } }
}`;
const FULFILLMENT_ORDERS = `query ($id: ID!, $after: String) {
  order(id: $id) { fulfillmentOrders(first: 10, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
}`;
const TRANSACTIONS = `query ($id: ID!, $first: Int) {
  order(id: $id) { transactionsCount { count precision } transactions(first: $first) { kind status paymentDetails { ... on CardPaymentDetails { bin number } } } }
}`;

describe("connections page as Shopify's do, over orders bigger than one page", () => {
  let sim: ShopifySimulator;
  let orderId: string;

  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: "shpat_paging", scopes: everyScopeInTable() });
    orderId = sim.createOrder(
      SHOP,
      largeOrderSpec({ lineItems: 260, declinedAttempts: 59, discounts: 30, fulfillmentOrders: 15 }),
    ).id;
  });
  afterAll(() => sim.close());

  async function readAll<T>(
    query: string,
    pick: (data: { order: Record<string, Page<T>> }) => Page<T>,
    variables: Record<string, unknown> = {},
  ): Promise<{ items: T[]; requests: number }> {
    const items: T[] = [];
    let after: string | null = null;
    let requests = 0;
    for (;;) {
      const res = await sim.graphql<{ order: Record<string, Page<T>> }>(SHOP, query, {
        id: orderId,
        after,
        ...variables,
      });
      requests++;
      expect(res.body.errors).toBeUndefined();
      const page = pick(res.body.data!);
      items.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return { items, requests };
      after = page.pageInfo.endCursor;
    }
  }

  it("260 line items: 250 per page at most, then the rest after the end cursor", async () => {
    const { items, requests } = await readAll<{ sku: string }>(LINE_ITEMS, (d) => d.order.lineItems, { first: 250 });
    expect(requests).toBe(2);
    expect(items.map((li) => li.sku)).toEqual(
      Array.from({ length: 260 }, (_, i) => `SKU-${String(i + 1).padStart(4, "0")}`),
    );
  });

  it("refuses a page larger than 250", async () => {
    const res = await sim.graphql(SHOP, LINE_ITEMS, { id: orderId, first: 251 });
    expect(res.body.data).toEqual({ order: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining("250"), path: ["order", "lineItems"] }),
    ]);
  });

  it("30 discount applications and 15 fulfillment orders, in pages of 10", async () => {
    const discounts = await readAll<{ code: string }>(DISCOUNTS, (d) => d.order.discountApplications);
    expect(discounts.requests).toBe(3);
    expect(discounts.items.map((d) => d.code)).toEqual(Array.from({ length: 30 }, (_, i) => `STACK${i + 1}`));
    const fos = await readAll<{ id: string }>(FULFILLMENT_ORDERS, (d) => d.order.fulfillmentOrders);
    expect(fos.requests).toBe(2);
    expect(new Set(fos.items.map((f) => f.id)).size).toBe(15);
  });

  it("60 transactions (59 declined authorizations, then the sale): a list without cursors, `first` cuts it", async () => {
    type Tx = { kind: string; status: string; paymentDetails: { bin: string; number: string } | null };
    const all = await sim.graphql<{ order: { transactionsCount: { count: number }; transactions: Tx[] } }>(
      SHOP,
      TRANSACTIONS,
      { id: orderId },
    );
    expect(all.body.data?.order.transactionsCount).toEqual({ count: 60, precision: "EXACT" });
    const txs = all.body.data!.order.transactions;
    expect(txs).toHaveLength(60);
    expect(txs.slice(0, 59).every((t) => t.kind === "AUTHORIZATION" && t.status === "FAILURE")).toBe(true);
    expect(txs[59]).toMatchObject({ kind: "SALE", status: "SUCCESS", paymentDetails: { bin: PAYING_CARD.bin } });
    const cut = await sim.graphql<{ order: { transactions: Tx[] } }>(SHOP, TRANSACTIONS, { id: orderId, first: 25 });
    expect(cut.body.data?.order.transactions).toHaveLength(25);
    expect(cut.body.data?.order.transactions.some((t) => t.status === "SUCCESS")).toBe(false);
  });
});
