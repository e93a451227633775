import { createHmac } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import prisma from "../../app/db.server";
import { sessionStorage } from "../../app/shopify.server";
import { callbackCredentialsOf, ensureShopSettings } from "../../app/lib/merchant/settings/shop-settings.server";
import type { AppServer } from "../../app/server/app-server";
import { signWebhookBody } from "../../sandbox/shopify/webhooks";
import { FAULTS_BUILD_PATH } from "../support/fault-helpers";
import { examplePayloadText } from "../support/webhook-requests";

/**
 * The built app over real HTTP, attacked as issue 11's outsider and malicious merchant did:
 * chunked bodies that declare no size, far over each route's limit (unauthenticated login,
 * a merchant action, a callback); a body that never finishes; a cross-site POST; the login
 * form's value and the callback key kept out of the logs; failed callback logins; and a
 * genuine signed webhook replayed under other headers. test/faults/mutants.ts runs this
 * file against builds with one of these protections removed.
 */

const SHOP = "ingress-store.myshopify.com";
const SECRET = process.env.SHOPIFY_API_SECRET ?? "";
const MB = 1024 * 1024;

let server: AppServer;
let shopKey = "";
let callbackAuth = "";
const captured: string[] = [];
const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
const consoleMethods = { ...console };

beforeAll(async () => {
  // A slow body is cut off after this long (SERVER_REQUEST_TIMEOUT_MS, read when the server starts).
  process.env.SERVER_REQUEST_TIMEOUT_MS = "2000";
  process.env.SERVER_HEADERS_TIMEOUT_MS = "2000";
  process.env.LOG_LEVEL = "debug";
  // Everything the app and the Shopify library print, kept for the log checks and not printed.
  for (const stream of ["stdout", "stderr"] as const) {
    process[stream].write = ((chunk: string | Uint8Array) => {
      captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;
  }
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    console[method] = (...args: unknown[]) => void captured.push(args.map(String).join(" "));
  }
  const build = (await import(
    pathToFileURL(path.resolve(FAULTS_BUILD_PATH ?? "build/server/index.js")).href
  )) as ServerBuild;
  const { startAppServer } = await import("../../app/server/app-server");
  server = await startAppServer({ build, port: 0, host: "127.0.0.1", worker: false });
  const settings = await ensureShopSettings(prisma, SHOP);
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      accessToken: "shpat_ingress",
      scope: process.env.SCOPES,
    }),
  );
  shopKey = settings.callbackKey;
  const credentials = callbackCredentialsOf(settings);
  callbackAuth = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}, 60_000);

afterAll(async () => {
  await server?.close();
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
  Object.assign(console, consoleMethods);
});

interface Outcome {
  /** The answer's status, or "reset" when the connection was closed without one. */
  status: number | "reset";
  /** How much of the body the client got to write before the answer or the reset. */
  bytesWritten: number;
}

/**
 * Sends `total` bytes of `fill` in 64 KB chunks with no Content-Length (chunked), pacing on
 * the socket, and stops at the answer or at a reset.
 */
function sendChunked(
  pathname: string,
  headers: Record<string, string>,
  total: number,
  prefix = "",
  fill = "a",
): Promise<Outcome> {
  return new Promise((resolve) => {
    const url = new URL(pathname, server.url);
    let bytesWritten = 0;
    let settled = false;
    const settle = (status: number | "reset") => {
      if (settled) return;
      settled = true;
      resolve({ status, bytesWritten });
    };
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: "POST",
      headers,
    });
    req.on("response", (res) => {
      res.resume();
      settle(res.statusCode ?? 0);
    });
    req.on("error", () => settle("reset"));
    const chunk = Buffer.alloc(64 * 1024, fill);
    const pump = () => {
      while (!settled && bytesWritten < total) {
        const piece = bytesWritten === 0 ? Buffer.concat([Buffer.from(prefix), chunk]) : chunk;
        bytesWritten += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!settled) req.end();
    };
    pump();
  });
}

function send(
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, server.url);
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };

/** An App Bridge session token for `shop`, as the admin signs it (HS256 with the app's secret). */
function sessionToken(shop: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: process.env.SHOPIFY_API_KEY,
    sub: "1",
    exp: now + 60,
    nbf: now - 5,
    iat: now - 5,
    jti: crypto.randomUUID(),
    sid: crypto.randomUUID(),
  });
  const signature = createHmac("sha256", SECRET).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

describe("request bodies are limited on the stream, whatever Content-Length says", () => {
  it("a chunked 50 MB login form is refused long before it is read whole, and the app keeps answering", async () => {
    const outcome = await sendChunked("/auth/login", form, 50 * MB, "shop=");
    expect([413, "reset"]).toContain(outcome.status);
    expect(outcome.bytesWritten).toBeLessThan(20 * MB);
    expect((await send("GET", "/healthz", {})).status).toBeLessThan(500);
  });

  it("a chunked login form over 16 KB is answered 413", async () => {
    expect((await sendChunked("/auth/login", form, 200_000, "shop=")).status).toBe(413);
  });

  it("a chunked merchant action over its limit, from a signed-in merchant, is answered 413", async () => {
    // The order block's action reads its JSON body after the session token is checked.
    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${sessionToken(SHOP)}` };
    expect((await sendChunked("/api/order-block", headers, 2 * MB, '{"orderId":"')).status).toBe(413);
  });

  it("a chunked 50 MB callback with the shop's credentials is refused long before it is read whole", async () => {
    const headers = { "Content-Type": "application/json", Authorization: callbackAuth };
    const outcome = await sendChunked(`/apruvd/callback/${shopKey}`, headers, 50 * MB, '{"notes":"');
    expect([413, "reset"]).toContain(outcome.status);
    expect(outcome.bytesWritten).toBeLessThan(20 * MB);
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("a body that never finishes does not hold its connection: the request times out", async () => {
    const closed = await new Promise<number | "closed">((resolve) => {
      const url = new URL("/auth/login", server.url);
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { ...form, "Content-Length": "1000" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", () => resolve("closed"));
      req.on("close", () => resolve("closed"));
      req.write("shop=slow"); // and nothing more
    });
    expect([408, "closed"]).toContain(closed);
  });
});

describe("what a request says is never echoed into a log", () => {
  it("the login form's shop value", async () => {
    const marker = `zq${"x".repeat(290)}`;
    const response = await send("POST", "/auth/login", form, `shop=${marker}`);
    expect(response.status).toBeLessThan(500);
    const notAShop = "zqnot a shop zq";
    await send("POST", "/auth/login", form, `shop=${encodeURIComponent(notAShop)}`);
    const logs = captured.join("");
    expect(logs).not.toContain(marker.slice(0, 40));
    expect(logs).not.toContain(notAShop);
  });

  it("the callback key in the URL", async () => {
    await send("GET", `/apruvd/callback/${shopKey}`, {});
    await send("POST", `/apruvd/callback/${shopKey}`, { "Content-Type": "application/json" }, "{");
    expect(captured.join("")).not.toContain(shopKey);
  });
});

describe("callbacks and browsers", () => {
  it("failed callback logins are limited per key: 429 with Retry-After", async () => {
    const settings = await ensureShopSettings(prisma, "ingress-locked.myshopify.com");
    const wrong = `Basic ${Buffer.from("guess:guess").toString("base64")}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const headers = { "Content-Type": "application/json", Authorization: wrong };
      statuses.push((await send("POST", `/apruvd/callback/${settings.callbackKey}`, headers, "{}")).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it("a cross-site POST is refused with 403, not 500", async () => {
    const headers = { ...form, Origin: "https://attacker.example" };
    expect((await send("POST", "/auth/login", headers, "shop=demo")).status).toBe(403);
  });
});

describe("a genuine signed webhook replayed with other headers", () => {
  const signed = (topic: string, shop: string, body: string) => ({
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": signWebhookBody(body, SECRET),
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": crypto.randomUUID(),
  });

  it("under another topic: 400, nothing stored", async () => {
    const body = examplePayloadText("orders/create");
    const response = await send("POST", "/webhooks/orders/create", signed("orders/cancelled", SHOP, body), body);
    expect(response.status).toBe(400);
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("shop/redact signed for one shop under another shop's header: 400, nothing stored", async () => {
    const body = examplePayloadText("shop/redact").replace("{shop}.myshopify.com", "attacker.myshopify.com");
    const response = await send("POST", "/webhooks/shop/redact", signed("shop/redact", SHOP, body), body);
    expect(response.status).toBe(400);
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP } })).toBe(0);
  });
});
