/**
 * What counts as a shop's domain wherever one arrives from outside (a webhook header, a
 * webhook body, the login form): `{name}.myshopify.com`, or a subdomain of the custom
 * domain the app is configured with (SHOP_CUSTOM_DOMAIN, as @shopify/shopify-app-remix's
 * `customShopDomains`). A DNS name is at most 255 characters and a label at most 63, so
 * nothing longer is a shop: such a value is never stored, logged or looked up.
 */

const MAX_DOMAIN_LENGTH = 255;
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const MYSHOPIFY = new RegExp(`^${LABEL}\\.myshopify\\.com$`);

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The domain in its stored form (lower case, trimmed), or null when it is not a shop's domain. */
export function shopDomainOf(value: unknown, customShopDomain?: string): string | null {
  if (typeof value !== "string" || value.length > MAX_DOMAIN_LENGTH + 2) return null;
  const domain = value.trim().toLowerCase();
  if (domain.length === 0 || domain.length > MAX_DOMAIN_LENGTH) return null;
  if (MYSHOPIFY.test(domain)) return domain;
  const custom = customShopDomain?.trim().toLowerCase();
  if (custom && new RegExp(`^${LABEL}\\.${escapeForPattern(custom)}$`).test(domain)) return domain;
  return null;
}
