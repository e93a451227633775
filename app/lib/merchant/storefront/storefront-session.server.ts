/**
 * The storefront side of Apruvd's JavaScript drop-in (theme app embed
 * extensions/apruvd-theme): a `session_id` generated server-side, through the app
 * proxy, from the shopper's cart token.
 *
 * session_id = base64url(HMAC-SHA256(key, shop + "\n" + cart token)), where the key is
 * derived from the app's secret. The storefront only ever sees the result; the same
 * cart always gets the same id, so the embed can write it to the cart attribute
 * `_apruvd_session_id`.
 *
 * The shopper can write anything into a cart attribute, so the attribute is never
 * trusted: when the order is reviewed, the id is computed again from the order's own
 * cart token (Admin API `Order.cartToken`) and only a matching attribute is sent to
 * Apruvd (`verifiedSessionId`). The cart token's `?key=` part, which the Ajax Cart API
 * adds and the order's token does not carry
 * (https://shopify.dev/changelog/cart-token-in-ajax-api-response-now-includes-key-param),
 * is not part of the id.
 */
import crypto from "node:crypto";
import { config } from "../../platform/config/config.server";
import { safeEqual } from "../../platform/crypto/secret-box.server";

export const SESSION_ID_ATTRIBUTE = "_apruvd_session_id";
const KEY_LABEL = "apruvd-storefront-session-id/v1";

function derivedKey(appSecret: string): Buffer {
  if (!appSecret) throw new Error("SHOPIFY_API_SECRET is required to derive storefront session ids");
  return crypto.createHmac("sha256", appSecret).update(KEY_LABEL).digest();
}

/** Cart tokens are opaque, URL-safe strings (e.g. "c1-7a1b…?key=…"); anything else is refused. */
export function isCartToken(value: string | null | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_\-?=&.:]{8,200}$/.test(value);
}

/** An optional checkout page id from the theme setting. */
export function cleanPageId(value: string | null | undefined): string | null {
  const text = (value ?? "").trim();
  return /^[A-Za-z0-9_-]{1,64}$/.test(text) ? text : null;
}

/** The cart's identity: the token without the `?key=` secret the Ajax Cart API appends. */
export function cartIdentity(cartToken: string): string {
  const query = cartToken.indexOf("?");
  return query === -1 ? cartToken : cartToken.slice(0, query);
}

export function sessionIdForCart(
  shop: string,
  cartToken: string,
  appSecret: string = config().shopify.apiSecret,
): string {
  return crypto
    .createHmac("sha256", derivedKey(appSecret))
    .update(`${shop}\n${cartIdentity(cartToken)}`)
    .digest("base64url");
}

export type SessionIdCheck =
  | { verdict: "verified"; sessionId: string }
  | { verdict: "absent" }
  | { verdict: "rejected"; reason: "noCartToken" | "notIssued" };

/**
 * Checks the session id the order carries (the shopper's cart attribute) against the one
 * the server derives for the order's cart. Only a verified id may be sent to Apruvd.
 */
export function verifiedSessionId(
  shop: string,
  orderCartToken: string | null | undefined,
  attribute: string | null | undefined,
  appSecret?: string,
): SessionIdCheck {
  if (!attribute) return { verdict: "absent" };
  if (!orderCartToken) return { verdict: "rejected", reason: "noCartToken" };
  const expected = sessionIdForCart(shop, orderCartToken, appSecret);
  return safeEqual(attribute, expected)
    ? { verdict: "verified", sessionId: expected }
    : { verdict: "rejected", reason: "notIssued" };
}

export interface DropInConfig {
  session_id: string;
  /** Attribute the embed writes to the cart, so that the order carries the id. */
  cart_attribute: typeof SESSION_ID_ATTRIBUTE;
  /** The shop's Apruvd script (settings callback js_url), or null before Apruvd sent it. */
  js_url: string | null;
  page_id: string | null;
}

/** Only https scripts on Apruvd's hosts (or a local simulator in development) are handed to the storefront. */
export function safeJsUrl(
  value: string | null | undefined,
  allowHttpLocal = config().server.nodeEnv !== "production",
): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === "https:" && (url.hostname === "apruvd.com" || url.hostname.endsWith(".apruvd.com")))
      return url.toString();
    if (allowHttpLocal && url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost"))
      return url.toString();
    return null;
  } catch {
    return null;
  }
}

/** The script URL with the drop-in's variables filled in. */
export function dropInScriptUrl(config: Pick<DropInConfig, "js_url" | "session_id" | "page_id">): string | null {
  if (!config.js_url) return null;
  const url = new URL(config.js_url);
  url.searchParams.set("session_id", config.session_id);
  if (config.page_id) url.searchParams.set("page_id", config.page_id);
  return url.toString();
}

export function dropInConfig(
  shop: string,
  cartToken: string,
  jsUrl: string | null,
  pageId: string | null,
  appSecret?: string,
): DropInConfig {
  return {
    session_id: sessionIdForCart(shop, cartToken, appSecret),
    cart_attribute: SESSION_ID_ATTRIBUTE,
    js_url: safeJsUrl(jsUrl),
    page_id: cleanPageId(pageId),
  };
}

/**
 * The app proxy's answer (route proxy.session.tsx, after authenticate.public.appProxy
 * checked Shopify's signature): JSON for the embed's script, or — for the embed's
 * <noscript> fallback — a redirect to the drop-in with the same session id.
 */
export async function storefrontSessionResponse(
  findJsUrl: (shop: string) => Promise<string | null>,
  shop: string,
  params: URLSearchParams,
  appSecret?: string,
): Promise<Response> {
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  const cartToken = params.get("cart_token");
  if (!isCartToken(cartToken)) {
    return Response.json({ error: "cart_token is missing or malformed" }, { status: 400, headers });
  }
  const config = dropInConfig(shop, cartToken, await findJsUrl(shop), params.get("page_id"), appSecret);
  if (params.get("format") === "noscript") {
    const target = dropInScriptUrl(config);
    if (!target) return new Response(null, { status: 204, headers });
    const url = new URL(target);
    url.searchParams.set("noscript", "1");
    return new Response(null, { status: 302, headers: { ...headers, Location: url.toString() } });
  }
  return Response.json({ ...config, script_url: dropInScriptUrl(config) }, { headers });
}
