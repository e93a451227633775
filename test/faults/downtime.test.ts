import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrders } from "../../sandbox/shopify/orders";
import { sleep, waitFor } from "../../sandbox/harness/utilities";
import { ENGINES, reviewedOnce, type SweepRig, startSweepRig } from "./sweep-support";

/**
 * "However long the app was down": the app is stopped, orders come in meanwhile and their
 * webhooks are lost for good (Shopify gave up), and the app stays down for three times
 * the sweep's look-back. Started again, its first sweep — right after start, not an
 * interval later — covers everything since the shop's last successful sweep (its
 * watermark), so every order of the outage is reviewed once, on SQLite and PostgreSQL.
 *
 * Fails with a sweep that only reads its look-back window (the orders of the outage are
 * older than that), and with a first sweep that waits a whole interval (an hour here).
 */

const SHOP = "downtime.myshopify.com";
const LOOKBACK_MS = 4000;
const OUTAGE_ORDERS = 20;

describe.each(ENGINES)("the app stopped for three times the sweep's look-back (%s)", (engine) => {
  let rig: SweepRig;

  beforeAll(async () => {
    rig = await startSweepRig(engine, SHOP, {
      RECONCILE_INTERVAL_MS: String(60 * 60_000),
      RECONCILE_LOOKBACK_MS: String(LOOKBACK_MS),
      RECONCILE_STUCK_AFTER_MS: "600000",
    });
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it("reviews every order placed while it was down, once, right after it starts again", async () => {
    // A sweep before the outage: the watermark is the app's last successful look.
    // The first sweep right after start sets it; the timer's next tick is a minute away
    // (an hour's interval here), so a start without its own sweep leaves it unset.
    await rig.startApp();
    const sweptBeforeOutage = await waitFor(
      async () => (await rig.prisma.shopSettings.findUnique({ where: { shop: SHOP } }))?.sweptThrough != null,
      30_000,
      200,
    );
    expect(sweptBeforeOutage, "a sweep right after start stored the shop's watermark").toBe(true);
    const app = await rig.startApp(); // stops the running one first
    await app.stop();

    const startAt = Date.now();
    const orders = generateOrders(OUTAGE_ORDERS, {
      seed: 9091,
      variants: ["card-ordinary", "card-approve", "card-decline"],
      startAt,
      spacingMs: 100,
    }).map((spec) => rig.shopify.createOrder(SHOP, spec));
    await sleep(3 * LOOKBACK_MS);
    expect(reviewedOnce(rig, SHOP, orders)).not.toEqual([]); // nothing reviewed them while down

    await rig.startApp();
    const done = await waitFor(() => reviewedOnce(rig, SHOP, orders).length === 0, 60_000, 250);
    const problems = reviewedOnce(rig, SHOP, orders);
    console.info(
      `downtime (${engine}): ${OUTAGE_ORDERS - problems.filter((p) => p.startsWith("#")).length} of ${OUTAGE_ORDERS} orders of the outage with one Apruvd transaction after restart`,
    );
    expect(problems).toEqual([]);
    expect(done).toBe(true);
  }, 180_000);
});
