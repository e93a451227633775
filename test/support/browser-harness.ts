/**
 * Browser-test harness: the real built app served locally (build/server/index.js via
 * app/server/app-server.ts, no worker), headless Debian Chromium driven by
 * playwright-core, App Bridge replaced by a stub (see browser-app-bridge-stub.ts) and
 * every request that would leave this machine blocked.
 *
 * Nothing here skips: a missing Chromium, playwright-core or build is an error that
 * says how to fix it.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startAppServer, type AppServer } from "../../app/server/app-server";
import { freePort } from "../../sandbox/harness/utilities";
import { APP_BRIDGE_STUB, APP_BRIDGE_URL } from "./browser-app-bridge-stub";
import { embeddedQuery } from "./browser-session";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const PLAYWRIGHT_INSTALL = "npm install --save-dev --save-exact playwright-core@1.65.1";

// The few playwright-core types these tests use (the package is loaded at run time,
// so that typechecking does not depend on it).
export interface PwLocator {
  click(options?: { timeout?: number }): Promise<void>;
  fill(value: string): Promise<void>;
  check(): Promise<void>;
  uncheck(): Promise<void>;
  isChecked(): Promise<boolean>;
  isVisible(): Promise<boolean>;
  isDisabled(): Promise<boolean>;
  textContent(): Promise<string | null>;
  inputValue(): Promise<string>;
  innerText(): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  count(): Promise<number>;
  first(): PwLocator;
  last(): PwLocator;
  nth(index: number): PwLocator;
  locator(selector: string): PwLocator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): PwLocator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): PwLocator;
  getByLabel(text: string | RegExp, options?: { exact?: boolean }): PwLocator;
  waitFor(options?: { state?: "attached" | "detached" | "visible" | "hidden"; timeout?: number }): Promise<void>;
  setInputFiles(
    files:
      { name: string; mimeType: string; buffer: Buffer } | Array<{ name: string; mimeType: string; buffer: Buffer }>,
  ): Promise<void>;
  press(key: string): Promise<void>;
  blur(): Promise<void>;
  getAttribute(name: string): Promise<string | null>;
  scrollIntoViewIfNeeded(): Promise<void>;
}
export interface PwRoute {
  request(): { url(): string };
  fulfill(response: { status?: number; contentType?: string; body?: string }): Promise<void>;
  abort(): Promise<void>;
  continue(): Promise<void>;
}
export interface PwPage {
  goto(url: string, options?: { waitUntil?: "load" | "domcontentloaded" | "networkidle" }): Promise<unknown>;
  url(): string;
  locator(selector: string): PwLocator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): PwLocator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): PwLocator;
  getByLabel(text: string | RegExp, options?: { exact?: boolean }): PwLocator;
  getByPlaceholder(text: string | RegExp): PwLocator;
  waitForURL(url: string | RegExp | ((url: URL) => boolean), options?: { timeout?: number }): Promise<void>;
  waitForLoadState(state?: "load" | "domcontentloaded" | "networkidle"): Promise<void>;
  waitForFunction<A>(fn: string | ((arg: A) => unknown), arg?: A, options?: { timeout?: number }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<Buffer>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  viewportSize(): { width: number; height: number } | null;
  evaluate<T>(fn: string | (() => T)): Promise<T>;
  on(event: "console", handler: (message: { type(): string; text(): string }) => void): void;
  on(event: "pageerror", handler: (error: Error) => void): void;
  close(): Promise<void>;
}
export interface PwContext {
  newPage(): Promise<PwPage>;
  route(
    url: string | RegExp | ((url: URL) => boolean),
    handler: (route: PwRoute) => Promise<void> | void,
  ): Promise<void>;
  close(): Promise<void>;
}
export interface PwBrowser {
  newContext(options?: {
    viewport?: { width: number; height: number };
    deviceScaleFactor?: number;
    locale?: string;
    timezoneId?: string;
    userAgent?: string;
  }): Promise<PwContext>;
  close(): Promise<void>;
}
interface PlaywrightCore {
  chromium: { launch(options: { executablePath: string; args: string[]; headless?: boolean }): Promise<PwBrowser> };
}

async function loadPlaywright(): Promise<PlaywrightCore> {
  const candidates = ["playwright-core"];
  if (process.env.PLAYWRIGHT_CORE_DIR)
    candidates.push(pathToFileURL(path.join(process.env.PLAYWRIGHT_CORE_DIR, "index.mjs")).href);
  for (const specifier of candidates) {
    try {
      const mod = (await import(/* @vite-ignore */ specifier)) as PlaywrightCore & { default?: PlaywrightCore };
      return mod.chromium ? mod : (mod.default as PlaywrightCore);
    } catch {
      // try the next one
    }
  }
  throw new Error(`The browser tests need playwright-core. Install it with: ${PLAYWRIGHT_INSTALL}`);
}

export async function launchChromium(): Promise<PwBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. Install it (Debian: apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  const { chromium } = await loadPlaywright();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * The user agent of a desktop Chrome. authenticate.admin answers bots (isbot) with
 * 410 Gone, and headless Chromium announces itself as "HeadlessChrome".
 */
export const DESKTOP_CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/**
 * A context that never leaves this machine and gets the App Bridge stub. `locale` and
 * `timezoneId` are the browser's own (Accept-Language, Intl defaults, TZ), not the shop's.
 */
export async function offlineContext(
  browser: PwBrowser,
  options: { locale?: string; timezoneId?: string } = {},
): Promise<PwContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    locale: options.locale ?? "en-US",
    timezoneId: options.timezoneId ?? "UTC",
    userAgent: DESKTOP_CHROME_UA,
  });
  await context.route(
    (url) => !["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:",
    async (route) => {
      const url = route.request().url();
      if (url.startsWith(APP_BRIDGE_URL)) {
        await route.fulfill({ status: 200, contentType: "application/javascript", body: APP_BRIDGE_STUB });
      } else if (url.startsWith("https://cdn.shopify.com/static/fonts/")) {
        // Polaris' Inter font stylesheet: the system font stands in.
        await route.fulfill({ status: 200, contentType: "text/css", body: "" });
      } else {
        await route.abort();
      }
    },
  );
  return context;
}

export interface TestApp {
  url: string;
  /** A document URL of the embedded app for `shop`, authenticated with a fresh session token. */
  page(shop: string, pathname: string, extra?: Record<string, string>): string;
  close(): Promise<void>;
}

/** Serves build/ (run `npx remix vite:build` first; `npm test` does). */
export async function startBuiltApp(): Promise<TestApp> {
  const buildFile = path.resolve("build/server/index.js");
  if (!fs.existsSync(buildFile))
    throw new Error("build/server/index.js is missing: run `npx remix vite:build` (npm test builds before testing).");
  const port = await freePort();
  process.env.SHOPIFY_APP_URL = `http://127.0.0.1:${port}`;
  const build = (await import(/* @vite-ignore */ `${pathToFileURL(buildFile).href}?t=${Date.now()}`)) as ServerBuild;
  const server: AppServer = await startAppServer({
    build,
    port,
    clientDir: path.resolve("build/client"),
    worker: false,
  });
  return {
    url: server.url,
    page(shop, pathname, extra = {}) {
      const query = new URLSearchParams(embeddedQuery(shop));
      for (const [k, v] of Object.entries(extra)) query.set(k, v);
      return `${server.url}${pathname}?${query}`;
    },
    close: () => server.close(),
  };
}

// Tests write to test-results/ (ignored); `UPDATE_SCREENSHOTS=1 npm test` refreshes the README's docs/screenshots/.
export const SCREENSHOT_DIR = path.resolve(
  process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/screenshots",
);

/** Writes <SCREENSHOT_DIR>/<name>.png (full page) and returns its path. */
export async function screenshot(page: PwPage, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.waitForFunction(() => document.fonts.status === "loaded");
  // Grow the viewport to the whole page first, so that sticky parts (the table's
  // pagination, the save bar) sit where a person sees them, not mid-image.
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  await page.setViewportSize({ width: original.width, height: Math.min(Math.max(height, original.height), 6000) });
  await page.waitForTimeout(100);
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(original);
  return file;
}
