/**
 * What the server writes reaches a French admin in French: a review's history lines (stored
 * as i18n keys with parameters, Apruvd's own words kept as Apruvd wrote them), its error,
 * the lines of rows written before keys existed, and the settings page's validation errors
 * and connection results. The built app in Chromium, the admin user's locale as Shopify
 * passes it (`locale=fr`), the browser itself in English.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { historyLine } from "../../app/lib/merchant/i18n/history-lines";
import { connectApruvd } from "../../app/lib/merchant/onboarding/connect-apruvd.server";
import { recordReviewEvent, reviewError } from "../../app/lib/review/review-events.server";
import { startApruvdSandbox, type ApruvdSandbox } from "../../sandbox/apruvd/server";
import { startShopifySimulator, type ShopifySimulator } from "../../sandbox/shopify/simulator";
import {
  launchChromium,
  offlineContext,
  startBuiltApp,
  type PwBrowser,
  type PwContext,
  type PwPage,
  type TestApp,
} from "../support/browser-harness";
import { seedOfflineSession } from "../support/browser-session";

const SHOP = "boutique-lyon.myshopify.com";
const OLD_VERSION_TEXT = "Checked by hand on the phone with the customer";

let sandbox: ApruvdSandbox;
let shopify: ShopifySimulator;
let app: TestApp;
let browser: PwBrowser;
let account: { keyId: string; secret: string };
let setupError: unknown = null;
let reviewId = "";

async function seed() {
  await seedOfflineSession(prisma, SHOP);
  const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
  shopify.seedShop(SHOP, { accessToken: session.accessToken, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
  await prisma.shopSettings.deleteMany({ where: { shop: SHOP } });
  account = sandbox.createAccount();
  const connected = await connectApruvd(prisma, SHOP, account);
  if (!connected.ok) throw new Error(connected.message);
  await prisma.review.deleteMany({ where: { shop: SHOP } });

  // A submission Apruvd refused, written the way the review service writes it.
  const refused = historyLine("history.refused", { apruvdMessage: "shipping_country: Not a valid choice." });
  const review = await prisma.review.create({
    data: {
      shop: SHOP,
      orderId: "gid://shopify/Order/7200000000001",
      orderName: "#5001",
      status: "error",
      total: "89.00",
      currency: "EUR",
      ...reviewError(refused),
    },
  });
  reviewId = review.id;
  const at = (seconds: number) => new Date(Date.parse("2026-11-30T10:00:00Z") + seconds * 1000);
  // Rows written before history lines had keys: one whose text is a line, one that is not.
  await prisma.reviewEvent.createMany({
    data: [
      { reviewId, type: "hold_placed", message: "Fulfillment hold placed", createdAt: at(0) },
      { reviewId, type: "note", message: OLD_VERSION_TEXT, createdAt: at(1) },
    ],
  });
  await recordReviewEvent(
    prisma,
    reviewId,
    "fields_withheld",
    historyLine("history.fieldsWithheld", { fields: ["customer.phone"], count: 1 }),
  );
  await recordReviewEvent(prisma, reviewId, "error", refused);
  await prisma.reviewEvent.updateMany({ where: { reviewId, messageKey: { not: null } }, data: { createdAt: at(2) } });
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

/** A French admin user (Shopify's `locale=fr`) in an English browser. */
async function openInFrench(pathname: string): Promise<{ page: PwPage; context: PwContext; errors: string[] }> {
  const context = await offlineContext(browser, { locale: "en-US", timezoneId: "UTC" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(app.page(SHOP, pathname, { locale: "fr" }), { waitUntil: "load" });
  await page.waitForFunction(
    () =>
      (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined &&
      document.readyState === "complete",
  );
  await page.waitForTimeout(300);
  return { page, context, errors };
}

// Intl and the dictionaries separate some French punctuation with no-break spaces.
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("server messages on a French admin's pages", { timeout: 120_000 }, () => {
  it("shows the review's history lines and error in French, Apruvd's own words as Apruvd wrote them", async () => {
    const { page, context, errors } = await openInFrench(`/app/reviews/${reviewId}`);
    await page.getByRole("heading", { name: "Historique" }).waitFor();
    const history = spaced(await page.getByRole("list", { name: "Historique de l’examen" }).innerText());
    expect(history).toContain("Shopify n’a pas communiqué customer.phone : envoyée à Apruvd sans ce champ.");
    expect(history).toContain("Apruvd a refusé la transaction : shipping_country: Not a valid choice.");
    // Written before keys existed: read back as its line, in French...
    expect(history).toContain("Blocage du traitement posé");
    // ...or, when no line has that text, shown as it was written.
    expect(history).toContain(OLD_VERSION_TEXT);
    expect(history).not.toMatch(/Fulfillment hold placed|Shopify withheld|Apruvd refused the transaction/);
    // The review's error, in the banner that says what happens to the order.
    const body = spaced(await page.locator("body").innerText());
    expect(body).toContain("Apruvd a refusé la transaction : shipping_country: Not a valid choice.");
    expect(body).not.toContain("Apruvd refused the transaction");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the settings page's validation errors and connection results in French", async () => {
    const { page, context, errors } = await openInFrench("/app/settings");
    await page.getByLabel("Total de commande minimum").fill("beaucoup");
    await page.getByLabel("Balises de commande").fill("a".repeat(101));
    await page.locator("ui-save-bar[data-open]").waitFor();
    await page.locator('ui-save-bar[data-open] button[variant="primary"]').click();
    await page.getByText("Pour enregistrer vos paramètres, corrigez 2 erreurs").waitFor();
    const text = spaced(await page.locator("body").innerText());
    expect(text).toContain("Saisissez le total minimum sous forme de montant, par exemple 25 ou 25,50");
    expect(text).toContain("Chaque balise de commande doit faire au plus 100 caractères");
    expect(text).not.toMatch(/Enter the minimum total|must be 100 characters/);
    expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).exclusionRules).toBe("{}");

    // Apruvd refuses the saved keys: the sentence is French, Apruvd's reason as Apruvd gave it.
    sandbox.disableAccount(account);
    await page.getByRole("button", { name: "Tester la connexion enregistrée" }).click();
    await page.getByText("La connexion à Apruvd a échoué").waitFor();
    expect(spaced(await page.locator("body").innerText())).toMatch(
      /Apruvd a refusé ces clés d’API \(Invalid or disabled credentials\)\. Vérifiez l’ID et le secret/,
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
