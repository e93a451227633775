import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/db.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import { freePort } from "../../sandbox/harness/utilities";
import { generateOrders } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import { faultAppOptions, installShop } from "../support/fault-helpers";

/**
 * "Readiness that tells the truth": the SQLite database (its file and directory) is
 * read-only when the app opens it — a volume remounted read-only, a restore with the
 * wrong owner. /healthz answers 503 with the reason (an orchestrator stops sending
 * traffic) and a webhook is refused (Shopify retries it), never acknowledged without a
 * stored row.
 *
 * Fails when /healthz only reads (it answered 200 throughout).
 *
 * As root, file permissions bind nobody: the app child then runs as the unprivileged
 * user 65534 (test/faults/support/run-as-nobody.mjs).
 */

const SHOP = "readonly.myshopify.com";
const isRoot = process.getuid?.() === 0;

let dir: string;
let dbFile: string;
let prisma: PrismaClient;
let apruvd: ApruvdSandbox;
let shopify: ShopifySimulator;
let app: AppProcess;
const apiSecret = crypto.randomBytes(16).toString("hex");

function setWritable(writable: boolean) {
  for (const suffix of ["", "-wal", "-shm"]) {
    const file = `${dbFile}${suffix}`;
    if (!fs.existsSync(file)) continue;
    if (isRoot) fs.chownSync(file, 65534, 65534);
    fs.chmodSync(file, writable ? 0o644 : 0o444);
  }
  fs.chmodSync(dir, writable ? 0o755 : 0o555);
}

async function health(): Promise<{ status: number; body: string }> {
  const response = await fetch(`${app.url}/healthz`);
  return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apruvd-readonly-"));
  dbFile = path.join(dir, "app.db");
  fs.copyFileSync(process.env.DATABASE_URL!.slice("file:".length), dbFile);
  if (isRoot) fs.chownSync(dir, 65534, 65534);
  prisma = createPrismaClient(`file:${dbFile}`);
  apruvd = await startApruvdSandbox({ reviewDelayMs: 100 });
  shopify = await startShopifySimulator({ throttle: false });
  const port = await freePort();
  await installShop({ prisma, apruvd, shopify, shop: SHOP, appUrl: `http://127.0.0.1:${port}` });
  // This process lets go of the file: the app's connection is the only one, opened read-only.
  await prisma.$disconnect();
  setWritable(false);
  app = await startAppProcess({
    ...faultAppOptions({
      port,
      databaseUrl: `file:${dbFile}`,
      apiSecret,
      apruvdUrl: apruvd.url,
      shopifyUrl: shopify.url,
    }),
    nodeArgs: ["--import", path.resolve("test/faults/support/run-as-nobody.mjs")],
    extra: { RECONCILE_INTERVAL_MS: "0" },
  });
}, 60_000);

afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await Promise.allSettled([apruvd?.close(), shopify?.close()]);
  await prisma?.$disconnect();
  if (dir) {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("a database that is read-only", () => {
  it("is reported not ready while read-only, and no webhook is acknowledged without its row", async () => {
    const [order] = generateOrders(1, { seed: 3131, variants: ["card-approve"], startAt: Date.now() }).map((spec) =>
      shopify.createOrder(SHOP, spec),
    );
    const deliver = (o: typeof order, id: string) =>
      shopify.deliverOrderWebhook(SHOP, o.id, "orders/create", `${app.url}/webhooks/orders/create`, apiSecret, {
        webhookId: id,
      });

    const readOnly = await health();
    expect(readOnly.status, `healthz while read-only: ${readOnly.body}`).toBe(503);
    expect(readOnly.body).toMatch(/database cannot be written/);
    expect(readOnly.body).not.toMatch(/file:|app\.db|apruvd-readonly/); // a reason, not a path
    const refused = await deliver(order, "readonly-1");
    expect(refused.status, "a webhook is not acknowledged without its row").not.toBe(200);
    setWritable(true);
    prisma = createPrismaClient(`file:${dbFile}`);
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP } }), "nothing stored while read-only").toBe(0);
    // Recovery once the file is writable again (the connection is reopened by
    // platform/database/sqlite-adapter.server.ts) is not asserted yet: in this setup the
    // reopened connection still reports read-only (see the issue 12 report).
  }, 90_000);
});
