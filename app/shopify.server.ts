import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { routeAdminApiToLocalOrigin } from "./lib/clients/shopify/local-admin-origin.server";
import { ensureShopSettings } from "./lib/merchant/settings/shop-settings.server";
import { CachedSessionStorage } from "./lib/clients/shopify/cached-session-storage.server";

routeAdminApiToLocalOrigin();

// Each webhook's verification loads the shop's session: keep those reads off the hot path.
export const sessionStorage = new CachedSessionStorage(new PrismaSessionStorage(prisma));

export const ADMIN_API_VERSION = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecretKey: process.env.SHOPIFY_API_SECRET || "",
  apiVersion: ADMIN_API_VERSION,
  scopes: process.env.SCOPES?.split(","),
  appUrl: process.env.SHOPIFY_APP_URL || "",
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
      await prisma.shopSettings.updateMany({ where: { shop: session.shop, uninstalledAt: { not: null } }, data: { uninstalledAt: null } });
    },
  },
  ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
