/**
 * A partial ACCESS_DENIED answer (Shopify withholds a field the app may not read and
 * returns the rest) is a missing value when the caller can do without the field, and a
 * failed read otherwise; also when the Shopify library throws it as a GraphqlQueryError.
 */
import { describe, expect, it } from "vitest";
import {
  AdminGraphqlError,
  AdminThrottledError,
  type WithheldField,
  adminGraphqlFrom,
  readGraphqlBody,
} from "./admin-graphql";
import { QueryCostExceedsBucketError } from "./cost-governor";

const denied = (path: (string | number)[], requiredAccess = "Level 2 access to Customer data") => ({
  message: `This app is not approved to use the ${String(path.at(-1))} field.`,
  path,
  extensions: { code: "ACCESS_DENIED", requiredAccess },
});

const partial = {
  data: { order: { id: "gid://shopify/Order/1", email: null, lineItems: { nodes: [{ product: null }] } } },
  errors: [denied(["order", "email"]), denied(["order", "lineItems", "nodes", 0, "product"], "read_products")],
};

const OPTIONAL = ["order.email", "order.lineItems.nodes.product"];

describe("readGraphqlBody when throttled", () => {
  const throttled = (requestedQueryCost: number) => ({
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    extensions: {
      cost: { requestedQueryCost, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 } },
    },
  });

  it("asks to retry once the bucket has refilled enough", () => {
    const error = (() => {
      try {
        readGraphqlBody(throttled(400), 200, undefined, "OrderForReview");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AdminThrottledError);
    expect((error as AdminThrottledError).retryAfterMs).toBe(8000);
  });

  it("does not retry forever a query dearer than the whole bucket: a clear, non-retryable error", () => {
    expect(() => readGraphqlBody(throttled(1200), 200, undefined, "OrderForReview")).toThrow(
      /OrderForReview requests 1200 cost points, more than the shop's whole Admin API bucket \(1000\)/,
    );
    expect(() => readGraphqlBody(throttled(1200), 200)).toThrow(QueryCostExceedsBucketError);
  });
});

describe("readGraphqlBody with optional fields", () => {
  it("returns the data and names what was withheld when every denial is of an optional field", () => {
    const withheld: WithheldField[] = [];
    const data = readGraphqlBody<typeof partial.data>(partial, 200, {
      optionalFields: OPTIONAL,
      onWithheld: (fields) => withheld.push(...fields),
    });
    expect(data.order.id).toBe("gid://shopify/Order/1");
    expect(withheld).toEqual([
      { path: "order.email", requiredAccess: "Level 2 access to Customer data" },
      { path: "order.lineItems.nodes.product", requiredAccess: "read_products" },
    ]);
  });

  it("fails when a denied field is required, or no optional fields were named", () => {
    expect(() => readGraphqlBody(partial, 200, { optionalFields: ["order.email"] })).toThrow(AdminGraphqlError);
    expect(() => readGraphqlBody(partial, 200)).toThrow(AdminGraphqlError);
  });

  it("fails on any other error beside a denial", () => {
    const mixed = { ...partial, errors: [...partial.errors, { message: "Internal error", path: ["order"] }] };
    expect(() => readGraphqlBody(mixed, 200, { optionalFields: OPTIONAL })).toThrow(AdminGraphqlError);
  });
});

describe("adminGraphqlFrom", () => {
  // @shopify/shopify-api throws GraphqlQueryError on any `errors`, with the answer as `body`.
  const throwingLibrary = {
    graphql: () =>
      Promise.reject(Object.assign(new Error("GraphQL errors"), { body: partial, response: { status: 200 } })),
  };

  it("reads the partial answer the library threw", async () => {
    const admin = adminGraphqlFrom(throwingLibrary);
    const withheld: WithheldField[] = [];
    const data = await admin<typeof partial.data>("query OrderForReview { order { id } }", undefined, {
      optionalFields: OPTIONAL,
      onWithheld: (fields) => withheld.push(...fields),
    });
    expect(data.order.id).toBe("gid://shopify/Order/1");
    expect(withheld.map((w) => w.path)).toEqual(OPTIONAL);
  });

  it("still fails on it when the field is required", async () => {
    const admin = adminGraphqlFrom(throwingLibrary);
    await expect(admin("query OrderForReview { order { id } }")).rejects.toBeInstanceOf(AdminGraphqlError);
  });
});
