import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import prisma from "./db.server";
import { routeAdminApiToLocalOrigin } from "./lib/clients/shopify/local-admin-origin.server";
import { ensureShopSettings } from "./lib/merchant/settings/shop-settings.server";
import { CachedSessionStorage } from "./lib/clients/shopify/cached-session-storage.server";
import { EncryptedSessionStorage } from "./lib/clients/shopify/encrypted-session-storage.server";
import { config } from "./lib/platform/config/config.server";
import { RecoveringPrismaSessionStorage } from "./lib/platform/database/session-storage.server";
import { ADMIN_API_VERSION as ADMIN_API_VERSION_NAME } from "./lib/platform/shopify-app";

const settings = config().shopify;
routeAdminApiToLocalOrigin();

// Each webhook's verification loads the shop's session: keep those reads off the hot path.
// Tokens are encrypted at rest; the cache holds decrypted sessions in memory only.
export const sessionStorage = new CachedSessionStorage(
  new EncryptedSessionStorage(new RecoveringPrismaSessionStorage(prisma)),
);

/** The library's name for the one Admin API version (lib/platform/shopify-app.ts); refuses a version it does not know. */
function knownApiVersion(version: string): ApiVersion {
  const known = Object.values(ApiVersion).find((candidate) => candidate === version);
  if (!known) throw new Error(`@shopify/shopify-api does not know Admin API version ${version}`);
  return known;
}

export const ADMIN_API_VERSION = knownApiVersion(ADMIN_API_VERSION_NAME);

const shopify = shopifyApp({
  apiKey: settings.apiKey,
  apiSecretKey: settings.apiSecret,
  apiVersion: ADMIN_API_VERSION,
  scopes: [...settings.scopes],
  appUrl: settings.appUrl,
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // A (re)install: the shop's work resumes and its settings row exists from the start.
    afterAuth: async ({ session }) => {
      await ensureShopSettings(prisma, session.shop);
      await prisma.shopSettings.updateMany({
        where: { shop: session.shop, uninstalledAt: { not: null } },
        data: { uninstalledAt: null },
      });
    },
  },
  ...(settings.customShopDomain ? { customShopDomains: [settings.customShopDomain] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
