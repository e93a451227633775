import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { generateOrders } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { freePort, waitFor } from "../../sandbox/harness/utilities";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import { countUndecided, faultAppOptions, type InstalledShop, installShop, orderNumOf } from "../support/fault-helpers";
import { type EngineDatabase, ENGINES, freshDatabase } from "../support/engine-database";

/**
 * "A review whose callback has not come by the expected time is polled sooner" (issue 12),
 * on the app's DEFAULT schedule: RECONCILE_STUCK_AFTER_MS is not set, so the built app
 * polls 2, 5, 10, 30 and 60 minutes after submission, then hourly.
 *
 * Apruvd decides every order and its one callback attempt goes to an address where nothing
 * listens (a balancer sending callbacks to a dead instance): each review stays Reviewing,
 * held and tagged. No clock is scaled and no schedule overridden: the test moves each
 * review's submission time back to a different age, just before or just after a step of
 * the schedule (45 s either side), and the app's sweep (every second here,
 * RECONCILE_INTERVAL_MS, which only says how often it looks) queues the polls due. Each
 * poll's dedupe key carries the number of the step it stands for (stuck-reviews.server.ts),
 * so the test reads which step the app found due at each age: a review 5¾ min old gets
 * one poll, the second step's; one 1¼ min old none yet. The polled reviews are decided in
 * Shopify from Apruvd's answer.
 *
 * Fails with any other default: a first poll at 30 min leaves every review under 30 min
 * unpolled (mutant "stuck-poll-default-30-min"), a schedule spaced otherwise numbers the
 * steps otherwise.
 */

const MIN = 60_000;
/** Age of each review when the test moves its submission back, and the step of the default schedule due then. */
const AGES: { minutes: number; step: number }[] = [
  { minutes: 1.25, step: 0 },
  { minutes: 2.75, step: 1 },
  { minutes: 4.25, step: 1 },
  { minutes: 5.75, step: 2 },
  { minutes: 9.25, step: 2 },
  { minutes: 10.75, step: 3 },
  { minutes: 29.25, step: 3 },
  { minutes: 30.75, step: 4 },
  { minutes: 59.25, step: 4 },
  { minutes: 60.75, step: 5 },
  { minutes: 119.25, step: 5 },
  { minutes: 120.75, step: 6 },
  { minutes: 180.75, step: 7 },
];
/** Each age is 45 s from the nearest step: the test reads the polls well before any age crosses one. */
const MARGIN_MS = 45_000;

describe.each(ENGINES)("a review whose Apruvd callback never came, on the default poll schedule (%s)", (engine) => {
  const shop = `stuck-poll-${engine}.myshopify.com`;
  const apiSecret = crypto.randomBytes(16).toString("hex");
  let apruvd: ApruvdSandbox;
  let shopify: ShopifySimulator;
  let database: EngineDatabase;
  let app: AppProcess | undefined;
  let installed: InstalledShop;

  beforeAll(async () => {
    // One callback attempt, no retry: a callback that fails is lost for good.
    apruvd = await startApruvdSandbox({ reviewDelayMs: 100, callbackRetryDelaysMs: [] });
    shopify = await startShopifySimulator({ throttle: false });
    database = await freshDatabase(engine, "stuck_poll");
    const port = await freePort();
    app = await startAppProcess({
      ...faultAppOptions({
        port,
        databaseUrl: database.url,
        apiSecret,
        apruvdUrl: apruvd.url,
        shopifyUrl: shopify.url,
      }),
      // RECONCILE_STUCK_AFTER_MS unset: the schedule under test is the default one.
      extra: { RECONCILE_INTERVAL_MS: "1000" },
    });
    // Apruvd's callbacks go where nothing listens.
    const deadInstance = `http://127.0.0.1:${await freePort()}`;
    installed = await installShop({ prisma: database.prisma, apruvd, shopify, shop, appUrl: deadInstance });
  }, 120_000);

  afterAll(async () => {
    await app?.stop().catch(() => undefined);
    await Promise.allSettled([apruvd?.close(), shopify?.close()]);
    await database?.drop();
  });

  it("polls each review at the step of 2, 5, 10, 30, 60 min, then hourly, that its age has reached", async () => {
    const { prisma } = database;
    // Placed long before the install, so that the sweep leaves them to their webhooks.
    const orders = generateOrders(AGES.length, {
      seed: 1212,
      variants: ["card-approve", "card-decline", "card-ordinary"],
      startAt: Date.now() - 3 * 60 * MIN,
      spacingMs: 1000,
    }).map((spec) => shopify.createOrder(shop, spec));
    for (const order of orders) {
      const delivery = await shopify.deliverOrderWebhook(
        shop,
        order.id,
        "orders/create",
        `${app!.url}/webhooks/orders/create`,
        apiSecret,
        { webhookId: `stuck-poll-${order.legacyResourceId}` },
      );
      expect(delivery.status).toBe(200);
    }

    // Every order submitted and decided at Apruvd, and its callback lost.
    const lostCallbacks = () =>
      apruvd
        .callbacks()
        .filter(
          (c) =>
            c.account === installed.apruvdCredentials.keyId &&
            c.kind === "review-complete" &&
            !c.delivered &&
            c.attempts >= 1,
        ).length;
    const reviewing = () =>
      prisma.review.findMany({ where: { shop, status: "Reviewing", transactionId: { not: null } } });
    const submitted = await waitFor(
      async () => lostCallbacks() === orders.length && (await reviewing()).length === orders.length,
      60_000,
      200,
    );
    expect(submitted, "every order submitted, decided at Apruvd, its callback lost, its review Reviewing").toBe(true);
    const polls = () => prisma.inboxEvent.findMany({ where: { shop, topic: "system/poll" } });
    expect(await polls(), "nothing polled seconds after submission").toEqual([]);

    // Each review's submission moved back to its age.
    const reviews = new Map((await reviewing()).map((r) => [r.orderId, r]));
    const movedAt = Date.now();
    for (const [i, order] of orders.entries()) {
      await prisma.review.update({
        where: { id: reviews.get(order.id)!.id },
        data: { submittedAt: new Date(movedAt - AGES[i].minutes * MIN) },
      });
    }

    const due = orders.filter((_, i) => AGES[i].step > 0);
    const stepsPolled = async (): Promise<Map<string, number[]>> => {
      const byOrder = new Map<string, number[]>();
      for (const poll of await polls()) {
        const step = Number(poll.dedupeKey.split(":").at(-1));
        byOrder.set(poll.orderKey ?? "", [...(byOrder.get(poll.orderKey ?? "") ?? []), step]);
      }
      return byOrder;
    };
    const settled = await waitFor(
      async () => {
        const polled = await stepsPolled();
        return due.every((o) => polled.has(o.legacyResourceId)) && countUndecided(shopify, shop, due) === 0;
      },
      MARGIN_MS - 10_000,
      250,
    );
    const polled = await stepsPolled();
    const readAfterMs = Date.now() - movedAt;
    expect(readAfterMs, "polls read before any review's age crossed another step").toBeLessThan(MARGIN_MS);

    const seen = orders.map((order, i) => ({
      age: AGES[i].minutes,
      steps: (polled.get(order.legacyResourceId) ?? []).sort((a, b) => a - b),
    }));
    console.info(
      `stuck-poll-schedule (${engine}, default RECONCILE_STUCK_AFTER_MS): ${due.length - countUndecided(shopify, shop, due)} of ${due.length} lost callbacks polled and decided within ${readAfterMs} ms; ` +
        `steps by age (min): ${seen.map((s) => `${s.age}→${s.steps.join("+") || "-"}`).join(", ")}`,
    );
    // One poll each, numbered by the step of the default schedule its age has reached.
    expect(seen).toEqual(AGES.map((a) => ({ age: a.minutes, steps: a.step > 0 ? [a.step] : [] })));
    expect(settled, "every polled review decided in Shopify from Apruvd's answer").toBe(true);

    // The one not yet due: still under review, held and tagged, never polled.
    const notYet = orders.filter((_, i) => AGES[i].step === 0);
    const stillReviewing = await prisma.review.count({
      where: { shop, orderId: { in: notYet.map((o: StoreOrder) => o.id) }, status: "Reviewing" },
    });
    expect(stillReviewing).toBe(notYet.length);
    expect(countUndecided(shopify, shop, notYet)).toBe(notYet.length);

    // One Apruvd transaction per order: a poll reads the status, it never submits again.
    const transactions = apruvd.transactions().filter((t) => t.account === installed.apruvdCredentials.keyId);
    expect(transactions.map((t) => t.order_num).sort()).toEqual(orders.map(orderNumOf).sort());
  }, 180_000);
});
