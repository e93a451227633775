/**
 * The embedded app's pages in a real browser: headless Debian Chromium through
 * playwright-core, against the built app served locally with seeded data, the Apruvd
 * sandbox as Apruvd, and real admin authentication (a signed session token + an
 * offline session row — see test/support/browser-session.ts).
 *
 * App Bridge (cdn.shopify.com) cannot load offline: the context intercepts that script
 * and serves test/support/browser-app-bridge-stub.ts, which adds the session token to
 * the app's fetches like App Bridge does and draws toasts and the save bar visibly.
 *
 * Each page is rendered, its main interaction exercised, its empty and error states
 * shown, and a screenshot written (test-results/screenshots/, or docs/screenshots/ with UPDATE_SCREENSHOTS=1). Nothing is skipped: without
 * Chromium or playwright-core the suite fails and says what to install.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApruvdSandbox, type ApruvdSandbox, type SandboxAccountCredentials } from "../../sandbox/apruvd/server";
import prisma from "../../app/db.server";
import { ApruvdClient } from "../../app/lib/clients/apruvd/client";
import { seedReviews } from "../support/seed-reviews";
import { connectApruvd } from "../../app/lib/merchant/onboarding/connect-apruvd.server";
import {
  SCREENSHOT_DIR,
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

const SHOP = "demo-shop.myshopify.com";
const FRESH = "fresh-shop.myshopify.com";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

let sandbox: ApruvdSandbox;
let account: SandboxAccountCredentials;
let app: TestApp;
let browser: PwBrowser;
let context: PwContext;
let page: PwPage;
const pageErrors: string[] = [];

async function open(shop: string, pathname: string, extra?: Record<string, string>) {
  await page.goto(app.page(shop, pathname, extra), { waitUntil: "load" });
  // Hydrated: React attached its handlers (Remix sets this once the client entry ran).
  await page.waitForFunction(
    () =>
      (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined &&
      document.readyState === "complete",
  );
  await page.waitForTimeout(150);
}

async function seedDemoShop() {
  await seedOfflineSession(prisma, SHOP);
  await seedOfflineSession(prisma, FRESH);
  const connected = await connectApruvd(prisma, SHOP, account);
  if (!connected.ok) throw new Error(connected.message);
  await prisma.shopSettings.update({ where: { shop: SHOP }, data: { jsUrl: `${sandbox.url}/js/demo/entry.js` } });
  await seedReviews(prisma, SHOP, { count: 140, days: 30, seed: 3, firstOrderNumber: 1001, withEvents: true });
  // One fully documented review: the transaction that was sent, a decision with notes.
  const now = Date.now();
  const review = await prisma.review.create({
    data: {
      shop: SHOP,
      orderId: "gid://shopify/Order/6100000009999",
      orderName: "#2001",
      orderNum: "2001",
      transactionId: 990001,
      status: "Declined",
      riskGrade: "D",
      notes: "Billing and shipping addresses are 2,400 km apart; the email was created yesterday.",
      total: "1249.00",
      currency: "USD",
      createdAt: new Date(now - 60_000),
      submittedAt: new Date(now - 55_000),
      decidedAt: new Date(now - 5_000),
    },
  });
  await prisma.reviewEvent.createMany({
    data: [
      {
        reviewId: review.id,
        type: "hold",
        message: "Fulfillment held while under review",
        detail: JSON.stringify({ holdId: "gid://shopify/FulfillmentHold/1" }),
        createdAt: new Date(now - 56_000),
      },
      {
        reviewId: review.id,
        type: "submitted",
        message: "Submitted to Apruvd: Reviewing",
        detail: JSON.stringify({
          transactionId: 990001,
          status: "Reviewing",
          transaction: {
            type: "Ecommerce",
            total: "1249.00",
            currency: "USD",
            order_num: "2001",
            email: "jordan.smith@example.com",
            ip: "203.0.113.45",
            billing_first_name: "Jordan",
            billing_last_name: "Smith",
            billing_address_1: "12 Harbour Street",
            billing_city: "Portland",
            billing_postal: "97201",
            billing_country: "US",
            shipping_city: "Miami",
            shipping_country: "US",
            first_six: "411111",
            last_four: "1111",
            avs: "N",
            cvv: "M",
          },
        }),
        createdAt: new Date(now - 55_000),
      },
      {
        reviewId: review.id,
        type: "decision",
        message: "Apruvd decision: Declined",
        detail: JSON.stringify({ transactionId: 990001, status: "Declined" }),
        createdAt: new Date(now - 5_000),
      },
      {
        reviewId: review.id,
        type: "tagged",
        message: "Tagged apruvd-declined",
        detail: JSON.stringify({ tag: "apruvd-declined" }),
        createdAt: new Date(now - 4_000),
      },
    ],
  });
  // Transactions Apruvd knows, so that chargebacks can be filed for them.
  const client = new ApruvdClient({ baseUrl: sandbox.url, credentials: account });
  for (const orderNum of ["1001", "1002", "1003"]) {
    await client.submitTransaction({
      type: "Ecommerce",
      total: 120.5,
      currency: "USD",
      order_num: orderNum,
      ip: "203.0.113.7",
      email: "approve@example.com",
    } as never);
  }
}

let setupError: unknown = null;

// A setup failure (no Chromium, no build…) fails every test with its message: nothing is skipped.
beforeAll(async () => {
  try {
    sandbox = await startApruvdSandbox({ reviewDelayMs: Infinity });
    account = sandbox.createAccount();
    process.env.APRUVD_API_URL = sandbox.url;
    app = await startBuiltApp();
    await seedDemoShop();
    browser = await launchChromium();
    context = await offlineContext(browser);
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  } catch (error) {
    setupError = error;
  }
}, 120_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
  await sandbox?.close();
});

describe("dashboard", { timeout: 120_000 }, () => {
  it("renders the figures, the chart and the reviews table", async () => {
    await open(SHOP, "/app");
    await page.getByRole("heading", { name: "Fraud reviews" }).waitFor();
    for (const label of [
      "Needs you",
      "Orders",
      "Approved",
      "Declined",
      "Under review",
      "Not sent",
      "Cancelled",
      "Approval rate",
      "Median time to decision",
    ]) {
      expect(await page.getByRole("heading", { name: label, exact: true }).count()).toBeGreaterThan(0);
    }
    expect(await page.locator('[data-testid="decisions-chart"] rect').count()).toBeGreaterThan(10);
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    expect(await rows.count()).toBe(25);
    expect(await rows.first().innerText()).toContain("#2001");
    // The order name links to the order in the admin.
    expect(await page.getByRole("link", { name: "Open order #2001 in Shopify" }).getAttribute("href")).toBe(
      "shopify://admin/orders/6100000009999",
    );
    await screenshot(page, "dashboard");
  });

  it("filters by status, searches by order name and pages with cursors", async () => {
    await open(SHOP, "/app");
    await page.getByRole("tab", { name: /^Declined/ }).click();
    await page.waitForURL(/tab=declined/);
    await page.waitForFunction(() => {
      const badges = [...document.querySelectorAll(".Polaris-IndexTable__TableRow .Polaris-Badge")].map(
        (b) => (b as HTMLElement).innerText,
      );
      return badges.length > 0 && badges.every((b) => b.includes("Declined"));
    });
    const badges = await page.locator(".Polaris-IndexTable__TableRow .Polaris-Badge").allInnerTexts();
    expect(badges.length).toBeGreaterThan(0);
    expect(badges.every((b) => b.includes("Declined"))).toBe(true);
    await screenshot(page, "dashboard-filtered");

    await page.getByRole("tab", { name: /^All/ }).click();
    await page.waitForURL((url) => !url.searchParams.has("tab"));
    const firstPage = await page.locator(".Polaris-IndexTable__TableRow").first().innerText();
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL(/after=/);
    await page.waitForFunction(
      (first) => document.querySelector(".Polaris-IndexTable__TableRow")?.textContent !== first,
      firstPage,
    );
    expect(await page.locator(".Polaris-IndexTable__TableRow").count()).toBe(25);
    await page.getByRole("button", { name: "Previous" }).click();
    await page.waitForURL(/before=/);
    await page.waitForFunction(
      (first) => (document.querySelector(".Polaris-IndexTable__TableRow") as HTMLElement | null)?.innerText === first,
      firstPage,
    );

    await open(SHOP, "/app", { q: "1010" });
    const found = await page.locator(".Polaris-IndexTable__TableRow").allInnerTexts();
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("#1010");
    await open(SHOP, "/app", { q: "no-such-order" });
    await page.getByText("No reviews match").waitFor();
    await screenshot(page, "dashboard-no-results");
  });

  it("re-syncs a review from its row and opens the review page", async () => {
    await open(SHOP, "/app");
    await page.getByRole("button", { name: "Actions for order #2001" }).click();
    await page.getByRole("menuitem", { name: "Re-sync status" }).click();
    await page.locator("#stub-toast").getByText("Status re-sync requested").waitFor();
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP, topic: "merchant/resync" } })).toBe(1);

    await page.getByRole("link", { name: "Review details for order #2001" }).click();
    await page.getByRole("heading", { name: "#2001" }).waitFor();
    await page.getByText("Billing and shipping addresses are 2,400 km apart", { exact: false }).waitFor();
    const history = await page.getByRole("list", { name: "Review history" }).innerText();
    expect(history).toMatch(/Fulfillment held[\s\S]*Submitted to Apruvd[\s\S]*Apruvd decision: Declined/);
    const body = await page.locator("body").innerText();
    expect(body).toContain("j•••@•••.com");
    expect(body).not.toContain("jordan.smith@example.com");
    expect(body).not.toContain("12 Harbour Street");
    expect(body).not.toContain("411111");
    await screenshot(page, "review");

    // Cancelling is confirmed first, then queued for the worker.
    await page.getByRole("button", { name: "Cancel Apruvd transaction…" }).click();
    await page.getByText("Cancel the Apruvd transaction for #2001?").waitFor();
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP, topic: "merchant/cancel" } })).toBe(0);
    await screenshot(page, "review-cancel-confirm");
    await page.getByRole("button", { name: "Cancel transaction", exact: true }).click();
    await page.getByText("Cancellation requested").first().waitFor();
    expect(await prisma.inboxEvent.count({ where: { shop: SHOP, topic: "merchant/cancel" } })).toBe(1);
  });

  it("shows the empty state and the setup banner for a new shop", async () => {
    await open(FRESH, "/app");
    await page.getByText("No orders reviewed yet").waitFor();
    await page.getByText("Connect your Apruvd account").waitFor();
    await screenshot(page, "dashboard-empty");
  });

  it("shows an error state for a review that does not exist", async () => {
    await open(SHOP, "/app/reviews/does-not-exist");
    await page.getByRole("heading", { name: "Review not found" }).first().waitFor();
    await screenshot(page, "review-not-found");
  });
});

/** The number a figure link shows ("Declined: 15. Show these orders" → 15). */
async function figure(label: string): Promise<number> {
  const name = await page
    .getByRole("link", { name: new RegExp(`^${label}: [\\d,]+\\. Show these orders$`) })
    .getAttribute("aria-label");
  return Number(/: ([\d,]+)\./.exec(name ?? "")![1].replace(/,/g, ""));
}

describe("needs the merchant", { timeout: 120_000 }, () => {
  it("the figures add up to the orders, and each opens its own list", async () => {
    await open(SHOP, "/app");
    const parts = await Promise.all(["Approved", "Declined", "Under review", "Not sent", "Cancelled"].map(figure));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(await figure("Orders"));

    await page.getByRole("link", { name: /^Declined: [\d,]+\. Show these orders$/ }).click();
    await page.waitForURL(/tab=declined/);
    await page.waitForFunction(() => {
      const badges = [...document.querySelectorAll(".Polaris-IndexTable__TableRow .Polaris-Badge")].map(
        (b) => (b as HTMLElement).innerText,
      );
      return badges.length > 0 && badges.every((b) => b.includes("Declined"));
    });

    await page.getByRole("link", { name: /^Needs you: [\d,]+\. Show these orders$/ }).click();
    await page.waitForURL(/tab=needs_action/);
    await page
      .locator(".Polaris-IndexTable__TableRow")
      .first()
      .getByText(/^Needs you:/)
      .waitFor();
    const rows = await page.locator(".Polaris-IndexTable__TableRow").allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/Needs you:/);
    await screenshot(page, "dashboard-needs-you");
  });

  it("a review waiting to submit gets Submit on its row; the row refreshes by itself while it is in flight", async () => {
    const waiting = await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/6100000008888", orderName: "#2002", status: "pending" },
    });
    try {
      await open(SHOP, "/app", { q: "2002" });
      await page.getByRole("button", { name: "Actions for order #2002" }).click();
      await page.getByRole("menuitem", { name: "Submit for review" }).waitFor();
      await page.getByRole("button", { name: "Actions for order #2002" }).click();
      // The worker decides meanwhile: the page shows it without a reload.
      await prisma.review.update({ where: { id: waiting.id }, data: { status: "Approved", transactionId: 990002 } });
      await page
        .locator(".Polaris-IndexTable__TableRow .Polaris-Badge")
        .getByText("Approved")
        .waitFor({ timeout: 15_000 });
    } finally {
      await prisma.review.delete({ where: { id: waiting.id } });
    }
  });

  it("a declined order still held says it will not ship and offers cancel (with choices) or release, confirmed", async () => {
    const held = await prisma.review.create({
      data: {
        shop: SHOP,
        orderId: "gid://shopify/Order/6100000007777",
        orderName: "#2003",
        transactionId: 990003,
        status: "Declined",
        holds: {
          create: {
            fulfillmentOrderId: "gid://shopify/FulfillmentOrder/7777",
            holdId: "gid://shopify/FulfillmentHold/7777",
          },
        },
        events: {
          create: {
            type: "hold_placed",
            message: "Fulfillment hold placed",
            detail: JSON.stringify({
              fulfillmentOrderId: "gid://shopify/FulfillmentOrder/7777",
              holdId: "gid://shopify/FulfillmentHold/7777",
            }),
          },
        },
      },
    });
    try {
      await open(SHOP, `/app/reviews/${held.id}`);
      await page.getByText("Held: this order will not ship: Apruvd declined it.").waitFor();
      const body = await page.locator("body").innerText();
      expect(body).not.toContain("gid://");
      await screenshot(page, "review-declined-held");

      await page.getByRole("button", { name: "Cancel order…" }).click();
      await page.getByText("Cancel order #2003 in Shopify?").waitFor();
      await page.getByLabel("Refund the payment to the original payment method").check();
      await page.getByLabel("Email the customer").check();
      expect(await prisma.inboxEvent.count({ where: { shop: SHOP, topic: "merchant/cancel-order" } })).toBe(0);
      await screenshot(page, "review-cancel-order-confirm");
      await page.getByRole("button", { name: "Cancel order", exact: true }).click();
      await page.getByText("Order cancellation requested").first().waitFor();
      const event = await prisma.inboxEvent.findFirstOrThrow({ where: { shop: SHOP, topic: "merchant/cancel-order" } });
      expect(JSON.parse(event.payload)).toEqual({
        orderKey: "6100000007777",
        action: "cancel-order",
        cancel: { restock: true, refund: true, notifyCustomer: true },
      });

      await page.getByRole("button", { name: "Release and ship anyway…" }).click();
      await page.getByText("Release the hold on #2003 and let it ship?").waitFor();
      await page.getByRole("button", { name: "Release and ship", exact: true }).click();
      await page.getByText("Release requested", { exact: false }).first().waitFor();
      expect(await prisma.inboxEvent.count({ where: { shop: SHOP, topic: "merchant/release" } })).toBe(1);
    } finally {
      await prisma.review.delete({ where: { id: held.id } });
    }
  });

  it("the sent transaction's fields read in words", async () => {
    const review = await prisma.review.findFirstOrThrow({ where: { shop: SHOP, orderName: "#2001" } });
    await open(SHOP, `/app/reviews/${review.id}`);
    await page.getByText("Address check (AVS)").waitFor();
    const body = await page.locator("body").innerText();
    for (const apiName of ["first_six", "avs", "billing_postal", "order_num"])
      expect(body).not.toMatch(new RegExp(`\\b${apiName}\\b`));
  });

  it("a banner on every page while Apruvd refuses the keys: orders held, will not ship, a link to fix them", async () => {
    const paused = await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/6100000006666", orderName: "#2004", status: "paused" },
    });
    await prisma.shopSettings.update({
      where: { shop: SHOP },
      data: { apruvdKeysRefusedAt: new Date(), apruvdKeysRefusedMessage: "Invalid or disabled credentials" },
    });
    try {
      for (const pathname of ["/app", "/app/chargebacks", `/app/reviews/${paused.id}`]) {
        await open(SHOP, pathname);
        await page.getByText("Apruvd refuses your API keys: orders are not being reviewed").waitFor();
        await page.getByText("1 order is held and will not ship until this is resolved", { exact: false }).waitFor();
      }
      await screenshot(page, "banner-keys-refused");
      await page.getByRole("link", { name: "Fix your API keys" }).first().click();
      await page.waitForURL(/\/app\/settings/);
    } finally {
      await prisma.shopSettings.update({
        where: { shop: SHOP },
        data: { apruvdKeysRefusedAt: null, apruvdKeysRefusedMessage: null },
      });
      await prisma.review.delete({ where: { id: paused.id } });
    }
    await open(SHOP, "/app");
    expect(await page.getByText("Apruvd refuses your API keys").count()).toBe(0);
  });
});

describe("onboarding", { timeout: 120_000 }, () => {
  it("rejects wrong keys with Apruvd's message, then connects and registers the callbacks", async () => {
    await open(FRESH, "/app/onboarding");
    await page.getByRole("heading", { name: "Set up Apruvd" }).waitFor();
    await screenshot(page, "onboarding");
    await page.getByLabel("API key ID").fill("WRONGKEY");
    await page.getByLabel("API key secret").fill("wrong-secret");
    await page.getByRole("button", { name: "Test connection and continue" }).click();
    await page.getByText("Apruvd connection failed").waitFor();
    expect(await page.locator("body").innerText()).toMatch(/rejected these API keys/);
    await screenshot(page, "onboarding-error");

    const fresh = sandbox.createAccount();
    await page.getByLabel("API key ID").fill(fresh.keyId);
    await page.getByLabel("API key secret").fill(fresh.secret);
    await page.getByRole("button", { name: "Test connection and continue" }).click();
    await page.getByText("Callbacks are registered.", { exact: false }).waitFor();
    const settings = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: FRESH } });
    expect(settings.credentialsVerifiedAt).not.toBeNull();
    expect(settings.callbacksRegisteredAt).not.toBeNull();
    expect(settings.apruvdSecretEnc).not.toContain(fresh.secret);
    const body = await page.locator("body").innerText();
    expect(body).not.toContain(fresh.secret);
    expect(await page.getByLabel("API key secret").inputValue()).toBe("");
    // The callback details are for Apruvd's support: under "Advanced", closed until asked for.
    expect(await page.getByLabel("Callback URL").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Advanced: callback details" }).click();
    await page.getByLabel("Callback URL").waitFor({ state: "visible" });
    expect(await page.getByLabel("Callback URL").inputValue()).toBe(
      `${app.url}/apruvd/callback/${settings.callbackKey}`,
    );
    expect(await page.getByLabel("Callback password").inputValue()).toMatch(/^•+.{4}$/);
    await screenshot(page, "onboarding-connected");
  });
});

describe("settings", { timeout: 120_000 }, () => {
  it("shows every setting, reports invalid fields inline and saves through the save bar", async () => {
    await open(SHOP, "/app/settings");
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    expect(await page.getByLabel("Submit new orders automatically").isChecked()).toBe(true);
    expect(await page.getByLabel("Cancel declined orders").isChecked()).toBe(false);
    expect(await page.getByLabel("Restock the items").isDisabled()).toBe(true);
    expect(await page.locator("ui-save-bar[data-open]").count()).toBe(0);
    await screenshot(page, "settings");

    await page.getByLabel("Cancel declined orders").check();
    await page.getByLabel("Refund to the original payment method").check();
    await page.getByLabel("Minimum order total").fill("lots");
    await page.getByLabel("Payment gateways").fill("manual, Cash on Delivery (COD)");
    await page.locator("ui-save-bar[data-open]").waitFor();
    await page.locator('ui-save-bar[data-open] button[variant="primary"]').click();
    await page.getByText("Enter the minimum total as an amount", { exact: false }).waitFor();
    await page.getByText("To save your settings, fix 1 error").waitFor();
    expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).cancelDeclined).toBe(false);
    await screenshot(page, "settings-errors");

    await page.getByLabel("Minimum order total").fill("25");
    await page.locator('ui-save-bar[data-open] button[variant="primary"]').click();
    await page.locator("#stub-toast").getByText("Settings saved").waitFor();
    await page.locator("ui-save-bar[data-open]").waitFor({ state: "detached" });
    const saved = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(saved).toMatchObject({ cancelDeclined: true, cancelRefund: true, cancelRestock: true, autoSubmit: true });
    expect(JSON.parse(saved.exclusionRules)).toEqual({ gateways: ["manual", "Cash on Delivery (COD)"], minTotal: 25 });
  });

  it("tests the saved connection and reports a rejected key", async () => {
    await open(SHOP, "/app/settings");
    await page.getByRole("button", { name: "Test saved connection" }).click();
    await page.getByText("Connection works", { exact: false }).waitFor();
    sandbox.disableAccount(account);
    await page.getByRole("button", { name: "Test saved connection" }).click();
    await page.getByText("Apruvd connection failed").waitFor();
    expect(await page.locator("body").innerText()).toMatch(
      /rejected these API keys \(Invalid or disabled credentials\)/,
    );
    await screenshot(page, "settings-connection-error");
    // Re-enable for the chargeback tests: a new account with the same shop.
    account = sandbox.createAccount();
    const again = await connectApruvd(prisma, SHOP, account);
    expect(again.ok).toBe(true);
    const client = new ApruvdClient({ baseUrl: sandbox.url, credentials: account });
    for (const orderNum of ["1001", "1002", "1003"]) {
      await client.submitTransaction({
        type: "Ecommerce",
        total: 120.5,
        currency: "USD",
        order_num: orderNum,
        ip: "203.0.113.7",
        email: "approve@example.com",
      } as never);
    }
  });
});

describe("chargebacks", { timeout: 120_000 }, () => {
  it("shows the empty state, then files a claim with a document", async () => {
    await open(SHOP, "/app/chargebacks");
    await page.getByText("No chargeback claims").waitFor();
    await screenshot(page, "chargebacks-empty");

    await page.getByRole("link", { name: "File a chargeback" }).first().click();
    await page.getByRole("heading", { name: "File a chargeback" }).waitFor();
    await page.getByLabel("Order number").fill("1001");
    await page.getByLabel("Claim amount").fill("99.90");
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles({ name: "bank-letter.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.getByText("bank-letter.pdf").waitFor();
    await screenshot(page, "chargebacks-new");
    await page.getByRole("button", { name: "File chargeback" }).click();
    await page.getByText("Chargeback filed for order 1001").waitFor();
    const row = page.locator(".Polaris-IndexTable__TableRow").first();
    expect(await row.innerText()).toMatch(/1001[\s\S]*\$99\.90[\s\S]*Reviewing[\s\S]*1/);
    await screenshot(page, "chargebacks");
  });

  it("shows Apruvd's errors inline and refuses a file that is not a PDF or image", async () => {
    await open(SHOP, "/app/chargebacks/new");
    await page.getByLabel("Order number").fill("9999");
    await page.getByRole("button", { name: "File chargeback" }).click();
    await page.getByText("Apruvd: No transaction with this order_num.").waitFor();

    await page.getByLabel("Order number").fill("1002");
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles({ name: "claim.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ this is not a pdf") });
    await page.getByRole("button", { name: "File chargeback" }).click();
    await page.getByText("upload a PDF or an image", { exact: false }).first().waitFor();
    await screenshot(page, "chargebacks-errors");
    const list = await new ApruvdClient({ baseUrl: sandbox.url, credentials: account }).chargebacks.list();
    expect(list.results.map((c) => c.order_num)).toEqual(["1001"]);
  });

  it("moves an Alert to Reviewing, updates the amount and deletes the claim", async () => {
    const client = new ApruvdClient({ baseUrl: sandbox.url, credentials: account });
    await client.chargebacks.create({ order_num: "1003", claim_status: "Alert" });
    await open(SHOP, "/app/chargebacks/1003");
    await page.getByRole("heading", { name: "Chargeback for order 1003" }).waitFor();
    await page.getByRole("button", { name: "Move to Reviewing" }).click();
    await page.getByText("Chargeback updated").waitFor();
    expect((await client.chargebacks.get("1003")).claim_status).toBe("Reviewing");
    await page.getByLabel("Claim amount").fill("80");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForFunction(() => document.body.innerText.includes("$80.00"));
    expect((await client.chargebacks.get("1003")).claim_amount).toBe("80.00");
    await screenshot(page, "chargeback-detail");
    await page.getByRole("button", { name: "Delete claim" }).first().click();
    await page.getByText("Delete the chargeback claim for order 1003?").waitFor();
    await page.getByRole("button", { name: "Delete claim" }).last().click();
    await page.getByText("Chargeback for order 1003 deleted").waitFor();
    expect((await client.chargebacks.list()).results.map((c) => c.order_num)).toEqual(["1001"]);
  });

  it("asks a shop without Apruvd keys to connect first", async () => {
    await prisma.shopSettings.deleteMany({ where: { shop: FRESH } });
    await open(FRESH, "/app/chargebacks");
    await page.getByText("Apruvd isn't connected").waitFor();
    await screenshot(page, "chargebacks-not-connected");
  });
});

describe("the browser saw no page errors", () => {
  it("has no uncaught exceptions and wrote every screenshot", () => {
    expect(pageErrors).toEqual([]);
    for (const name of [
      "dashboard",
      "dashboard-filtered",
      "review",
      "settings",
      "settings-errors",
      "onboarding",
      "chargebacks",
      "chargebacks-new",
    ]) {
      expect(fs.existsSync(path.join(SCREENSHOT_DIR, `${name}.png`)), name).toBe(true);
    }
  });
});
