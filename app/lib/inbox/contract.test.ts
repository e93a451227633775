import type { InboxEvent } from "@prisma/client";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isRetryable } from "../runner/retry-policy";
import {
  APP_TOPICS,
  INBOX_TOPICS,
  InboxPayloadError,
  SHOPIFY_COMPLIANCE_TOPICS,
  SHOPIFY_FULFILLMENT_ORDER_TOPICS,
  SHOPIFY_LIFECYCLE_TOPICS,
  SHOPIFY_ORDER_TOPICS,
  decodeInboxEvent,
  parseInboxPayload,
  shopifyComplianceTopicOf,
  shopifyOrderTopicOf,
  shopifyTopicOf,
} from "./contract";

function row(topic: string, payload: string): InboxEvent {
  const now = new Date();
  return {
    id: "evt-1",
    dedupeKey: "k",
    shop: "s.myshopify.com",
    topic,
    orderKey: "1",
    payload,
    status: "pending",
    attempts: 1,
    runAt: now,
    lockedUntil: null,
    lockedBy: null,
    lastError: null,
    receivedAt: now,
    processedAt: null,
  };
}

describe("inbox contract: topics", () => {
  it("parses Shopify's topics in both forms, and nothing received names an app topic", () => {
    expect(shopifyTopicOf("orders/create")).toBe("orders/create");
    expect(shopifyTopicOf("ORDERS_CREATE")).toBe("orders/create");
    expect(shopifyTopicOf("CUSTOMERS_DATA_REQUEST")).toBe("customers/data_request");
    expect(shopifyTopicOf("APP_SCOPES_UPDATE")).toBe("app/scopes_update");
    // The library's form of the fulfillment-order topics: the "/" is not at the first "_".
    expect(shopifyTopicOf("FULFILLMENT_ORDERS_SPLIT")).toBe("fulfillment_orders/split");
    expect(shopifyTopicOf("FULFILLMENT_ORDERS_ORDER_ROUTING_COMPLETE")).toBe(
      "fulfillment_orders/order_routing_complete",
    );
    expect(shopifyTopicOf("products/create")).toBeNull();
    for (const topic of APP_TOPICS) {
      expect(shopifyTopicOf(topic)).toBeNull();
      expect(shopifyTopicOf(topic.toUpperCase().replace("/", "_"))).toBeNull();
    }
  });

  it("tells order topics from compliance topics", () => {
    expect(shopifyOrderTopicOf("ORDERS_CANCELLED")).toBe("orders/cancelled");
    expect(shopifyOrderTopicOf("shop/redact")).toBeNull();
    expect(shopifyComplianceTopicOf("SHOP_REDACT")).toBe("shop/redact");
    expect(shopifyComplianceTopicOf("orders/create")).toBeNull();
  });

  it("queues Shopify's order, fulfillment-order and compliance topics and the app's topics, not the lifecycle topics", () => {
    expect([...INBOX_TOPICS].sort()).toEqual(
      [
        ...SHOPIFY_ORDER_TOPICS,
        ...SHOPIFY_FULFILLMENT_ORDER_TOPICS,
        ...SHOPIFY_COMPLIANCE_TOPICS,
        ...APP_TOPICS,
      ].sort(),
    );
    for (const topic of SHOPIFY_LIFECYCLE_TOPICS) expect(INBOX_TOPICS).not.toContain(topic);
  });
});

describe("inbox contract: stored payloads", () => {
  it("reads every row format the producers write", () => {
    // receive/webhook.server.ts and the sweep
    expect(parseInboxPayload("orders/create", '{"orderKey":"820982911946154508","fingerprint":"abc"}')).toEqual({
      orderKey: "820982911946154508",
      fingerprint: "abc",
    });
    expect(parseInboxPayload("orders/cancelled", '{"orderKey":"5","fingerprint":null}')).toEqual({
      orderKey: "5",
      fingerprint: null,
    });
    expect(parseInboxPayload("orders/updated", '{"orderKey":"5"}')).toEqual({ orderKey: "5", fingerprint: undefined });
    // receive/fulfillment-order-webhook.server.ts
    expect(
      parseInboxPayload("fulfillment_orders/split", '{"fulfillmentOrderIds":["gid://shopify/FulfillmentOrder/9"]}'),
    ).toEqual({ fulfillmentOrderIds: ["gid://shopify/FulfillmentOrder/9"] });
    expect(() =>
      parseInboxPayload("fulfillment_orders/moved", '{"fulfillmentOrderIds":["gid://shopify/Order/9"]}'),
    ).toThrow(InboxPayloadError);
    // receive/compliance-webhook.server.ts
    expect(
      parseInboxPayload("customers/redact", '{"orderKeys":["1","2"],"customerId":"7","dataRequestId":null}'),
    ).toEqual({
      orderKeys: ["1", "2"],
      customerId: "7",
      dataRequestId: null,
    });
    expect(
      parseInboxPayload("customers/data_request", '{"orderKeys":[],"customerId":null,"dataRequestId":"dr-1"}'),
    ).toMatchObject({
      dataRequestId: "dr-1",
    });
    expect(parseInboxPayload("shop/redact", '{"orderKeys":[],"customerId":null,"dataRequestId":null}')).toMatchObject({
      orderKeys: [],
    });
    expect(parseInboxPayload("shop/redact", "{}")).toEqual({});
    // receive/merchant-actions.server.ts and the sweep's poll
    expect(parseInboxPayload("merchant/elevate", '{"orderKey":"9","action":"elevate"}')).toEqual({
      orderKey: "9",
      action: "elevate",
    });
    expect(parseInboxPayload("system/poll", '{"orderKey":"9","action":"resync"}')).toEqual({
      orderKey: "9",
      action: "resync",
    });
    expect(parseInboxPayload("system/reconcile", "{}")).toEqual({});
    // receive/apruvd-callback.server.ts (undefined fields are not stored)
    expect(
      parseInboxPayload("apruvd/review-complete", '{"transaction_id":42,"status":"Declined","notes":"n"}'),
    ).toEqual({
      transaction_id: 42,
      status: "Declined",
      notes: "n",
      corrected_email: undefined,
    });
  });

  it.each([
    ["orders/create", "not json", /not JSON/],
    ["orders/create", "[]", /not a JSON object/],
    ["orders/create", "null", /not a JSON object/],
    ["orders/create", '{"orderKey":"gid://shopify/Order/1"}', /orderKey/],
    ["orders/updated", '{"orderKey":"1","fingerprint":3}', /fingerprint/],
    ["customers/redact", '{"orderKeys":[1]}', /orderKeys/],
    ["customers/data_request", '{"customerId":"7"}', /orderKeys/],
    ["merchant/cancel", '{"orderKey":"1","action":"refund"}', /action/],
    ["apruvd/review-complete", '{"transaction_id":"42","status":"Approved"}', /transaction_id/],
    ["apruvd/review-complete", '{"transaction_id":42,"status":"Maybe"}', /status/],
  ] as const)("refuses a %s payload %s as bad data, which is not retried as an outage", (topic, stored, problem) => {
    let thrown: unknown;
    try {
      parseInboxPayload(topic, stored);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InboxPayloadError);
    expect((thrown as Error).message).toMatch(problem);
    expect((thrown as Error).message).toContain(topic);
    expect(isRetryable(thrown)).toBe(false);
  });

  it("decodes a row for the job of its own topic only", () => {
    const decoded = decodeInboxEvent(row("merchant/submit", '{"orderKey":"1","action":"submit"}'), "merchant/submit");
    expect(decoded).toMatchObject({
      id: "evt-1",
      topic: "merchant/submit",
      payload: { orderKey: "1", action: "submit" },
    });
    expect(() =>
      decodeInboxEvent(row("merchant/cancel", '{"orderKey":"1","action":"cancel"}'), "merchant/submit"),
    ).toThrow(InboxPayloadError);
  });
});

describe("inbox contract: producers", () => {
  it("app code writes inbox rows only through the typed recordInboxEvent", () => {
    const untyped: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(file);
        else if (
          /\.tsx?$/.test(entry.name) &&
          !/\.test\.tsx?$/.test(entry.name) &&
          !file.endsWith(path.join("inbox", "inbox.server.ts"))
        ) {
          if (/\binsertInboxRow\b/.test(fs.readFileSync(file, "utf8"))) untyped.push(file);
        }
      }
    };
    visit(path.resolve("app"));
    expect(untyped).toEqual([]);
  });
});
