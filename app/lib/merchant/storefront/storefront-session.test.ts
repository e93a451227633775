import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { loader } from "../../../routes/proxy.session";
import { ensureShopSettings } from "../settings/shop-settings.server";
import { cleanPageId, dropInScriptUrl, isCartToken, safeJsUrl, sessionIdForCart } from "./storefront-session.server";

const SHOP = "proxy-shop.myshopify.com";
const CART = "c1-4b8f3a0e9d2c7b6a5f4e3d2c1b0a9f8e?key=abcdef0123456789";

/** A storefront request as Shopify's app proxy forwards it: sorted params, HMAC-SHA256 hex `signature`. */
function proxyRequest(params: Record<string, string>, secret = process.env.SHOPIFY_API_SECRET!): Request {
  const all = {
    shop: SHOP,
    path_prefix: "/apps/apruvd",
    timestamp: String(Math.floor(Date.now() / 1000)),
    logged_in_customer_id: "",
    ...params,
  };
  const message = Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k as keyof typeof all]}`)
    .join("");
  const signature = crypto.createHmac("sha256", secret).update(message).digest("hex");
  const query = new URLSearchParams({ ...all, signature });
  return new Request(`http://127.0.0.1/proxy/session?${query}`);
}

const call = (request: Request) => loader({ request, params: {}, context: {} });

beforeAll(async () => {
  await ensureShopSettings(prisma, SHOP);
  await prisma.shopSettings.update({
    where: { shop: SHOP },
    data: { jsUrl: "https://mjs.apruvd.com/abc123/entry.js" },
  });
});

describe("session id", () => {
  it("is deterministic per cart, differs per cart and per shop, and depends on the secret", () => {
    const a = sessionIdForCart(SHOP, CART, "s1");
    expect(a).toBe(sessionIdForCart(SHOP, CART, "s1"));
    expect(a).not.toBe(sessionIdForCart(SHOP, CART.replace("c1-4b", "c1-5b"), "s1"));
    // The Ajax Cart API's ?key= part is not the cart's identity (the order's cart token has none).
    expect(a).toBe(sessionIdForCart(SHOP, CART.replace(/\?key=.*$/, ""), "s1"));
    expect(a).not.toBe(sessionIdForCart("other.myshopify.com", CART, "s1"));
    expect(a).not.toBe(sessionIdForCart(SHOP, CART, "s2"));
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain(CART.slice(0, 10));
  });

  it("validates its inputs", () => {
    expect(isCartToken(CART)).toBe(true);
    expect(isCartToken("<script>")).toBe(false);
    expect(isCartToken("short")).toBe(false);
    expect(cleanPageId("checkout-1")).toBe("checkout-1");
    expect(cleanPageId("a b")).toBeNull();
    expect(safeJsUrl("https://mjs.apruvd.com/x/entry.js")).toBe("https://mjs.apruvd.com/x/entry.js");
    expect(safeJsUrl("https://evil.example/entry.js")).toBeNull();
    expect(safeJsUrl("javascript:alert(1)")).toBeNull();
    expect(dropInScriptUrl({ js_url: "https://mjs.apruvd.com/x/entry.js", session_id: "S", page_id: "P" })).toBe(
      "https://mjs.apruvd.com/x/entry.js?session_id=S&page_id=P",
    );
  });
});

describe("proxy.session route (real authenticate.public.appProxy)", () => {
  it("answers a signed request with the session id, cart attribute and drop-in URL", async () => {
    const response = await call(proxyRequest({ cart_token: CART, page_id: "checkout" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    const id = sessionIdForCart(SHOP, CART);
    expect(body).toEqual({
      session_id: id,
      cart_attribute: "_apruvd_session_id",
      js_url: "https://mjs.apruvd.com/abc123/entry.js",
      page_id: "checkout",
      script_url: `https://mjs.apruvd.com/abc123/entry.js?session_id=${id}&page_id=checkout`,
    });
    expect(JSON.stringify(body)).not.toContain(process.env.SHOPIFY_API_SECRET);
  });

  it("redirects the noscript fallback to the drop-in with the same id", async () => {
    const response = await call(proxyRequest({ cart_token: CART, format: "noscript" }));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!);
    expect(location.searchParams.get("session_id")).toBe(sessionIdForCart(SHOP, CART));
    expect(location.searchParams.get("noscript")).toBe("1");
  });

  it("refuses a tampered or unsigned request and a bad cart token", async () => {
    const good = proxyRequest({ cart_token: CART });
    const tampered = new Request(good.url.replace("c1-4b8f", "c1-0000"));
    await expect(call(tampered)).rejects.toMatchObject({ status: 400 });
    await expect(
      call(new Request(`http://127.0.0.1/proxy/session?shop=${SHOP}&cart_token=${encodeURIComponent(CART)}`)),
    ).rejects.toMatchObject({ status: 400 });
    await expect(call(proxyRequest({ cart_token: CART }, "wrong-secret"))).rejects.toMatchObject({ status: 400 });
    const bad = await call(proxyRequest({ cart_token: "<x>" }));
    expect(bad.status).toBe(400);
  });
});
