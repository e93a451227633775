import { MAX_REQUEST_BYTES as MAX_CHARGEBACK_REQUEST_BYTES } from "../merchant/chargebacks/chargeback-form";

/**
 * How many bytes of request body each route accepts. The HTTP server (app/server/app-server.ts)
 * enforces the limit of every route on the stream, whatever Content-Length says, and
 * answers 413; the routes that read a body themselves (webhooks, callbacks, the login
 * form) apply the same limit again, so that they hold when called without that server.
 * The server build exports `requestBodyLimit` (entry.server.tsx), so the limits travel
 * with the routes they belong to.
 */

/** Shopify's order payloads are a few KB; anything near this is not a real webhook. */
export const MAX_WEBHOOK_BYTES = 1_000_000;
/** A Pub/Sub or EventBridge envelope around one webhook (base64 adds a third). */
export const MAX_CLOUD_WEBHOOK_BYTES = 2_000_000;
/** Apruvd's callbacks: a decision with notes, or a settings update. */
export const MAX_CALLBACK_BYTES = 64_000;
/** The merchant's own pages and actions (settings, exclusion rules, review actions, the order block). */
export const MAX_MERCHANT_REQUEST_BYTES = 256_000;
/** Everything else, unauthenticated: the login form (one shop domain), the storefront proxy, unknown paths. */
export const MAX_UNAUTHENTICATED_BYTES = 16_384;
/** Chargeback filings: four files of at most 10 MB each (each file is checked again by the form). */
export { MAX_CHARGEBACK_REQUEST_BYTES };

export function requestBodyLimit(pathname: string): number {
  if (pathname === "/webhooks/pubsub" || pathname === "/webhooks/eventbridge") return MAX_CLOUD_WEBHOOK_BYTES;
  if (pathname.startsWith("/webhooks/")) return MAX_WEBHOOK_BYTES;
  if (pathname.startsWith("/apruvd/")) return MAX_CALLBACK_BYTES;
  if (pathname === "/app/chargebacks" || pathname.startsWith("/app/chargebacks/")) return MAX_CHARGEBACK_REQUEST_BYTES;
  if (pathname === "/app" || pathname.startsWith("/app/") || pathname.startsWith("/api/")) {
    return MAX_MERCHANT_REQUEST_BYTES;
  }
  return MAX_UNAUTHENTICATED_BYTES;
}

/**
 * Past the limit the rest of a body is read and dropped, so that the sender can still read
 * the 413 (closing a connection with unread data resets it and may lose the answer); past
 * this many bytes the connection is reset instead.
 */
export function drainCapOf(limit: number): number {
  return Math.max(16 * limit, 1_000_000);
}

/**
 * The body, kept up to `limit` bytes whatever Content-Length claims (or does not). Null
 * when it is larger: nothing past the limit is kept in memory.
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > drainCapOf(limit)) {
      await reader.cancel();
      return null;
    }
    if (size <= limit) chunks.push(value);
  }
  return size > limit ? null : Buffer.concat(chunks, size);
}

export const payloadTooLarge = () =>
  new Response("Payload too large", { status: 413, headers: { "Content-Type": "text/plain" } });
