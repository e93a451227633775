import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { callbackCredentialsOf } from "../../app/lib/merchant/settings/shop-settings.server";
import { type ApruvdSandbox, startApruvdSandbox } from "../../sandbox/apruvd/server";
import { generateOrders, ORDER_VARIANTS } from "../../sandbox/shopify/orders";
import { type ShopifySimulator, startShopifySimulator } from "../../sandbox/shopify/simulator";
import type { MailingAddress, StoreOrder } from "../../sandbox/shopify/store";
import { sendWebhook } from "../../sandbox/shopify/webhooks";
import { freePort, sleep, waitFor } from "../../sandbox/harness/utilities";
import { type AppProcess, startAppProcess } from "../../sandbox/harness/app-process";
import { captureLogs, faultAppOptions, installShop } from "../support/fault-helpers";

/**
 * No customer data in any log line. The app runs as its own process with LOG_LEVEL=debug
 * and everything it prints (its logger, the Shopify library, Remix's error reports,
 * crashes) is captured, together with the Apruvd sandbox's log and this process's own
 * logger (setLogSink). Thirty orders, one of every generated variant (long strings,
 * unicode names, IPv6, gift cards, B2B, POS...), go through the whole pipeline, and so do
 * the error paths: Shopify refusing the token (403), Apruvd refusing (403) and down (503),
 * Shopify throttling, a bad HMAC, a signed malformed body, a callback with wrong
 * credentials, and requests that crash a route.
 *
 * NODE_ENV=production, so that Remix reports route errors as it would in production
 * (in test mode it keeps quiet).
 *
 * Then every captured line is searched for each order's email, names, street, phone, IP,
 * cardholder name, card BIN and last four, literally, and for anything shaped like an
 * email, a card number or a public IP address.
 *
 * Fails without: the logger's field discipline (identifiers only) and its redaction; and
 * it catches a library or an error message that echoes a request body.
 */

const SHOP = "log-scan-store.myshopify.com";
let apruvd: ApruvdSandbox;
let shopify: ShopifySimulator;
let child: AppProcess;
const apiSecret = crypto.randomBytes(16).toString("hex");
const sandboxLines: string[] = [];
let ownLogs: ReturnType<typeof captureLogs>;
// Read before the run: this process stays off the database while the app works on it.
let settings: { callbackKey: string };
let creds: { username: string; password: string };

beforeAll(async () => {
  ownLogs = captureLogs();
  // WAL: this process can watch the inbox while the app writes to it, without either waiting on the other.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  apruvd = await startApruvdSandbox({
    reviewDelayMs: 100,
    callbackRetryDelaysMs: [200, 500, 1000, 2000, 4000, 8000],
    log: (line) => sandboxLines.push(line),
  });
  shopify = await startShopifySimulator({ throttle: { maximumAvailable: 2000, restoreRate: 100 } });
  const port = await freePort();
  child = await startAppProcess(
    faultAppOptions({
      port,
      databaseUrl: process.env.DATABASE_URL!,
      apiSecret,
      apruvdUrl: apruvd.url,
      shopifyUrl: shopify.url,
      leaseMs: 5000,
      logLevel: "debug",
      nodeEnv: "production",
    }),
  );
  await installShop({ prisma, apruvd, shopify, shop: SHOP, appUrl: child.url });
  const stored = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
  settings = stored;
  creds = callbackCredentialsOf(stored);
}, 60_000);

afterAll(async () => {
  ownLogs?.restore();
  child?.kill("SIGKILL");
  await Promise.allSettled([apruvd?.close(), shopify?.close()]);
});

async function place(order: StoreOrder): Promise<number> {
  const delivery = await shopify.deliverOrderWebhook(
    SHOP,
    order.id,
    "orders/create",
    `${child.url}/webhooks/orders/create`,
    apiSecret,
  );
  return delivery.status;
}

/** Waits (bounded) until neither Shopify, Apruvd nor the callbacks see any traffic for a while. */
async function quiet(forMs: number, timeoutMs: number): Promise<boolean> {
  let last = "";
  let since = Date.now();
  return waitFor(
    () => {
      const now = `${shopify.calls().length}/${apruvd.requests().length}/${apruvd
        .callbacks()
        .map((c) => c.attempts)
        .join(",")}`;
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= forMs;
    },
    timeoutMs,
    100,
  );
}

/** The personal data of an order, as the values to look for. */
function personalData(order: StoreOrder): { what: string; value: string }[] {
  const out: { what: string; value: string }[] = [];
  const add = (what: string, value: string | null | undefined) => {
    if (value && value.trim().length >= 3) out.push({ what, value: value.trim() });
  };
  const address = (label: string, a: MailingAddress | null) => {
    if (!a) return;
    add(`${label} first name`, a.firstName);
    add(`${label} last name`, a.lastName);
    add(`${label} street`, a.address1);
    add(`${label} street 2`, a.address2);
    add(`${label} phone`, a.phone);
    add(`${label} company`, a.company);
  };
  add("email", order.email);
  add("phone", order.phone);
  add("customer email", order.customer?.email);
  add("customer phone", order.customer?.phone);
  add("customer first name", order.customer?.firstName);
  add("customer last name", order.customer?.lastName);
  address("billing", order.billingAddress);
  address("shipping", order.shippingAddress);
  add("client IP", order.clientIp);
  for (const t of order.transactions) {
    const card = t.paymentDetails;
    if (card?.__typename !== "CardPaymentDetails") continue;
    add("cardholder", card.name);
    add("card BIN", card.bin);
    const last4 = /(\d{4})\s*$/.exec(card.number ?? "")?.[1];
    if (last4) out.push({ what: "card last four", value: last4 });
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where a value occurs in the lines; digits only count when not part of a longer number or id, a time or an address:port. */
function occurrences(lines: string[], what: string, value: string): string[] {
  const numeric = /^\+?[\d\s().-]+$/.test(value);
  const pattern = numeric
    ? new RegExp(`(?<![\\w.:-])${escape(value)}(?![\\w.:-])`)
    : /^[\p{L}\p{N}]/u.test(value)
      ? new RegExp(`(?<![\\p{L}\\p{N}])${escape(value)}(?![\\p{L}\\p{N}])`, "u")
      : new RegExp(escape(value));
  const hits: string[] = [];
  for (const line of lines) {
    if (!pattern.test(line)) continue;
    // Numbers that are timing fields, not card digits.
    if (numeric && new RegExp(`"\\w*(?:Ms|ms|attempt|attempts|status|port)":\\s*${escape(value)}\\b`).test(line))
      continue;
    hits.push(`${what} "${value}" in: ${line.slice(0, 400)}`);
  }
  return hits;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
const CARD_NUMBER = /(?<![\w/.-])(?:\d[ -]?){12,18}\d(?![\w.-])/;
const PUBLIC_IPV4 = /\b(?!127\.)(?!0\.0\.0\.0)(?:\d{1,3}\.){3}\d{1,3}\b/;
const IPV6 = /(?<![\w:])(?:[0-9a-f]{1,4}:){1,7}:?[0-9a-f]{0,4}:[0-9a-f]{1,4}(?![\w:])/i;

describe("no customer data in any log line", () => {
  it("thirty varied orders and every error path leave no email, name, street, phone, IP or card data in the logs", async () => {
    const orders = generateOrders(ORDER_VARIANTS.length, {
      seed: 9090,
      startAt: Date.now() - 3_600_000,
      spacingMs: 1000,
    }).map((spec) => shopify.createOrder(SHOP, spec));
    const statuses: number[] = [];
    const batch = async (from: number, to: number) =>
      statuses.push(...(await Promise.all(orders.slice(from, to).map(place))));

    await batch(0, 8); // healthy
    shopify.faults.failNext(4, 403); // Shopify refuses the token
    await batch(8, 13);
    await sleep(500);
    apruvd.faults.setDown(true); // Apruvd down
    await batch(13, 19);
    // Reviews follow the holds (hold first): Apruvd stays down until one of its calls has met the outage.
    await waitFor(async () => sandboxLines.some((line) => /\[apruvd-sandbox\] \w+ \S+ 503/.test(line)), 30_000, 100);
    apruvd.faults.setDown(false);
    // Last of Apruvd's faults: a refused key pauses the shop's submissions until the keys work again.
    apruvd.faults.failNext(2, 403); // Apruvd refuses
    await batch(19, 24);
    await sleep(500);
    shopify.faults.throttleNext(6); // Shopify throttles
    await batch(24, orders.length);
    expect(statuses).toEqual(Array(orders.length).fill(200));

    // Requests that are refused, and some that crash a route, all carrying an order's data.
    const sample = orders.find((o) => o._variant === "unicode-names") ?? orders[0];
    const body = JSON.stringify({
      id: Number(sample.legacyResourceId),
      email: sample.email,
      billing_address: { first_name: sample.billingAddress?.firstName, address1: sample.billingAddress?.address1 },
    });
    const webhook = (overrides: Partial<Parameters<typeof sendWebhook>[0]>) =>
      sendWebhook({
        url: `${child.url}/webhooks/orders/updated`,
        topic: "orders/updated",
        shop: SHOP,
        apiVersion: "2026-10",
        secret: apiSecret,
        body,
        ...overrides,
      });
    const refusals = await Promise.all([
      webhook({ tamper: "bad-hmac" }),
      webhook({ body: `${body.slice(0, -2)},` }),
      webhook({ headers: { "X-Shopify-Shop-Domain": `${sample.email} shop` } }),
      webhook({ body: JSON.stringify({ ...JSON.parse(body), line_items: [null] }) }),
    ]);
    console.info(`log-scan: refused/crashing requests answered ${refusals.map((r) => r.status).join(", ")}`);
    const wrongCallback = await fetch(`${child.url}/apruvd/callback/${settings.callbackKey}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Basic ${Buffer.from(`${creds.username}:${sample.email}`).toString("base64")}`,
      },
      body: JSON.stringify({ transaction_id: 1, status: "Approved", corrected_email: sample.email }),
    });
    expect(wrongCallback.status).toBe(401);

    // Let the pipeline run to the end (the circuit breaker pauses Apruvd calls for 15 s after the outage).
    const drained = await waitFor(
      async () => {
        try {
          const [reviewed, pending] = await Promise.all([
            prisma.review.count({ where: { shop: SHOP } }),
            prisma.inboxEvent.count({ where: { shop: SHOP, status: "pending" } }),
          ]);
          return reviewed === orders.length && pending === 0;
        } catch {
          return false; // the database was busy: look again
        }
      },
      120_000,
      500,
    );
    expect(drained, "every order went through the pipeline").toBe(true);
    expect(await quiet(1000, 20_000), "the pipeline went quiet").toBe(true);
    await child.stop();
    const reviews = await prisma.review.groupBy({ by: ["status"], where: { shop: SHOP }, _count: true });
    console.info(
      `log-scan: reviews by status ${JSON.stringify(Object.fromEntries(reviews.map((r) => [r.status, r._count])))}`,
    );

    // The handshake goes over IPC (sandbox/harness/child-process.ts): every captured line is the app's own output.
    const lines = [...child.output, ...sandboxLines, ...ownLogs.lines];
    expect(lines.length, "log lines were captured").toBeGreaterThan(orders.length);
    expect(
      lines.some((l) => l.includes('"level":"debug"') || l.includes('"level":"info"')),
      "the app's own log lines are among them",
    ).toBe(true);

    if (process.env.LOG_SCAN_DUMP) (await import("node:fs")).writeFileSync(process.env.LOG_SCAN_DUMP, lines.join("\n"));
    const leaks: string[] = [];
    for (const order of orders) {
      for (const { what, value } of personalData(order))
        leaks.push(...occurrences(lines, `${order.name} ${what}`, value));
    }
    for (const line of lines) {
      for (const [what, pattern] of [
        ["email-shaped", EMAIL],
        ["card-number-shaped", CARD_NUMBER],
        ["public IPv4", PUBLIC_IPV4],
        ["IPv6", IPV6],
      ] as const) {
        const match = pattern.exec(line);
        if (match) leaks.push(`${what} "${match[0]}" in: ${line.slice(0, 400)}`);
      }
    }
    expect([...new Set(leaks)].slice(0, 40)).toEqual([]);

    // The error paths really ran (so their log lines were scanned too).
    const text = lines.join("\n");
    expect(text, "Shopify 403").toMatch(/refused the access token \(403\)/);
    expect(text, "Shopify throttling").toMatch(/throttled/i);
    expect(text, "Apruvd down").toMatch(/\[apruvd-sandbox\] \w+ \S+ 503/);
    expect(text, "Apruvd 403").toMatch(/\[apruvd-sandbox\] \w+ \S+ 403/);
    // The scan itself finds what it looks for: each value of one order, planted in a line.
    const canary = personalData(sample);
    expect(canary.length).toBeGreaterThan(5);
    for (const { what, value } of canary) {
      expect(occurrences([`{"msg":"oops","detail":"${value}"}`], what, value), `the scan finds ${what}`).toHaveLength(
        1,
      );
    }
  }, 240_000);
});
