import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sendWebhook, signWebhookBody } from "./webhooks";
import { startShopifySimulator, type ShopifySimulator } from "./simulator";
import { generateOrder, loadExamplePayload, orderFromExamplePayload, orderWebhookPayload } from "./orders";

const SECRET = "shpss_test_client_secret";

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
}

/** A stand-in for the app: records requests and verifies HMACs the way an app must (raw bytes). */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, raw });
      const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const expected = createHmac("sha256", SECRET).update(raw).digest();
      const ok =
        given.length === expected.length && timingSafeEqual(given, expected) && !!req.headers["x-shopify-topic"];
      res.writeHead(ok ? 200 : 401, { "Content-Type": "text/plain" });
      res.end(ok ? "ok" : "unauthorized");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe("webhook signing", () => {
  it("signWebhookBody equals an independently computed base64 HMAC-SHA256", () => {
    const body = JSON.stringify({ id: 1, note: "héllo ✨" });
    expect(signWebhookBody(body, SECRET)).toBe(
      createHmac("sha256", SECRET).update(Buffer.from(body, "utf8")).digest("base64"),
    );
    // Known vector (RFC 4231-style check against a fixed value).
    expect(signWebhookBody("The quick brown fox jumps over the lazy dog", "key")).toBe(
      "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=",
    );
  });

  it("round-trips for arbitrary bodies and secrets, and differs when either changes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ minLength: 1 }), (body, secret) => {
        const sig = signWebhookBody(body, secret);
        expect(Buffer.from(sig, "base64")).toEqual(createHmac("sha256", secret).update(body).digest());
        expect(signWebhookBody(body + " ", secret)).not.toBe(sig);
        expect(signWebhookBody(body, secret + "x")).not.toBe(sig);
      }),
      { numRuns: 200 },
    );
  });
});

describe("sending webhooks", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sim: ShopifySimulator;
  const SHOP = "hooks-store.myshopify.com";

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: "shpat_hooks" });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it("sends the headers Shopify sends, signed over the exact raw body", async () => {
    const body = { id: 5100000000001, admin_graphql_api_id: "gid://shopify/Order/5100000000001", name: "#1001" };
    const res = await sendWebhook({
      url: `${receiver.url}/webhooks/orders/create`,
      topic: "orders/create",
      shop: SHOP,
      apiVersion: "2026-10",
      secret: SECRET,
      body,
      webhookId: "wh-1",
      eventId: "ev-1",
      triggeredAt: "2026-05-01T12:00:00.000Z",
    });
    expect(res).toMatchObject({ status: 200, body: "ok" });
    const got = receiver.received.at(-1)!;
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/webhooks/orders/create");
    expect(got.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": "wh-1",
      "x-shopify-event-id": "ev-1",
      "x-shopify-triggered-at": "2026-05-01T12:00:00.000Z",
    });
    expect(got.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", SECRET).update(got.raw).digest("base64"));
    expect(JSON.parse(got.raw.toString("utf8"))).toEqual(body);
  });

  it("sends a raw string body byte for byte (e.g. ids beyond Number.MAX_SAFE_INTEGER)", async () => {
    const raw = `{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"}`;
    const res = await sendWebhook({
      url: `${receiver.url}/hook`,
      topic: "orders/updated",
      shop: SHOP,
      apiVersion: "2026-10",
      secret: SECRET,
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(receiver.received.at(-1)!.raw.toString("utf8")).toBe(raw);
    // Fresh ids by default.
    expect(receiver.received.at(-1)!.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["bad-hmac", 401],
    ["missing-hmac", 401],
    ["missing-topic", 401],
  ] as const)("tamper %s is refused by a verifying receiver", async (tamper, status) => {
    const res = await sendWebhook({
      url: `${receiver.url}/hook`,
      topic: "orders/create",
      shop: SHOP,
      apiVersion: "2026-10",
      secret: SECRET,
      body: { id: 1 },
      tamper,
    });
    expect(res.status).toBe(status);
    const h = receiver.received.at(-1)!.headers;
    if (tamper === "missing-hmac") expect(h["x-shopify-hmac-sha256"]).toBeUndefined();
    if (tamper === "missing-topic") expect(h["x-shopify-topic"]).toBeUndefined();
    if (tamper === "bad-hmac") expect(h["x-shopify-hmac-sha256"]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it("deliverOrderWebhook sends the order's current state to /webhooks/{topic}", async () => {
    const order = sim.createOrder(SHOP, generateOrder("discount-percent", 5));
    sim.store.tagsAdd(SHOP, order.id, ["apruvd-reviewed"]);
    const res = await sim.deliverOrderWebhook(SHOP, order.id, "orders/updated", receiver.url, SECRET, {
      webhookId: "wh-upd",
    });
    expect(res.status).toBe(200);
    const got = receiver.received.at(-1)!;
    expect(got.url).toBe("/webhooks/orders/updated");
    expect(got.headers["x-shopify-topic"]).toBe("orders/updated");
    expect(got.headers["x-shopify-webhook-id"]).toBe("wh-upd");
    const payload = JSON.parse(got.raw.toString("utf8"));
    // The order as it is now, trimmed to the orders/updated subscription's include_fields
    // (shopify.app.toml): the tag just added and the discount codes are not among them.
    expect(payload).toMatchObject({
      id: Number(order.legacyResourceId),
      admin_graphql_api_id: order.id,
      email: order.email,
      current_total_price: order.currentTotalPriceSet.shopMoney.amount,
    });
    expect(payload).not.toHaveProperty("tags");
    expect(payload).not.toHaveProperty("name");
    expect(payload).not.toHaveProperty("discount_codes");
    const whole = orderWebhookPayload(sim.store.order(SHOP, order.id), "orders/updated");
    expect(whole).toMatchObject({ name: order.name, tags: "apruvd-reviewed" });
    expect(whole.discount_codes).toEqual([
      { code: "SPRING15", amount: expect.stringMatching(/^\d+\.\d{2}$/), type: "percentage" },
    ]);

    // A full URL is used as given.
    await sim.deliverOrderWebhook(SHOP, order.id, "orders/create", `${receiver.url}/custom/path`, SECRET);
    expect(receiver.received.at(-1)!.url).toBe("/custom/path");
  });
});

describe("orderWebhookPayload", () => {
  let sim: ShopifySimulator;
  const SHOP = "payload-store.myshopify.com";
  beforeAll(async () => {
    sim = await startShopifySimulator({ throttle: false });
    sim.seedShop(SHOP, { accessToken: "shpat_payload" });
  });
  afterAll(() => sim.close());

  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

  it.each(["orders/create", "orders/updated", "orders/cancelled"] as const)(
    "has every key of Shopify's %s example, with compatible types",
    (topic) => {
      const example = loadExamplePayload(topic);
      const order = sim.createOrder(SHOP, generateOrder("multi-line-items", 1));
      const payload = orderWebhookPayload(order, topic);
      for (const key of Object.keys(example)) {
        expect(payload, key).toHaveProperty(key);
        const e = kind(example[key]);
        const p = kind(payload[key]);
        if (e !== "null" && p !== "null") expect(`${key}:${p}`).toBe(`${key}:${e}`);
      }
      const exampleLine = (example.line_items as Record<string, unknown>[])[0];
      const line = (payload.line_items as Record<string, unknown>[])[0];
      for (const key of Object.keys(exampleLine)) expect(line, `line_items[0].${key}`).toHaveProperty(key);
      for (const key of Object.keys(example.shipping_address as object))
        expect(payload.shipping_address, `shipping_address.${key}`).toHaveProperty(key);
    },
  );

  it("renders REST conventions: numeric ids, money with 2 decimals, shop-time timestamps, comma tags", () => {
    const order = sim.createOrder(SHOP, {
      ...generateOrder("card-ordinary", 2),
      createdAt: "2026-03-02T15:00:00Z",
      tags: ["b", "a"],
    });
    const p = orderWebhookPayload(order, "orders/create", { utcOffsetMinutes: -300 });
    expect(p.id).toBe(Number(order.legacyResourceId));
    expect(p.admin_graphql_api_id).toBe(order.id);
    expect(p.created_at).toBe("2026-03-02T10:00:00-05:00");
    expect(p.total_price).toMatch(/^\d+\.\d{2}$/);
    expect(p.tags).toBe("a, b");
    expect(p.browser_ip).toBe(order.clientIp);
    expect(p.cart_token).toBe(order.cartToken);
    expect(p.currency).toBe("USD");
  });

  it("converts back to the same order (payload → spec → order) for every variant", () => {
    for (const variant of [
      "card-approve",
      "discount-mixed",
      "gift-card-purchase",
      "b2b-net-terms",
      "pos",
      "unicode-names",
      "presentment-currency",
      "zero-total",
    ] as const) {
      const original = sim.createOrder(SHOP, generateOrder(variant, 9));
      const again = sim.createOrder(SHOP, orderFromExamplePayload(orderWebhookPayload(original, "orders/create")));
      expect(again.email, variant).toBe(original.email);
      expect(again.tags, variant).toEqual(original.tags);
      expect(again.clientIp, variant).toBe(original.clientIp);
      expect(again.totalPriceSet, variant).toEqual(original.totalPriceSet);
      expect(again.totalDiscountsSet.shopMoney.amount, variant).toBe(original.totalDiscountsSet.shopMoney.amount);
      expect(
        again.lineItems.map((l) => [l.title, l.sku, l.quantity, l.isGiftCard, l.requiresShipping]),
        variant,
      ).toEqual(original.lineItems.map((l) => [l.title, l.sku, l.quantity, l.isGiftCard, l.requiresShipping]));
      expect(again.shippingAddress?.address1 ?? null, variant).toBe(original.shippingAddress?.address1 ?? null);
      expect(again.billingAddress?.firstName ?? null, variant).toBe(original.billingAddress?.firstName ?? null);
      expect(
        again.discountApplications.map((d) => d.__typename),
        variant,
      ).toEqual(original.discountApplications.map((d) => d.__typename));
      expect(again.createdAt, variant).toBe(original.createdAt);
    }
  });
});
