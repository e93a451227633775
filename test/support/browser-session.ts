/**
 * Real admin authentication for tests, as the Shopify admin does it with the new
 * embedded auth strategy (@shopify/shopify-app-remix, unstable_newEmbeddedAuthStrategy):
 *
 * - a session token: a JWT signed HS256 with SHOPIFY_API_SECRET, claims iss
 *   https://<shop>/admin, dest https://<shop>, aud SHOPIFY_API_KEY, sub (user id),
 *   exp/nbf/iat, jti, sid — validated by authenticate.admin via
 *   api.session.decodeSessionToken (checks signature, exp/nbf and aud);
 * - sent as `Authorization: Bearer <jwt>` (fetch/data requests) or as the `id_token`
 *   query parameter with `shop`, `host` and `embedded=1` on document requests;
 * - plus an offline Session row (`offline_<shop>`) that is active (access token, not
 *   expired), so the token-exchange strategy uses it instead of calling Shopify.
 */
import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

export interface TokenOptions {
  shop: string;
  apiKey?: string;
  secret?: string;
  userId?: string;
  ttlSeconds?: number;
  now?: number;
}

export function sessionToken(options: TokenOptions): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey ?? process.env.SHOPIFY_API_KEY,
    sub: options.userId ?? "42",
    exp: now + (options.ttlSeconds ?? 3600),
    nbf: now - 5,
    iat: now - 5,
    jti: crypto.randomUUID(),
    sid: crypto.randomBytes(16).toString("hex"),
  };
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = crypto
    .createHmac("sha256", options.secret ?? process.env.SHOPIFY_API_SECRET ?? "")
    .update(body)
    .digest("base64url");
  return `${body}.${signature}`;
}

/** The `host` parameter the admin adds: base64 of "<shop>/admin". */
export function hostParam(shop: string): string {
  return Buffer.from(`${shop}/admin`).toString("base64").replace(/=+$/, "");
}

/** Query string of an embedded document request. */
export function embeddedQuery(shop: string, token = sessionToken({ shop })): string {
  return new URLSearchParams({ embedded: "1", shop, host: hostParam(shop), id_token: token }).toString();
}

export async function seedOfflineSession(prisma: PrismaClient, shop: string): Promise<void> {
  const id = `offline_${shop}`;
  const data = {
    shop,
    state: "",
    isOnline: false,
    scope: process.env.SCOPES ?? "",
    accessToken: `shpat_test_${crypto.randomBytes(8).toString("hex")}`,
    expires: new Date(Date.now() + 365 * 86_400_000),
  };
  await prisma.session.upsert({ where: { id }, create: { id, ...data }, update: data });
}
