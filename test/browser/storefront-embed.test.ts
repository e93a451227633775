/**
 * The theme app embed's loader (extensions/apruvd-theme/assets/apruvd-dropin.js) in a
 * real browser, end to end through the app: a local stand-in storefront serves the
 * page the embed renders (its config JSON, the real asset), /cart.js and
 * /cart/update.js, and forwards /apps/apruvd/session to the built app's
 * /proxy/session exactly as Shopify's app proxy does (adding shop, timestamp and the
 * HMAC `signature`). The test checks that the cart got `_apruvd_session_id` = the
 * server-side id, and that the shop's drop-in was loaded with that session_id and the
 * page_id.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { sessionIdForCart } from "../../app/lib/merchant/storefront/storefront-session.server";
import { ensureShopSettings } from "../../app/lib/merchant/settings/shop-settings.server";
import {
  launchChromium,
  offlineContext,
  screenshot,
  startBuiltApp,
  type PwBrowser,
  type PwPage,
  type TestApp,
} from "../support/browser-harness";

const SHOP = "storefront-shop.myshopify.com";
const CART_TOKEN = "c1-8f2b6c0d4e1a9b7c5d3e2f1a0b9c8d7e?key=4f1e2d3c4b5a69788796a5b4c3d2e1f0";

interface StorefrontLog {
  cartUpdates: Array<Record<string, string>>;
  dropInRequests: URL[];
  proxyStatuses: number[];
}

let app: TestApp;
let storefront: http.Server;
let storefrontUrl: string;
let browser: PwBrowser;
let page: PwPage;
const log: StorefrontLog = { cartUpdates: [], dropInRequests: [], proxyStatuses: [] };
const attributes: Record<string, string> = {};

/** Shopify's app proxy: the request's query plus shop/path_prefix/timestamp, signed with the app secret. */
function signedProxyUrl(query: URLSearchParams): string {
  const params: Record<string, string> = Object.fromEntries(query.entries());
  Object.assign(params, {
    shop: SHOP,
    path_prefix: "/apps/apruvd",
    timestamp: String(Math.floor(Date.now() / 1000)),
    logged_in_customer_id: "",
  });
  const message = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("");
  const signature = crypto.createHmac("sha256", process.env.SHOPIFY_API_SECRET!).update(message).digest("hex");
  return `${app.url}/proxy/session?${new URLSearchParams({ ...params, signature })}`;
}

/**
 * What the embed block renders (page_id set in the theme editor): for a new cart
 * Liquid has no cart token yet; once the cart exists it renders the token and the
 * cart's current `_apruvd_session_id` attribute.
 */
function storefrontPage(): string {
  const known = attributes._apruvd_session_id;
  const config = {
    proxyUrl: "/apps/apruvd/session",
    cartToken: known ? CART_TOKEN : "",
    sessionAttribute: known ?? null,
    pageId: "checkout-main",
  };
  return `<!doctype html><html><head><title>Demo storefront</title></head><body>
<h1>Demo storefront</h1><p>Cart page with the Apruvd app embed.</p>
<script type="application/json" id="apruvd-dropin-config">${JSON.stringify(config)}</script>
<script src="/assets/apruvd-dropin.js" defer></script>
</body></html>`;
}

async function startStorefront(): Promise<void> {
  const asset = fs.readFileSync("extensions/apruvd-theme/assets/apruvd-dropin.js", "utf8");
  storefront = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://storefront");
    const body = await new Promise<string>((resolve) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => resolve(text));
    });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(storefrontPage());
    } else if (url.pathname === "/assets/apruvd-dropin.js") {
      res.writeHead(200, { "Content-Type": "application/javascript" });
      res.end(asset);
    } else if (url.pathname === "/cart.js") {
      json(200, { token: CART_TOKEN, attributes, item_count: 1 });
    } else if (url.pathname === "/cart/update.js" && req.method === "POST") {
      const update = (JSON.parse(body) as { attributes: Record<string, string> }).attributes;
      log.cartUpdates.push(update);
      Object.assign(attributes, update);
      json(200, { token: CART_TOKEN, attributes });
    } else if (url.pathname === "/apps/apruvd/session") {
      const upstream = await fetch(signedProxyUrl(url.searchParams), { redirect: "manual" });
      log.proxyStatuses.push(upstream.status);
      res.writeHead(upstream.status, {
        "Content-Type": upstream.headers.get("content-type") ?? "application/json",
        ...(upstream.headers.get("location") ? { Location: upstream.headers.get("location")! } : {}),
      });
      res.end(await upstream.text());
    } else if (url.pathname === "/apruvd-js/entry.js") {
      log.dropInRequests.push(url);
      res.writeHead(200, { "Content-Type": "application/javascript" });
      res.end("window.__apruvdLoaded = (window.__apruvdLoaded || 0) + 1;");
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => storefront.listen(0, "127.0.0.1", () => resolve()));
  storefrontUrl = `http://127.0.0.1:${(storefront.address() as AddressInfo).port}`;
}

let setupError: unknown = null;

// A setup failure (no Chromium, no build…) fails every test with its message: nothing is skipped.
beforeAll(async () => {
  try {
    app = await startBuiltApp();
    await startStorefront();
    await ensureShopSettings(prisma, SHOP);
    // As pushed by Apruvd's settings callback (js_url); a local stand-in for mjs.apruvd.com.
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { jsUrl: `${storefrontUrl}/apruvd-js/entry.js` } });
    browser = await launchChromium();
    const context = await offlineContext(browser);
    page = await context.newPage();
  } catch (error) {
    setupError = error;
  }
}, 120_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (storefront ? storefront.close(() => resolve()) : resolve()));
  await app?.close();
});

describe("theme app embed", { timeout: 120_000 }, () => {
  it("writes the server-generated session id to the cart and loads the drop-in with it", async () => {
    await page.goto(`${storefrontUrl}/`);
    await page.waitForFunction(() => (window as unknown as { __apruvdLoaded?: number }).__apruvdLoaded === 1);
    const expected = sessionIdForCart(SHOP, CART_TOKEN);
    expect(log.proxyStatuses).toEqual([200]);
    expect(log.cartUpdates).toEqual([{ _apruvd_session_id: expected }]);
    expect(log.dropInRequests).toHaveLength(1);
    expect(log.dropInRequests[0].searchParams.get("session_id")).toBe(expected);
    expect(log.dropInRequests[0].searchParams.get("page_id")).toBe("checkout-main");
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toContain(process.env.SHOPIFY_API_SECRET!);
    await screenshot(page, "storefront-embed");

    // A second page view reuses the id: no new proxy call, no cart update.
    await page.goto(`${storefrontUrl}/`);
    await page.waitForFunction(() => (window as unknown as { __apruvdLoaded?: number }).__apruvdLoaded === 1);
    expect(log.proxyStatuses).toHaveLength(1);
    expect(log.cartUpdates).toHaveLength(1);
    expect(log.dropInRequests).toHaveLength(2);
  });

  it("sends the noscript fallback to the drop-in with the same id", async () => {
    const response = await fetch(
      `${storefrontUrl}/apps/apruvd/session?format=noscript&cart_token=${encodeURIComponent(CART_TOKEN)}`,
      { redirect: "manual" },
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/apruvd-js/entry.js");
    expect(location.searchParams.get("session_id")).toBe(sessionIdForCart(SHOP, CART_TOKEN));
  });

  it("refuses a request that did not come through Shopify's proxy", async () => {
    const direct = await fetch(`${app.url}/proxy/session?shop=${SHOP}&cart_token=${encodeURIComponent(CART_TOKEN)}`, {
      headers: { "User-Agent": "Mozilla/5.0" },
    });
    expect(direct.status).toBe(400);
  });
});
