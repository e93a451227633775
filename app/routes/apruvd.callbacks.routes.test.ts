import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { callbackCredentialsOf, ensureShopSettings } from "../lib/merchant/settings/shop-settings.server";
import { action as reviewCallback } from "./apruvd.callback.$shopKey";
import { action as settingsCallback } from "./apruvd.settings.$shopKey";

const SHOP = "demo-store.myshopify.com";

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

async function post(action: typeof reviewCallback, shopKey: string, auth: string | null, body: string) {
  const headers: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8" };
  if (auth) headers.Authorization = auth;
  return action({
    request: new Request(`http://127.0.0.1/apruvd/callback/${shopKey}`, { method: "POST", headers, body }),
    params: { shopKey },
    context: {},
  });
}

let shopKey = "";
let auth = "";

beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
  await prisma.review.deleteMany();
  await prisma.shopSettings.deleteMany();
  const settings = await ensureShopSettings(prisma, SHOP);
  const credentials = callbackCredentialsOf(settings);
  shopKey = settings.callbackKey;
  auth = basic(credentials.username, credentials.password);
  await prisma.review.create({
    data: { shop: SHOP, orderId: "gid://shopify/Order/42", transactionId: 7, status: "Reviewing" },
  });
});

describe("review-complete callback", () => {
  it("queues a valid decision for the order it belongs to", async () => {
    const response = await post(
      reviewCallback,
      shopKey,
      auth,
      JSON.stringify({ transaction_id: 7, order_num: "1001", status: "Approved", notes: "ok" }),
    );
    expect(response.status).toBe(200);
    const [event] = await prisma.inboxEvent.findMany();
    expect(event).toMatchObject({ shop: SHOP, topic: "apruvd/review-complete", orderKey: "42" });
    expect(JSON.parse(event.payload)).toEqual({ transaction_id: 7, status: "Approved", notes: "ok" });
  });

  it("accepts corrected_email and a decision for a transaction not stored yet", async () => {
    const response = await post(
      reviewCallback,
      shopKey,
      auth,
      JSON.stringify({ transaction_id: 99, status: "Declined", corrected_email: "a@example.com" }),
    );
    expect(response.status).toBe(200);
    const [event] = await prisma.inboxEvent.findMany();
    expect(event.orderKey).toBeNull();
    expect(JSON.parse(event.payload)).toMatchObject({ transaction_id: 99, corrected_email: "a@example.com" });
  });

  it("a repeated callback creates no second piece of work", async () => {
    const body = JSON.stringify({ transaction_id: 7, status: "Approved" });
    await post(reviewCallback, shopKey, auth, body);
    await post(reviewCallback, shopKey, auth, body);
    expect(await prisma.inboxEvent.count()).toBe(1);
  });

  it.each([
    ["no credentials", null],
    ["a wrong password", "wrong-password"],
    ["a wrong user", "wrong-user"],
  ])("answers 401 to %s and changes nothing", async (_case, variant) => {
    const creds = callbackCredentialsOf(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } }));
    const header =
      variant === null
        ? null
        : variant === "wrong-password"
          ? basic(creds.username, "nope")
          : basic("someone", creds.password);
    const response = await post(
      reviewCallback,
      shopKey,
      header,
      JSON.stringify({ transaction_id: 7, status: "Declined" }),
    );
    expect(response.status).toBe(401);
    expect(await prisma.inboxEvent.count()).toBe(0);
  });

  it("answers 401 for another shop's key with this shop's credentials", async () => {
    const other = await ensureShopSettings(prisma, "other.myshopify.com");
    const response = await post(
      reviewCallback,
      other.callbackKey,
      auth,
      JSON.stringify({ transaction_id: 7, status: "Declined" }),
    );
    expect(response.status).toBe(401);
  });

  it("answers 401 for an unknown key", async () => {
    expect((await post(reviewCallback, "not-a-key", auth, "{}")).status).toBe(401);
  });

  it.each([
    ["malformed JSON", "{"],
    ["a non-object", "[1]"],
    ["a missing transaction_id", JSON.stringify({ status: "Approved" })],
    ["an unknown status", JSON.stringify({ transaction_id: 7, status: "Maybe" })],
  ])("answers 400 to %s", async (_case, body) => {
    const response = await post(reviewCallback, shopKey, auth, body);
    expect(response.status).toBe(400);
    expect(await prisma.inboxEvent.count()).toBe(0);
  });
});

describe("settings callback", () => {
  it("stores service_plan, enforce_unique_order_num and js_url and ignores deprecated fields", async () => {
    const body = JSON.stringify({
      service_plan: "Complete Coverage",
      enforce_unique_order_num: true,
      js_url: "https://mjs.apruvd.com/abc/entry.js",
      id: null,
      basic_rules: [],
      data_connection: false,
      integration_version: "V3",
    });
    const response = await post(settingsCallback, shopKey, auth, body);
    expect(response.status).toBe(200);
    expect(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({
      servicePlan: "Complete Coverage",
      enforceUniqueOrderNum: true,
      jsUrl: "https://mjs.apruvd.com/abc/entry.js",
    });
  });

  it("answers 401 without the shop's credentials", async () => {
    expect((await post(settingsCallback, shopKey, basic("x", "y"), "{}")).status).toBe(401);
  });
});

describe("failed callback logins", () => {
  const decision = JSON.stringify({ transaction_id: 7, status: "Approved" });

  it("are limited per shop key: after 10 wrong passwords the key answers 429 with Retry-After, even to the right one", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      statuses.push((await post(reviewCallback, shopKey, basic("guess", `password-${attempt}`), decision)).status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await post(reviewCallback, shopKey, auth, decision);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The settings callback of the same key shares the count.
    expect((await post(settingsCallback, shopKey, auth, "{}")).status).toBe(429);
    expect(await prisma.inboxEvent.count()).toBe(0);
  });

  it("of one key do not lock another shop's key", async () => {
    const other = await ensureShopSettings(prisma, "other-store.myshopify.com");
    const otherCredentials = callbackCredentialsOf(other);
    for (let attempt = 0; attempt < 12; attempt++) {
      await post(reviewCallback, shopKey, basic("guess", `password-${attempt}`), decision);
    }
    const response = await post(
      reviewCallback,
      other.callbackKey,
      basic(otherCredentials.username, otherCredentials.password),
      JSON.stringify({ transaction_id: 8, status: "Approved" }),
    );
    expect(response.status).toBe(200);
  });
});
