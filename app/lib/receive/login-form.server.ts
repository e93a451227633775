import { config } from "../platform/config/config.server";
import { MAX_UNAUTHENTICATED_BYTES, payloadTooLarge, readBodyLimited } from "./body-limit.server";
import { shopDomainOf } from "./shop-domain";

/**
 * The unauthenticated login form (/auth/login). What a visitor types is checked here,
 * before @shopify/shopify-app-remix's `login` sees it: the library logs the value it is
 * given, so it is only ever given a valid shop domain (at most 255 characters), never the
 * raw input. The body is read up to a small limit, whatever Content-Length says.
 */

export type LoginShop = { shop: string } | { error: "missing" | "invalid" };

/** The form's input as the library reads it: an optional scheme, a trailing slash, a bare shop name. */
export function loginShopOf(input: string | null): LoginShop {
  const typed = (input ?? "").trim();
  if (typed === "") return { error: "missing" };
  if (typed.length > 300) return { error: "invalid" };
  const bare = typed.replace(/^https?:\/\//i, "").replace(/\/$/, "");
  const shop = shopDomainOf(bare.includes(".") ? bare : `${bare}.myshopify.com`, config().shopify.customShopDomain);
  return shop ? { shop } : { error: "invalid" };
}

/** The shop typed into the login form (POST body) or given in the query (GET), or a 413. */
export async function submittedLoginShop(request: Request): Promise<LoginShop | Response> {
  const url = new URL(request.url);
  if (request.method === "GET" || request.method === "HEAD") return loginShopOf(url.searchParams.get("shop"));
  const body = await readBodyLimited(request, MAX_UNAUTHENTICATED_BYTES);
  if (body === null) return payloadTooLarge();
  if (url.searchParams.has("shop")) return loginShopOf(url.searchParams.get("shop"));
  try {
    const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    const form = await new Request(url, { method: "POST", headers: request.headers, body: bytes }).formData();
    const shop = form.get("shop");
    return loginShopOf(typeof shop === "string" ? shop : null);
  } catch {
    return { error: "missing" };
  }
}

/** The request the library's `login` is handed: a GET naming the checked shop, nothing else of the visitor's. */
export function loginRequestFor(request: Request, shop: string): Request {
  const url = new URL(request.url);
  return new Request(`${url.origin}${url.pathname}?shop=${encodeURIComponent(shop)}`, {
    method: "GET",
    headers: request.headers,
  });
}
