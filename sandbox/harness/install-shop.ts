/**
 * What OAuth and onboarding leave behind for a shop, without a browser: the shop seeded in
 * the Shopify simulator with the app's access token, an Apruvd sandbox account, and in the
 * app's database the offline session and the Apruvd account connected through the real
 * onboarding call (which registers the shop's callback URLs at the app's URL).
 */
import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { ApruvdClient } from "../../app/lib/clients/apruvd/client";
import { connectApruvd } from "../../app/lib/merchant/onboarding/connect-apruvd.server";
import type { ApruvdSandbox } from "../apruvd/server";
import type { ShopifySimulator } from "../shopify/simulator";
import { SCOPES } from "./app-environment";

export interface InstalledShop {
  shop: string;
  accessToken: string;
  apruvdCredentials: { keyId: string; secret: string };
}

/**
 * The app's side of an installation, in the database `prisma` reaches: the offline
 * session, then onboarding's connectApruvd. `apruvdUrl` names the Apruvd API to call;
 * without it, the app's own configuration (APRUVD_API_URL) does.
 */
export async function recordInstallation(options: {
  prisma: PrismaClient;
  installed: InstalledShop;
  appUrl: string;
  apruvdUrl?: string;
}): Promise<void> {
  const { prisma, appUrl, apruvdUrl } = options;
  const { shop, accessToken, apruvdCredentials } = options.installed;
  await prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: SCOPES, accessToken },
    update: { accessToken, scope: SCOPES },
  });
  const clientFor = apruvdUrl
    ? (credentials: { keyId: string; secret: string }) => new ApruvdClient({ baseUrl: apruvdUrl, credentials })
    : undefined;
  const connected = await connectApruvd(prisma, shop, apruvdCredentials, clientFor, appUrl);
  if (!connected.ok) throw new Error(`Connecting Apruvd failed: ${connected.message}`);
}

/** The whole installation: the shop in the simulator, its Apruvd account, and the app's records. */
export async function installShopInto(options: {
  prisma: PrismaClient;
  apruvd: ApruvdSandbox;
  shopify: ShopifySimulator;
  shop: string;
  appUrl: string;
}): Promise<InstalledShop> {
  const { prisma, apruvd, shopify, shop, appUrl } = options;
  const accessToken = `shpat_${crypto.randomBytes(16).toString("hex")}`;
  shopify.seedShop(shop, { accessToken });
  const installed: InstalledShop = { shop, accessToken, apruvdCredentials: apruvd.createAccount() };
  await recordInstallation({ prisma, installed, appUrl, apruvdUrl: apruvd.url });
  return installed;
}
