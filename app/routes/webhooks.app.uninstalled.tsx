import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { authenticateWebhookRequest } from "../lib/receive/webhook.server";
import { authenticate, sessionStorage } from "../shopify.server";

// The token is revoked: drop the sessions so no Admin API call is attempted, and stop the shop's work.
export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticateWebhookRequest(request, authenticate.webhook);
  if (context instanceof Response) return context;
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop: context.shop } }),
    prisma.shopSettings.updateMany({ where: { shop: context.shop }, data: { uninstalledAt: new Date() } }),
  ]);
  sessionStorage.forgetShop(context.shop);
  return new Response(null, { status: 200 });
};
