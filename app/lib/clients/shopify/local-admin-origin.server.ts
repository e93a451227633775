import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { config } from "../../platform/config/config.server";

/**
 * In the local sandbox there is no real shop to talk to: when SHOPIFY_ADMIN_API_ORIGIN is
 * set (e.g. http://127.0.0.1:4100), Admin API requests for `https://{shop}/admin/...` go
 * to the local Shopify simulator instead, with the shop named in `X-Simulator-Shop`.
 * Never set in production: the library then talks to Shopify directly.
 */
export function routeAdminApiToLocalOrigin(origin: string | undefined = config().shopify.adminApiOrigin): void {
  if (!origin) return;
  const target = new URL(origin);
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.startsWith("/admin/")) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set("X-Simulator-Shop", url.host);
      const rewritten = new URL(url.pathname + url.search, target);
      return realFetch(rewritten, { ...init, headers });
    }
    return realFetch(input, init);
  });
}
