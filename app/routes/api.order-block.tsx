import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { orderBlockState } from "../lib/merchant/dashboard/order-block.server";
import { recordSetupSignal } from "../lib/merchant/onboarding/setup-signals.server";
import { performReviewAction } from "../lib/merchant/dashboard/review-actions.server";
import { authenticate } from "../shopify.server";

/**
 * Resource route of the admin order block. The block's fetch carries the admin
 * session token (Authorization: Bearer), checked by authenticate.admin; `cors` adds the
 * headers the extension's origin needs (preflights are answered by authenticate.admin).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  const orderId = new URL(request.url).searchParams.get("orderId") ?? "";
  // The first run shows the order block as added once it has loaded here.
  await recordSetupSignal(prisma, session.shop, "orderBlock");
  const state = await orderBlockState(prisma, session.shop, orderId);
  if (!state) return cors(Response.json({ error: "orderId must be an order id" }, { status: 400 }));
  return cors(Response.json(state, { headers: { "Cache-Control": "no-store" } }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  const body = (await request.json().catch(() => ({}))) as { orderId?: unknown; action?: unknown };
  const orderId = typeof body.orderId === "string" ? body.orderId : "";
  const result = await performReviewAction(prisma, session.shop, { orderId }, body.action);
  const state = result.ok ? await orderBlockState(prisma, session.shop, orderId) : null;
  return cors(Response.json({ ...result, state }, { status: result.ok ? 200 : 422 }));
};
