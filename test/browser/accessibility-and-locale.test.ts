/**
 * Every embedded page, scanned with axe-core (from npm, injected into the page) at a
 * desktop (1280 px) and a phone (390 px) width: no serious or critical violation, WCAG
 * 2.2 AA included (touch targets ≥ 24 px). Plus what axe cannot see: a page title, a
 * `main` landmark, the App Bridge title bar and script in <head>, chargeback rows that
 * open by keyboard, the condensed table on a phone, and a French admin in another time
 * zone than the shop's: French strings, the shop's currency and time zone, Polaris's own
 * French strings, and no React hydration error in the console.
 *
 * The Shopify simulator answers the layout's shop { ianaTimezone currencyCode } read.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { ApruvdClient } from "../../app/lib/clients/apruvd/client";
import { connectApruvd } from "../../app/lib/merchant/onboarding/connect-apruvd.server";
import { recordSetupSignal } from "../../app/lib/merchant/onboarding/setup-signals.server";
import { ensureShopSettings } from "../../app/lib/merchant/settings/shop-settings.server";
import { startApruvdSandbox, type ApruvdSandbox } from "../../sandbox/apruvd/server";
import { startShopifySimulator, type ShopifySimulator } from "../../sandbox/shopify/simulator";
import {
  launchChromium,
  offlineContext,
  screenshot,
  startBuiltApp,
  type PwBrowser,
  type PwContext,
  type PwPage,
  type TestApp,
} from "../support/browser-harness";
import { seedOfflineSession } from "../support/browser-session";
import { seedReviews } from "../support/seed-reviews";

const SHOP = "boutique-paris.myshopify.com";
const FRESH = "first-run-shop.myshopify.com";
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const DECIDED_AT = "2026-11-30T23:30:00.000Z"; // 1 December, 00:30 in Paris

let sandbox: ApruvdSandbox;
let shopify: ShopifySimulator;
let app: TestApp;
let browser: PwBrowser;
let setupError: unknown = null;
let declinedReviewId = "";

const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

async function seed() {
  for (const [shop, currencyCode, ianaTimezone] of [
    [SHOP, "EUR", "Europe/Paris"],
    [FRESH, "USD", "America/New_York"],
  ] as const) {
    await seedOfflineSession(prisma, shop);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
    shopify.seedShop(shop, { accessToken: session.accessToken, currencyCode, ianaTimezone });
  }
  await prisma.shopSettings.deleteMany({ where: { shop: { in: [SHOP, FRESH] } } });
  await ensureShopSettings(prisma, FRESH);
  const account = sandbox.createAccount();
  const connected = await connectApruvd(prisma, SHOP, account);
  if (!connected.ok) throw new Error(connected.message);
  await prisma.review.deleteMany({ where: { shop: SHOP } });
  await seedReviews(prisma, SHOP, { count: 60, days: 20, seed: 7, firstOrderNumber: 3001, withEvents: true });
  const declined = await prisma.review.create({
    data: {
      shop: SHOP,
      orderId: "gid://shopify/Order/7100000000001",
      orderName: "#4001",
      orderNum: "4001",
      transactionId: 880001,
      status: "Declined",
      riskGrade: "D",
      notes: "Adresse de facturation et de livraison éloignées.",
      total: "1249.00",
      currency: "EUR",
      createdAt: new Date(Date.parse(DECIDED_AT) - 60_000),
      submittedAt: new Date(Date.parse(DECIDED_AT) - 55_000),
      decidedAt: new Date(DECIDED_AT),
    },
  });
  declinedReviewId = declined.id;
  await recordSetupSignal(prisma, SHOP, "storefrontEmbed", new Date(DECIDED_AT));
  const client = new ApruvdClient({ baseUrl: sandbox.url, credentials: account });
  await client.submitTransaction({
    type: "Ecommerce",
    total: 120.5,
    currency: "USD",
    order_num: "1001",
    ip: "203.0.113.7",
    email: "approve@example.com",
  } as never);
  await client.chargebacks.create({ order_num: "1001", claim_status: "Reviewing" });
}

beforeAll(async () => {
  try {
    sandbox = await startApruvdSandbox({ reviewDelayMs: Infinity });
    shopify = await startShopifySimulator();
    process.env.APRUVD_API_URL = sandbox.url;
    process.env.SHOPIFY_ADMIN_API_ORIGIN = shopify.url;
    app = await startBuiltApp();
    await seed();
    browser = await launchChromium();
  } catch (error) {
    setupError = error;
  }
}, 120_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await shopify?.close();
  await sandbox?.close();
});

interface Opened {
  page: PwPage;
  context: PwContext;
  consoleErrors: string[];
}

async function openPage(
  shop: string,
  pathname: string,
  options: { width?: number; locale?: string; browserLocale?: string; timezoneId?: string } = {},
): Promise<Opened> {
  const context = await offlineContext(browser, {
    locale: options.browserLocale ?? "en-US",
    timezoneId: options.timezoneId ?? "UTC",
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.setViewportSize({ width: options.width ?? 1280, height: 900 });
  await page.goto(app.page(shop, pathname, options.locale ? { locale: options.locale } : {}), { waitUntil: "load" });
  await page.waitForFunction(
    () =>
      (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined &&
      document.readyState === "complete",
  );
  await page.waitForTimeout(300);
  return { page, context, consoleErrors };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function seriousViolations(page: PwPage): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] }, resultTypes: ["violations"] }).then(r => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

const PAGES = (): Array<{ name: string; shop: string; path: string }> => [
  { name: "dashboard", shop: SHOP, path: "/app" },
  { name: "dashboard-empty", shop: FRESH, path: "/app" },
  { name: "review", shop: SHOP, path: `/app/reviews/${declinedReviewId}` },
  { name: "settings", shop: SHOP, path: "/app/settings" },
  { name: "onboarding", shop: FRESH, path: "/app/onboarding" },
  { name: "chargebacks", shop: SHOP, path: "/app/chargebacks" },
  { name: "chargebacks-new", shop: SHOP, path: "/app/chargebacks/new" },
  { name: "chargeback", shop: SHOP, path: "/app/chargebacks/1001" },
  { name: "data-requests", shop: SHOP, path: "/app/data-requests" },
];

describe("accessibility", { timeout: 240_000 }, () => {
  for (const width of [1280, 390]) {
    it(`has no serious or critical axe violation on any page at ${width} px, and titles, a main landmark and a title bar`, async () => {
      const failures: Record<string, string[]> = {};
      for (const target of PAGES()) {
        const { page, context, consoleErrors } = await openPage(target.shop, target.path, { width });
        const found = await seriousViolations(page);
        const structure = (await page.evaluate(`({
          title: document.title,
          mains: document.querySelectorAll("main, [role=main]").length,
          titleBar: document.querySelector("ui-title-bar")?.getAttribute("title") ?? null,
        })`)) as { title: string; mains: number; titleBar: string | null };
        if (!structure.title.trim()) found.push("no <title>");
        if (structure.mains !== 1) found.push(`${structure.mains} main landmarks`);
        if (!structure.titleBar) found.push("no App Bridge title bar (ui-title-bar with a title)");
        found.push(...consoleErrors.map((e) => `console: ${e}`));
        if (found.length) failures[target.name] = found;
        await context.close();
      }
      expect(failures).toEqual({});
    });
  }

  it("loads App Bridge as the first script of <head>, and not again in <body>", async () => {
    const { page, context } = await openPage(SHOP, "/app/settings");
    const where = (await page.evaluate(`({
      first: document.head.querySelector("script")?.getAttribute("src") ?? null,
      inBody: document.body.querySelectorAll('script[src*="app-bridge.js"]').length,
      apiKey: document.head.querySelector('meta[name="shopify-api-key"]')?.getAttribute("content") ?? null,
    })`)) as { first: string | null; inBody: number; apiKey: string | null };
    expect(where).toEqual({
      first: "https://cdn.shopify.com/shopifycloud/app-bridge.js",
      inBody: 0,
      apiKey: process.env.SHOPIFY_API_KEY,
    });
    await context.close();
  });

  it("opens a chargeback row by keyboard and condenses the table on a phone", async () => {
    const { page, context } = await openPage(SHOP, "/app/chargebacks");
    const link = page.getByRole("link", { name: "Open the chargeback for order 1001" });
    await link.press("Enter");
    await page.waitForURL(/\/app\/chargebacks\/1001/);
    await page.getByRole("heading", { name: "Chargeback for order 1001" }).waitFor();
    await context.close();

    const phone = await openPage(SHOP, "/app/chargebacks", { width: 390 });
    expect(await phone.page.locator(".Polaris-IndexTable__CondensedList").count()).toBe(1);
    expect(await phone.page.locator(".Polaris-IndexTable__CondensedList").innerText()).toMatch(/1001[\s\S]*Reviewing/);
    await phone.context.close();
  });

  it("condenses the reviews table on a phone, keeping risk, time to decision and actions on every row", async () => {
    const { page, context } = await openPage(SHOP, "/app", { width: 390 });
    await page.getByRole("link", { name: /^Declined: [\d,]+\. Show these orders$/ }).click();
    await page.waitForURL(/tab=declined/);
    // The list is the declined tab's once every row says so (the rows of the tab before stay until the data arrives).
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll(".Polaris-IndexTable__CondensedList li")];
      return rows.length > 0 && rows.every((row) => (row as HTMLElement).innerText.includes("Declined"));
    });
    const list = page.locator(".Polaris-IndexTable__CondensedList");
    expect(await list.count()).toBe(1);
    const rows = await list.locator("li").allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/Declined[\s\S]*Risk [A-F—][\s\S]*Time to decision: /);
    // Every row's actions are on screen, inside the phone's width.
    const menus = page.getByRole("button", { name: /^Actions for order / });
    expect(await menus.count()).toBe(rows.length);
    const rightEdges = (await page.evaluate(
      `[...document.querySelectorAll('button[aria-label^="Actions for order "]')].map((b) => b.getBoundingClientRect().right)`,
    )) as number[];
    expect(rightEdges.length).toBe(rows.length);
    for (const right of rightEdges) expect(right).toBeLessThanOrEqual(390);
    await screenshot(page, "dashboard-phone");
    await context.close();
  });
});

describe("the merchant's locale", { timeout: 120_000 }, () => {
  it("shows a French admin French text, the shop's currency and time zone, with no hydration error", async () => {
    // The browser is in Los Angeles and English; the shop is in Paris; the admin user chose French.
    const options = { locale: "fr", browserLocale: "en-US", timezoneId: "America/Los_Angeles" };
    const onboarding = await openPage(SHOP, "/app/onboarding", options);
    expect(await onboarding.page.evaluate("document.documentElement.lang")).toBe("fr");
    expect(await onboarding.page.evaluate("document.title")).toContain("Configurer Apruvd");
    await onboarding.page.getByRole("heading", { name: "Configurer Apruvd" }).waitFor();
    // Seen at 23:30 UTC on 30 November: 1 December, 00:30 in the shop's zone, written in French.
    expect(spaced(await onboarding.page.locator("body").innerText())).toContain("1 déc. 2026, 00:30");
    await screenshot(onboarding.page, "onboarding-fr");
    expect(onboarding.consoleErrors).toEqual([]);
    await onboarding.context.close();

    const chargebacks = await openPage(SHOP, "/app/chargebacks", options);
    await chargebacks.page.getByRole("heading", { name: "Rétrofacturations" }).waitFor();
    const text = spaced(await chargebacks.page.locator("body").innerText());
    expect(text).toContain("120,50 $US");
    // Polaris's own strings in French (the table's pagination).
    expect(await chargebacks.page.getByRole("button", { name: "Suivant" }).count()).toBe(1);
    expect(chargebacks.consoleErrors).toEqual([]);
    await chargebacks.context.close();

    const dashboard = await openPage(SHOP, "/app", options);
    await dashboard.page.getByRole("heading", { name: "Examens anti-fraude" }).waitFor();
    const board = spaced(await dashboard.page.locator("body").innerText());
    // Amounts and dates of the rows in French (the seeded orders' own currencies), never en-US.
    expect(board).toMatch(/\d,\d{2} (€|\$US)/);
    expect(board).toMatch(/\d{1,2} [a-zéû]+\.? 2026, \d{2}:\d{2}/);
    expect(board).not.toMatch(/[A-Z][a-z]{2} \d{1,2}, 2026/);
    expect(
      await dashboard.page.getByRole("link", { name: /^À traiter : [\d ]+\. Afficher ces commandes$/ }).count(),
    ).toBe(1);
    expect(dashboard.consoleErrors).toEqual([]);
    await screenshot(dashboard.page, "dashboard-fr");
    await dashboard.context.close();

    const review = await openPage(SHOP, `/app/reviews/${declinedReviewId}`, options);
    await review.page.getByRole("heading", { name: "Ce qui arrive à cette commande" }).waitFor();
    const reviewText = spaced(await review.page.locator("body").innerText());
    expect(reviewText).toContain("Libérée bien qu’Apruvd l’ait refusée");
    expect(reviewText).toMatch(/Décidée\s+1 déc\. 2026, 00:30/);
    expect(reviewText).toContain("1 249,00 €");
    expect(review.consoleErrors).toEqual([]);
    await review.context.close();

    const settings = await openPage(SHOP, "/app/settings", options);
    await settings.page.getByLabel("Envoyer automatiquement les nouvelles commandes").waitFor();
    expect(settings.consoleErrors).toEqual([]);
    await settings.context.close();
  });
});

describe("a first run that leads", { timeout: 120_000 }, () => {
  it("starts at 0%, links to where keys are made, hides callbacks under Advanced and shows the embed's live status", async () => {
    const { page, context } = await openPage(FRESH, "/app/onboarding");
    await page.getByRole("heading", { name: "Set up Apruvd" }).waitFor();
    expect(await page.locator("progress").first().getAttribute("value")).toBe("0");
    expect(await page.locator("body").innerText()).toContain("No order is sent to Apruvd until you connect");
    expect(await page.getByRole("link", { name: /Where to create API keys/ }).getAttribute("href")).toBe(
      "https://app.apruvd.com/",
    );
    expect(await page.getByLabel("Callback URL").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Advanced: callback details" }).click();
    await page.getByLabel("Callback URL").waitFor({ state: "visible" });
    expect(await page.getByRole("link", { name: "Open the theme editor" }).getAttribute("href")).toBe(
      `https://${FRESH}/admin/themes/current/editor?context=apps&template=index&activateAppId=${process.env.SHOPIFY_API_KEY}/apruvd-embed`,
    );
    await page.getByRole("heading", { name: "4. Review existing orders" }).waitFor();
    await screenshot(page, "onboarding");
    await context.close();

    // Connected, and the embed calls the app: the page says so without a reload.
    const account = sandbox.createAccount();
    const connected = await connectApruvd(prisma, FRESH, account);
    expect(connected.ok).toBe(true);
    const live = await openPage(FRESH, "/app/onboarding");
    expect(await live.page.locator("progress").first().getAttribute("value")).toBe("33");
    await recordSetupSignal(prisma, FRESH, "storefrontEmbed");
    await live.page.getByText("Working: last seen on your storefront").waitFor({ timeout: 15_000 });
    expect(await live.page.locator("progress").first().getAttribute("value")).toBe("67");
    await live.context.close();
  });
});
