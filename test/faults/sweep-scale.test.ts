import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrders, type OrderVariant } from "../../sandbox/shopify/orders";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { waitFor } from "../../sandbox/harness/utilities";
import { ENGINES, reviewedOnce, type SweepRig, startSweepRig } from "./sweep-support";

/**
 * "Forget nothing" on a busy shop: 5,000 orders in the sweep's window, of which 4,970 are
 * reviewed and 30 are not (their webhook never came): the 15 oldest and the 15 newest.
 * The sweep (app/lib/jobs/reconciliation.server.ts, order-sweep.server.ts) must find
 * exactly those 30 and have each reviewed once, on SQLite and on PostgreSQL.
 *
 * Fails without paging through every order and looking up reviews in bounded batches:
 * on SQLite a lookup of the whole window in one statement throws past 999 bound
 * parameters (no order found); reading a fixed number of pages reaches only the oldest
 * orders (the newest 15 are never found).
 */

const SHOP = "sweep-scale.myshopify.com";
const ORDERS = 5000;
const MISSED_AT_EACH_END = 15;
const VARIANTS: OrderVariant[] = ["card-ordinary", "card-approve", "card-decline", "multi-line-items"];

describe.each(ENGINES)("the sweep of a shop with 5,000 orders in its window (%s)", (engine) => {
  let rig: SweepRig;
  let missed: StoreOrder[];

  beforeAll(async () => {
    rig = await startSweepRig(engine, SHOP, {
      RECONCILE_INTERVAL_MS: "4000",
      // The window holds every order of the test (the last 3 hours).
      RECONCILE_LOOKBACK_MS: String(3 * 60 * 60_000),
      RECONCILE_STUCK_AFTER_MS: "600000",
    });
    const now = Date.now();
    const orders = generateOrders(ORDERS, {
      seed: 77,
      variants: VARIANTS,
      startAt: now - 2 * 60 * 60_000,
      spacingMs: Math.floor((2 * 60 * 60_000 - 60_000) / ORDERS),
    }).map((spec) => rig.shopify.createOrder(SHOP, spec));
    missed = [...orders.slice(0, MISSED_AT_EACH_END), ...orders.slice(-MISSED_AT_EACH_END)];
    const missedIds = new Set(missed.map((o) => o.id));
    const reviewed = orders.filter((o) => !missedIds.has(o.id));
    for (let i = 0; i < reviewed.length; i += 500) {
      await rig.prisma.review.createMany({
        data: reviewed.slice(i, i + 500).map((o) => ({
          shop: SHOP,
          orderId: o.id,
          orderName: o.name,
          status: "Approved",
          writtenBackStatus: "Approved",
        })),
      });
    }
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it("finds the 30 missed orders, newest and oldest, and reviews each once", async () => {
    const done = await waitFor(() => reviewedOnce(rig, SHOP, missed).length === 0, 120_000, 500);
    const problems = reviewedOnce(rig, SHOP, missed);
    const swept = await rig.prisma.inboxEvent.findMany({
      // The sweep's own events (each order's hold-first job then queues its review, `…:review`).
      where: {
        shop: SHOP,
        dedupeKey: { startsWith: `sweep:${SHOP}:` },
        topic: { in: ["orders/create", "orders/cancelled"] },
      },
      select: { orderKey: true },
    });
    console.info(
      `sweep-scale (${engine}): ${swept.length} orders queued by the sweep, ${missed.length - problems.filter((p) => p.startsWith("#")).length} of ${missed.length} missed orders with one Apruvd transaction`,
    );
    expect(problems, "every missed order reviewed exactly once").toEqual([]);
    expect(done).toBe(true);
    // Only the missed orders were queued: the 4,970 reviewed ones were left alone.
    expect(swept.map((e) => e.orderKey).sort()).toEqual(missed.map((o) => o.legacyResourceId).sort());
    const watermark = await rig.prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(watermark.sweptThrough, "a complete sweep stores its watermark").not.toBeNull();
  }, 180_000);
});
