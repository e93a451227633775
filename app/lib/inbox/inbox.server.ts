import { Prisma, type PrismaClient } from "@prisma/client";
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

export async function recordInboxEvent(prisma: PrismaClient, event: NewInboxEvent): Promise<{ created: boolean }> {
  try {
    await prisma.inboxEvent.create({
      data: {
        dedupeKey: event.dedupeKey,
        shop: event.shop,
        topic: event.topic,
        orderKey: event.orderKey ?? null,
        payload: JSON.stringify(event.payload ?? {}),
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { created: false };
    throw error;
  }
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
