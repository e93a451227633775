import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSchema } from "./admin-schema";
import { documentAccessViolations, scopesFromAppToml } from "./access-scopes";
import { startShopifySimulator, type ShopifySimulator } from "./simulator";

const SHOP = "scopes-store.myshopify.com";
const TOKEN = "shpat_scopes";
const ORDERS_ONLY = ["read_orders", "write_orders", "read_merchant_managed_fulfillment_orders"];

const ORDER_WITH_STAFF = `query OrderWithStaff($id: ID!) {
  order(id: $id) { id name email staffMember { email } billingAddress { firstName city countryCodeV2 } }
}`;
const TAGS_ADD = `mutation TagsAdd($id: ID!) { tagsAdd(id: $id, tags: ["x"]) { userErrors { field message } } }`;
const FULFILLMENT_ORDERS = `query FOs($id: ID!) { order(id: $id) { fulfillmentOrders(first: 10) { nodes { id } } } }`;

interface ErrorJson {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

describe("access scopes and protected customer data (simulator)", () => {
  let sim: ShopifySimulator;
  let orderId: string;

  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: TOKEN, scopes: ORDERS_ONLY });
    orderId = sim.createOrder(SHOP, {
      email: "buyer@example.com",
      billingAddress: { firstName: "Ada", lastName: "Byron", address1: "1 Main St", city: "Ottawa", countryCode: "CA" },
      staffMember: { email: "clerk@example.com" },
      fulfillmentOrders: [
        { lineItems: [0], serviceType: "merchant" },
        { lineItems: [1], serviceType: "third_party" },
      ],
      lineItems: [
        { title: "A", price: "10.00" },
        { title: "B", price: "20.00" },
      ],
    }).id;
  });
  afterAll(() => sim.close());

  it("answers a field needing a missing scope with partial data and Shopify's ACCESS_DENIED error", async () => {
    const res = await sim.graphql<{ order: Record<string, unknown> }>(SHOP, ORDER_WITH_STAFF, { id: orderId });
    expect(res.status).toBe(200);
    expect(res.body.data?.order).toMatchObject({ id: orderId, staffMember: null, email: expect.any(String) });
    const errors = res.body.errors as ErrorJson[];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(
        /^Access denied for staffMember field\. Required access: `read_users` access scope\./,
      ),
      path: ["order", "staffMember"],
      extensions: {
        code: "ACCESS_DENIED",
        documentation: "https://shopify.dev/api/usage/access-scopes",
        requiredAccess: expect.stringContaining("`read_users` access scope"),
      },
    });
  });

  it("the same field resolves once the scope is granted", async () => {
    sim.store.setAccess(SHOP, { scopes: [...ORDERS_ONLY, "read_users"] });
    try {
      const res = await sim.graphql<{ order: { staffMember: { email: string } } }>(SHOP, ORDER_WITH_STAFF, {
        id: orderId,
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.order.staffMember.email).toBe("clerk@example.com");
    } finally {
      sim.store.setAccess(SHOP, { scopes: ORDERS_ONLY });
    }
  });

  it("refuses a mutation without its write scope (tagsAdd on an order needs write_orders)", async () => {
    sim.store.setAccess(SHOP, { scopes: ["read_orders"] });
    try {
      const res = await sim.graphql(SHOP, TAGS_ADD, { id: orderId });
      expect(res.body.data).toEqual({ tagsAdd: null });
      expect((res.body.errors as ErrorJson[])[0]).toMatchObject({
        message: "Access denied for tagsAdd field. Required access: `write_orders` access scope.",
        path: ["tagsAdd"],
        extensions: { code: "ACCESS_DENIED" },
      });
      expect(sim.order(SHOP, orderId).tags).not.toContain("x");
    } finally {
      sim.store.setAccess(SHOP, { scopes: ORDERS_ONLY });
    }
  });

  it("lists only the fulfillment orders the app's scopes cover", async () => {
    const res = await sim.graphql<{ order: { fulfillmentOrders: { nodes: { id: string }[] } } }>(
      SHOP,
      FULFILLMENT_ORDERS,
      { id: orderId },
    );
    expect(res.body.data?.order.fulfillmentOrders.nodes).toHaveLength(1);
    sim.store.setAccess(SHOP, { scopes: [...ORDERS_ONLY, "read_third_party_fulfillment_orders"] });
    try {
      const all = await sim.graphql<{ order: { fulfillmentOrders: { nodes: { id: string }[] } } }>(
        SHOP,
        FULFILLMENT_ORDERS,
        { id: orderId },
      );
      expect(all.body.data?.order.fulfillmentOrders.nodes).toHaveLength(2);
    } finally {
      sim.store.setAccess(SHOP, { scopes: ORDERS_ONLY });
    }
  });

  it("protected customer data level 1 only: name, email, address fields denied, the rest answered", async () => {
    sim.store.setAccess(SHOP, { scopes: [...ORDERS_ONLY, "read_users"], protectedCustomerData: 1 });
    try {
      const res = await sim.graphql<{ order: Record<string, unknown> }>(SHOP, ORDER_WITH_STAFF, { id: orderId });
      expect(res.body.data?.order).toMatchObject({
        id: orderId,
        email: null,
        billingAddress: { firstName: null, city: null, countryCodeV2: expect.any(String) },
      });
      const errors = res.body.errors as ErrorJson[];
      expect(errors.map((e) => e.path)).toEqual([
        ["order", "email"],
        ["order", "billingAddress", "firstName"],
        ["order", "billingAddress", "city"],
      ]);
      expect(errors[0]).toMatchObject({
        message: expect.stringMatching(/^This app is not approved to use the email field\./),
        extensions: { code: "ACCESS_DENIED" },
      });
    } finally {
      sim.store.setAccess(SHOP, { scopes: ORDERS_ONLY, protectedCustomerData: 2 });
    }
  });

  it("no protected customer data: the order itself is denied", async () => {
    sim.store.setAccess(SHOP, { protectedCustomerData: 0 });
    try {
      const res = await sim.graphql(SHOP, `query { order(id: "${orderId}") { id } }`);
      expect(res.body.data).toEqual({ order: null });
      expect((res.body.errors as ErrorJson[])[0].message).toMatch(
        /^This app is not approved to access the Order object/,
      );
    } finally {
      sim.store.setAccess(SHOP, { protectedCustomerData: 2 });
    }
  });

  it("another installed app is not restricted by the app under test's grant", async () => {
    const other = await startShopifySimulator({ throttle: false });
    try {
      other.seedShop(SHOP, { accessToken: TOKEN, scopes: [], otherApps: [{ title: "Other", accessToken: "t2" }] });
      const id = other.createOrder(SHOP, { staffMember: { email: "c@example.com" } }).id;
      const mine = await other.graphql(SHOP, ORDER_WITH_STAFF, { id });
      expect(mine.body.data).toEqual({ order: null });
      const theirs = await other.graphql(SHOP, ORDER_WITH_STAFF, { id }, { accessToken: "t2" });
      expect(theirs.body.errors).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe("scopesFromAppToml and the static check", () => {
  it("reads [access_scopes] scopes from a shopify.app.toml", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toml-"));
    const file = path.join(dir, "shopify.app.toml");
    fs.writeFileSync(file, `[access_scopes]\nscopes = "read_orders, write_orders"\n`);
    expect(scopesFromAppToml(file)).toEqual(["read_orders", "write_orders"]);
    expect(scopesFromAppToml().length).toBeGreaterThan(0);
  });

  it("names every denied field of a document with the page that states the rule", () => {
    const violations = documentAccessViolations(adminSchema(), ORDER_WITH_STAFF, {
      scopes: new Set(["read_orders"]),
      protectedCustomerData: 2,
    });
    expect(violations).toEqual([
      {
        field: "Order.staffMember",
        path: ["order", "staffMember"],
        kind: "scope",
        needs: "read_users",
        source: "https://shopify.dev/docs/api/admin-graphql/latest/objects/StaffMember",
      },
    ]);
    expect(
      documentAccessViolations(adminSchema(), TAGS_ADD, {
        scopes: new Set(["read_orders"]),
        protectedCustomerData: 2,
      }).map((v) => v.field),
    ).toEqual(["Mutation.tagsAdd"]);
  });
});
