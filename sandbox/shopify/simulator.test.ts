import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { ORDER_FOR_REVIEW_QUERY } from "../../app/lib/clients/shopify/graphql/order-for-review.query";
import { ADMIN_API_VERSION } from "./admin-schema";
import { createSimulatorFetch, startShopifySimulator, type ShopifySimulator } from "./simulator";
import { generateOrder, loadExamplePayload, orderFromExamplePayload } from "./orders";
import type { StoreOrder } from "./store";
// The app's own grant is tested in access-scopes.test.ts; these tests read every field the simulator serves.
import { everyScopeInTable } from "./access-scopes";

const SHOP = "demo-store.myshopify.com";
const TOKEN = "shpat_demo_token";
const OTHER_SHOP = "other-store.myshopify.com";
const OTHER_TOKEN = "shpat_other_token";

/**
 * Every field selected by the document (through fragments and inline fragments whose type
 * matches the object's __typename) must be present in the response — none silently missing.
 */
function missingFields(document: string, data: unknown): string[] {
  const doc = parse(document);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const missing: string[] = [];
  const walk = (sel: SelectionSetNode, value: unknown, path: string) => {
    if (value === null) return;
    if (Array.isArray(value)) return value.forEach((v, i) => walk(sel, v, `${path}[${i}]`));
    const obj = value as Record<string, unknown>;
    for (const s of sel.selections) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        if (!(key in obj)) missing.push(`${path}.${key}`);
        else if (s.selectionSet) walk(s.selectionSet, obj[key], `${path}.${key}`);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const cond = s.typeCondition?.name.value;
        if (!cond || cond === obj.__typename || !("__typename" in obj)) walk(s.selectionSet, value, path);
      } else {
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet, value, path);
      }
    }
  };
  if (op && op.kind === Kind.OPERATION_DEFINITION) walk(op.selectionSet, data, "data");
  return missing;
}

type ReviewOrder = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("Shopify simulator — Admin GraphQL over HTTP", () => {
  let sim: ShopifySimulator;
  let cardOrder: StoreOrder;
  let exampleOrder: StoreOrder;

  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: TOKEN, scopes: everyScopeInTable() });
    sim.seedShop(OTHER_SHOP, { accessToken: OTHER_TOKEN });
    cardOrder = sim.createOrder(SHOP, {
      ...generateOrder("card-approve", 7),
      tags: ["vip"],
      customAttributes: [{ key: "gift_message", value: "hi" }],
    });
    exampleOrder = sim.createOrder(SHOP, orderFromExamplePayload(loadExamplePayload("orders/create")));
  });
  afterAll(() => sim.close());

  async function review(orderId: string, shop = SHOP): Promise<ReviewOrder> {
    const res = await sim.graphql<{ order: ReviewOrder }>(shop, ORDER_FOR_REVIEW_QUERY, { id: orderId });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(missingFields(ORDER_FOR_REVIEW_QUERY, res.body.data)).toEqual([]);
    return res.body.data!.order;
  }

  it("answers OrderForReview with every field for a generated card order", async () => {
    const o = await review(cardOrder.id);
    expect(o.id).toBe(cardOrder.id);
    expect(o.id).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
    expect(o.legacyResourceId).toBe(o.id.split("/").pop());
    expect(o.name).toMatch(/^#\d{4}$/);
    expect(o.email).toMatch(/^approve\./);
    expect(o.tags).toEqual(["vip"]);
    expect(o.clientIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(o.cartToken).toHaveLength(32);
    expect(o.sourceName).toBe("web");
    expect(o.currencyCode).toBe("USD");
    expect(o.requiresShipping).toBe(true);
    expect(o.paymentGatewayNames).toEqual(["shopify_payments"]);
    expect(o.displayFinancialStatus).toBe("PAID");
    expect(o.customAttributes).toEqual([{ key: "gift_message", value: "hi" }]);
    // Decimal amounts are strings, rendered like Shopify ("129.0", not "129.00").
    expect(o.totalPriceSet.shopMoney.amount).toMatch(/^\d+\.\d+$/);
    expect(o.totalPriceSet.shopMoney.amount).not.toMatch(/\.\d0$/);
    expect(Number(o.totalPriceSet.shopMoney.amount)).toBeCloseTo(Number(cardOrder.totalPriceSet.shopMoney.amount));
    expect(o.totalShippingPriceSet.presentmentMoney.amount).toBe("7.95");
    expect(o.customer.email).toBe(o.email);
    expect(o.purchasingEntity.__typename).toBe("Customer");
    // staffMember needs read_users, which the app does not ask for (access-scopes.test.ts).
    expect(o.paymentTerms).toBeNull();
    expect(o.billingAddress.countryCodeV2).toMatch(/^[A-Z]{2}$/);
    expect(o.shippingLine.title).toBe("Standard Shipping");
    expect(o.lineItems.nodes[0].product.handle).toBeTruthy();
    expect(o.lineItems.nodes[0].product.onlineStoreUrl).toContain(`https://${SHOP}/products/`);
    const tx = o.transactions[0];
    expect(tx).toMatchObject({
      kind: "SALE",
      status: "SUCCESS",
      gateway: "shopify_payments",
      formattedGateway: "Shopify Payments",
      manualPaymentGateway: false,
      errorCode: null,
    });
    expect(typeof tx.receiptJson).toBe("string");
    expect(JSON.parse(tx.receiptJson)).toBeTypeOf("object");
    expect(tx.paymentDetails).toMatchObject({
      __typename: "CardPaymentDetails",
      bin: "444444",
      number: "•••• •••• •••• 4448",
    });
    expect(tx.paymentDetails.avsResultCode).toBeTypeOf("string");
    expect(tx.paymentDetails.cvvResultCode).toBeTypeOf("string");
    expect(tx.paymentDetails.name).toBeTruthy();
    const fo = o.fulfillmentOrders.nodes[0];
    expect(fo).toMatchObject({ status: "OPEN", requestStatus: "UNSUBMITTED", fulfillmentHolds: [] });
    expect(fo.supportedActions.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["CREATE_FULFILLMENT", "HOLD"]),
    );
  });

  it("answers OrderForReview for the order converted from Shopify's orders/create example payload", async () => {
    const example = loadExamplePayload("orders/create") as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const o = await review(exampleOrder.id);
    expect(o.name).toBe(example.name);
    expect(o.email).toBe(example.email);
    expect(o.tags).toEqual(["tag1", "tag2"]);
    expect(o.test).toBe(true);
    expect(o.clientIp).toBeNull();
    expect(o.createdAt).toBe("2022-01-01T00:00:00Z"); // 2021-12-31T19:00:00-05:00 in UTC
    expect(o.cancelledAt).toBe("2022-01-01T00:00:00Z");
    expect(o.displayFinancialStatus).toBe("VOIDED");
    expect(o.totalPriceSet.shopMoney).toEqual({ amount: "404.95", currencyCode: "USD" });
    expect(o.totalDiscountsSet.presentmentMoney.amount).toBe("20.0");
    expect(o.totalShippingPriceSet.presentmentMoney.amount).toBe("10.0");
    expect(o.customer.email).toBe(example.customer.email);
    expect(o.billingAddress).toMatchObject({
      firstName: "Steve",
      lastName: "Shipper",
      company: "Shipping Company",
      city: "Shippington",
      provinceCode: "KY",
      countryCodeV2: "US",
      zip: "40003",
    });
    expect(o.shippingLine).toMatchObject({
      title: "Generic Shipping",
      code: null,
      source: "shopify",
      carrierIdentifier: null,
    });
    expect(o.lineItems.nodes.map((li: { sku: string }) => li.sku)).toEqual(
      example.line_items.map((li: { sku: string }) => li.sku),
    );
    expect(o.lineItems.nodes[1].product).toBeNull(); // product_exists: false
    expect(o.paymentGatewayNames).toEqual(["bogus"]);
    expect(o.fulfillmentOrders.nodes[0].status).toBe("CLOSED"); // the example order is cancelled
    expect(o.fulfillmentOrders.nodes[0].supportedActions).toEqual([]);
  });

  it("rejects a wrong access token with Shopify's 401 body", async () => {
    const res = await sim.graphql(SHOP, "{ shop { name } }", undefined, { accessToken: "shpat_wrong" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
    // Another shop's valid token is not valid here either.
    const cross = await sim.graphql(SHOP, "{ shop { name } }", undefined, { accessToken: OTHER_TOKEN });
    expect(cross.status).toBe(401);
  });

  it("requires X-Simulator-Shop and a served API version", async () => {
    const noShop = await fetch(sim.graphqlUrl(), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(noShop.status).toBe(400);
    const unknownShop = await fetch(sim.graphqlUrl(), {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Access-Token": TOKEN,
        "X-Simulator-Shop": "nope.myshopify.com",
      },
      body: "{}",
    });
    expect(unknownShop.status).toBe(404);
    const oldVersion = await fetch(sim.graphqlUrl("2023-01"), {
      method: "POST",
      headers: { "X-Shopify-Access-Token": TOKEN, "X-Simulator-Shop": SHOP },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(oldVersion.status).toBe(404);
    const ok = await sim.graphql(SHOP, "{ shop { name myshopifyDomain currencyCode } }");
    expect(ok.headers.get("x-shopify-api-version")).toBe(ADMIN_API_VERSION);
    expect(ok.body.data).toEqual({ shop: { name: "demo-store", myshopifyDomain: SHOP, currencyCode: "USD" } });
  });

  it("validates documents against the real Admin schema and answers errors like Shopify", async () => {
    const res = await sim.graphql(SHOP, `query Bad($id: ID!) { order(id: $id) { id fraudVerdict } }`, {
      id: cardOrder.id,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    const errors = res.body.errors as { message: string; locations: unknown; extensions: { code: string } }[];
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('Cannot query field "fraudVerdict" on type "Order"');
    expect(errors[0].locations).toEqual([{ line: 1, column: 43 }]);
    expect(errors[0].extensions.code).toBe("undefinedField");

    const missingArg = await sim.graphql(SHOP, `{ order { id } }`);
    expect((missingArg.body.errors as { extensions: { code: string } }[])[0].extensions.code).toBe(
      "missingRequiredArguments",
    );

    const syntax = await sim.graphql(SHOP, `{ order(id: "x") { id }`);
    expect(syntax.status).toBe(200);
    expect((syntax.body.errors as { message: string }[])[0].message).toMatch(/Syntax Error/);

    const badVariable = await sim.graphql(SHOP, `query Q($id: ID!) { order(id: $id) { id } }`, {});
    expect((badVariable.body.errors as { message: string; extensions: { code: string } }[])[0]).toMatchObject({
      extensions: { code: "INVALID_VARIABLE" },
    });
    expect(badVariable.body.errors![0]).toHaveProperty("message", expect.stringContaining("$id"));

    const two = `query A { shop { name } } query B { shop { currencyCode } }`;
    expect((await sim.graphql(SHOP, two, undefined, { operationName: "B" })).body.data).toEqual({
      shop: { currencyCode: "USD" },
    });
    expect((await sim.graphql(SHOP, two)).body.errors).toEqual([
      expect.objectContaining({ extensions: { code: "OPERATION_NOT_FOUND" } }),
    ]);
  });

  it("names an unimplemented field in a GraphQL error instead of returning null", async () => {
    const nullable = await sim.graphql<{ order: { id: string; customerJourneySummary: null } }>(
      SHOP,
      `query($id: ID!) { order(id: $id) { id customerJourneySummary { ready } } }`,
      { id: cardOrder.id },
    );
    expect(nullable.body.data?.order.id).toBe(cardOrder.id);
    const err = (nullable.body.errors as { message: string; path: string[]; extensions: { code: string } }[])[0];
    expect(err.message).toContain("Order.customerJourneySummary");
    expect(err.path).toEqual(["order", "customerJourneySummary"]);
    expect(err.extensions.code).toBe("NOT_IMPLEMENTED_BY_SIMULATOR");

    // A non-null field propagates: the parent becomes null, still with the named error.
    const nonNull = await sim.graphql<{ order: null }>(
      SHOP,
      `query($id: ID!) { order(id: $id) { id events(first: 1) { nodes { id } } } }`,
      { id: cardOrder.id },
    );
    expect(nonNull.body.data?.order).toBeNull();
    expect((nonNull.body.errors as { message: string }[])[0].message).toContain("Order.events");
  });

  it("returns null for an unknown order, an error for a malformed id, and resolves nodes", async () => {
    const unknown = await sim.graphql<{ order: null }>(SHOP, `{ order(id: "gid://shopify/Order/1") { id } }`);
    expect(unknown.body).toMatchObject({ data: { order: null } });
    expect(unknown.body.errors).toBeUndefined();
    const malformed = await sim.graphql(SHOP, `{ order(id: "1234") { id } }`);
    expect((malformed.body.errors as { message: string }[])[0].message).toBe("Invalid global id '1234'");
    // Orders of another shop are invisible.
    const otherShop = await sim.graphql<{ order: null }>(OTHER_SHOP, `query($id: ID!) { order(id: $id) { id } }`, {
      id: cardOrder.id,
    });
    expect(otherShop.body.data?.order).toBeNull();
    const node = await sim.graphql<{ node: { __typename: string; name: string } }>(
      SHOP,
      `query($id: ID!) { node(id: $id) { __typename ... on Order { name } } }`,
      { id: cardOrder.id },
    );
    expect(node.body.data?.node).toEqual({ __typename: "Order", name: cardOrder.name });
  });

  it("updates the note and email with orderUpdate", async () => {
    const order = sim.createOrder(SHOP, generateOrder("card-ordinary", 3));
    const res = await sim.graphql<{ orderUpdate: { order: { note: string; email: string }; userErrors: unknown[] } }>(
      SHOP,
      `mutation OrderUpdate($input: OrderInput!) { orderUpdate(input: $input) { order { id note email } userErrors { field message } } }`,
      { input: { id: order.id, note: "Apruvd: Approved", email: "fixed@example.com" } },
    );
    expect(res.body.data?.orderUpdate).toEqual({
      order: { id: order.id, note: "Apruvd: Approved", email: "fixed@example.com" },
      userErrors: [],
    });
    expect(sim.order(SHOP, order.id)).toMatchObject({ note: "Apruvd: Approved", email: "fixed@example.com" });

    const bad = await sim.graphql<{ orderUpdate: { order: null; userErrors: { field: string[]; message: string }[] } }>(
      SHOP,
      `mutation($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { field message } } }`,
      { input: { id: "gid://shopify/Order/42", note: "x" } },
    );
    expect(bad.body.data?.orderUpdate.userErrors[0].field).toEqual(["id"]);
  });

  it("cancels an order with orderCancel: cancelledAt set, fulfillment orders closed, a job returned", async () => {
    const order = sim.createOrder(SHOP, generateOrder("card-decline", 4));
    const mutation = `mutation Cancel($orderId: ID!) {
      orderCancel(orderId: $orderId, reason: FRAUD, restock: true, refund: true, notifyCustomer: false, staffNote: "Apruvd declined") {
        job { id done }
        orderCancelUserErrors { field message code }
      }
    }`;
    const res = await sim.graphql<{
      orderCancel: { job: { id: string; done: boolean }; orderCancelUserErrors: unknown[] };
    }>(SHOP, mutation, { orderId: order.id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.orderCancel.orderCancelUserErrors).toEqual([]);
    expect(res.body.data?.orderCancel.job.id).toMatch(/^gid:\/\/shopify\/Job\//);
    const view = sim.order(SHOP, order.id);
    expect(view.cancelledAt).not.toBeNull();
    expect(view.cancelReason).toBe("FRAUD");
    expect(view.fulfillmentOrders.every((f) => f.status === "CLOSED")).toBe(true);
    expect(view.displayFinancialStatus).toBe("REFUNDED");

    const job = await sim.graphql<{ job: { done: boolean } }>(SHOP, `query($id: ID!) { job(id: $id) { id done } }`, {
      id: res.body.data!.orderCancel.job.id,
    });
    expect(job.body.data?.job.done).toBe(true);

    const again = await sim.graphql<{ orderCancel: { orderCancelUserErrors: { code: string }[] } }>(SHOP, mutation, {
      orderId: order.id,
    });
    expect(again.body.data?.orderCancel.orderCancelUserErrors[0].code).toBe("INVALID");
  });

  it("lists orders with first/query/after for a reconciliation sweep", async () => {
    const shop = "sweep-store.myshopify.com";
    sim.seedShop(shop, { accessToken: "shpat_sweep" });
    const base = Date.parse("2026-04-01T00:00:00Z");
    const made = Array.from({ length: 7 }, (_, i) =>
      sim.createOrder(shop, {
        ...generateOrder("card-ordinary", 11, i),
        createdAt: base + i * 3_600_000,
        tags: i % 2 === 0 ? ["apruvd-reviewed"] : [],
      }),
    );
    const q = `query Sweep($first: Int!, $after: String, $query: String) {
      orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
        edges { cursor node { id name tags createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      orders: {
        edges: { cursor: string; node: { id: string; tags: string[] } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const unreviewed = await sim.graphql<Page>(shop, q, {
      first: 50,
      query: "-tag:apruvd-reviewed created_at:>=2026-04-01",
    });
    expect(unreviewed.body.data?.orders.edges.map((e) => e.node.id)).toEqual([made[1].id, made[3].id, made[5].id]);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { body: { data?: Page } } = await sim.graphql<Page>(shop, q, {
        first: 3,
        after,
        query: "status:open",
      });
      const conn: Page["orders"] = res.body.data!.orders;
      seen.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(made.map((o) => o.id));

    const tagged = await sim.graphql<Page>(shop, q, {
      first: 50,
      query: "tag:APRUVD-REVIEWED created_at:<2026-04-01T03:00:00Z",
    });
    expect(tagged.body.data?.orders.edges.map((e) => e.node.id)).toEqual([made[0].id, made[2].id]);

    const warned = await sim.graphql<Page>(shop, q, { first: 5, query: "bogus_field:1" });
    expect(warned.body.extensions?.search).toEqual([
      expect.objectContaining({
        warnings: [{ field: "bogus_field", message: "Invalid search field for this query." }],
      }),
    ]);

    const noFirst = await sim.graphql(shop, `{ orders(query: "tag:x") { nodes { id } } }`);
    expect((noFirst.body.errors as { message: string }[])[0].message).toBe("you must provide one of first or last");
  });

  it("hides orders older than 60 days without read_all_orders", async () => {
    const shop = "recent-only.myshopify.com";
    sim.seedShop(shop, { accessToken: "shpat_recent", readAllOrders: false });
    const old = sim.createOrder(shop, {
      ...generateOrder("card-ordinary", 1),
      createdAt: Date.now() - 90 * 86_400_000,
    });
    const fresh = sim.createOrder(shop, { ...generateOrder("card-ordinary", 2), createdAt: Date.now() - 86_400_000 });
    const res = await sim.graphql<{ a: { id: string } | null; b: { id: string } | null }>(
      shop,
      `query($a: ID!, $b: ID!) { a: order(id: $a) { id } b: order(id: $b) { id } }`,
      { a: old.id, b: fresh.id },
    );
    expect(res.body.data).toEqual({ a: null, b: { id: fresh.id } });
  });

  it("routes https://{shop}/admin/... through createSimulatorFetch", async () => {
    const simFetch = createSimulatorFetch(sim.url);
    const res = await simFetch(`https://${SHOP}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN },
      body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { shop: { myshopifyDomain: SHOP } } });
  });

  it("records calls with operation name, kind and cost", async () => {
    sim.resetCalls();
    const reviewed = await sim.graphql(SHOP, ORDER_FOR_REVIEW_QUERY, { id: cardOrder.id });
    const reviewCost = reviewed.body.extensions!.cost!.requestedQueryCost;
    expect(reviewCost).toBeGreaterThan(100);
    await sim.graphql(
      SHOP,
      `mutation TagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }`,
      { id: cardOrder.id, tags: ["x"] },
    );
    await sim.graphql(SHOP, "{ shop { name } }", undefined, { accessToken: "nope" });
    const calls = sim.calls();
    expect(calls.map((c) => [c.shop, c.operationName, c.kind, c.cost, c.throttled, c.status])).toEqual([
      [SHOP, "OrderForReview", "query", reviewCost, false, 200],
      [SHOP, "TagsAdd", "mutation", 10, false, 200],
      [SHOP, null, "query", 0, false, 401],
    ]);
    expect(calls.every((c) => typeof c.at === "number")).toBe(true);
  });
});
