import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { routeAdminApiToLocalOrigin } from "../lib/clients/shopify/local-admin-origin.server";
import { sessionStorage } from "../shopify.server";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import { examplePayloadText, signedWebhookRequest } from "../../test/support/webhook-requests";
import { type WebhookTransport, httpTransport, routeActionTransport } from "../server/webhook-routes-build";

/**
 * Every test runs twice: calling the route's action as Remix does, and over real HTTP to
 * the app's server (startAppServer), where the fast path ahead of Remix answers. Both
 * verify with @shopify/shopify-api's own webhook validation.
 */
const TRANSPORTS: { name: string; open: () => Promise<WebhookTransport> }[] = [
  { name: "route action", open: async () => routeActionTransport() },
  { name: "fast path over HTTP", open: () => httpTransport({ fastPath: true }) },
];

let transport: WebhookTransport;
let posts = 0;
const call = (route: string, request: Request) => {
  if (request.method === "POST") posts++;
  return transport.send(route, request);
};

const SHOP = "demo-store.myshopify.com";

/** A published example payload whose shop fields name `shop` (the examples say "{shop}.myshopify.com" or null). */
function payloadFor(topic: string, shop = SHOP): string {
  const payload = JSON.parse(examplePayloadText(topic)) as Record<string, unknown>;
  if ("shop_domain" in payload) payload.shop_domain = shop;
  if (topic === "app/uninstalled") payload.myshopify_domain = shop;
  return JSON.stringify(payload);
}

beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
  await prisma.session.deleteMany();
  await prisma.shopSettings.deleteMany();
});

describe.each(TRANSPORTS)("webhook routes: $name", ({ open }) => {
  beforeAll(async () => {
    transport = await open();
    posts = 0;
  });
  afterAll(async () => {
    // Over HTTP, every POST went through the fast path, none on to Remix.
    if (transport.overHttp) expect(transport.counts.fastPath).toBe(posts);
    await transport.close();
  });

  describe("order webhooks", () => {
    it.each([
      ["orders/create", "/webhooks/orders/create"],
      ["orders/updated", "/webhooks/orders/updated"],
      ["orders/cancelled", "/webhooks/orders/cancelled"],
    ] as const)("%s with Shopify's example payload is stored in the inbox before 200", async (topic, action) => {
      const body = examplePayloadText(topic);
      const response = await call(action, signedWebhookRequest({ topic, body, webhookId: `wh-${topic}` }));
      expect(response.status).toBe(200);
      const rows = await prisma.inboxEvent.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        topic,
        shop: "demo-store.myshopify.com",
        status: "pending",
        dedupeKey: `shopify:wh-${topic}`,
      });
      // The exact id from admin_graphql_api_id, not the rounded JSON number.
      expect(rows[0].orderKey).toBe("820982911946154508");
    });

    it("stores no customer data from the payload", async () => {
      const body = examplePayloadText("orders/create");
      await call("/webhooks/orders/create", signedWebhookRequest({ topic: "orders/create", body }));
      const [row] = await prisma.inboxEvent.findMany();
      expect(JSON.parse(row.payload)).toEqual({
        orderKey: "820982911946154508",
        fingerprint: expect.stringMatching(/^[\w-]{22}$/),
      });
      expect(row.payload).not.toMatch(/@|browser_ip|address/);
    });

    it("a repeated delivery of the same webhook creates no second piece of work", async () => {
      const body = examplePayloadText("orders/create");
      const first = await call(
        "/webhooks/orders/create",
        signedWebhookRequest({ topic: "orders/create", body, webhookId: "same" }),
      );
      const again = await call(
        "/webhooks/orders/create",
        signedWebhookRequest({ topic: "orders/create", body, webhookId: "same" }),
      );
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(await prisma.inboxEvent.count()).toBe(1);
    });

    it("concurrent duplicate deliveries still create one row", async () => {
      const body = examplePayloadText("orders/create");
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          call("/webhooks/orders/create", signedWebhookRequest({ topic: "orders/create", body, webhookId: "burst" })),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(await prisma.inboxEvent.count()).toBe(1);
    });

    it("answers 401 to a bad HMAC and stores nothing", async () => {
      const body = examplePayloadText("orders/create");
      const response = await call(
        "/webhooks/orders/create",
        signedWebhookRequest({ topic: "orders/create", body, hmac: "bm90IHRoZSByaWdodCBobWFj" }),
      );
      expect(response.status).toBe(401);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("answers 401 when signed with another secret", async () => {
      const body = examplePayloadText("orders/create");
      const response = await call(
        "/webhooks/orders/create",
        signedWebhookRequest({ topic: "orders/create", body, secret: "someone-else" }),
      );
      expect(response.status).toBe(401);
    });

    it.each(["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id"])(
      "answers 400 when %s is missing",
      async (header) => {
        const body = examplePayloadText("orders/create");
        const response = await call(
          "/webhooks/orders/create",
          signedWebhookRequest({ topic: "orders/create", body, omit: [header] }),
        );
        expect(response.status).toBe(400);
        expect(await prisma.inboxEvent.count()).toBe(0);
      },
    );

    it("answers 400 to a correctly signed but malformed body", async () => {
      const response = await call(
        "/webhooks/orders/create",
        signedWebhookRequest({ topic: "orders/create", body: '{"id": 1,' }),
      );
      expect(response.status).toBe(400);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("answers 400 to a signed order payload without an order id", async () => {
      const response = await call(
        "/webhooks/orders/create",
        signedWebhookRequest({ topic: "orders/create", body: '{"name":"#1"}' }),
      );
      expect(response.status).toBe(400);
    });

    it("answers 413 to an oversized body before reading it", async () => {
      const body = JSON.stringify({ id: 1, note: "x".repeat(1_100_000) });
      // A Request built in memory carries no content-length; set it as an HTTP client does.
      const sized = signedWebhookRequest({ topic: "orders/create", body });
      const withLength = new Request(sized.url, {
        method: "POST",
        headers: { ...Object.fromEntries(sized.headers), "content-length": String(body.length) },
        body,
      });
      expect((await call("/webhooks/orders/create", withLength)).status).toBe(413);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("refuses a signed request that names one of the app's own topics, and stores nothing", async () => {
      const body = examplePayloadText("orders/create");
      for (const topic of ["merchant/cancel", "system/reconcile", "apruvd/review-complete", "MERCHANT_SUBMIT"]) {
        expect((await call("/webhooks/orders/create", signedWebhookRequest({ topic, body }))).status).toBe(400);
        expect(
          (
            await call(
              "/webhooks/customers/redact",
              signedWebhookRequest({ topic, body: examplePayloadText("customers/redact") }),
            )
          ).status,
        ).toBe(400);
      }
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("answers a method other than POST without reading it: 405 (a GET over HTTP: Remix's 400, no loader)", async () => {
      const get = await call("/webhooks/orders/create", new Request("http://127.0.0.1/webhooks/orders/create"));
      expect(get.status).toBe(transport.overHttp ? 400 : 405);
      const body = examplePayloadText("orders/create");
      const signed = signedWebhookRequest({ topic: "orders/create", body });
      const put = new Request(signed.url, { method: "PUT", headers: signed.headers, body });
      expect((await call("/webhooks/orders/create", put)).status).toBe(405);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });
  });

  describe("compliance and lifecycle webhooks", () => {
    it("customers/redact keeps only the order ids", async () => {
      const body = payloadFor("customers/redact");
      const response = await call(
        "/webhooks/customers/redact",
        signedWebhookRequest({ topic: "customers/redact", body }),
      );
      expect(response.status).toBe(200);
      const [row] = await prisma.inboxEvent.findMany();
      expect(row.topic).toBe("customers/redact");
      const payload = JSON.parse(row.payload) as { orderKeys: string[] };
      expect(payload.orderKeys.length).toBeGreaterThan(0);
      expect(row.payload).not.toMatch(/@/);
    });

    it("customers/data_request and shop/redact are queued", async () => {
      await call(
        "/webhooks/customers/data_request",
        signedWebhookRequest({ topic: "customers/data_request", body: payloadFor("customers/data_request") }),
      );
      await call(
        "/webhooks/shop/redact",
        signedWebhookRequest({ topic: "shop/redact", body: payloadFor("shop/redact") }),
      );
      expect((await prisma.inboxEvent.findMany({ orderBy: { receivedAt: "asc" } })).map((r) => r.topic).sort()).toEqual(
        ["customers/data_request", "shop/redact"],
      );
    });

    it("app/scopes_update takes only its own topic", async () => {
      const body = JSON.stringify({ id: 1, previous: ["read_orders"], current: ["read_orders", "write_orders"] });
      expect(
        (await call("/webhooks/app/scopes_update", signedWebhookRequest({ topic: "app/uninstalled", body }))).status,
      ).toBe(400);
      expect(
        (await call("/webhooks/app/scopes_update", signedWebhookRequest({ topic: "app/scopes_update", body }))).status,
      ).toBe(200);
    });
  });

  /**
   * The attacks of issue 11: one genuine signed body, replayed with headers of the attacker's
   * choice (the HMAC covers the body only; one secret signs every shop's webhooks).
   */
  describe("a genuine signed body replayed with other headers", () => {
    it("under another topic, to the same route: 400, nothing stored", async () => {
      const body = examplePayloadText("orders/create");
      for (const topic of ["orders/cancelled", "orders/updated", "customers/redact", "shop/redact"]) {
        expect((await call("/webhooks/orders/create", signedWebhookRequest({ topic, body }))).status).toBe(400);
      }
      const redact = payloadFor("customers/redact");
      expect(
        (await call("/webhooks/customers/redact", signedWebhookRequest({ topic: "shop/redact", body: redact }))).status,
      ).toBe(400);
      expect(
        (await call("/webhooks/shop/redact", signedWebhookRequest({ topic: "customers/redact", body: redact }))).status,
      ).toBe(400);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("to another route under that route's topic: an order that is not cancelled never reaches the cancel job", async () => {
      const created = JSON.parse(examplePayloadText("orders/create")) as Record<string, unknown>;
      const body = JSON.stringify({ ...created, cancelled_at: null, cancel_reason: null });
      const response = await call(
        "/webhooks/orders/cancelled",
        signedWebhookRequest({ topic: "orders/cancelled", body }),
      );
      expect(response.status).toBe(400);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it.each([
      ["shop/redact", "/webhooks/shop/redact"],
      ["customers/redact", "/webhooks/customers/redact"],
      ["customers/data_request", "/webhooks/customers/data_request"],
    ] as const)("%s signed for one shop, under another shop's header: 400, nothing stored", async (topic, action) => {
      const body = payloadFor(topic, "attacker.myshopify.com");
      const response = await call(action, signedWebhookRequest({ topic, shop: "victim.myshopify.com", body }));
      expect(response.status).toBe(400);
      expect(await prisma.inboxEvent.count()).toBe(0);
    });

    it("app/uninstalled signed for one shop, under another shop's header: 400, the other shop keeps working", async () => {
      const victim = "victim.myshopify.com";
      await prisma.shopSettings.create({
        data: { shop: victim, callbackKey: "k", callbackUsername: "u", callbackPasswordEnc: "x" },
      });
      const body = payloadFor("app/uninstalled", "attacker.myshopify.com");
      const response = await call(
        "/webhooks/app/uninstalled",
        signedWebhookRequest({ topic: "app/uninstalled", shop: victim, body }),
      );
      expect(response.status).toBe(400);
      expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: victim } })).uninstalledAt).toBeNull();
    });

    it.each([
      ["300 characters", `${"a".repeat(286)}.myshopify.com`],
      ["not a shop", "not a shop"],
      ["another domain", "shop.example.com"],
    ])("naming a shop domain of %s: acknowledged (200) and dropped, nothing stored", async (_label, shop) => {
      const body = examplePayloadText("orders/create");
      const response = await call(
        "/webhooks/orders/create",
        signedWebhookRequest({ topic: "orders/create", shop, body }),
      );
      expect(response.status).toBe(200);
      expect(await prisma.inboxEvent.count()).toBe(0);
      expect(await prisma.shopSettings.count()).toBe(0);
    });
  });

  describe("app/uninstalled is confirmed with Shopify before the shop's work stops", () => {
    let shopify: ShopifySimulator;
    const TOKEN = "shpat_still-valid";

    beforeAll(async () => {
      shopify = await startShopifySimulator({ throttle: false });
      shopify.seedShop(SHOP, { accessToken: TOKEN });
      routeAdminApiToLocalOrigin(shopify.url);
    });
    afterAll(async () => {
      await shopify.close();
    });

    async function installedShop(accessToken: string): Promise<void> {
      await sessionStorage.storeSession(
        new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken }),
      );
      sessionStorage.forgetShop(SHOP);
      await prisma.shopSettings.create({
        data: { shop: SHOP, callbackKey: "k", callbackUsername: "u", callbackPasswordEnc: "x" },
      });
    }

    const uninstall = () =>
      call(
        "/webhooks/app/uninstalled",
        signedWebhookRequest({ topic: "app/uninstalled", body: payloadFor("app/uninstalled") }),
      );

    it("while the shop's token still works, nothing stops", async () => {
      await installedShop(TOKEN);
      expect((await uninstall()).status).toBe(200);
      expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(1);
      expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).uninstalledAt).toBeNull();
    });

    it("once Shopify refuses the token (401), the sessions are deleted and the shop's work stops", async () => {
      await installedShop("shpat_revoked-at-uninstall");
      expect((await uninstall()).status).toBe(200);
      expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
      expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).uninstalledAt).not.toBeNull();
    });

    it("when Shopify cannot be asked, it answers 503 so that Shopify delivers it again", async () => {
      await installedShop(TOKEN);
      shopify.faults.failNext(5, 503);
      expect((await uninstall()).status).toBe(503);
      shopify.faults.reset();
      expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).uninstalledAt).toBeNull();
    });
  });
});
