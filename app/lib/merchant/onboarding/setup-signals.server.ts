import type { PrismaClient } from "@prisma/client";

/**
 * The first run's live status of the parts Shopify does not let the app switch on
 * itself: the storefront app embed (the merchant turns it on in the theme editor) and
 * the order-details block (the merchant adds it to the order page). Each is marked
 * "seen" when it calls the app: the embed asks the app proxy for a session id, the block
 * loads its state. At most one write per shop and signal an hour (the proxy is called
 * on every storefront cart).
 */
export type SetupSignal = "storefrontEmbed" | "orderBlock";

const FIELD = { storefrontEmbed: "storefrontEmbedSeenAt", orderBlock: "orderBlockSeenAt" } as const;
const REFRESH_MS = 60 * 60_000;

export async function recordSetupSignal(
  prisma: PrismaClient,
  shop: string,
  signal: SetupSignal,
  now = new Date(),
): Promise<void> {
  const field = FIELD[signal];
  const stale = new Date(now.getTime() - REFRESH_MS);
  await prisma.shopSettings.updateMany({
    where: { shop, OR: [{ [field]: null }, { [field]: { lt: stale } }] },
    data: { [field]: now },
  });
}

export interface SetupStatus {
  storefrontEmbedSeenAt: string | null;
  orderBlockSeenAt: string | null;
}

export async function setupStatus(prisma: PrismaClient, shop: string): Promise<SetupStatus> {
  const row = await prisma.shopSettings.findUnique({
    where: { shop },
    select: { storefrontEmbedSeenAt: true, orderBlockSeenAt: true },
  });
  return {
    storefrontEmbedSeenAt: row?.storefrontEmbedSeenAt?.toISOString() ?? null,
    orderBlockSeenAt: row?.orderBlockSeenAt?.toISOString() ?? null,
  };
}

/**
 * The theme editor opened on App embeds with ours switched on, for the merchant to save:
 * https://shopify.dev/docs/apps/build/online-store/theme-app-extensions/configuration#app-embed-block-deep-linking
 * (`activateAppId={api_key}/{handle}`, the handle being the block's file name).
 */
export const STOREFRONT_EMBED_HANDLE = "apruvd-embed";
export function storefrontEmbedDeepLink(shop: string, apiKey: string): string {
  const appId = `${encodeURIComponent(apiKey)}/${STOREFRONT_EMBED_HANDLE}`;
  return `https://${shop}/admin/themes/current/editor?context=apps&template=index&activateAppId=${appId}`;
}
