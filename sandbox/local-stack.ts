/**
 * The whole job on one machine: the Apruvd sandbox, the Shopify simulator and the app's
 * real Remix build served over HTTP with its in-process worker, on one SQLite database.
 * The demo, the end-to-end tests and the benchmarks all start this, so they exercise the
 * same routes a real shop would.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { PrismaClient } from "@prisma/client";
import { startApruvdSandbox, type ApruvdSandbox, type ApruvdSandboxOptions } from "./apruvd/server";
import { startShopifySimulator, type ShopifySimulator, type SimulatorOptions } from "./shopify/simulator";
import type { OrderSpec } from "./shopify/orders";
import type { OrderWebhookTopic } from "./shopify/orders";
import type { StoreOrder } from "./shopify/store";
import type { AppServer } from "../app/server/app-server";
import { ApruvdClient } from "../app/lib/clients/apruvd/client";
import { connectApruvd } from "../app/lib/merchant/onboarding/connect-apruvd.server";

export const DEFAULT_SHOP = "demo-store.myshopify.com";
const APP_API_KEY = "local-api-key";
export const SCOPES = "read_orders,write_orders,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders,read_third_party_fulfillment_orders,write_third_party_fulfillment_orders";

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

export interface InstalledShop {
  shop: string;
  accessToken: string;
  apruvdCredentials: { keyId: string; secret: string };
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
  /** Polls until `done` is true or the timeout passes; returns whether it became true. */
  waitUntil(done: () => Promise<boolean>, timeoutMs?: number, intervalMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * What OAuth and onboarding leave behind for a shop: its offline session (with a token the
 * simulator knows) and an Apruvd account connected through the real onboarding call, which
 * registers the shop's callback URLs at `appUrl`.
 */
export async function installShopInto(options: {
  prisma: PrismaClient;
  apruvd: ApruvdSandbox;
  shopify: ShopifySimulator;
  shop: string;
  appUrl: string;
}): Promise<InstalledShop> {
  const { prisma, apruvd, shopify, shop, appUrl } = options;
  const accessToken = `shpat_${crypto.randomBytes(16).toString("hex")}`;
  shopify.seedShop(shop, { accessToken });
  await prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: SCOPES, accessToken },
    update: { accessToken, scope: SCOPES },
  });
  const apruvdCredentials = apruvd.createAccount();
  const connected = await connectApruvd(
    prisma,
    shop,
    apruvdCredentials,
    (credentials) => new ApruvdClient({ baseUrl: apruvd.url, credentials }),
    appUrl,
  );
  if (!connected.ok) throw new Error(`Connecting Apruvd failed: ${connected.message}`);
  return { shop, accessToken, apruvdCredentials };
}

export function migrateDatabase(databaseUrl: string): void {
  const result = spawnSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
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

  // The build reads its configuration when it is first imported.
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: APP_API_KEY,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SCOPES,
    SHOPIFY_ADMIN_API_ORIGIN: shopify.url,
    APRUVD_API_URL: apruvd.url,
    APRUVD_ENCRYPTION_KEY: process.env.APRUVD_ENCRYPTION_KEY ?? crypto.randomBytes(32).toString("hex"),
    WORKER_CONCURRENCY: String(options.workerConcurrency ?? 8),
    WORKER_RETRY_BASE_MS: String(options.retryBaseMs ?? 1000),
    WORKER_RETRY_CAP_MS: String(options.retryCapMs ?? 10 * 60_000),
    APRUVD_BREAKER_OPEN_MS: String(options.breakerOpenMs ?? 15_000),
  });

  const buildPath = path.resolve(options.buildPath ?? "build/server/index.js");
  if (!fs.existsSync(buildPath)) throw new Error(`No server build at ${buildPath}: run \`npm run build\` first.`);
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const { startAppServer } = await import("../app/server/app-server");
  const app = await startAppServer({ build, port, host: "127.0.0.1", clientDir: path.resolve("build/client"), worker: true });
  const { default: prisma } = await import("../app/db.server");
  const { connectApruvd } = await import("../app/lib/merchant/onboarding/connect-apruvd.server");

  async function sendOrderWebhook(shop: string, order: StoreOrder, topic: OrderWebhookTopic, webhookId?: string): Promise<number> {
    const uri = `${app.url}/webhooks/${topic}`;
    const delivery = await shopify.deliverOrderWebhook(shop, order.id, topic, uri, apiSecret, webhookId ? { webhookId } : undefined);
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
    async waitUntil(done, timeoutMs = 20_000, intervalMs = 50) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (await done()) return true;
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    async close() {
      await app.close();
      await Promise.allSettled([apruvd.close(), shopify.close()]);
    },
  };
}

/** The decision Apruvd's documented test triggers give an order (first trigger in table order). */
export function expectedDecision(order: StoreOrder, defaultDecision: "Approved" | "Declined" = "Approved"): "Approved" | "Declined" | "Submitted" {
  const email = (order.email ?? order.customer?.email ?? "").trim().toLowerCase();
  const first = (order.billingAddress?.firstName ?? "").trim().toLowerCase();
  const card = order.transactions.find((t) => t.paymentDetails?.__typename === "CardPaymentDetails" && t.status === "SUCCESS");
  const bin = card?.paymentDetails && "bin" in card.paymentDetails ? String(card.paymentDetails.bin ?? "") : "";
  const triggers: ("Approved" | "Declined" | "Submitted")[] = [];
  for (const [value, table] of [
    [email, (v: string) => (v.startsWith("approve") ? "Approved" : v.startsWith("decline") ? "Declined" : v.startsWith("submit") ? "Submitted" : null)],
    [first, (v: string) => (v === "approve" ? "Approved" : v === "decline" ? "Declined" : v === "submit" ? "Submitted" : null)],
    [bin, (v: string) => (v === "444444" ? "Approved" : v === "555555" ? "Declined" : v === "333333" ? "Submitted" : null)],
  ] as const) {
    const hit = table(value);
    if (hit) triggers.push(hit);
  }
  if (triggers[0] === "Submitted") return "Submitted";
  return triggers.find((t) => t !== "Submitted") ?? defaultDecision;
}
