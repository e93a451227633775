import type { PrismaClient, ShopSettings } from "@prisma/client";
import { createHash } from "node:crypto";
import { callbackCredentialsOf } from "../merchant/settings/shop-settings.server";
import { safeEqual } from "../platform/crypto/secret-box.server";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";
import { config } from "../platform/config/config.server";
import { logger } from "../platform/logger.server";
import { APRUVD_STATUSES } from "../clients/apruvd/types";
import type { DecisionEventPayload } from "../inbox/contract";
import { MAX_CALLBACK_BYTES, payloadTooLarge, readBodyLimited } from "./body-limit.server";
import { FailedLoginLimiter } from "./failed-login-limiter";

/**
 * Apruvd → app callbacks. The shop is named by the unguessable key in the URL; the
 * request must carry that shop's callback credentials as Basic auth ("reverse API key
 * authentication" in Apruvd's terms). Comparisons take the same time whether the shop,
 * the user name or the password is wrong. Failed logins are limited per key (429), and the
 * key, which names the shop, is never written to a log.
 */

/** One per process: every callback route shares it (CALLBACK_LOGIN_MAX_FAILURES, CALLBACK_LOGIN_WINDOW_MS). */
export const callbackLoginLimiter = new FailedLoginLimiter(() => ({
  maxFailures: config().callbacks.loginMaxFailures,
  windowMs: config().callbacks.loginWindowMs,
  maxKeys: 10_000,
}));

const tooManyFailures = (retryAfterSeconds: number) =>
  new Response(JSON.stringify({ error: "Too many failed callback logins; try again later" }), {
    status: 429,
    headers: { "Content-Type": "application/json", "Retry-After": String(retryAfterSeconds) },
  });
const UNAUTHORIZED = () =>
  new Response(JSON.stringify({ error: "Invalid callback credentials" }), {
    status: 401,
    headers: { "Content-Type": "application/json", "WWW-Authenticate": 'Basic realm="apruvd-callback"' },
  });
const badRequest = (message: string) =>
  new Response(JSON.stringify({ error: message }), { status: 400, headers: { "Content-Type": "application/json" } });

// Compared against when the key names no shop, so that case costs the same as a wrong password.
const DECOY = { username: "decoy-user", password: "decoy-password-decoy-password" };

function basicCredentials(request: Request): { username: string; password: string } | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function authenticateCallback(
  prisma: PrismaClient,
  request: Request,
  shopKey: string | undefined,
  limiter: FailedLoginLimiter = callbackLoginLimiter,
): Promise<ShopSettings | Response> {
  const limiterKey = (shopKey ?? "").slice(0, 128);
  const retryAfter = limiter.retryAfterSeconds(limiterKey);
  if (retryAfter !== null) return tooManyFailures(retryAfter);
  const given = basicCredentials(request) ?? { username: "", password: "" };
  const settings = shopKey ? await prisma.shopSettings.findUnique({ where: { callbackKey: shopKey } }) : null;
  const expected = settings ? callbackCredentialsOf(settings) : DECOY;
  const userOk = safeEqual(given.username, expected.username);
  const passwordOk = safeEqual(given.password, expected.password);
  if (!settings || !userOk || !passwordOk || settings.uninstalledAt) {
    limiter.recordFailure(limiterKey);
    return UNAUTHORIZED();
  }
  return settings;
}

async function readJson(request: Request): Promise<Record<string, unknown> | Response> {
  const body = await readBodyLimited(request, MAX_CALLBACK_BYTES);
  if (body === null) return payloadTooLarge();
  const text = body.toString("utf8");
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return badRequest("Body must be a JSON object");
    return value as Record<string, unknown>;
  } catch {
    return badRequest("Malformed JSON body");
  }
}

/** review-complete: validated, then queued; the worker writes the verdict back. */
export async function receiveReviewCallback(
  prisma: PrismaClient,
  request: Request,
  shopKey: string | undefined,
): Promise<Response> {
  if (request.method !== "POST") return new Response(null, { status: 405 });
  const settings = await authenticateCallback(prisma, request, shopKey);
  if (settings instanceof Response) return settings;
  const body = await readJson(request);
  if (body instanceof Response) return body;

  const transactionId = typeof body.transaction_id === "string" ? Number(body.transaction_id) : body.transaction_id;
  if (typeof transactionId !== "number" || !Number.isSafeInteger(transactionId) || transactionId <= 0) {
    return badRequest("transaction_id must be a positive integer");
  }
  const status = APRUVD_STATUSES.find((known) => known === body.status);
  if (!status) return badRequest(`status must be one of ${APRUVD_STATUSES.join(", ")}`);
  const notes = typeof body.notes === "string" && body.notes.trim() ? body.notes.slice(0, 5000) : undefined;
  const correctedEmail =
    typeof body.corrected_email === "string" && body.corrected_email.trim()
      ? body.corrected_email.slice(0, 254)
      : undefined;

  // Knowing the order lets the worker serialise this with the order's other events.
  const orderNum = typeof body.order_num === "string" ? body.order_num.slice(0, 255) : undefined;
  const review = await reviewOfCallback(prisma, settings.shop, transactionId, orderNum);
  const fingerprint = createHash("sha256")
    .update(`${status}|${notes ?? ""}|${correctedEmail ?? ""}`)
    .digest("hex")
    .slice(0, 16);
  const decision: DecisionEventPayload = {
    transaction_id: transactionId,
    status,
    notes,
    corrected_email: correctedEmail,
  };
  const { created } = await recordInboxEvent(prisma, {
    dedupeKey: `apruvd:${settings.shop}:${transactionId}:${review?.round ?? 0}:${fingerprint}`,
    shop: settings.shop,
    topic: "apruvd/review-complete",
    orderKey: review ? orderKeyOf(review.orderId) : null,
    payload: decision,
  });
  logger.info("apruvd callback received", { shop: settings.shop, transactionId, status, duplicate: !created });
  return Response.json({ received: true });
}

/**
 * The review a callback belongs to: by its transaction id, or, when the callback overtook
 * the submission's answer (no review has that id stored yet), by the order_num the
 * submission was recorded with (submitOrderNum, then orderNum). Without it the event would
 * carry no order key and could run beside the order's own events, writing back twice.
 * Only an order number naming exactly one review of the shop is trusted.
 */
async function reviewOfCallback(
  prisma: PrismaClient,
  shop: string,
  transactionId: number,
  orderNum: string | undefined,
): Promise<{ orderId: string; round: number } | null> {
  const select = { orderId: true, round: true } as const;
  const byTransaction = await prisma.review.findFirst({ where: { shop, transactionId }, select });
  if (byTransaction || !orderNum) return byTransaction;
  for (const where of [{ submitOrderNum: orderNum }, { orderNum }]) {
    const matches = await prisma.review.findMany({ where: { shop, transactionId: null, ...where }, select, take: 2 });
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) return null;
  }
  return null;
}

/** settings-update: small enough to apply at once. Deprecated fields are accepted and ignored. */
export async function receiveSettingsCallback(
  prisma: PrismaClient,
  request: Request,
  shopKey: string | undefined,
): Promise<Response> {
  if (request.method !== "POST") return new Response(null, { status: 405 });
  const settings = await authenticateCallback(prisma, request, shopKey);
  if (settings instanceof Response) return settings;
  const body = await readJson(request);
  if (body instanceof Response) return body;
  await prisma.shopSettings.update({
    where: { shop: settings.shop },
    data: {
      servicePlan: typeof body.service_plan === "string" ? body.service_plan.slice(0, 200) : settings.servicePlan,
      enforceUniqueOrderNum:
        typeof body.enforce_unique_order_num === "boolean"
          ? body.enforce_unique_order_num
          : settings.enforceUniqueOrderNum,
      jsUrl:
        typeof body.js_url === "string" && /^https?:\/\//.test(body.js_url)
          ? body.js_url.slice(0, 1000)
          : settings.jsUrl,
    },
  });
  return Response.json({ received: true });
}
