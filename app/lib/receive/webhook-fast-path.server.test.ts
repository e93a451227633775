import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { examplePayloadText, signedWebhookRequest } from "../../../test/support/webhook-requests";
import { signWebhookBody } from "../../../sandbox/shopify/webhooks";
import { type WebhookTransport, httpTransport, routeActionTransport } from "../../server/webhook-routes-build";

/**
 * The fast path answers every request exactly as the Remix route does: the same requests
 * go (1) to the route's action, called directly, (2) over HTTP through Express and Remix
 * to that action (startAppServer with a build that has no fast path), and (3) over HTTP
 * to the fast path ahead of Remix; each gets the same status, the same body and leaves
 * the same inbox rows.
 */

const SHOP = "same-answers.myshopify.com";
const SECRET = process.env.SHOPIFY_API_SECRET ?? "";

interface Sent {
  path: string;
  request: Request;
}

interface Case {
  name: string;
  /** Built afresh for each transport (a request's body is read once). */
  requests: () => Sent[];
}

const order = examplePayloadText("orders/create");
const signed = (
  topic: string,
  body: string,
  extra: Parameters<typeof signedWebhookRequest>[0] extends infer O ? Partial<O> : never = {},
) => signedWebhookRequest({ topic, body, shop: SHOP, ...extra });
const to = (path: string, request: Request): Sent => ({ path, request });

/** A signed request whose body is given as bytes (the HMAC over exactly those bytes). */
function signedBytes(topic: string, bytes: Buffer, webhookId: string): Request {
  const base = signed(topic, "{}", { webhookId });
  const headers = new Headers(base.headers);
  headers.set("X-Shopify-Hmac-Sha256", signWebhookBody(bytes, SECRET));
  return new Request(base.url, { method: "POST", headers, body: new Uint8Array(bytes) });
}

function chunked(topic: string, body: string, webhookId: string): Request {
  const base = signed(topic, body, { webhookId });
  const headers = new Headers(base.headers);
  headers.set("Transfer-Encoding", "chunked");
  const bytes = Buffer.from(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 65_536)
        controller.enqueue(bytes.subarray(offset, offset + 65_536));
      controller.close();
    },
  });
  return new Request(base.url, { method: "POST", headers, body: stream, duplex: "half" } as RequestInit);
}

const withShop = (topic: string, shop: string) => {
  const payload = JSON.parse(examplePayloadText(topic)) as Record<string, unknown>;
  if ("shop_domain" in payload) payload.shop_domain = shop;
  if (topic === "app/uninstalled") payload.myshopify_domain = shop;
  return JSON.stringify(payload);
};

const pubsubMessage = (topic: string, webhookId: string) => ({
  message: {
    attributes: {
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": webhookId,
    },
    data: Buffer.from(examplePayloadText(topic)).toString("base64"),
  },
  subscription: "projects/p/subscriptions/s",
});

const cloudPost = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const CASES: Case[] = [
  ...(["orders/create", "orders/updated", "orders/cancelled"] as const).map((topic) => ({
    name: `${topic}, Shopify's example`,
    requests: () => [to(`/webhooks/${topic}`, signed(topic, examplePayloadText(topic), { webhookId: `eq-${topic}` }))],
  })),
  {
    name: "the same delivery three times",
    requests: () =>
      [1, 2, 3].map(() => to("/webhooks/orders/create", signed("orders/create", order, { webhookId: "eq-dup" }))),
  },
  {
    name: "a bad HMAC",
    requests: () => [to("/webhooks/orders/create", signed("orders/create", order, { hmac: "bm9wZQ==" }))],
  },
  {
    name: "signed with another secret",
    requests: () => [to("/webhooks/orders/create", signed("orders/create", order, { secret: "not-ours" }))],
  },
  ...[
    "X-Shopify-Hmac-Sha256",
    "X-Shopify-Topic",
    "X-Shopify-Shop-Domain",
    "X-Shopify-API-Version",
    "X-Shopify-Webhook-Id",
  ].map((header) => ({
    name: `without ${header}`,
    requests: () => [to("/webhooks/orders/create", signed("orders/create", order, { omit: [header] }))],
  })),
  { name: "an empty body", requests: () => [to("/webhooks/orders/create", signed("orders/create", ""))] },
  {
    name: "malformed JSON, signed",
    requests: () => [to("/webhooks/orders/create", signed("orders/create", '{"id": 1,'))],
  },
  { name: "no order id", requests: () => [to("/webhooks/orders/create", signed("orders/create", '{"name":"#1"}'))] },
  {
    name: "an order that is not cancelled, to orders/cancelled",
    requests: () => [
      to(
        "/webhooks/orders/cancelled",
        signed("orders/cancelled", JSON.stringify({ ...JSON.parse(order), cancelled_at: null })),
      ),
    ],
  },
  {
    name: "another topic than the route's",
    requests: () => [
      to("/webhooks/orders/create", signed("orders/cancelled", order)),
      to("/webhooks/orders/create", signed("merchant/cancel", order)),
    ],
  },
  {
    name: "a shop domain that is not a shop (acknowledged, dropped)",
    requests: () => [
      to("/webhooks/orders/create", signed("orders/create", order, { shop: "shop.example.com" })),
      to("/webhooks/orders/create", signed("orders/create", "{oops", { shop: "not a shop" })),
    ],
  },
  {
    name: "over the limit, declared",
    requests: () => {
      const body = JSON.stringify({ id: 1, note: "x".repeat(1_100_000) });
      const base = signed("orders/create", body);
      const headers = new Headers(base.headers);
      headers.set("Content-Length", String(body.length));
      return [to("/webhooks/orders/create", new Request(base.url, { method: "POST", headers, body }))];
    },
  },
  {
    name: "over the limit, chunked with no size declared",
    requests: () => [
      to(
        "/webhooks/orders/create",
        chunked("orders/create", JSON.stringify({ id: 1, note: "x".repeat(1_500_000) }), "eq-big"),
      ),
    ],
  },
  {
    name: "within the limit, chunked",
    requests: () => [to("/webhooks/orders/create", chunked("orders/create", order, "eq-chunked"))],
  },
  {
    name: "a byte-order mark before the JSON, and bytes that are not UTF-8, signed over the bytes",
    requests: () => [
      to(
        "/webhooks/orders/create",
        signedBytes("orders/create", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(order)]), "eq-bom"),
      ),
      to("/webhooks/orders/create", signedBytes("orders/create", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), "eq-latin")),
    ],
  },
  {
    name: "a method other than POST",
    requests: () => {
      const base = signed("orders/create", order);
      return [
        to("/webhooks/orders/create", new Request(base.url, { method: "PUT", headers: base.headers, body: order })),
      ];
    },
  },
  ...(
    [
      "fulfillment_orders/split",
      "fulfillment_orders/moved",
      "fulfillment_orders/merged",
      "fulfillment_orders/order_routing_complete",
    ] as const
  ).map((topic) => ({
    name: `${topic}, Shopify's example and a body naming no fulfillment order`,
    requests: () => [
      to(`/webhooks/${topic}`, signed(topic, examplePayloadText(topic), { webhookId: `eq-${topic}` })),
      to(`/webhooks/${topic}`, signed(topic, '{"nothing":true}')),
    ],
  })),
  ...(["customers/redact", "customers/data_request", "shop/redact"] as const).map((topic) => ({
    name: `${topic}: for the header's shop, and for another shop`,
    requests: () => [
      to(`/webhooks/${topic}`, signed(topic, withShop(topic, SHOP), { webhookId: `eq-${topic}` })),
      to(`/webhooks/${topic}`, signed(topic, withShop(topic, "attacker.myshopify.com"))),
    ],
  })),
  {
    name: "app/uninstalled signed for another shop",
    requests: () => [
      to("/webhooks/app/uninstalled", signed("app/uninstalled", withShop("app/uninstalled", "other.myshopify.com"))),
    ],
  },
  {
    name: "app/scopes_update, and under another topic",
    requests: () => {
      const body = JSON.stringify({ id: 1, previous: ["read_orders"], current: ["read_orders", "write_orders"] });
      return [
        to("/webhooks/app/scopes_update", signed("app/scopes_update", body)),
        to("/webhooks/app/scopes_update", signed("app/uninstalled", body)),
      ];
    },
  },
  {
    name: "Pub/Sub: a message, a wrong token, a malformed body",
    requests: () => [
      to(
        "/webhooks/pubsub",
        cloudPost("http://127.0.0.1/webhooks/pubsub?token=eq-pubsub", pubsubMessage("orders/create", "eq-ps")),
      ),
      to(
        "/webhooks/pubsub",
        cloudPost("http://127.0.0.1/webhooks/pubsub?token=guess", pubsubMessage("orders/create", "eq-ps2")),
      ),
      to("/webhooks/pubsub", cloudPost("http://127.0.0.1/webhooks/pubsub?token=eq-pubsub", "{oops")),
    ],
  },
  {
    name: "EventBridge: an event, a wrong key",
    requests: () => {
      const event = {
        "detail-type": "shopifyWebhook",
        detail: {
          metadata: pubsubMessage("orders/updated", "eq-eb").message.attributes,
          payload: JSON.parse(examplePayloadText("orders/updated")),
        },
      };
      return [
        to(
          "/webhooks/eventbridge",
          cloudPost("http://127.0.0.1/webhooks/eventbridge", event, { "X-Api-Key": "eq-eventbridge" }),
        ),
        to("/webhooks/eventbridge", cloudPost("http://127.0.0.1/webhooks/eventbridge", event, { "X-Api-Key": "nope" })),
      ];
    },
  },
];

interface Outcome {
  answers: { status: number; body: string }[];
  rows: unknown[];
}

let transports: WebhookTransport[] = [];

beforeAll(async () => {
  process.env.PUBSUB_PUSH_TOKEN = "eq-pubsub";
  process.env.EVENTBRIDGE_API_KEY = "eq-eventbridge";
  transports = [
    routeActionTransport(),
    await httpTransport({ fastPath: false }),
    await httpTransport({ fastPath: true }),
  ];
});

afterAll(async () => {
  await Promise.all(transports.map((transport) => transport.close()));
  delete process.env.PUBSUB_PUSH_TOKEN;
  delete process.env.EVENTBRIDGE_API_KEY;
});

async function outcomeOf(transport: WebhookTransport, testCase: Case): Promise<Outcome> {
  await prisma.inboxEvent.deleteMany();
  const answers: Outcome["answers"] = [];
  for (const { path, request } of testCase.requests()) {
    const response = await transport.send(path, request);
    answers.push({ status: response.status, body: await response.text() });
  }
  const rows = await prisma.inboxEvent.findMany({
    orderBy: { dedupeKey: "asc" },
    select: { dedupeKey: true, shop: true, topic: true, orderKey: true, payload: true, status: true, attempts: true },
  });
  return { answers, rows };
}

describe("the fast path answers as the Remix route does", () => {
  it.each(CASES)("$name", async (testCase) => {
    const [action, remix, fastPath] = transports;
    const expected = await outcomeOf(action, testCase);
    const sentBefore = fastPath.counts.fastPath;
    expect(await outcomeOf(remix, testCase)).toEqual(expected);
    expect(await outcomeOf(fastPath, testCase)).toEqual(expected);
    // Every POST of the case went through the fast path (a PUT goes on to Remix).
    const posts = testCase.requests().filter((sent) => sent.request.method === "POST").length;
    expect(fastPath.counts.fastPath - sentBefore).toBe(posts);
    expect(remix.counts.fastPath).toBe(0);
  });

  it("the cases cover every answer: stored, acknowledged, refused, too large, wrong method", async () => {
    const statuses = new Set<number>();
    for (const testCase of CASES)
      for (const answer of (await outcomeOf(transports[0], testCase)).answers) statuses.add(answer.status);
    expect(statuses).toEqual(new Set([200, 204, 400, 401, 405, 413]));
  });
});
