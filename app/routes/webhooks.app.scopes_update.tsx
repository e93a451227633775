import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { authenticateWebhookRequest } from "../lib/receive/webhook.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticateWebhookRequest(request, authenticate.webhook);
  if (context instanceof Response) return context;
  const current = (context.payload as { current?: unknown }).current;
  if (Array.isArray(current)) {
    await prisma.session.updateMany({ where: { shop: context.shop }, data: { scope: current.map(String).join(",") } });
  }
  return new Response(null, { status: 200 });
};
