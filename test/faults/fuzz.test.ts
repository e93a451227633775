import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { callbackCredentialsOf, ensureShopSettings } from "../../app/lib/merchant/settings/shop-settings.server";
import type { AppServer } from "../../app/server/app-server";
import { action as reviewCallback } from "../../app/routes/apruvd.callback.$shopKey";
import { action as settingsCallback } from "../../app/routes/apruvd.settings.$shopKey";
import { action as customersDataRequest } from "../../app/routes/webhooks.customers.data_request";
import { action as customersRedact } from "../../app/routes/webhooks.customers.redact";
import { action as ordersCancelled } from "../../app/routes/webhooks.orders.cancelled";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as ordersUpdated } from "../../app/routes/webhooks.orders.updated";
import { action as shopRedact } from "../../app/routes/webhooks.shop.redact";
import { signWebhookBody } from "../../sandbox/shopify/webhooks";
import { FAULTS_BUILD_PATH } from "../support/fault-helpers";

/**
 * The public endpoints fuzzed: Shopify's webhook routes and Apruvd's callback routes get
 * random bodies (random JSON, order- and compliance-shaped JSON with random field types,
 * random bytes, truncated JSON, bodies just under and over the size limit), random or
 * missing headers, random HTTP methods, random signatures and Authorization headers.
 *
 * For every request: never a 500 (nor a thrown error); the answer is the one the request
 * deserves (405 wrong method, 413 over the limit, 400 missing headers or malformed JSON,
 * 401 bad HMAC or Basic credentials); and nothing is written unless the answer is 200 for
 * a correctly signed/authenticated request: the inbox gains exactly one row per new 200
 * (a signed webhook naming no shop is acknowledged with 200 and dropped), and the shop's
 * settings change only on a 200 from the settings callback.
 *
 * First the route actions are called directly (fast, many runs), then a smaller run goes
 * over real HTTP to the built app, where "over the limit" also covers a chunked body that
 * declares no Content-Length.
 */

const SHOP = "fuzz-store.myshopify.com";
const SECRET = process.env.SHOPIFY_API_SECRET ?? "";
const WEBHOOK_LIMIT = 1_000_000;
const CALLBACK_LIMIT = 64_000;

const WEBHOOK_ROUTES = {
  "orders/create": ordersCreate,
  "orders/updated": ordersUpdated,
  "orders/cancelled": ordersCancelled,
  "customers/redact": customersRedact,
  "customers/data_request": customersDataRequest,
  "shop/redact": shopRedact,
} as const;
type WebhookTopic = keyof typeof WEBHOOK_ROUTES;
const ORDER_TOPICS = new Set<WebhookTopic>(["orders/create", "orders/updated", "orders/cancelled"]);

let shopKey = "";
let callbackAuth = { username: "", password: "" };

beforeAll(async () => {
  // The fuzz sends wrong credentials on purpose; the per-key lockout (429) has its own tests.
  process.env.CALLBACK_LOGIN_MAX_FAILURES = "1000000";
  const settings = await ensureShopSettings(prisma, SHOP);
  shopKey = settings.callbackKey;
  callbackAuth = callbackCredentialsOf(settings);
  await prisma.review.create({
    data: { shop: SHOP, orderId: "gid://shopify/Order/4242", transactionId: 77, status: "Reviewing" },
  });
});

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

const printable = fc.string({ unit: "grapheme-ascii", maxLength: 40 });
const anyJson = fc.jsonValue({ maxDepth: 3 });
const idLike = fc.oneof(
  fc.integer({ min: -5, max: 2 ** 53 }),
  fc.double(),
  // eslint-disable-next-line no-loss-of-precision -- a REST order id as JSON numbers carry it, precision lost on purpose
  fc.constant(820982911946154508),
  fc.bigInt({ min: 1n, max: 2n ** 70n }).map((n) => n.toString()),
  fc.nat().map((n) => `gid://shopify/Order/${n}`),
  fc.nat().map((n) => ` ${n} `),
  printable,
  anyJson,
);
/** Order payloads whose fingerprinted fields hold anything at all. */
const orderShaped = fc.record(
  {
    id: idLike,
    admin_graphql_api_id: idLike,
    email: anyJson,
    phone: anyJson,
    total_price: anyJson,
    current_total_price_set: fc.oneof(anyJson, fc.record({ presentment_money: anyJson })),
    billing_address: fc.oneof(
      anyJson,
      fc.dictionary(fc.constantFrom("first_name", "address1", "zip", "phone"), anyJson),
    ),
    shipping_address: anyJson,
    line_items: fc.oneof(anyJson, fc.array(anyJson, { maxLength: 4 })),
    shipping_lines: fc.oneof(anyJson, fc.array(anyJson, { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
/** Compliance payloads whose fields hold anything at all. */
const complianceShaped = fc.record(
  {
    shop_id: anyJson,
    shop_domain: fc.oneof(fc.constant(SHOP), fc.constant(SHOP), anyJson),
    orders_to_redact: fc.oneof(anyJson, fc.array(idLike, { maxLength: 4 })),
    orders_requested: fc.oneof(anyJson, fc.array(idLike, { maxLength: 4 })),
    customer: fc.oneof(anyJson, fc.record({ id: anyJson })),
    data_request: fc.oneof(anyJson, fc.record({ id: anyJson })),
  },
  { requiredKeys: [] },
);

type BodySpec =
  | { kind: "json"; value: unknown }
  | { kind: "malformed"; cut: number; value: unknown }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "large"; size: number };

const bodySpec: fc.Arbitrary<BodySpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.oneof(anyJson, orderShaped, complianceShaped).map((value) => ({ kind: "json" as const, value })),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("malformed" as const), cut: fc.nat(), value: orderShaped }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: "bytes" as const, bytes })) },
  {
    weight: 1,
    // Around the limit: a valid order payload padded with a long (sometimes unicode) note.
    arbitrary: fc
      .constantFrom(10_000, WEBHOOK_LIMIT - 2_000, WEBHOOK_LIMIT + 1, WEBHOOK_LIMIT + 50_000, 1_500_000)
      .map((size) => ({ kind: "large" as const, size })),
  },
);

function bodyBytes(spec: BodySpec, limit = WEBHOOK_LIMIT): Buffer {
  switch (spec.kind) {
    case "json":
      return Buffer.from(JSON.stringify(spec.value) ?? "null");
    case "malformed": {
      const text = JSON.stringify({ id: 1, ...(spec.value as object) });
      // A strict prefix of a JSON object is never valid JSON.
      return Buffer.from(text.slice(0, spec.cut % text.length));
    }
    case "bytes":
      return Buffer.from(spec.bytes);
    case "large": {
      const size = spec.size === WEBHOOK_LIMIT - 2_000 ? limit - 2_000 : spec.size;
      const head = `{"id":${4242},"admin_graphql_api_id":"gid://shopify/Order/4242","note":"`;
      const pad = Math.max(0, size - head.length - 2);
      return Buffer.from(`${head}${"é".repeat(Math.floor(pad / 4))}${"x".repeat(pad - 2 * Math.floor(pad / 4))}"}`);
    }
  }
}

type HeaderChoice = "valid" | "missing" | "random";
interface WebhookCase {
  topic: WebhookTopic;
  method: string;
  body: BodySpec;
  hmac: "valid" | "wrong-secret" | "random" | "missing" | "empty";
  topicHeader: HeaderChoice;
  shopHeader: HeaderChoice;
  versionHeader: HeaderChoice;
  idHeader: "fresh" | "repeat" | "missing" | "random";
  /** How the size is told: Content-Length, or nothing (chunked over HTTP). */
  length: "declared" | "undeclared";
  noise: Record<string, string>;
}

const headerChoice = fc.constantFrom<HeaderChoice>("valid", "valid", "valid", "valid", "missing", "random");
const webhookCase: fc.Arbitrary<WebhookCase> = fc.record({
  topic: fc.constantFrom(...(Object.keys(WEBHOOK_ROUTES) as WebhookTopic[])),
  method: fc.constantFrom("POST", "POST", "POST", "POST", "POST", "POST", "GET", "PUT", "DELETE"),
  body: bodySpec,
  hmac: fc.constantFrom("valid", "valid", "valid", "wrong-secret", "random", "missing", "empty"),
  topicHeader: headerChoice,
  shopHeader: headerChoice,
  versionHeader: headerChoice,
  idHeader: fc.constantFrom("fresh", "fresh", "fresh", "repeat", "missing", "random"),
  length: fc.constantFrom("declared", "declared", "undeclared"),
  noise: fc.dictionary(fc.stringMatching(/^x-[a-z]{1,12}$/), printable, { maxKeys: 3 }),
});

let webhookSeq = 0;
function webhookHeaders(c: WebhookCase, body: Buffer, randoms: string): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...c.noise };
  const hmac = {
    valid: signWebhookBody(body, SECRET),
    "wrong-secret": signWebhookBody(body, `${SECRET}-not`),
    random: Buffer.from(randoms).toString("base64"),
    missing: undefined,
    empty: "",
  }[c.hmac];
  if (hmac !== undefined) headers["X-Shopify-Hmac-Sha256"] = hmac;
  const choose = (choice: HeaderChoice, valid: string) =>
    choice === "valid" ? valid : choice === "random" ? randoms || "r" : undefined;
  const topic = choose(c.topicHeader, c.topic);
  if (topic !== undefined) headers["X-Shopify-Topic"] = topic;
  const shop = choose(c.shopHeader, SHOP);
  if (shop !== undefined) headers["X-Shopify-Shop-Domain"] = shop;
  const version = choose(c.versionHeader, "2026-10");
  if (version !== undefined) headers["X-Shopify-API-Version"] = version;
  webhookSeq++;
  const id = {
    fresh: `fuzz-${process.pid}-${webhookSeq}`,
    repeat: "fuzz-repeated-id",
    missing: undefined,
    random: `${randoms}-${webhookSeq}`,
  }[c.idHeader];
  if (id !== undefined) headers["X-Shopify-Webhook-Id"] = id;
  headers["X-Shopify-Event-Id"] = crypto.randomUUID();
  if (c.length === "declared" && c.method === "POST") headers["Content-Length"] = String(body.length);
  return headers;
}

/** A shop's domain as Shopify makes them: one DNS label of at most 63 characters under myshopify.com. */
function isShopDomain(value: string): boolean {
  const domain = value.trim().toLowerCase();
  return domain.length <= 255 && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.myshopify\.com$/.test(domain);
}

/** A signed webhook stores a row only when it names a shop; otherwise it is acknowledged and dropped. */
function namesShop(headers: Record<string, string>): boolean {
  return isShopDomain(headers["X-Shopify-Shop-Domain"] ?? "");
}

/** Headers as the server will see them: trimmed, and empty ones count as missing. */
const present = (headers: Record<string, string>, name: string) => (headers[name] ?? "").trim() !== "";

/** The answers a webhook request may get (200 only when it is a valid, signed webhook). */
function webhookOracle(c: WebhookCase, body: Buffer, headers: Record<string, string>, overHttp = false): number[] {
  // Over HTTP the server counts every body against the route's limit, whatever the method; a route that
  // answers another method without reading (405, or Remix's 400) may answer first.
  if (overHttp && c.method !== "GET" && body.length > WEBHOOK_LIMIT)
    return c.method === "POST" ? [413] : [400, 405, 413];
  // Over HTTP, Remix itself answers a GET to a route without a loader (400).
  if (c.method !== "POST") return overHttp ? [400, 405] : [405];
  // The limit holds whether or not the size was declared up front.
  if (body.length > WEBHOOK_LIMIT) return [413];
  if (!present(headers, "X-Shopify-Hmac-Sha256")) return [400];
  // An empty body is "missing" to the library (400) before any HMAC is compared.
  if (body.length === 0) return [400];
  const signed =
    c.hmac === "valid" || (c.hmac === "random" && headers["X-Shopify-Hmac-Sha256"] === signWebhookBody(body, SECRET));
  const text = new TextDecoder().decode(body);
  // The library checks the HMAC over the decoded text: invalid UTF-8 cannot match.
  const signedText = signed && Buffer.from(text).equals(body) && !text.startsWith("\uFEFF");
  if (!signedText) return [401];
  for (const name of ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"]) {
    if (!present(headers, name)) return [400];
  }
  // A signed request naming no valid shop is acknowledged and dropped (or refused for its topic first): never a crash.
  if (!namesShop(headers)) return [200, 400];
  // Each route takes its own topic only.
  if (headers["X-Shopify-Topic"].trim().toLowerCase() !== c.topic) return [400];
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return [400];
  }
  if (ORDER_TOPICS.has(c.topic)) {
    const p = payload as { id?: unknown; admin_graphql_api_id?: unknown } | null;
    const key = p && typeof p === "object" ? (orderKeyOf(p.admin_graphql_api_id) ?? orderKeyOf(p.id)) : null;
    // Signed and with an order id: stored. Anything malformed inside may be refused with 400, never 500.
    return key ? [200, 400] : [400];
  }
  return [200, 400];
}

function orderKeyOf(id: unknown): string | null {
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return String(id);
  if (typeof id === "string") return /^(?:gid:\/\/shopify\/Order\/)?(\d+)$/.exec(id.trim())?.[1] ?? null;
  return null;
}

type AuthChoice =
  "valid" | "missing" | "garbage" | "basic-random" | "wrong-password" | "wrong-user" | "no-colon" | "bearer";
interface CallbackCase {
  route: "review" | "settings";
  method: string;
  key: "valid" | "random" | "empty-ish";
  auth: AuthChoice;
  body:
    | { kind: "decision"; transaction_id: unknown; status: unknown; notes: unknown; corrected_email: unknown }
    | { kind: "settings"; value: Record<string, unknown> }
    | { kind: "json"; value: unknown }
    | { kind: "malformed"; text: string }
    | { kind: "bytes"; bytes: Uint8Array }
    | { kind: "large"; size: number };
  length: "declared" | "undeclared";
}

const callbackCase: fc.Arbitrary<CallbackCase> = fc.record({
  route: fc.constantFrom("review", "review", "settings"),
  method: fc.constantFrom("POST", "POST", "POST", "POST", "GET", "PUT"),
  key: fc.constantFrom("valid", "valid", "valid", "random", "empty-ish"),
  auth: fc.constantFrom<AuthChoice>(
    "valid",
    "valid",
    "valid",
    "missing",
    "garbage",
    "basic-random",
    "wrong-password",
    "wrong-user",
    "no-colon",
    "bearer",
  ),
  body: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("decision" as const),
        transaction_id: fc.oneof(fc.constantFrom(77, "77", 78, 0, -1, 2 ** 53, "0x4d", " 77 ", "1e2"), anyJson),
        status: fc.oneof(fc.constantFrom("Approved", "Declined", "Reviewing", "Submitted", "approved", ""), anyJson),
        notes: fc.oneof(fc.constant(undefined), printable, fc.constant("n".repeat(6000)), anyJson),
        corrected_email: fc.oneof(fc.constant(undefined), printable, anyJson),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .record(
          {
            service_plan: anyJson,
            enforce_unique_order_num: anyJson,
            js_url: fc.oneof(anyJson, fc.constant("https://mjs.example/a.js")),
          },
          { requiredKeys: [] },
        )
        .map((value) => ({ kind: "settings" as const, value })),
    },
    { weight: 1, arbitrary: anyJson.map((value) => ({ kind: "json" as const, value })) },
    {
      weight: 1,
      arbitrary: fc
        .string({ maxLength: 60 })
        .map((s) => ({ kind: "malformed" as const, text: `{"transaction_id": 77, ${s}` })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: "bytes" as const, bytes })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(1_000, CALLBACK_LIMIT - 200, CALLBACK_LIMIT + 10, 300_000)
        .map((size) => ({ kind: "large" as const, size })),
    },
  ),
  length: fc.constantFrom("declared", "declared", "undeclared"),
});

function callbackBody(c: CallbackCase): Buffer {
  const b = c.body;
  switch (b.kind) {
    case "decision": {
      const { kind: _kind, ...fields } = b;
      return Buffer.from(JSON.stringify(fields));
    }
    case "settings":
    case "json":
      return Buffer.from(JSON.stringify(b.value) ?? "null");
    case "malformed":
      return Buffer.from(b.text);
    case "bytes":
      return Buffer.from(b.bytes);
    case "large": {
      const head = `{"transaction_id":77,"status":"Approved","notes":"`;
      return Buffer.from(`${head}${"y".repeat(Math.max(0, b.size - head.length - 2))}"}`);
    }
  }
}

function callbackHeaders(c: CallbackCase, body: Buffer, randoms: string): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8" };
  const basic = (value: string) => `Basic ${Buffer.from(value).toString("base64")}`;
  const auth: Record<AuthChoice, string | undefined> = {
    valid: basic(`${callbackAuth.username}:${callbackAuth.password}`),
    missing: undefined,
    garbage: randoms || "x",
    "basic-random": `Basic ${Buffer.from(randoms).toString("base64") || "AA=="}`,
    "wrong-password": basic(`${callbackAuth.username}:${callbackAuth.password}x`),
    "wrong-user": basic(`${callbackAuth.username}x:${callbackAuth.password}`),
    "no-colon": basic(`${callbackAuth.username}${callbackAuth.password}`),
    bearer: `Bearer ${callbackAuth.password}`,
  };
  if (auth[c.auth] !== undefined) headers.Authorization = auth[c.auth]!;
  if (c.length === "declared" && c.method === "POST") headers["Content-Length"] = String(body.length);
  return headers;
}

function callbackKeyOf(c: CallbackCase, randoms: string): string {
  return c.key === "valid"
    ? shopKey
    : c.key === "random"
      ? `k${crypto.createHash("sha1").update(randoms).digest("hex")}`
      : "-";
}

function callbackOracle(c: CallbackCase, body: Buffer, overHttp = false): number[] {
  // Over HTTP the server counts every body against the route's limit before credentials are looked at.
  if (overHttp && c.method !== "GET" && body.length > CALLBACK_LIMIT)
    return c.method === "POST" ? [413] : [400, 405, 413];
  if (c.method !== "POST") return overHttp ? [400, 405] : [405];
  // "basic-random" can only be right by accident; the oracle does not count on it.
  if (c.key !== "valid" || c.auth !== "valid") return [401];
  const text = new TextDecoder().decode(body);
  if (body.length > CALLBACK_LIMIT || text.length > CALLBACK_LIMIT) return [413];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [400];
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return [400];
  if (c.route === "settings") return [200];
  const v = value as Record<string, unknown>;
  const id = typeof v.transaction_id === "string" ? Number(v.transaction_id) : v.transaction_id;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) return [400];
  if (!["Submitted", "Reviewing", "Approved", "Declined"].includes(v.status as string)) return [400];
  return [200];
}

// ---------------------------------------------------------------------------------------
// Checking one request: the answer, and what was written
// ---------------------------------------------------------------------------------------

async function snapshot() {
  const settings = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
  const { updatedAt: _updatedAt, ...rest } = settings;
  return { inbox: await prisma.inboxEvent.count(), settings: JSON.stringify(rest) };
}

/** One request's outcome against the oracle; returns a description of what is wrong, or null. */
async function judge(
  label: string,
  send: () => Promise<number>,
  allowed: number[],
  writes: { inboxRowAllowed: boolean; inboxRowRequired: boolean; settingsMayChange: (status: number) => boolean },
): Promise<string | null> {
  const before = await snapshot();
  let status: number;
  try {
    status = await send();
  } catch (error) {
    return `${label}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  const after = await snapshot();
  if (status >= 500) return `${label}: answered ${status}`;
  if (!allowed.includes(status)) return `${label}: answered ${status}, expected ${allowed.join(" or ")}`;
  const added = after.inbox - before.inbox;
  if (added !== 0 && !(added === 1 && status === 200 && writes.inboxRowAllowed))
    return `${label}: answered ${status} and added ${added} inbox rows`;
  if (status === 200 && writes.inboxRowRequired && added !== 1)
    return `${label}: answered 200 but stored nothing (a lost webhook)`;
  if (after.settings !== before.settings && !writes.settingsMayChange(status))
    return `${label}: answered ${status} and changed the shop's settings`;
  return null;
}

function describeWebhook(c: WebhookCase, body: Buffer): string {
  return `webhook ${c.method} ${c.topic} body=${c.body.kind}(${body.length}B${c.body.kind === "json" ? ` ${JSON.stringify(c.body.value)?.slice(0, 200)}` : ""}) hmac=${c.hmac} topic=${c.topicHeader} shop=${c.shopHeader} version=${c.versionHeader} id=${c.idHeader} length=${c.length}`;
}

function describeCallback(c: CallbackCase, body: Buffer): string {
  return `callback ${c.method} ${c.route} key=${c.key} auth=${c.auth} body=${c.body.kind}(${body.length}B ${body.subarray(0, 160).toString("utf8")}) length=${c.length}`;
}

// ---------------------------------------------------------------------------------------
// Route actions, called directly
// ---------------------------------------------------------------------------------------

function memoryRequest(url: string, method: string, headers: Record<string, string>, body: Buffer): Request {
  return new Request(url, {
    method,
    headers,
    ...(method === "GET" || method === "HEAD" ? {} : { body: new Uint8Array(body) }),
  });
}

describe("route actions, called directly", () => {
  it(
    "webhook routes: never a 500, the right refusal, and an inbox row only for a signed 200",
    { timeout: 120_000 },
    async () => {
      const problems: string[] = [];
      await fc.assert(
        fc.asyncProperty(webhookCase, printable, async (c, randoms) => {
          const body = bodyBytes(c.body);
          const headers = webhookHeaders(c, body, randoms);
          const label = describeWebhook(c, body);
          const problem = await judge(
            label,
            async () =>
              (
                await WEBHOOK_ROUTES[c.topic]({
                  request: memoryRequest(`http://127.0.0.1/webhooks/${c.topic}`, c.method, headers, body),
                  params: {},
                  context: {},
                })
              ).status,
            webhookOracle(c, body, headers),
            {
              inboxRowAllowed: namesShop(headers),
              inboxRowRequired: c.idHeader !== "repeat" && namesShop(headers),
              settingsMayChange: () => false,
            },
          );
          if (problem) problems.push(problem);
        }),
        { numRuns: 400, seed: 1121, endOnFailure: true },
      );
      expect(dedupeProblems(problems)).toEqual([]);
    },
  );

  it(
    "callback routes: never a 500, 401 for every wrong credential, and writes only on a 200",
    { timeout: 120_000 },
    async () => {
      const problems: string[] = [];
      await fc.assert(
        fc.asyncProperty(callbackCase, printable, async (c, randoms) => {
          const body = callbackBody(c);
          const key = callbackKeyOf(c, randoms);
          const headers = callbackHeaders(c, body, randoms);
          const action = c.route === "review" ? reviewCallback : settingsCallback;
          const url = `http://127.0.0.1/apruvd/${c.route === "review" ? "callback" : "settings"}/${key}`;
          const problem = await judge(
            describeCallback(c, body),
            async () =>
              (
                await action({
                  request: memoryRequest(url, c.method, headers, body),
                  params: { shopKey: key },
                  context: {},
                })
              ).status,
            callbackOracle(c, body),
            {
              inboxRowAllowed: c.route === "review",
              inboxRowRequired: false,
              settingsMayChange: (status) => status === 200 && c.route === "settings",
            },
          );
          if (problem) problems.push(problem);
        }),
        { numRuns: 400, seed: 2112, endOnFailure: true },
      );
      expect(dedupeProblems(problems)).toEqual([]);
    },
  );
});

describe("the cases the fuzzer found, one by one", () => {
  const signed = (topic: WebhookTopic, body: string, overrides: Record<string, string> = {}, declareLength = true) => {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": signWebhookBody(body, SECRET),
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": crypto.randomUUID(),
      ...(declareLength ? { "Content-Length": String(Buffer.byteLength(body)) } : {}),
      ...overrides,
    };
    return WEBHOOK_ROUTES[topic]({
      request: memoryRequest(`http://127.0.0.1/webhooks/${topic}`, "POST", headers, Buffer.from(body)),
      params: {},
      context: {},
    });
  };
  const statusOf = async (response: Promise<Response>) => {
    try {
      return (await response).status;
    } catch (error) {
      return `threw ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  it("a signed webhook whose X-Shopify-Shop-Domain is not a shop is acknowledged and dropped, not a crash", async () => {
    const before = await prisma.inboxEvent.count();
    expect(await statusOf(signed("orders/create", '{"id": 5}', { "X-Shopify-Shop-Domain": "not a shop" }))).toBe(200);
    expect(await prisma.inboxEvent.count()).toBe(before);
  });

  it.each([
    ["line_items: [null]", { id: 6, line_items: [null] }],
    ["shipping_lines: [null]", { id: 7, shipping_lines: [null] }],
    ['line_items: [1, "x"]', { id: 8, line_items: [1, "x"] }],
  ])("a signed order webhook with %s is answered (200 or 400), not a crash", async (_label, payload) => {
    expect([200, 400]).toContain(await statusOf(signed("orders/updated", JSON.stringify(payload))));
  });

  it.each([
    ["orders_to_redact: {}", "customers/redact", { shop_domain: SHOP, orders_to_redact: {} }],
    ['orders_to_redact: "1,2"', "customers/redact", { shop_domain: SHOP, orders_to_redact: "1,2" }],
    ["orders_requested: 5", "customers/data_request", { shop_domain: SHOP, orders_requested: 5 }],
  ] as const)(
    "a signed compliance webhook with %s is answered (200 or 400), not a crash",
    async (_label, topic, payload) => {
      expect([200, 400]).toContain(await statusOf(signed(topic, JSON.stringify(payload))));
    },
  );

  it("a body over the limit that declares no Content-Length is refused with 413", async () => {
    const body = JSON.stringify({ id: 9, note: "x".repeat(WEBHOOK_LIMIT + 10) });
    const before = await prisma.inboxEvent.count();
    expect(await statusOf(signed("orders/create", body, {}, false))).toBe(413);
    expect(await prisma.inboxEvent.count()).toBe(before);
  });
});

/** The first few problems of each kind (same route and answer), so that a failure stays readable. */
function dedupeProblems(problems: string[]): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const p of problems) {
    const kind =
      p.replace(/body=\w+\(.*$/, "").replace(/\d+B/g, "") + (/: (answered \d+|threw [^:]+)/.exec(p)?.[1] ?? "");
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    if (n < 2) out.push(p.slice(0, 600));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Over HTTP, against the built app
// ---------------------------------------------------------------------------------------

let server: AppServer | undefined;

async function startBuiltApp(): Promise<AppServer> {
  const build = (await import(
    pathToFileURL(path.resolve(FAULTS_BUILD_PATH ?? "build/server/index.js")).href
  )) as ServerBuild;
  const { startAppServer } = await import("../../app/server/app-server");
  // No worker: the fuzz looks at what the routes write, not at what is done with it.
  return startAppServer({ build, port: 0, host: "127.0.0.1", worker: false });
}

/** A raw HTTP request: Content-Length when declared, otherwise chunked in 64 KB pieces. */
function httpSend(url: string, method: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const declared = Object.keys(headers).some((h) => h.toLowerCase() === "content-length");
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method,
        headers: { ...headers, Connection: "close" },
        timeout: 20_000,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(res.statusCode ?? 0));
      },
    );
    let answered = false;
    req.on("response", () => (answered = true));
    // The server may answer (413) and close before the whole body is sent: that is its right.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    req.on("timeout", () => req.destroy(new Error("timeout")));
    if (method === "GET" || method === "HEAD") return void req.end();
    if (declared) return void req.end(body);
    for (let offset = 0; offset < body.length; offset += 65_536) req.write(body.subarray(offset, offset + 65_536));
    req.end();
  });
}

describe("over HTTP, against the built app", () => {
  beforeAll(async () => {
    server = await startBuiltApp();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("webhook routes", { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(webhookCase, printable, async (c, randoms) => {
        const body = bodyBytes(c.body);
        const headers = webhookHeaders(c, body, randoms);
        const problem = await judge(
          `HTTP ${describeWebhook(c, body)}`,
          () => httpSend(`${server!.url}/webhooks/${c.topic}`, c.method, headers, body),
          webhookOracle(c, body, headers, true),
          {
            inboxRowAllowed: namesShop(headers),
            inboxRowRequired: c.idHeader !== "repeat" && namesShop(headers),
            settingsMayChange: () => false,
          },
        );
        if (problem) problems.push(problem);
      }),
      { numRuns: 80, seed: 3113, endOnFailure: true },
    );
    expect(dedupeProblems(problems)).toEqual([]);
  });

  it("a chunked webhook body over the limit (no Content-Length) is refused with 413, signed or not", async () => {
    const results: Record<string, number> = {};
    for (const signed of [false, true]) {
      const c: WebhookCase = {
        topic: "orders/create",
        method: "POST",
        body: { kind: "large", size: 3_000_000 },
        hmac: signed ? "valid" : "random",
        topicHeader: "valid",
        shopHeader: "valid",
        versionHeader: "valid",
        idHeader: "fresh",
        length: "undeclared",
        noise: {},
      };
      const body = bodyBytes(c.body);
      const before = await prisma.inboxEvent.count();
      results[signed ? "signed" : "unsigned"] = await httpSend(
        `${server!.url}/webhooks/orders/create`,
        "POST",
        webhookHeaders(c, body, "nope"),
        body,
      );
      results[`${signed ? "signed" : "unsigned"} rows added`] = (await prisma.inboxEvent.count()) - before;
    }
    expect(results).toEqual({ unsigned: 413, "unsigned rows added": 0, signed: 413, "signed rows added": 0 });
  });

  it("callback routes", { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(callbackCase, printable, async (c, randoms) => {
        const body = callbackBody(c);
        const key = callbackKeyOf(c, randoms);
        const headers = callbackHeaders(c, body, randoms);
        const problem = await judge(
          `HTTP ${describeCallback(c, body)}`,
          () =>
            httpSend(
              `${server!.url}/apruvd/${c.route === "review" ? "callback" : "settings"}/${encodeURIComponent(key)}`,
              c.method,
              headers,
              body,
            ),
          callbackOracle(c, body, true),
          {
            inboxRowAllowed: c.route === "review",
            inboxRowRequired: false,
            settingsMayChange: (status) => status === 200 && c.route === "settings",
          },
        );
        if (problem) problems.push(problem);
      }),
      { numRuns: 80, seed: 4114, endOnFailure: true },
    );
    expect(dedupeProblems(problems)).toEqual([]);
  });
});
