import type { PrismaClient, ShopSettings } from "@prisma/client";
import { decryptSecret, encryptSecret, randomToken } from "../../platform/crypto/secret-box.server";
import { config } from "../../platform/config/config.server";

export type { ShopSettings };

export interface ApruvdCredentials {
  keyId: string;
  secret: string;
}

/** The shop's settings row, created with fresh callback credentials on first use. */
export async function ensureShopSettings(prisma: PrismaClient, shop: string): Promise<ShopSettings> {
  const existing = await prisma.shopSettings.findUnique({ where: { shop } });
  if (existing) return existing;
  try {
    return await prisma.shopSettings.create({
      data: {
        shop,
        callbackKey: randomToken(24),
        callbackUsername: `apruvd-${randomToken(9)}`,
        callbackPasswordEnc: encryptSecret(randomToken(32)),
      },
    });
  } catch (error) {
    // Two first requests raced; the other one created it.
    const row = await prisma.shopSettings.findUnique({ where: { shop } });
    if (row) return row;
    throw error;
  }
}

export async function saveApruvdCredentials(
  prisma: PrismaClient,
  shop: string,
  credentials: ApruvdCredentials,
): Promise<ShopSettings> {
  await ensureShopSettings(prisma, shop);
  return prisma.shopSettings.update({
    where: { shop },
    data: {
      apruvdKeyIdEnc: encryptSecret(credentials.keyId.trim()),
      apruvdSecretEnc: encryptSecret(credentials.secret.trim()),
      credentialsVerifiedAt: null,
      uninstalledAt: null,
    },
  });
}

export function apruvdCredentialsOf(settings: ShopSettings): ApruvdCredentials | null {
  if (!settings.apruvdKeyIdEnc || !settings.apruvdSecretEnc) return null;
  return { keyId: decryptSecret(settings.apruvdKeyIdEnc), secret: decryptSecret(settings.apruvdSecretEnc) };
}

export function callbackCredentialsOf(settings: ShopSettings): { username: string; password: string } {
  return { username: settings.callbackUsername, password: decryptSecret(settings.callbackPasswordEnc) };
}

/** Where Apruvd calls this shop back: the unguessable key in the path names the shop. */
export function callbackUrlsOf(
  settings: ShopSettings,
  appUrl = config().shopify.appUrl,
): {
  callback_url: string;
  settings_url: string;
} {
  const base = appUrl.replace(/\/+$/, "");
  return {
    callback_url: `${base}/apruvd/callback/${settings.callbackKey}`,
    settings_url: `${base}/apruvd/settings/${settings.callbackKey}`,
  };
}

export interface AutomationSettings {
  autoSubmit: boolean;
  holdWhileReviewing: boolean;
  releaseHoldOnApproval: boolean;
  tagOrders: boolean;
  riskAssessments: boolean;
  tagReviewing: string;
  tagApproved: string;
  tagDeclined: string;
}
