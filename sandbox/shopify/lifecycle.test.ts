import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyScopeInTable } from "./access-scopes";
import {
  completeOrderRouting,
  mergeFulfillmentOrders,
  moveFulfillmentOrder,
  splitFulfillmentOrder,
} from "./model/fulfillment-lifecycle";
import { editOrderQuantities } from "./model/order-edits";
import { loadExamplePayload, orderWebhookPayload } from "./orders";
import { startShopifySimulator, type ShopifySimulator } from "./simulator";
import { applyIncludeFields, deliverToSubscriptions, webhookSubscriptionsFromAppToml } from "./subscriptions";

const SHOP = "lifecycle-store.myshopify.com";
const FULFILLMENT_CREATE = `mutation Ship($foId: ID!) {
  fulfillmentCreate(fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: $foId }] }) {
    fulfillment { id status } userErrors { field message }
  }
}`;
const ORDER_CURRENT = `query ($id: ID!) { order(id: $id) {
  edited totalPriceSet { shopMoney { amount } } currentTotalPriceSet { shopMoney { amount } }
  subtotalPriceSet { shopMoney { amount } } currentSubtotalPriceSet { shopMoney { amount } }
  lineItems(first: 5) { nodes { quantity currentQuantity } }
} }`;

const keysOf = (topic: string) => Object.keys(loadExamplePayload(topic)).sort();

describe("fulfillment-order lifecycle, shipping and order edits", () => {
  let sim: ShopifySimulator;
  const spec = {
    lineItems: [
      { title: "A", price: "10.00", quantity: 3 },
      { title: "B", price: "5.00", quantity: 2 },
    ],
  };

  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: "shpat_lifecycle", scopes: everyScopeInTable() });
  });
  afterAll(() => sim.close());

  const ship = (foId: string) =>
    sim.graphql<{ fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { message: string }[] } }>(
      SHOP,
      FULFILLMENT_CREATE,
      { foId },
    );

  it("ships nothing while a fulfillment order is on hold, and ships once it is released", async () => {
    const order = sim.createOrder(SHOP, spec);
    const fo = order.fulfillmentOrders[0];
    const hold = sim.store.holdFulfillmentOrder(
      SHOP,
      fo.id,
      { reason: "HIGH_RISK_OF_FRAUD", handle: "r" },
      sim.store.shop(SHOP)._app.id,
    );
    const refused = await ship(fo.id);
    expect(refused.body.data?.fulfillmentCreate.fulfillment).toBeNull();
    expect(refused.body.data?.fulfillmentCreate.userErrors[0].message).toMatch(/on hold/);
    expect(sim.order(SHOP, order.id).fulfillmentOrders[0].status).toBe("ON_HOLD");
    sim.store.releaseFulfillmentOrderHold(SHOP, fo.id, [hold.fulfillmentHold!.id], sim.store.shop(SHOP)._app.id);
    const shipped = await ship(fo.id);
    expect(shipped.body.data?.fulfillmentCreate.fulfillment).not.toBeNull();
    expect(sim.order(SHOP, order.id).fulfillmentOrders[0].status).toBe("CLOSED");
  });

  it("split: a new OPEN fulfillment order without the hold; a held one cannot be split", () => {
    const order = sim.createOrder(SHOP, spec);
    const fo = order.fulfillmentOrders[0];
    const split = splitFulfillmentOrder(sim.store, SHOP, fo.id, [{ id: fo.lineItems[0].id, quantity: 1 }]);
    expect(split.userErrors).toEqual([]);
    expect(split.created[0]).toMatchObject({ status: "OPEN", fulfillmentHolds: [] });
    expect(split.created[0].lineItems[0].totalQuantity).toBe(1);
    expect(fo.lineItems[0].totalQuantity).toBe(2);
    expect(split.webhooks.map((w) => w.topic)).toEqual(["fulfillment_orders/split"]);
    expect(Object.keys(split.webhooks[0].body).sort()).toEqual(keysOf("fulfillment_orders/split"));
    sim.store.holdFulfillmentOrder(SHOP, fo.id, { reason: "HIGH_RISK_OF_FRAUD" }, sim.store.shop(SHOP)._app.id);
    expect(
      splitFulfillmentOrder(sim.store, SHOP, fo.id, [{ id: fo.lineItems[0].id, quantity: 1 }]).userErrors,
    ).toHaveLength(1);
  });

  it("move of a held fulfillment order: the original closes, the moved one arrives OPEN and shippable", async () => {
    const order = sim.createOrder(SHOP, spec);
    const fo = order.fulfillmentOrders[0];
    sim.store.holdFulfillmentOrder(SHOP, fo.id, { reason: "HIGH_RISK_OF_FRAUD" }, sim.store.shop(SHOP)._app.id);
    const moved = moveFulfillmentOrder(sim.store, SHOP, fo.id, "Warehouse 2");
    expect(fo.status).toBe("CLOSED");
    expect(moved.created[0]).toMatchObject({ status: "OPEN", fulfillmentHolds: [] });
    expect(moved.created[0].assignedLocation.name).toBe("Warehouse 2");
    expect(Object.keys(moved.webhooks[0].body).sort()).toEqual(keysOf("fulfillment_orders/moved"));
    expect((await ship(moved.created[0].id)).body.data?.fulfillmentCreate.fulfillment).not.toBeNull();
  });

  it("merge closes the others; routing completing later adds fulfillment orders", () => {
    const order = sim.createOrder(SHOP, { ...spec, fulfillmentOrders: [{ lineItems: [0] }, { lineItems: [1] }] });
    const [a, b] = order.fulfillmentOrders;
    const merged = mergeFulfillmentOrders(sim.store, SHOP, [a.id, b.id]);
    expect([a.status, b.status]).toEqual(["OPEN", "CLOSED"]);
    expect(a.lineItems).toHaveLength(2);
    expect(Object.keys(merged.webhooks[0].body).sort()).toEqual(keysOf("fulfillment_orders/merged"));
    const routed = completeOrderRouting(sim.store, SHOP, order.id, [{ locationName: "Late", lineItems: [1] }]);
    expect(order.fulfillmentOrders).toHaveLength(3);
    expect(routed.webhooks[0]).toEqual({
      topic: "fulfillment_orders/order_routing_complete",
      body: { fulfillment_order: { id: routed.created[0].id, status: "open" } },
    });
  });

  it("an order edit keeps quantity and totalPriceSet, changes currentQuantity and the current totals", async () => {
    const order = sim.createOrder(SHOP, spec);
    const before = orderWebhookPayload(order, "orders/updated");
    const edit = editOrderQuantities(sim.store, SHOP, order.id, [{ lineItem: 0, quantity: 1 }]);
    const res = await sim.graphql<{ order: Record<string, unknown> }>(SHOP, ORDER_CURRENT, { id: order.id });
    expect(res.body.data?.order).toMatchObject({
      edited: true,
      totalPriceSet: { shopMoney: { amount: "40.0" } },
      currentTotalPriceSet: { shopMoney: { amount: "20.0" } },
      subtotalPriceSet: { shopMoney: { amount: "40.0" } },
      currentSubtotalPriceSet: { shopMoney: { amount: "20.0" } },
      lineItems: {
        nodes: [
          { quantity: 3, currentQuantity: 1 },
          { quantity: 2, currentQuantity: 2 },
        ],
      },
    });
    expect(order.fulfillmentOrders[0].lineItems[0].remainingQuantity).toBe(1);
    expect(Object.keys(edit.editedBody)).toEqual(Object.keys(loadExamplePayload("orders/edited")));
    expect((edit.editedBody.order_edit as { line_items: unknown }).line_items).toEqual({
      additions: [],
      removals: [{ id: Number(order.lineItems[0].id.split("/").pop()), delta: 2 }],
    });
    const after = orderWebhookPayload(order, "orders/updated");
    expect([before.total_price, after.total_price]).toEqual(["40.00", "40.00"]);
    expect([before.current_total_price, after.current_total_price]).toEqual(["40.00", "20.00"]);
  });
});

describe("webhook subscriptions with include_fields", () => {
  let server: http.Server;
  let appUrl: string;
  const received: { path: string; topic: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        received.push({ path: req.url ?? "", topic: String(req.headers["x-shopify-topic"]), body: JSON.parse(raw) });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("reads the subscriptions of shopify.app.toml", () => {
    const subs = webhookSubscriptionsFromAppToml();
    expect(subs.find((s) => s.topics.includes("orders/create"))?.uri).toBe("/webhooks/orders/create");
  });

  it("sends only the subscription's include_fields (dotted paths reach nested fields), nothing for unsubscribed topics", async () => {
    const body = {
      id: 1,
      admin_graphql_api_id: "gid://shopify/Order/1",
      email: "a@b.c",
      line_items: [{ id: 9, name: "x" }],
    };
    expect(applyIncludeFields(body, ["id", "line_items.id"])).toEqual({ id: 1, line_items: [{ id: 9 }] });
    const subscriptions = [
      { topics: ["orders/create"], uri: "/webhooks/orders/create", includeFields: ["id", "admin_graphql_api_id"] },
    ];
    const sent = await deliverToSubscriptions({
      appUrl,
      shop: SHOP,
      topic: "orders/create",
      body,
      secret: "s",
      apiVersion: "2026-10",
      subscriptions,
    });
    expect(sent.map((d) => d.status)).toEqual([200]);
    expect(received.at(-1)).toEqual({
      path: "/webhooks/orders/create",
      topic: "orders/create",
      body: { id: 1, admin_graphql_api_id: "gid://shopify/Order/1" },
    });
    const none = await deliverToSubscriptions({
      appUrl,
      shop: SHOP,
      topic: "orders/edited",
      body,
      secret: "s",
      apiVersion: "2026-10",
      subscriptions,
    });
    expect(none).toEqual([]);
  });

  it("the simulator's order webhooks keep only the subscription's include_fields", async () => {
    const sim = await startShopifySimulator({
      throttle: false,
      webhookSubscriptions: [
        { topics: ["orders/updated"], uri: "/webhooks/orders/updated", includeFields: ["id", "updated_at"] },
      ],
    });
    try {
      sim.seedShop(SHOP, { accessToken: "t" });
      const order = sim.createOrder(SHOP, { lineItems: [{ title: "A", price: "1.00" }] });
      await sim.deliverOrderWebhook(SHOP, order.id, "orders/updated", appUrl, "s");
      expect(Object.keys(received.at(-1)!.body).sort()).toEqual(["id", "updated_at"]);
      await sim.deliverOrderWebhook(SHOP, order.id, "orders/create", appUrl, "s");
      expect(received.at(-1)!.body).toHaveProperty("line_items");
    } finally {
      await sim.close();
    }
  });
});
