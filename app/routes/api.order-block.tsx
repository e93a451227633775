import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { orderBlockState } from "../lib/merchant/dashboard/order-block.server";
import { recordSetupSignal } from "../lib/merchant/onboarding/setup-signals.server";
import { performReviewAction } from "../lib/merchant/dashboard/review-actions.server";
import { translate } from "../lib/merchant/i18n/translate";
import { languageOf } from "../lib/merchant/i18n/locale";
import { authenticate } from "../shopify.server";

/**
 * Resource route of the admin order block. The block's fetch carries the admin
 * session token (Authorization: Bearer), checked by authenticate.admin; `cors` adds the
 * headers the extension's origin needs (preflights are answered by authenticate.admin).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  const url = new URL(request.url);
  const orderId = url.searchParams.get("orderId") ?? "";
  // The block's own translations name the admin user's language.
  const language = languageOf(url.searchParams.get("language") ?? "en");
  // The first run shows the order block as added once it has loaded here.
  await recordSetupSignal(prisma, session.shop, "orderBlock");
  const state = await orderBlockState(prisma, session.shop, orderId, language);
  if (!state) return cors(Response.json({ error: "orderId must be an order id" }, { status: 400 }));
  return cors(Response.json(state, { headers: { "Cache-Control": "no-store" } }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  const body = (await request.json().catch(() => ({}))) as { orderId?: unknown; action?: unknown; language?: unknown };
  const orderId = typeof body.orderId === "string" ? body.orderId : "";
  const language = languageOf(typeof body.language === "string" ? body.language : "en");
  const result = await performReviewAction(prisma, session.shop, { orderId }, body.action);
  const state = result.ok ? await orderBlockState(prisma, session.shop, orderId, language) : null;
  // The result's message in the block's language too.
  const message = translate(language, result.messageKey);
  return cors(Response.json({ ...result, message, state }, { status: result.ok ? 200 : 422 }));
};
