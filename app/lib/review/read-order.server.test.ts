/**
 * Reading a whole order against the Shopify simulator over HTTP, through the app's own
 * Admin client adapter and cost governor: big orders come back whole (line items,
 * transactions, discounts and fulfillment orders past their first page), an ordinary one
 * in one request, and protected customer data the shop has not granted is a missing
 * value, never a failed read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator, type ShopifySimulator } from "../../../sandbox/shopify/simulator";
import type { OrderSpec } from "../../../sandbox/shopify/orders";
import { parse } from "graphql";
import { requestedQueryCost, MAX_SINGLE_QUERY_COST } from "../../../sandbox/shopify/cost";
import { type AdminGraphql, AdminGraphqlError, adminGraphqlFrom } from "../clients/shopify/admin-graphql";
import { ShopifyCostGovernor } from "../clients/shopify/cost-governor";
import * as documents from "../clients/shopify/graphql/order-for-review.query";
import { mapOrderToTransaction } from "./mapping";
import { readWholeOrder } from "./read-order.server";

const SHOP = "whole-orders.myshopify.com";
const LIMITED_SHOP = "level-one.myshopify.com";
let sim: ShopifySimulator;

beforeAll(async () => {
  sim = await startShopifySimulator();
  sim.seedShop(SHOP, { accessToken: "shpat_whole" });
  sim.seedShop(LIMITED_SHOP, { accessToken: "shpat_level_one", protectedCustomerData: 1 });
});

afterAll(async () => {
  await sim?.close();
});

/** The app's adapter over plain fetch to the simulator, paced by a governor like the worker's. */
function adminFor(shop: string, token: string): AdminGraphql {
  const client = {
    graphql: (query: string, options?: { variables?: Record<string, unknown> }) =>
      fetch(sim.graphqlUrl(), {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Simulator-Shop": shop },
        body: JSON.stringify({ query, variables: options?.variables }),
      }),
  };
  return adminGraphqlFrom(client, { shop, governor: new ShopifyCostGovernor() });
}

const card = (bin: string, last4: string, avs: string, cvv: string) => ({
  bin,
  last4,
  name: "Card Holder",
  company: "Visa",
  avsResultCode: avs,
  cvvResultCode: cvv,
});

function bigOrder(): OrderSpec {
  const lineItems = Array.from({ length: 250 }, (_, i) => ({
    title: `Part ${i + 1}`,
    sku: `P-${i + 1}`,
    price: "4.00",
    quantity: 1,
    // Two high-risk items at the very end, past any first page.
    product: { title: `Part ${i + 1}`, tags: i >= 248 ? ["high-risk"] : ["parts"] },
  }));
  // Card testing: 59 declined attempts on other cards, then the card that paid.
  const declined = Array.from({ length: 59 }, (_, i) => ({
    gateway: "shopify_payments",
    kind: "AUTHORIZATION" as const,
    status: "FAILURE" as const,
    amount: "1.00",
    errorCode: "CARD_DECLINED",
    processedAt: new Date(Date.UTC(2026, 10, 1, 10, 0, i)).toISOString(),
    card: card(`4111${String(i).padStart(2, "0")}`, String(1000 + i), "N", "N"),
  }));
  const paid = {
    gateway: "shopify_payments",
    kind: "SALE" as const,
    status: "SUCCESS" as const,
    processedAt: new Date(Date.UTC(2026, 10, 1, 10, 5, 0)).toISOString(),
    card: card("545454", "4242", "Y", "M"),
  };
  return {
    lineItems,
    discounts: Array.from({ length: 30 }, (_, i) => ({
      kind: "code" as const,
      code: `CODE${i + 1}`,
      valueType: "fixed_amount" as const,
      value: 1,
    })),
    transactions: [...declined, paid],
    fulfillmentOrders: Array.from({ length: 15 }, (_, i) => ({
      lineItems: Array.from({ length: i === 14 ? 250 - 14 * 16 : 16 }, (_, j) => i * 16 + j),
    })),
  };
}

describe("readWholeOrder", () => {
  it("reads an ordinary order in one request", async () => {
    const order = sim.createOrder(SHOP, { lineItems: [{ title: "Mug", price: "12.00" }] });
    const read = await readWholeOrder(adminFor(SHOP, "shpat_whole"), order.id);
    expect(read.requests).toBe(1);
    expect(read.order?.lineItems.nodes).toHaveLength(1);
    expect(read.withheld).toEqual([]);
    expect(read.incomplete).toEqual([]);
  });

  it("reads 250 line items, 60 transactions, 30 discounts and 15 fulfillment orders whole", async () => {
    const order = sim.createOrder(SHOP, bigOrder());
    const read = await readWholeOrder(adminFor(SHOP, "shpat_whole"), order.id);
    const whole = read.order!;
    expect(whole.lineItems.nodes).toHaveLength(250);
    expect(new Set(whole.lineItems.nodes.map((item) => item.id)).size).toBe(250);
    expect(whole.transactions).toHaveLength(60);
    expect(whole.discountApplications.nodes).toHaveLength(30);
    expect(whole.fulfillmentOrders.nodes).toHaveLength(15);
    expect(read.incomplete).toEqual([]);
    // First request, 2 more line-item pages, 1 discount page, 1 fulfillment-order page, the transactions.
    expect(read.requests).toBe(6);

    const tx = mapOrderToTransaction(whole, { orderNumberSource: "name", highRiskProductTag: "high-risk" });
    expect(tx.cart_contents).toHaveLength(250);
    expect(tx.cart_contents?.filter((item) => item.is_high_risk)).toHaveLength(2);
    expect(tx.discount_codes).toHaveLength(30);
    // The card that paid, and every attempt counted.
    expect(tx.first_six).toBe(545454);
    expect(tx.last_four).toBe(4242);
    expect(tx.avs).toBe("Y");
    expect(tx.auth_attempts).toBe(60);
  });

  it("goes on without protected customer data the shop has not granted, and says which", async () => {
    const order = sim.createOrder(LIMITED_SHOP, { email: "someone@example.com" });
    const read = await readWholeOrder(adminFor(LIMITED_SHOP, "shpat_level_one"), order.id);
    expect(read.order).not.toBeNull();
    expect(read.order?.email).toBeNull();
    expect(read.withheld.map((w) => w.path)).toEqual(expect.arrayContaining(["order.email"]));
    const tx = mapOrderToTransaction(read.order!, { orderNumberSource: "name" });
    expect(tx).not.toHaveProperty("email");
    expect(tx.total).toBeGreaterThan(0);
  });

  it("still fails when a field the review needs is denied", async () => {
    const shop = "no-orders.myshopify.com";
    sim.seedShop(shop, { accessToken: "shpat_no_orders", scopes: ["read_products"] });
    const order = sim.createOrder(shop, {});
    await expect(readWholeOrder(adminFor(shop, "shpat_no_orders"), order.id)).rejects.toBeInstanceOf(AdminGraphqlError);
  });
});

describe("the read's documents", () => {
  it.each(Object.entries(documents).filter(([, doc]) => typeof doc === "string" && doc.includes("#graphql")))(
    "%s stays under Shopify's single-query cost ceiling",
    (_name, doc) => {
      const cost = requestedQueryCost(sim.schema, parse(doc as string), null, {
        id: "gid://shopify/Order/1",
        first: documents.ORDER_TRANSACTIONS_MAX,
        ids: ["gid://shopify/FulfillmentOrder/1"],
      });
      expect(cost).toBeLessThanOrEqual(MAX_SINGLE_QUERY_COST);
    },
  );
});
