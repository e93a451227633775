/**
 * App Bridge, when it is there. In the Shopify admin the App Bridge script defines
 * `window.shopify`; anywhere else (a test, a blocked CDN) the app still works and
 * these helpers quietly fall back.
 */
interface ShopifyGlobal {
  toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
  saveBar?: { show(id: string): Promise<void> | void; hide(id: string): Promise<void> | void };
}

function shopifyGlobal(): ShopifyGlobal | undefined {
  if (typeof window === "undefined") return undefined;
  return (window as unknown as { shopify?: ShopifyGlobal }).shopify;
}

export function showToast(message: string, options: { isError?: boolean } = {}): void {
  shopifyGlobal()?.toast?.show(message, { isError: options.isError, duration: 5000 });
}

export function hasAppBridge(): boolean {
  return Boolean(shopifyGlobal());
}
