import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/db.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import { freePort, waitFor } from "../../sandbox/harness/utilities";
import { generateOrders } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import { countUndecided, faultAppOptions, installShop } from "../support/fault-helpers";

/**
 * "Recovery without a restart": the SQLite database (its file and directory) is read-only
 * when the app opens it — a volume remounted read-only, a restore with the wrong owner —
 * and becomes writable again later. While it is read-only, /healthz answers 503 with the
 * reason (an orchestrator stops sending traffic) and a webhook is refused (Shopify
 * retries it), never acknowledged without a stored row. Once it is writable, the same
 * process stores webhooks again and works them off: no restart.
 *
 * Fails when /healthz only reads (it answered 200 throughout) and when the connection
 * opened read-only is kept (every write keeps failing until a restart).
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

describe("a database that is read-only, then writable again", () => {
  it("is reported not ready while read-only and recovers without a restart", async () => {
    const [order, later] = generateOrders(2, { seed: 3131, variants: ["card-approve"], startAt: Date.now() }).map(
      (spec) => shopify.createOrder(SHOP, spec),
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

    const ready = await waitFor(async () => (await health()).status === 200, 20_000, 250);
    expect(ready, `healthz after the database became writable: ${(await health()).body}`).toBe(true);
    const retried = await deliver(order, "readonly-1"); // Shopify's retry of the refused delivery
    const next = await deliver(later, "readonly-2");
    expect([retried.status, next.status]).toEqual([200, 200]);
    // Opened only now: a connection of root's would create the WAL files as root, unwritable to the app.
    prisma = createPrismaClient(`file:${dbFile}`);
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP, topic: "orders/create" } })).toBe(2);
    const reviewed = await waitFor(() => countUndecided(shopify, SHOP, [order, later]) === 0, 30_000, 250);
    expect(reviewed, "the worker works the stored webhooks off, same process").toBe(true);
    expect(app.process.exitCode, "the same process throughout").toBeNull();
  }, 90_000);
});
