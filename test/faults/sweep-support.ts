/**
 * What the sweep's fault tests share (sweep-scale, downtime): a database of either engine
 * with the app's schema, the sandboxes, the app as a child process with the sweep's
 * settings, and the check that a set of orders was reviewed once each.
 */
import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import { freePort } from "../../sandbox/harness/utilities";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import type { StoreOrder } from "../../sandbox/shopify/store";
import { ENGINES, type Engine, freshDatabase } from "../support/engine-database";
import { countUndecided, faultAppOptions, type InstalledShop, installShop } from "../support/fault-helpers";

export { ENGINES, type Engine };

export interface SweepRig {
  engine: Engine;
  prisma: PrismaClient;
  apruvd: ApruvdSandbox;
  shopify: ShopifySimulator;
  installed: InstalledShop;
  apiSecret: string;
  /** Starts (again) the app on the same database and port, with these RECONCILE_* settings. */
  startApp(): Promise<AppProcess>;
  close(): Promise<void>;
}

export async function startSweepRig(
  engine: Engine,
  shop: string,
  reconcile: Record<string, string>,
): Promise<SweepRig> {
  const database = await freshDatabase(engine, "sweep");
  const { prisma } = database;
  const apruvd = await startApruvdSandbox({ reviewDelayMs: 100 });
  const shopify = await startShopifySimulator({ throttle: false });
  const port = await freePort();
  const apiSecret = crypto.randomBytes(16).toString("hex");
  const options = {
    ...faultAppOptions({
      port,
      databaseUrl: database.url,
      apiSecret,
      apruvdUrl: apruvd.url,
      shopifyUrl: shopify.url,
    }),
    extra: reconcile,
  };
  let app: AppProcess | null = await startAppProcess(options);
  const installed = await installShop({ prisma, apruvd, shopify, shop, appUrl: app.url });
  return {
    engine,
    prisma,
    apruvd,
    shopify,
    installed,
    apiSecret,
    async startApp() {
      if (app) await app.stop();
      app = await startAppProcess(options);
      return app;
    },
    async close() {
      await app?.stop().catch(() => undefined);
      app = null;
      await Promise.allSettled([apruvd.close(), shopify.close()]);
      await database.drop();
    },
  };
}

/** Problems of `orders` not reviewed exactly once: undecided in Shopify, or not one Apruvd transaction each. */
export function reviewedOnce(rig: SweepRig, shop: string, orders: StoreOrder[]): string[] {
  const problems: string[] = [];
  const undecided = countUndecided(rig.shopify, shop, orders);
  if (undecided > 0) problems.push(`${undecided} of ${orders.length} orders not decided in Shopify`);
  const counts = new Map<string, number>();
  for (const t of rig.apruvd.transactions().filter((t) => t.account === rig.installed.apruvdCredentials.keyId))
    if (t.order_num) counts.set(t.order_num, (counts.get(t.order_num) ?? 0) + 1);
  for (const order of orders) {
    const n = counts.get(order.name.replace("#", "")) ?? 0;
    if (n !== 1) problems.push(`${order.name}: ${n} Apruvd transactions`);
  }
  return problems;
}
