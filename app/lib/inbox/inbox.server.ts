import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { InboxPayload, InboxTopic } from "./contract";
import { InboxGroupCommitter } from "./group-commit.server";

/**
 * The durable inbox. A webhook or Apruvd callback is acknowledged only after its row is
 * committed here; the worker does the slow work later. The dedupe key (Shopify's
 * webhook id, or a key derived from the callback) makes a repeat delivery a no-op.
 */

/** One event of `topic`, with the payload the contract (contract.ts) names for it. */
export interface NewInboxEvent<T extends InboxTopic> {
  dedupeKey: string;
  shop: string;
  topic: T;
  /** The order the event is about: the runners never run two events of one order at once. */
  orderKey?: string | null;
  payload: InboxPayload<T>;
}

/** A row as stored, any topic, any payload: what recordInboxEvent writes, and what the runners' tests write. */
export interface InboxRow {
  dedupeKey: string;
  shop: string;
  topic: string;
  orderKey?: string | null;
  payload: unknown;
}

// Lets an in-process worker start at once instead of waiting for its next poll.
const inboxSignal: EventEmitter = ((globalThis as { __apruvdInboxSignal?: EventEmitter }).__apruvdInboxSignal ??=
  new EventEmitter());
inboxSignal.setMaxListeners(100);

export function onInboxEvent(listener: () => void): () => void {
  inboxSignal.on("event", listener);
  return () => inboxSignal.off("event", listener);
}

/** How every producer enqueues: the topic and its payload typed by the inbox contract. */
export function recordInboxEvent<T extends InboxTopic>(
  prisma: PrismaClient,
  event: NewInboxEvent<T>,
): Promise<{ created: boolean }> {
  return insertInboxRow(prisma, event);
}

/**
 * How the receivers (webhooks, Pub/Sub, EventBridge) enqueue: the same row as
 * recordInboxEvent, committed together with the other requests arriving meanwhile
 * (group-commit.server.ts). Resolves once the row's transaction has committed; rejects,
 * and the request is answered 500, when it could not be. Not for code inside a
 * transaction of its own (the jobs): their rows must commit with that transaction.
 */
export function commitInboxEvent<T extends InboxTopic>(
  prisma: PrismaClient,
  event: NewInboxEvent<T>,
): Promise<{ created: boolean }> {
  return groupCommitterOf(prisma).insert(event);
}

// One committer per client: the server build and the scripts that load it share the client.
const committers = new WeakMap<PrismaClient, InboxGroupCommitter>();

export function groupCommitterOf(prisma: PrismaClient): InboxGroupCommitter {
  let committer = committers.get(prisma);
  if (!committer) {
    committer = new InboxGroupCommitter(prisma, { onCommitted: () => inboxSignal.emit("event") });
    committers.set(prisma, committer);
  }
  return committer;
}

/**
 * One statement, the same on SQLite and PostgreSQL: a repeat
 * delivery hits the unique dedupe key and inserts nothing (no exception to catch).
 * Untyped: app code enqueues through recordInboxEvent (contract.test.ts keeps it so);
 * the runners' tests write rows of made-up topics with this.
 */
export async function insertInboxRow(prisma: PrismaClient, event: InboxRow): Promise<{ created: boolean }> {
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
