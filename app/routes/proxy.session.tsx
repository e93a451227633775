import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { recordSetupSignal } from "../lib/merchant/onboarding/setup-signals.server";
import { storefrontSessionResponse } from "../lib/merchant/storefront/storefront-session.server";
import { authenticate } from "../shopify.server";

/**
 * App proxy (storefront /apps/apruvd/session → here): a server-generated Apruvd
 * session_id for the shopper's cart. Shopify signs the query; an unsigned or
 * tampered request is refused by authenticate.public.appProxy (400).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const params = new URL(request.url).searchParams;
  const shop = params.get("shop") ?? "";
  // The first run shows the storefront embed as working once it has called here.
  if (shop) await recordSetupSignal(prisma, shop, "storefrontEmbed");
  const findJsUrl = async (s: string) =>
    (await prisma.shopSettings.findUnique({ where: { shop: s }, select: { jsUrl: true } }))?.jsUrl ?? null;
  return storefrontSessionResponse(findJsUrl, shop, params);
};
