import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_FOR_REVIEW_QUERY } from "../../app/lib/clients/shopify/graphql/order-for-review.query";
import { startShopifySimulator, type ShopifySimulator } from "./simulator";
import { generateOrder } from "./orders";
// The app's own grant is tested in access-scopes.test.ts; these tests read every field the simulator serves.
import { everyScopeInTable } from "./access-scopes";

// Single-field documents: the app sends these fields inside OrderReviewState; here each
// mutation's semantics are tested on its own.
const FULFILLMENT_ORDER_HOLD_MUTATION = `mutation FulfillmentOrderHold($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) { fulfillmentHold { id handle } fulfillmentOrder { id status } userErrors { field message code } }
}`;
const FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION = `mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]) {
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) { fulfillmentOrder { id status } userErrors { field message code } }
}`;
const TAGS_ADD_MUTATION = `mutation TagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { field message } } }`;
const TAGS_REMOVE_MUTATION = `mutation TagsRemove($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { userErrors { field message } } }`;
const ORDER_RISK_ASSESSMENT_CREATE_MUTATION = `mutation OrderRiskAssessmentCreate($input: OrderRiskAssessmentCreateInput!) {
  orderRiskAssessmentCreate(orderRiskAssessmentInput: $input) { orderRiskAssessment { riskLevel } userErrors { field message code } }
}`;

const SHOP = "holds-store.myshopify.com";
const TOKEN = "shpat_holds";
const OTHER_APP_TOKEN = "shpat_other_app";

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}
interface HoldPayload {
  fulfillmentOrderHold: {
    fulfillmentHold: { id: string; handle: string | null } | null;
    fulfillmentOrder: { id: string; status: string } | null;
    userErrors: UserError[];
  };
}
interface ReleasePayload {
  fulfillmentOrderReleaseHold: { fulfillmentOrder: { id: string; status: string } | null; userErrors: UserError[] };
}

describe("write-back mutations (the app's documents) against the simulator", () => {
  let sim: ShopifySimulator;

  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, {
      accessToken: TOKEN,
      scopes: everyScopeInTable(),
      otherApps: [{ title: "Other Fraud App", accessToken: OTHER_APP_TOKEN }],
    });
  });
  afterAll(() => sim.close());

  const hold = (foId: string, handle: string | null, token?: string) =>
    sim.graphql<HoldPayload>(
      SHOP,
      FULFILLMENT_ORDER_HOLD_MUTATION,
      {
        id: foId,
        fulfillmentHold: {
          reason: "HIGH_RISK_OF_FRAUD",
          reasonNotes: "Apruvd review pending",
          notifyMerchant: false,
          ...(handle === null ? {} : { handle }),
        },
      },
      { accessToken: token },
    );
  const release = (foId: string, holdIds?: string[], token?: string) =>
    sim.graphql<ReleasePayload>(
      SHOP,
      FULFILLMENT_ORDER_RELEASE_HOLD_MUTATION,
      { id: foId, ...(holdIds ? { holdIds } : {}) },
      { accessToken: token },
    );

  async function fulfillmentOrders(orderId: string) {
    const res = await sim.graphql<{
      order: {
        fulfillmentOrders: {
          nodes: {
            id: string;
            status: string;
            supportedActions: { action: string }[];
            fulfillmentHolds: { id: string; handle: string | null; reason: string; heldByRequestingApp: boolean }[];
          }[];
        };
      };
    }>(SHOP, ORDER_FOR_REVIEW_QUERY, { id: orderId });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.order.fulfillmentOrders.nodes;
  }

  it("places a hold (FO → ON_HOLD, RELEASE_HOLD supported), rejects a duplicate handle, allows another handle", async () => {
    const order = sim.createOrder(SHOP, generateOrder("card-submit", 1));
    const [fo] = await fulfillmentOrders(order.id);
    expect(fo.status).toBe("OPEN");

    const first = await hold(fo.id, "apruvd-review");
    expect(first.body.errors).toBeUndefined();
    const p = first.body.data!.fulfillmentOrderHold;
    expect(p.userErrors).toEqual([]);
    expect(p.fulfillmentHold?.id).toMatch(/^gid:\/\/shopify\/FulfillmentHold\/\d+$/);
    expect(p.fulfillmentHold?.handle).toBe("apruvd-review");
    expect(p.fulfillmentOrder).toEqual({ id: fo.id, status: "ON_HOLD" });

    const [after] = await fulfillmentOrders(order.id);
    expect(after.status).toBe("ON_HOLD");
    expect(after.supportedActions.map((a) => a.action)).toEqual(expect.arrayContaining(["RELEASE_HOLD", "HOLD"]));
    expect(after.supportedActions.map((a) => a.action)).not.toContain("CREATE_FULFILLMENT");
    expect(after.fulfillmentHolds).toEqual([
      { id: p.fulfillmentHold!.id, handle: "apruvd-review", reason: "HIGH_RISK_OF_FRAUD", heldByRequestingApp: true },
    ]);

    const dup = await hold(fo.id, "apruvd-review");
    const d = dup.body.data!.fulfillmentOrderHold;
    expect(d.fulfillmentHold).toBeNull();
    expect(d.userErrors).toEqual([
      {
        field: ["fulfillmentHold", "handle"],
        message: expect.stringContaining("already in use"),
        code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE",
      },
    ]);

    const second = await hold(fo.id, "apruvd-manual");
    expect(second.body.data!.fulfillmentOrderHold.userErrors).toEqual([]);
    const view = sim.order(SHOP, order.id);
    expect(view.holds.active.map((h) => h.handle)).toEqual(["apruvd-review", "apruvd-manual"]);
    expect(view.holds.active.every((h) => h.app === "Apruvd")).toBe(true);
  });

  it("releases only the given holds, and reopens the FO when none remain", async () => {
    const order = sim.createOrder(SHOP, generateOrder("card-approve", 2));
    const [fo] = await fulfillmentOrders(order.id);
    const a = (await hold(fo.id, "a")).body.data!.fulfillmentOrderHold.fulfillmentHold!.id;
    const b = (await hold(fo.id, "b")).body.data!.fulfillmentOrderHold.fulfillmentHold!.id;

    const r1 = await release(fo.id, [a]);
    expect(r1.body.data!.fulfillmentOrderReleaseHold).toEqual({
      fulfillmentOrder: { id: fo.id, status: "ON_HOLD" },
      userErrors: [],
    });
    let view = sim.order(SHOP, order.id);
    expect(view.holds.active.map((h) => h.id)).toEqual([b]);
    expect(view.holds.released.map((h) => h.id)).toEqual([a]);
    expect(view.holds.released[0].releasedAt).not.toBeNull();

    const r2 = await release(fo.id); // no holdIds: every hold of the requesting app
    expect(r2.body.data!.fulfillmentOrderReleaseHold).toEqual({
      fulfillmentOrder: { id: fo.id, status: "OPEN" },
      userErrors: [],
    });
    view = sim.order(SHOP, order.id);
    expect(view.holds.active).toEqual([]);
    expect(view.fulfillmentOrders[0].status).toBe("OPEN");
    expect(view.fulfillmentOrders[0].supportedActions).toContain("CREATE_FULFILLMENT");

    // A hold can be placed again with a handle that was released.
    expect((await hold(fo.id, "a")).body.data!.fulfillmentOrderHold.userErrors).toEqual([]);
  });

  it("cannot release a hold placed by another app; its hold keeps the FO on hold", async () => {
    const order = sim.createOrder(SHOP, generateOrder("held-by-other-app", 3));
    const [fo] = await fulfillmentOrders(order.id);
    expect(fo.status).toBe("ON_HOLD");
    expect(fo.fulfillmentHolds).toHaveLength(1);
    expect(fo.fulfillmentHolds[0]).toMatchObject({ handle: "preorder", heldByRequestingApp: false });
    const foreign = fo.fulfillmentHolds[0].id;

    // Shopify allows several holds: ours goes on top of the other app's.
    const mine = (await hold(fo.id, "apruvd-review")).body.data!.fulfillmentOrderHold;
    expect(mine.userErrors).toEqual([]);

    const denied = await release(fo.id, [foreign, mine.fulfillmentHold!.id]);
    const dp = denied.body.data!.fulfillmentOrderReleaseHold;
    expect(dp.userErrors).toEqual([
      { field: ["holdIds", "0"], message: expect.stringContaining("another app"), code: "INVALID_ACCESS" },
    ]);
    expect(sim.order(SHOP, order.id).holds.active).toHaveLength(2); // atomic: nothing released

    const ok = await release(fo.id, [mine.fulfillmentHold!.id]);
    expect(ok.body.data!.fulfillmentOrderReleaseHold).toEqual({
      fulfillmentOrder: { id: fo.id, status: "ON_HOLD" },
      userErrors: [],
    });
    const view = sim.order(SHOP, order.id);
    expect(view.holds.active.map((h) => [h.handle, h.app])).toEqual([["preorder", "Preorder Manager"]]);
  });

  it("keeps handles per app: another app may use the same handle, and its hold is foreign to us", async () => {
    const order = sim.createOrder(SHOP, generateOrder("card-ordinary", 4));
    const [fo] = await fulfillmentOrders(order.id);
    expect((await hold(fo.id, "review", OTHER_APP_TOKEN)).body.data!.fulfillmentOrderHold.userErrors).toEqual([]);
    expect((await hold(fo.id, "review")).body.data!.fulfillmentOrderHold.userErrors).toEqual([]);
    const [after] = await fulfillmentOrders(order.id);
    expect(after.fulfillmentHolds.map((h) => h.heldByRequestingApp)).toEqual([false, true]);
    // Released as "all of mine": the other app's hold stays.
    expect((await release(fo.id)).body.data!.fulfillmentOrderReleaseHold.fulfillmentOrder?.status).toBe("ON_HOLD");
    expect(sim.order(SHOP, order.id).holds.active.map((h) => h.app)).toEqual(["Other Fraud App"]);
  });

  it("refuses holds on closed fulfillment orders, unknown ids and past the per-app limit", async () => {
    const cancelled = sim.createOrder(SHOP, {
      ...generateOrder("card-decline", 5),
      cancelledAt: "2026-03-02T16:00:00Z",
      cancelReason: "FRAUD",
    });
    const [closed] = await fulfillmentOrders(cancelled.id);
    expect(closed.status).toBe("CLOSED");
    const c = (await hold(closed.id, "x")).body.data!.fulfillmentOrderHold;
    expect(c.fulfillmentHold).toBeNull();
    expect(c.userErrors).toHaveLength(1);
    expect(c.userErrors[0].field).toEqual(["id"]);

    const unknown = (await hold("gid://shopify/FulfillmentOrder/999", "x")).body.data!.fulfillmentOrderHold;
    expect(unknown.userErrors).toEqual([
      { field: ["id"], message: "The fulfillment order could not be found.", code: "FULFILLMENT_ORDER_NOT_FOUND" },
    ]);
    const unknownRelease = (await release("gid://shopify/FulfillmentOrder/999")).body.data!.fulfillmentOrderReleaseHold;
    expect(unknownRelease.userErrors[0].code).toBe("FULFILLMENT_ORDER_NOT_FOUND");

    const order = sim.createOrder(SHOP, generateOrder("card-ordinary", 6));
    const [fo] = await fulfillmentOrders(order.id);
    for (let i = 0; i < 10; i++)
      expect((await hold(fo.id, `h${i}`)).body.data!.fulfillmentOrderHold.userErrors).toEqual([]);
    const eleventh = (await hold(fo.id, "h10")).body.data!.fulfillmentOrderHold;
    expect(eleventh.userErrors[0].code).toBe("FULFILLMENT_ORDER_HOLD_LIMIT_REACHED");

    // Releasing a FO that is not on hold is an error too.
    const open = sim.createOrder(SHOP, generateOrder("card-ordinary", 7));
    const [openFo] = await fulfillmentOrders(open.id);
    expect((await release(openFo.id)).body.data!.fulfillmentOrderReleaseHold.userErrors).toHaveLength(1);
  });

  it("holds each fulfillment order of a multi-location order independently", async () => {
    const order = sim.createOrder(SHOP, generateOrder("multi-fulfillment-orders", 8));
    const fos = await fulfillmentOrders(order.id);
    expect(fos).toHaveLength(3);
    for (const fo of fos)
      expect((await hold(fo.id, "apruvd-review")).body.data!.fulfillmentOrderHold.userErrors).toEqual([]);
    expect(sim.order(SHOP, order.id).fulfillmentOrders.map((f) => f.status)).toEqual(["ON_HOLD", "ON_HOLD", "ON_HOLD"]);
    expect(sim.order(SHOP, order.id).holds.active).toHaveLength(3);
  });

  it("adds and removes tags case-insensitively, and reports unknown orders as userErrors", async () => {
    const order = sim.createOrder(SHOP, { ...generateOrder("card-ordinary", 9), tags: ["VIP"] });
    const add = await sim.graphql<{ tagsAdd: { userErrors: UserError[] } }>(SHOP, TAGS_ADD_MUTATION, {
      id: order.id,
      tags: ["Apruvd: Pending", "vip", "apruvd-reviewed"],
    });
    expect(add.body.data!.tagsAdd.userErrors).toEqual([]);
    expect(sim.order(SHOP, order.id).tags).toEqual(["apruvd-reviewed", "Apruvd: Pending", "VIP"]);

    // A comma-separated string is split; duplicates in another case are not added again.
    await sim.graphql(SHOP, TAGS_ADD_MUTATION, { id: order.id, tags: ["APRUVD-REVIEWED, risk-low"] });
    expect(sim.order(SHOP, order.id).tags).toEqual(["apruvd-reviewed", "Apruvd: Pending", "risk-low", "VIP"]);

    const remove = await sim.graphql<{ tagsRemove: { userErrors: UserError[] } }>(SHOP, TAGS_REMOVE_MUTATION, {
      id: order.id,
      tags: ["apruvd: pending", "not-there"],
    });
    expect(remove.body.data!.tagsRemove.userErrors).toEqual([]);
    expect(sim.order(SHOP, order.id).tags).toEqual(["apruvd-reviewed", "risk-low", "VIP"]);

    const read = await sim.graphql<{ order: { tags: string[] } }>(SHOP, `query($id: ID!) { order(id: $id) { tags } }`, {
      id: order.id,
    });
    expect(read.body.data!.order.tags).toEqual(["apruvd-reviewed", "risk-low", "VIP"]);

    const unknown = await sim.graphql<{ tagsAdd: { userErrors: UserError[] } }>(SHOP, TAGS_ADD_MUTATION, {
      id: "gid://shopify/Order/12345",
      tags: ["x"],
    });
    expect(unknown.body.data!.tagsAdd.userErrors).toHaveLength(1);
    expect(unknown.body.data!.tagsAdd.userErrors[0].field).toEqual(["id"]);
    const malformed = await sim.graphql(SHOP, TAGS_ADD_MUTATION, { id: "12345", tags: ["x"] });
    expect((malformed.body.errors as { message: string }[])[0].message).toBe("Invalid global id '12345'");
  });

  it("stores risk assessments per order, visible through Order.risk and to tests", async () => {
    const order = sim.createOrder(SHOP, generateOrder("card-decline", 10));
    const input = {
      orderId: order.id,
      riskLevel: "HIGH",
      facts: [
        { description: "Apruvd declined the order", sentiment: "NEGATIVE" },
        { description: "x".repeat(300), sentiment: "NEUTRAL" },
      ],
    };
    const res = await sim.graphql<{
      orderRiskAssessmentCreate: { orderRiskAssessment: { riskLevel: string }; userErrors: UserError[] };
    }>(SHOP, ORDER_RISK_ASSESSMENT_CREATE_MUTATION, { input });
    expect(res.body.data!.orderRiskAssessmentCreate).toEqual({
      orderRiskAssessment: { riskLevel: "HIGH" },
      userErrors: [],
    });

    const view = sim.order(SHOP, order.id);
    expect(view.riskAssessments).toHaveLength(1);
    expect(view.riskAssessments[0]).toMatchObject({ riskLevel: "HIGH", provider: "Apruvd" });
    expect(view.riskAssessments[0].facts[0]).toEqual({
      description: "Apruvd declined the order",
      sentiment: "NEGATIVE",
    });
    expect(view.riskAssessments[0].facts[1].description).toHaveLength(256); // Shopify truncates to 256

    const read = await sim.graphql<{
      order: {
        risk: {
          recommendation: string;
          assessments: { riskLevel: string; provider: { title: string } | null; facts: { sentiment: string }[] }[];
        };
      };
    }>(
      SHOP,
      `query($id: ID!) { order(id: $id) { risk { recommendation assessments { riskLevel provider { title } facts { description sentiment } } } } }`,
      { id: order.id },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.order.risk.recommendation).toBe("CANCEL");
    expect(read.body.data!.order.risk.assessments[0]).toMatchObject({
      riskLevel: "HIGH",
      provider: { title: "Apruvd" },
    });

    const missing = await sim.graphql<{
      orderRiskAssessmentCreate: { orderRiskAssessment: null; userErrors: UserError[] };
    }>(SHOP, ORDER_RISK_ASSESSMENT_CREATE_MUTATION, {
      input: { ...input, orderId: "gid://shopify/Order/77" },
    });
    expect(missing.body.data!.orderRiskAssessmentCreate.orderRiskAssessment).toBeNull();
    expect(missing.body.data!.orderRiskAssessmentCreate.userErrors[0].code).toBe("NOT_FOUND");
  });
});
