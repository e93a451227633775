/**
 * The whole job on one machine: the Apruvd sandbox, the Shopify simulator and the app's
 * real Remix build served over HTTP with its in-process worker, on one SQLite database.
 * The demo, the end-to-end tests and the in-process fault tests start this, so they exercise the
 * same routes a real shop would.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { startApruvdSandbox, type ApruvdSandbox, type ApruvdSandboxOptions } from "./apruvd/server";
import { startShopifySimulator, type ShopifySimulator, type SimulatorOptions } from "./shopify/simulator";
import type { OrderSpec, OrderWebhookTopic } from "./shopify/orders";
import { deliverToSubscriptions, type SubscribedDelivery } from "./shopify/subscriptions";
import type { StoreOrder } from "./shopify/store";
import type { AppServer } from "../app/server/app-server";
import { appEnvironment, SCOPES } from "./harness/app-environment";
import { migrateDatabase } from "./harness/database";
import { installShopInto, type InstalledShop } from "./harness/install-shop";
import { serveBuiltApp } from "./harness/serve-app";
import { freePort, waitFor } from "./harness/utilities";

export { SCOPES, freePort, installShopInto, migrateDatabase, type InstalledShop };

export const DEFAULT_SHOP = "demo-store.myshopify.com";

export interface LocalStackOptions {
  /** SQLite file; default a fresh temporary file (migrated). Ignored when DATABASE_URL is set by the caller and `useEnvDatabase` is true. */
  databaseFile?: string;
  useEnvDatabase?: boolean;
  apruvd?: ApruvdSandboxOptions;
  shopify?: SimulatorOptions;
  workerConcurrency?: number;
  /** The worker's retry backoff (base and cap, ms); production defaults are 1 s and 10 min. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** How long the per-shop Apruvd circuit stays open after repeated failures (production 15 s). */
  breakerOpenMs?: number;
  /** Path of the Remix server build. Default build/server/index.js (run `npm run build` first). */
  buildPath?: string;
}

export interface LocalStack {
  app: AppServer;
  apruvd: ApruvdSandbox;
  shopify: ShopifySimulator;
  prisma: PrismaClient;
  apiSecret: string;
  databaseUrl: string;
  installShop(shop?: string): Promise<InstalledShop>;
  /** Creates an order in the simulated shop and sends its orders/create webhook to the app. */
  placeOrder(shop: string, spec: OrderSpec): Promise<{ order: StoreOrder; status: number }>;
  sendOrderWebhook(shop: string, order: StoreOrder, topic: OrderWebhookTopic, webhookId?: string): Promise<number>;
  /**
   * Sends any topic (e.g. a fulfillment_orders/* or orders/edited body from the simulator) as
   * Shopify would: to each shopify.app.toml subscription naming it, with its include_fields;
   * an unsubscribed topic sends nothing.
   */
  sendSubscribedWebhook(shop: string, topic: string, body: Record<string, unknown>): Promise<SubscribedDelivery[]>;
  /** Polls until `done` is true or the timeout passes; returns whether it became true. */
  waitUntil(done: () => Promise<boolean>, timeoutMs?: number, intervalMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const apruvd = await startApruvdSandbox(options.apruvd);
  const shopify = await startShopifySimulator(options.shopify);
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const apiSecret = crypto.randomBytes(16).toString("hex");

  let databaseUrl = process.env.DATABASE_URL ?? "";
  if (!options.useEnvDatabase || !databaseUrl) {
    const file = options.databaseFile ?? path.join(os.tmpdir(), `apruvd-local-${process.pid}-${Date.now()}.db`);
    fs.rmSync(file, { force: true });
    databaseUrl = `file:${file}`;
    migrateDatabase(databaseUrl);
  }

  // The app runs in this process: the build reads its configuration when it is first imported.
  Object.assign(
    process.env,
    appEnvironment({
      databaseUrl,
      apiSecret,
      appUrl,
      shopifyAdminOrigin: shopify.url,
      apruvdUrl: apruvd.url,
      encryptionKey: process.env.APRUVD_ENCRYPTION_KEY ?? crypto.randomBytes(32).toString("hex"),
      workerConcurrency: options.workerConcurrency ?? 8,
      retryBaseMs: options.retryBaseMs ?? 1000,
      retryCapMs: options.retryCapMs ?? 10 * 60_000,
      breakerOpenMs: options.breakerOpenMs ?? 15_000,
    }),
  );
  const app = await serveBuiltApp({ buildPath: options.buildPath, port, host: "127.0.0.1", worker: true });
  // The same client the build uses (db.server keeps one per process on globalThis).
  const { default: prisma } = await import("../app/db.server");

  async function sendOrderWebhook(
    shop: string,
    order: StoreOrder,
    topic: OrderWebhookTopic,
    webhookId?: string,
  ): Promise<number> {
    const uri = `${app.url}/webhooks/${topic}`;
    const delivery = await shopify.deliverOrderWebhook(
      shop,
      order.id,
      topic,
      uri,
      apiSecret,
      webhookId ? { webhookId } : undefined,
    );
    return delivery.status;
  }

  return {
    app,
    apruvd,
    shopify,
    prisma,
    apiSecret,
    databaseUrl,
    installShop(shop = DEFAULT_SHOP) {
      return installShopInto({ prisma, apruvd, shopify, shop, appUrl: app.url });
    },
    async placeOrder(shop, spec) {
      const order = shopify.createOrder(shop, spec);
      const status = await sendOrderWebhook(shop, order, "orders/create");
      return { order, status };
    },
    sendOrderWebhook,
    sendSubscribedWebhook(shop, topic, body) {
      return deliverToSubscriptions({
        appUrl: app.url,
        shop,
        topic,
        body,
        secret: apiSecret,
        apiVersion: shopify.apiVersion,
      });
    },
    waitUntil(done, timeoutMs = 20_000, intervalMs = 50) {
      return waitFor(done, timeoutMs, intervalMs);
    },
    async close() {
      await app.close();
      await Promise.allSettled([apruvd.close(), shopify.close()]);
    },
  };
}

/** The decision Apruvd's documented test triggers give an order (first trigger in table order). */
export function expectedDecision(
  order: StoreOrder,
  defaultDecision: "Approved" | "Declined" = "Approved",
): "Approved" | "Declined" | "Submitted" {
  const email = (order.email ?? order.customer?.email ?? "").trim().toLowerCase();
  const first = (order.billingAddress?.firstName ?? "").trim().toLowerCase();
  const card = order.transactions.find(
    (t) => t.paymentDetails?.__typename === "CardPaymentDetails" && t.status === "SUCCESS",
  );
  const bin = card?.paymentDetails && "bin" in card.paymentDetails ? String(card.paymentDetails.bin ?? "") : "";
  const triggers: ("Approved" | "Declined" | "Submitted")[] = [];
  for (const [value, table] of [
    [
      email,
      (v: string) =>
        v.startsWith("approve")
          ? "Approved"
          : v.startsWith("decline")
            ? "Declined"
            : v.startsWith("submit")
              ? "Submitted"
              : null,
    ],
    [
      first,
      (v: string) =>
        v === "approve" ? "Approved" : v === "decline" ? "Declined" : v === "submit" ? "Submitted" : null,
    ],
    [
      bin,
      (v: string) => (v === "444444" ? "Approved" : v === "555555" ? "Declined" : v === "333333" ? "Submitted" : null),
    ],
  ] as const) {
    const hit = table(value);
    if (hit) triggers.push(hit);
  }
  if (triggers[0] === "Submitted") return "Submitted";
  return triggers.find((t) => t !== "Submitted") ?? defaultDecision;
}
