import type { PrismaClient } from "@prisma/client";
import type { RecentOrdersQuery } from "../../types/admin.generated";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { RECENT_ORDERS_QUERY } from "../clients/shopify/graphql/reconciliation.query";
import { orderKeyOf, recordInboxEvent } from "../inbox/inbox.server";

/**
 * Walking a shop's orders page by page and queueing the ones that have no review: the
 * pieces the reconciliation sweep and the backfill at install share. Nothing here holds
 * more than one page (250 orders) at a time, in memory or in one SQL statement, so it
 * works the same at 50 orders and at 500,000, on SQLite (at most 999 bound parameters a
 * statement) and on PostgreSQL.
 */

const DAY = 24 * 60 * 60_000;

/**
 * How far back the app can read orders: "Only the last 60 days' worth of orders from a
 * store are accessible from the Order object by default" (read_orders without
 * read_all_orders): https://shopify.dev/docs/api/admin-graphql/latest/objects/Order
 */
export const READABLE_ORDER_HISTORY_MS = 60 * DAY;

/** The earliest creation time the app may ask Shopify about: never before 60 days ago. */
export function readableFrom(wanted: Date, now: Date): Date {
  return new Date(Math.max(wanted.getTime(), now.getTime() - READABLE_ORDER_HISTORY_MS));
}

export interface SweptOrder {
  id: string;
  createdAt: string;
  cancelledAt: string | null;
}

export interface OrderWalk {
  /** Orders created at or after this time… */
  from: Date;
  /** …and matching this search (e.g. `status:open`), oldest first. */
  filter?: string;
  /** Pages read in this call at most; the caller continues from the last createdAt. */
  maxPages: number;
}

export interface OrderWalkResult {
  /** Every order of the window was read. */
  complete: boolean;
  /** Creation time of the last order read (where a continuation starts). */
  lastCreatedAt: Date | null;
  scanned: number;
}

/** Reads the window one page at a time and hands each page to `onPage` before reading the next. */
export async function walkOrders(
  admin: AdminGraphql,
  walk: OrderWalk,
  onPage: (orders: SweptOrder[]) => Promise<void>,
): Promise<OrderWalkResult> {
  const query = [`created_at:>='${walk.from.toISOString()}'`, walk.filter].filter(Boolean).join(" ");
  let after: string | null = null;
  let scanned = 0;
  let lastCreatedAt: Date | null = null;
  for (let page = 0; page < walk.maxPages; page++) {
    const data: RecentOrdersQuery = await admin<RecentOrdersQuery>(RECENT_ORDERS_QUERY, { query, after });
    const orders = data.orders.nodes.map((node) => ({
      id: node.id,
      createdAt: String(node.createdAt),
      cancelledAt: node.cancelledAt ? String(node.cancelledAt) : null,
    }));
    await onPage(orders);
    scanned += orders.length;
    if (orders.length > 0) lastCreatedAt = new Date(orders[orders.length - 1].createdAt);
    if (!data.orders.pageInfo.hasNextPage) return { complete: true, lastCreatedAt, scanned };
    after = data.orders.pageInfo.endCursor ?? null;
  }
  return { complete: false, lastCreatedAt, scanned };
}

/** Inbox rows still to run for an order: a row of either runner that is not finished. */
const UNFINISHED = ["pending", "queued"];

/**
 * Queues an orders/create (orders/cancelled for a cancelled order) for every order of the
 * page that has no review and no unfinished inbox event: two statements for the page,
 * then one insert per missing order. The dedupe key (`${dedupePrefix}:${shop}:${orderKey}`)
 * queues an order at most once per prefix, however many sweeps see it.
 */
export async function queueOrdersWithoutReview(
  prisma: PrismaClient,
  shop: string,
  orders: readonly SweptOrder[],
  dedupePrefix: "sweep" | "backfill",
): Promise<number> {
  const keyed = orders.flatMap((order) => {
    const orderKey = orderKeyOf(order.id);
    return orderKey ? [{ ...order, orderKey }] : [];
  });
  if (keyed.length === 0) return 0;
  const reviewed = new Set(
    (
      await prisma.review.findMany({
        where: { shop, orderId: { in: keyed.map((order) => order.id) } },
        select: { orderId: true },
      })
    ).map((review) => review.orderId),
  );
  const queued = new Set(
    (
      await prisma.inboxEvent.findMany({
        where: { shop, status: { in: UNFINISHED }, orderKey: { in: keyed.map((order) => order.orderKey) } },
        select: { orderKey: true },
      })
    ).map((event) => event.orderKey),
  );
  let created = 0;
  for (const order of keyed) {
    if (reviewed.has(order.id) || queued.has(order.orderKey)) continue;
    const result = await recordInboxEvent(prisma, {
      dedupeKey: `${dedupePrefix}:${shop}:${order.orderKey}`,
      shop,
      topic: order.cancelledAt ? "orders/cancelled" : "orders/create",
      orderKey: order.orderKey,
      payload: { orderKey: order.orderKey, fingerprint: null },
    });
    if (result.created) created++;
  }
  return created;
}
