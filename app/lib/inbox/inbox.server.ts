import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";

/**
 * The durable inbox. A webhook or Apruvd callback is acknowledged only after its row is
 * committed here; the worker does the slow work later. The dedupe key (Shopify's
 * webhook id, or a key derived from the callback) makes a repeat delivery a no-op.
 */

export interface NewInboxEvent {
  dedupeKey: string;
  shop: string;
  topic: string;
  orderKey?: string | null;
  payload: unknown;
}

// Lets an in-process worker start at once instead of waiting for its next poll.
const inboxSignal: EventEmitter =
  ((globalThis as { __apruvdInboxSignal?: EventEmitter }).__apruvdInboxSignal ??= new EventEmitter());
inboxSignal.setMaxListeners(100);

export function onInboxEvent(listener: () => void): () => void {
  inboxSignal.on("event", listener);
  return () => inboxSignal.off("event", listener);
}

/**
 * One statement on the webhook's hot path, the same on SQLite and PostgreSQL: a repeat
 * delivery hits the unique dedupe key and inserts nothing (no exception to catch).
 */
export async function recordInboxEvent(prisma: PrismaClient, event: NewInboxEvent): Promise<{ created: boolean }> {
  const now = new Date();
  const inserted = await prisma.$executeRaw`
    INSERT INTO "InboxEvent" ("id", "dedupeKey", "shop", "topic", "orderKey", "payload", "status", "attempts", "runAt", "receivedAt")
    VALUES (${randomUUID()}, ${event.dedupeKey}, ${event.shop}, ${event.topic}, ${event.orderKey ?? null}, ${JSON.stringify(event.payload ?? {})}, 'pending', 0, ${now}, ${now})
    ON CONFLICT ("dedupeKey") DO NOTHING`;
  if (inserted === 0) return { created: false };
  inboxSignal.emit("event");
  return { created: true };
}

/** The numeric Shopify id of an order, whatever form it arrives in (number, string or GID). */
export function orderKeyOf(id: unknown): string | null {
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return String(id);
  if (typeof id === "string") {
    const match = /^(?:gid:\/\/shopify\/Order\/)?(\d+)$/.exec(id.trim());
    if (match) return match[1];
  }
  return null;
}

export function orderGid(orderKey: string): string {
  return `gid://shopify/Order/${orderKey}`;
}
