/**
 * Shared pieces of the fault tests (test/faults): the app as a child process with the
 * fault tests' settings, installing a shop against the sandboxes without the in-process
 * stack, log capture, and the one check that all of them end with: every order reviewed
 * exactly once, with all its write-backs.
 */
import net from "node:net";
import type { PrismaClient } from "@prisma/client";
import { setLogSink } from "../../app/lib/platform/logger.server";
import type { ApruvdSandbox } from "../../sandbox/apruvd/server";
import { expectedDecision } from "../../sandbox/local-stack";
import type { AppProcessOptions } from "../../sandbox/harness/app-process";
import { installShopInto, type InstalledShop } from "../../sandbox/harness/install-shop";
import { freePort, HOLD_HANDLE } from "../../sandbox/harness/utilities";
import type { ShopifySimulator } from "../../sandbox/shopify/simulator";
import type { StoreOrder } from "../../sandbox/shopify/store";

/**
 * Another server build to test instead of build/server/index.js: test/faults/mutants.ts
 * points this at a copy with one protection removed, to show that its test then fails.
 */
export const FAULTS_BUILD_PATH: string | undefined = process.env.FAULTS_BUILD_PATH || undefined;

// ---------------------------------------------------------------------------------------
// The app as a child process (sandbox/harness/app-process.ts), with the fault tests' settings
// ---------------------------------------------------------------------------------------

export interface FaultAppOptions {
  port: number;
  databaseUrl: string;
  apiSecret: string;
  apruvdUrl: string;
  shopifyUrl: string;
  workerConcurrency?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  /** The worker's lease (WORKER_LEASE_MS, see the crash test). */
  leaseMs?: number;
  buildPath?: string;
  logLevel?: string;
  nodeEnv?: string;
}

/** The app child's options: fast retries (100 ms to 1 s), quiet logs, FAULTS_BUILD_PATH when set. */
export function faultAppOptions(options: FaultAppOptions): AppProcessOptions {
  return {
    port: options.port,
    appUrl: `http://127.0.0.1:${options.port}`,
    databaseUrl: options.databaseUrl,
    apiSecret: options.apiSecret,
    shopifyAdminOrigin: options.shopifyUrl,
    apruvdUrl: options.apruvdUrl,
    encryptionKey: process.env.APRUVD_ENCRYPTION_KEY ?? "0".repeat(64),
    workerConcurrency: options.workerConcurrency ?? 8,
    retryBaseMs: options.retryBaseMs ?? 100,
    retryCapMs: options.retryCapMs ?? 1000,
    leaseMs: options.leaseMs,
    buildPath: options.buildPath ?? FAULTS_BUILD_PATH,
    logLevel: options.logLevel ?? process.env.LOG_LEVEL ?? "error",
    nodeEnv: options.nodeEnv,
  };
}

// ---------------------------------------------------------------------------------------
// Installing a shop (what OAuth and onboarding leave behind), without the in-process stack
// ---------------------------------------------------------------------------------------

export type { InstalledShop };
/** The shop installation of the local stack, for tests that run the app in a child process. */
export const installShop = installShopInto;

// ---------------------------------------------------------------------------------------
// Logs
// ---------------------------------------------------------------------------------------

/** Captures every line of the app's logger (in this process) until `restore()`. */
export function captureLogs(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const previous = setLogSink((line) => lines.push(line));
  return { lines, restore: () => void setLogSink(previous) };
}

// ---------------------------------------------------------------------------------------
// The final check: every order reviewed exactly once, with every write-back done
// ---------------------------------------------------------------------------------------

export const orderNumOf = (order: StoreOrder) => order.name.replace(/^#/, "");

export interface ReviewedOnceOptions {
  prisma: PrismaClient;
  apruvd: ApruvdSandbox;
  shopify: ShopifySimulator;
  shop: string;
  apruvdAccount: string;
  orders: StoreOrder[];
  /** Also require the exact risk assessment history [PENDING, LOW|HIGH] (no lost or doubled mutation). */
  exactRiskHistory?: boolean;
  tags?: { reviewing: string; approved: string; declined: string };
}

/**
 * Returns one line per problem (empty = all good), so that a failure lists every order
 * that went wrong instead of the first one.
 */
export async function reviewedOnceProblems(options: ReviewedOnceOptions): Promise<string[]> {
  const { prisma, apruvd, shopify, shop, orders } = options;
  const tags = options.tags ?? {
    reviewing: "apruvd-reviewing",
    approved: "apruvd-approved",
    declined: "apruvd-declined",
  };
  const problems: string[] = [];
  const transactions = apruvd.transactions().filter((t) => t.account === options.apruvdAccount);
  const byNum = new Map<string, number>();
  for (const t of transactions) if (t.order_num) byNum.set(t.order_num, (byNum.get(t.order_num) ?? 0) + 1);
  const reviews = await prisma.review.findMany({ where: { shop }, include: { holds: true } });
  const reviewOf = new Map(reviews.map((r) => [r.orderId, r]));
  for (const order of orders) {
    const label = `${order.name} (${order._variant ?? "?"})`;
    const expected = expectedDecision(order);
    const submissions = byNum.get(orderNumOf(order)) ?? 0;
    if (submissions !== 1) problems.push(`${label}: ${submissions} Apruvd transactions (want 1)`);
    const review = reviewOf.get(order.id);
    if (!review) {
      problems.push(`${label}: no review`);
      continue;
    }
    if (review.status !== expected || review.writtenBackStatus !== expected) {
      problems.push(
        `${label}: review ${review.status}/${review.writtenBackStatus ?? "-"} (want ${expected}/${expected})`,
      );
    }
    const seen = shopify.order(shop, order.id);
    for (const fo of seen.fulfillmentOrders) {
      const ours = [...fo.holds, ...fo.releasedHolds].filter((h) => h.handle === HOLD_HANDLE);
      if (ours.length !== 1) problems.push(`${label}: ${ours.length} holds of ours on ${fo.id} (want 1)`);
      const active = fo.holds.filter((h) => h.handle === HOLD_HANDLE).length;
      if (expected === "Approved" && active !== 0)
        problems.push(`${label}: approved but our hold on ${fo.id} is still active`);
      if (expected === "Declined" && active !== 1)
        problems.push(`${label}: declined but our hold on ${fo.id} is not active`);
    }
    const want = expected === "Approved" ? tags.approved : expected === "Declined" ? tags.declined : tags.reviewing;
    const ourTags = seen.tags.filter((t) => Object.values(tags).includes(t));
    if (ourTags.length !== 1 || ourTags[0] !== want)
      problems.push(`${label}: tags ${JSON.stringify(ourTags)} (want ["${want}"])`);
    const risk = seen.riskAssessments.map((r) => r.riskLevel);
    const finalRisk = expected === "Approved" ? "LOW" : expected === "Declined" ? "HIGH" : "PENDING";
    if (options.exactRiskHistory) {
      const wanted = finalRisk === "PENDING" ? ["PENDING"] : ["PENDING", finalRisk];
      if (JSON.stringify(risk) !== JSON.stringify(wanted))
        problems.push(`${label}: risk assessments ${JSON.stringify(risk)} (want ${JSON.stringify(wanted)})`);
    } else if (risk.at(-1) !== finalRisk) {
      problems.push(`${label}: last risk assessment ${risk.at(-1) ?? "none"} (want ${finalRisk})`);
    }
  }
  const leftovers = await prisma.inboxEvent.findMany({ where: { shop, status: { not: "done" } } });
  for (const event of leftovers) {
    problems.push(
      `inbox event ${event.topic} ${event.orderKey ?? ""} left ${event.status} after ${event.attempts} attempts: ${event.lastError ?? ""}`,
    );
  }
  return problems;
}

/** True when every order shows its final decision in Shopify (tags), read from the simulator only. */
export function allDecidedInShopify(shopify: ShopifySimulator, shop: string, orders: StoreOrder[]): boolean {
  return orders.every((order) => {
    const expected = expectedDecision(order);
    const tag =
      expected === "Approved" ? "apruvd-approved" : expected === "Declined" ? "apruvd-declined" : "apruvd-reviewing";
    return shopify.order(shop, order.id).tags.includes(tag);
  });
}

export function countUndecided(shopify: ShopifySimulator, shop: string, orders: StoreOrder[]): number {
  return orders.length - orders.filter((o) => allDecidedInShopify(shopify, shop, [o])).length;
}

// ---------------------------------------------------------------------------------------
// A TCP proxy in front of a local server, to refuse connections or lose answers
// ---------------------------------------------------------------------------------------

/**
 * - "open": forwards both ways.
 * - "refuse": not listening at all (connection refused), on the same port as before.
 * - "lose-answers": forwards the request, then resets the client's connection as soon as
 *   the server answers: the server did the work, the client never hears of it.
 */
export type ProxyMode = "open" | "refuse" | "lose-answers";

export interface TcpProxy {
  url: string;
  port: number;
  mode(): ProxyMode;
  /** "lose-answers" with a count: lose that many answers, then forward again. */
  setMode(mode: ProxyMode, count?: number): Promise<void>;
  /** Connections reset in "lose-answers" mode so far. */
  lostAnswers(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let current: ProxyMode = "open";
  let lost = 0;
  let budget = Infinity;
  let server: net.Server | null = null;
  const port = await freePort();

  const handle = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host ?? "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    const loseAnswers = current === "lose-answers" && budget > 0;
    if (loseAnswers) budget--;
    client.on("close", () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on("close", () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.pipe(upstream);
    if (loseAnswers) {
      upstream.once("data", () => {
        lost++;
        client.resetAndDestroy();
        upstream.destroy();
      });
    } else {
      upstream.pipe(client);
    }
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(handle);
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        s.off("error", reject);
        server = s;
        resolve();
      });
    });
  const unlisten = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    mode: () => current,
    async setMode(mode, count = Infinity) {
      budget = count;
      if (mode === current) return;
      if (mode === "refuse") await unlisten();
      else {
        // Connections opened under the previous mode keep their behaviour: start afresh.
        for (const socket of sockets) socket.destroy();
        sockets.clear();
        if (!server) await listen();
      }
      current = mode;
    },
    lostAnswers: () => lost,
    close: unlisten,
  };
}
