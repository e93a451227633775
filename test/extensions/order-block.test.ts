/**
 * The admin order block (extensions/apruvd-order-block), bundled exactly as `shopify app
 * build` bundles it, run in a DOM (happy-dom) against the contract of its target,
 * admin.order-details.block.render:
 *
 * - the `shopify` global: `extend(target, render)` (how 2025-10+ bundles register their
 *   default export), `data.selected[0].id` (the order's GID), `i18n.translate` over the
 *   extension's own locales/*.json (dotted keys, `{{placeholder}}` replacements, the
 *   admin's locale with en.default as fallback), `auth.idToken()`, `query`;
 * - the admin's `fetch`: relative URLs resolve against the app URL, and requests to the
 *   app's own origin carry `Authorization: Bearer <ID token>` added by the admin
 *   (https://shopify.dev/docs/api/admin-extensions/latest#app-authentication).
 *
 * Only the admin host is faked: the block's requests reach the real /api/order-block
 * route (real authenticate.admin with a signed session token, real database).
 */
import fs from "node:fs";
import path from "node:path";
import { Window } from "happy-dom";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { action, loader } from "../../app/routes/api.order-block";
import { BUNDLE_LIMIT_BYTES, bundleUiExtension, type UiExtensionBundle } from "../../scripts/ui-extension-bundle";
import { historyLine } from "../../app/lib/merchant/i18n/history-lines";
import { reviewError } from "../../app/lib/review/review-events.server";
import { REVIEW_STATUSES } from "../../app/lib/review/review-state";
import { seedOfflineSession, sessionToken } from "../support/browser-session";

const EXTENSION_DIR = path.resolve("extensions/apruvd-order-block");
const TARGET = "admin.order-details.block.render";
const SHOP = "order-block-ext.myshopify.com";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

type Translations = { [key: string]: string | Translations };
const locale = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", `${name}.json`), "utf8")) as Translations;

function lookup(translations: Translations, key: string): string | undefined {
  let node: string | Translations | undefined = translations;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

interface SentRequest {
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

/** The admin host of one block: the `shopify` global, the admin's fetch, a DOM. */
function fakeAdminHost(options: { orderId: string; locale: "en" | "fr" }) {
  const window = new Window({ url: "https://admin.shopify.com/store/order-block-ext/orders/1" });
  const fallback = locale("en.default");
  const translations = options.locale === "en" ? fallback : locale(options.locale);
  const appUrl = new URL(process.env.SHOPIFY_APP_URL ?? "");
  const sent: SentRequest[] = [];
  let registered: ((...args: unknown[]) => unknown) | null = null;
  const idToken = () => Promise.resolve(sessionToken({ shop: SHOP }));

  const shopify = {
    extension: { target: TARGET },
    extend(target: string, render: (...args: unknown[]) => unknown) {
      expect(target).toBe(TARGET);
      registered = render;
    },
    data: { selected: [{ id: options.orderId }] },
    i18n: {
      translate(key: string, replacements: Record<string, string | number> = {}) {
        const template = lookup(translations, key) ?? lookup(fallback, key);
        if (template === undefined) throw new Error(`missing translation: ${key}`);
        return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(replacements[name] ?? ""));
      },
    },
    auth: { idToken },
    query: () => Promise.reject(new Error("the order block does not use Direct API access")),
  };

  async function adminFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(String(input), appUrl);
    const headers = new Headers(init.headers);
    headers.set("Origin", EXTENSION_ORIGIN);
    if (url.origin === appUrl.origin) headers.set("Authorization", `Bearer ${await idToken()}`);
    const request = new Request(url, { ...init, headers });
    const body = init.body ? (JSON.parse(String(init.body)) as unknown) : null;
    sent.push({ method: request.method, url: url.toString(), authorization: headers.get("Authorization"), body });
    if (url.pathname !== "/api/order-block") return new Response("not found", { status: 404 });
    const args = { request, params: {}, context: {} };
    try {
      return (await (request.method === "GET" ? loader(args) : action(args))) as Response;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  return {
    window,
    document: window.document,
    sent,
    /** Evaluates the bundle as the admin does and renders its registered target. */
    async run(bundle: UiExtensionBundle) {
      new Function("shopify", "document", "fetch", bundle.code)(shopify, window.document, adminFetch);
      if (!registered) throw new Error("the bundle registered no target with shopify.extend");
      await registered();
    },
  };
}

type Host = ReturnType<typeof fakeAdminHost>;

async function waitFor<T>(probe: () => T | null | undefined | false, what: string): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

const text = (host: Host, selector: string) =>
  Array.from(host.document.body.querySelectorAll(selector)).map((element) => element.textContent?.trim() ?? "");

let bundle: UiExtensionBundle;
const hosts: Host[] = [];

beforeAll(async () => {
  bundle = await bundleUiExtension(EXTENSION_DIR);
});

beforeEach(async () => {
  await prisma.review.deleteMany();
  await prisma.inboxEvent.deleteMany();
  await seedOfflineSession(prisma, SHOP);
});

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.window.happyDOM.close();
});

function open(options: { orderId: string; locale: "en" | "fr" }): Host {
  const host = fakeAdminHost(options);
  hosts.push(host);
  return host;
}

describe("admin order block", () => {
  it("is built for API version 2026-10 and stays under Shopify's 64 KB compressed limit", () => {
    expect(bundle.apiVersion).toBe("2026-10");
    expect(bundle.targets).toEqual([{ target: TARGET, module: "./src/BlockExtension.tsx" }]);
    expect(bundle.gzipBytes).toBeLessThan(BUNDLE_LIMIT_BYTES);
    expect(bundle.brotliBytes).toBeLessThan(BUNDLE_LIMIT_BYTES);
  });

  it("shows a reviewed order's status, risk grade and notes, with a link to the review", async () => {
    const review = await prisma.review.create({
      data: {
        shop: SHOP,
        orderId: "gid://shopify/Order/501",
        status: "Declined",
        riskGrade: "D",
        notes: "Billing and shipping mismatch",
        transactionId: 9,
      },
    });
    const host = open({ orderId: "gid://shopify/Order/501", locale: "en" });
    await host.run(bundle);

    await waitFor(() => host.document.body.querySelector("s-badge"), "the status badge");
    expect(host.document.body.querySelector("s-admin-block")?.getAttribute("heading")).toBe("Apruvd fraud review");
    expect(text(host, "s-badge")).toEqual(["Declined"]);
    expect(host.document.body.querySelector("s-badge")?.getAttribute("tone")).toBe("critical");
    expect(text(host, "s-text")).toEqual(expect.arrayContaining(["Status", "Risk grade", "D"]));
    expect(text(host, "s-paragraph")).toContain("Billing and shipping mismatch");
    const link = host.document.body.querySelector("s-link");
    expect(link?.textContent).toBe("Open in app");
    expect(link?.getAttribute("href")).toBe(`app:app/reviews/${review.id}`);
    expect(host.document.body.querySelector("s-button")).toBeNull();

    expect(host.sent).toEqual([
      {
        method: "GET",
        url: `${new URL("/api/order-block", process.env.SHOPIFY_APP_URL).toString()}?orderId=gid%3A%2F%2Fshopify%2FOrder%2F501&language=en`,
        authorization: expect.stringMatching(/^Bearer \S+\.\S+\.\S+$/),
        body: null,
      },
    ]);
  });

  it("submits an order that was never reviewed: the action posts the order id to api/order-block", async () => {
    const host = open({ orderId: "gid://shopify/Order/502", locale: "en" });
    await host.run(bundle);

    const button = await waitFor(() => host.document.body.querySelector("s-button"), "the Submit button");
    expect(text(host, "s-badge")).toEqual(["Not reviewed"]);
    expect(text(host, "s-paragraph")).toContain("This order hasn't been sent to Apruvd.");
    expect(button.textContent).toBe("Submit for review");

    (button as unknown as { click(): void }).click();
    await waitFor(() => host.document.body.querySelector("s-banner"), "the confirmation banner");

    const post = host.sent.find((request) => request.method === "POST");
    expect(post).toMatchObject({
      url: new URL("/api/order-block", process.env.SHOPIFY_APP_URL).toString(),
      authorization: expect.stringMatching(/^Bearer /),
      body: { orderId: "gid://shopify/Order/502", action: "submit" },
    });
    expect(text(host, "s-banner")).toEqual(["Submitted for review. The status updates in a moment."]);
    expect(host.document.body.querySelector("s-banner")?.getAttribute("tone")).toBe("success");
    expect(await prisma.inboxEvent.findFirst()).toMatchObject({ topic: "merchant/submit", shop: SHOP });
  });

  it("speaks French when the admin's locale is fr", async () => {
    await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/503", status: "Approved", riskGrade: "A", transactionId: 10 },
    });
    const host = open({ orderId: "gid://shopify/Order/503", locale: "fr" });
    await host.run(bundle);

    await waitFor(() => host.document.body.querySelector("s-badge"), "the status badge");
    expect(host.document.body.querySelector("s-admin-block")?.getAttribute("heading")).toBe(
      "Vérification anti-fraude Apruvd",
    );
    expect(text(host, "s-badge")).toEqual(["Approuvée"]);
    expect(text(host, "s-text")).toEqual(expect.arrayContaining(["Statut", "Note de risque", "A"]));
    expect(text(host, "s-paragraph")).toContain("Aucune remarque de l’analyste.");
    expect(host.document.body.querySelector("s-link")?.textContent).toBe("Ouvrir dans l’application");
  });

  it("has a label for every review status the app stores, in English and French", () => {
    for (const file of ["en.default.json", "fr.json"]) {
      const locale = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8")) as {
        statuses: Record<string, string>;
      };
      expect(Object.keys(locale.statuses).sort(), file).toEqual(["none", ...REVIEW_STATUSES].sort());
    }
  });

  it("shows the review's error in the admin's language, Apruvd's own words as written", async () => {
    const error = reviewError(historyLine("history.keysRefused", { apruvdMessage: "Invalid or disabled credentials" }));
    await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/504", status: "paused", ...error },
    });
    const host = open({ orderId: "gid://shopify/Order/504", locale: "fr" });
    await host.run(bundle);

    await waitFor(() => host.document.body.querySelector("s-paragraph[tone=critical]"), "the error");
    expect(text(host, "s-paragraph[tone=critical]")).toEqual([
      "Apruvd refuse les clés d’API de cette boutique (Invalid or disabled credentials) : les envois sont suspendus jusqu’à ce qu’elles fonctionnent de nouveau",
    ]);
  });

  it("says so when the review cannot be loaded", async () => {
    const host = open({ orderId: "not-an-order", locale: "en" });
    await host.run(bundle);

    const banner = await waitFor(() => host.document.body.querySelector("s-banner"), "the error banner");
    expect(banner.getAttribute("tone")).toBe("critical");
    expect(banner.textContent).toBe("The review could not be loaded. Try again in a moment.");
  });
});
