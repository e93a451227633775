import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { examplePayloadText } from "../../test/support/webhook-requests";
import { type WebhookTransport, httpTransport, routeActionTransport } from "../server/webhook-routes-build";

const pubsub = "/webhooks/pubsub";
const eventbridge = "/webhooks/eventbridge";

// Sample messages as Google Pub/Sub (push) and Amazon EventBridge deliver Shopify webhooks.
const metadata = (topic: string, webhookId: string) => ({
  "Content-Type": "application/json",
  "X-Shopify-Topic": topic,
  "X-Shopify-Shop-Domain": "big-merchant.myshopify.com",
  "X-Shopify-API-Version": "2026-10",
  "X-Shopify-Webhook-Id": webhookId,
  "X-Shopify-Triggered-At": "2026-11-21T10:00:00Z",
  "X-Shopify-Hmac-SHA256": "not-checked-on-this-channel",
});

function pubsubMessage(topic: string, webhookId: string, payload = examplePayloadText(topic)) {
  return {
    message: {
      attributes: metadata(topic, webhookId),
      data: Buffer.from(payload).toString("base64"),
      messageId: "1",
      publishTime: "2026-11-21T10:00:01Z",
    },
    subscription: "projects/apruvd/subscriptions/shopify-orders",
  };
}

function eventBridgeEvent(topic: string, webhookId: string) {
  return {
    version: "0",
    id: "0d5c5b0e",
    "detail-type": "shopifyWebhook",
    source: "aws.partner/shopify.com/123/apruvd",
    time: "2026-11-21T10:00:01Z",
    detail: { metadata: metadata(topic, webhookId), payload: JSON.parse(examplePayloadText(topic)) },
  };
}

/** Each test runs twice: the route's action called directly, and over HTTP through the server's fast path. */
const TRANSPORTS: { name: string; open: () => Promise<WebhookTransport> }[] = [
  { name: "route action", open: async () => routeActionTransport() },
  { name: "fast path over HTTP", open: () => httpTransport({ fastPath: true }) },
];

let transport: WebhookTransport;
const post = (route: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
  transport.send(
    route,
    new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

beforeEach(async () => {
  process.env.PUBSUB_PUSH_TOKEN = "pubsub-secret";
  process.env.EVENTBRIDGE_API_KEY = "eventbridge-secret";
  await prisma.inboxEvent.deleteMany();
});
afterEach(() => {
  delete process.env.PUBSUB_PUSH_TOKEN;
  delete process.env.EVENTBRIDGE_API_KEY;
});

describe.each(TRANSPORTS)("cloud webhook routes: $name", ({ open }) => {
  beforeAll(async () => {
    transport = await open();
  });
  afterAll(async () => {
    // Over HTTP, every request went through the fast path, none on to Remix.
    if (transport.overHttp) expect(transport.counts.fastPath).toBe(transport.counts.sent);
    await transport.close();
  });

  describe("Pub/Sub push", () => {
    it("an orders/create message lands in the inbox like an HTTPS webhook, once", async () => {
      const url = "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret";
      expect((await post(pubsub, url, pubsubMessage("orders/create", "ps-1"))).status).toBe(204);
      expect((await post(pubsub, url, pubsubMessage("orders/create", "ps-1"))).status).toBe(204);
      const rows = await prisma.inboxEvent.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        topic: "orders/create",
        shop: "big-merchant.myshopify.com",
        orderKey: "820982911946154508",
        dedupeKey: "shopify:ps-1",
      });
      expect(rows[0].payload).not.toMatch(/@/);
    });

    it("compliance messages keep only ids", async () => {
      const url = "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret";
      // The body names the shop the metadata names (the published example says "{shop}.myshopify.com").
      const payload = examplePayloadText("customers/redact").replace(
        "{shop}.myshopify.com",
        "big-merchant.myshopify.com",
      );
      expect((await post(pubsub, url, pubsubMessage("customers/redact", "ps-2", payload))).status).toBe(204);
      const [row] = await prisma.inboxEvent.findMany();
      expect(row.topic).toBe("customers/redact");
      expect(row.payload).not.toMatch(/@/);
    });

    it("refuses a wrong token (401), a malformed message (400), and is off without a token configured (404)", async () => {
      expect(
        (await post(pubsub, "http://127.0.0.1/webhooks/pubsub?token=guess", pubsubMessage("orders/create", "x")))
          .status,
      ).toBe(401);
      expect(
        (
          await post(pubsub, "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret", {
            message: { attributes: {}, data: "e30=" },
          })
        ).status,
      ).toBe(400);
      expect((await post(pubsub, "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret", "{oops")).status).toBe(400);
      const noData = pubsubMessage("orders/create", "y", "not json");
      expect((await post(pubsub, "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret", noData)).status).toBe(400);
      delete process.env.PUBSUB_PUSH_TOKEN;
      expect(
        (await post(pubsub, "http://127.0.0.1/webhooks/pubsub?token=", pubsubMessage("orders/create", "z"))).status,
      ).toBe(404);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("acknowledges topics the app does not handle without storing them", async () => {
      const message = pubsubMessage("orders/create", "ps-3");
      message.message.attributes["X-Shopify-Topic"] = "products/update";
      expect((await post(pubsub, "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret", message)).status).toBe(204);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("refuses a compliance message whose body names another shop, and drops one naming no shop", async () => {
      const url = "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret";
      const otherShop = examplePayloadText("shop/redact").replace("{shop}.myshopify.com", "victim.myshopify.com");
      expect((await post(pubsub, url, pubsubMessage("shop/redact", "ps-4", otherShop))).status).toBe(400);
      const absurd = pubsubMessage("orders/create", "ps-5");
      absurd.message.attributes["X-Shopify-Shop-Domain"] = `${"a".repeat(300)}.myshopify.com`;
      expect((await post(pubsub, url, absurd)).status).toBe(204);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("never stores a message that names one of the app's own topics", async () => {
      for (const topic of ["merchant/cancel", "system/poll", "apruvd/review-complete"]) {
        const message = pubsubMessage("orders/create", `ps-${topic}`);
        message.message.attributes["X-Shopify-Topic"] = topic;
        expect((await post(pubsub, "http://127.0.0.1/webhooks/pubsub?token=pubsub-secret", message)).status).toBe(204);
      }
      expect(await prisma.inboxEvent.count()).toBe(0);
    });
  });

  describe("EventBridge API destination", () => {
    it("an orders/updated event lands in the inbox", async () => {
      const response = await post(
        eventbridge,
        "http://127.0.0.1/webhooks/eventbridge",
        eventBridgeEvent("orders/updated", "eb-1"),
        { "X-Api-Key": "eventbridge-secret" },
      );
      expect(response.status).toBe(204);
      const [row] = await prisma.inboxEvent.findMany();
      expect(row).toMatchObject({ topic: "orders/updated", orderKey: "820982911946154508", dedupeKey: "shopify:eb-1" });
    });

    it("refuses a wrong API key and an event without Shopify metadata", async () => {
      expect(
        (
          await post(eventbridge, "http://127.0.0.1/webhooks/eventbridge", eventBridgeEvent("orders/create", "e"), {
            "X-Api-Key": "nope",
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await post(
            eventbridge,
            "http://127.0.0.1/webhooks/eventbridge",
            { detail: { payload: {} } },
            { "X-Api-Key": "eventbridge-secret" },
          )
        ).status,
      ).toBe(400);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });
  });
});
