import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { startApruvdSandbox, type ApruvdSandbox } from "../../../../sandbox/apruvd/server";
import { ApruvdClient } from "../../clients/apruvd/client";
import { decryptSecret } from "../../platform/crypto/secret-box.server";
import { loadSettingsPage, settingsAction } from "./settings-page.server";
import { formFieldsOf } from "./settings-form";
import { englishOf, translateMessage } from "../i18n/message";
import { translator } from "../i18n/translate";

const SHOP = "settings-page.myshopify.com";
let sandbox: ApruvdSandbox;
const factory = (credentials: { keyId: string; secret: string }) =>
  new ApruvdClient({ baseUrl: sandbox.url, credentials, maxRetries: 0 });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

beforeAll(async () => {
  sandbox = await startApruvdSandbox({ reviewDelayMs: Infinity });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("settings page", () => {
  it("starts unconnected with masked callback credentials and the default switches", async () => {
    const page = await loadSettingsPage(prisma, SHOP);
    expect(page.connection).toMatchObject({ connected: false, hasCredentials: false, keyIdMasked: null });
    expect(page.callback.passwordMasked).toMatch(/^•+.{4}$/);
    expect(page.callback.callbackUrl).toMatch(/\/apruvd\/callback\//);
    expect(page.values.autoSubmit).toBe(true);
    expect(page.values.cancelDeclined).toBe(false);
  });

  it("says when the Apruvd account reviews every order although the shop chose submit then elevate", async () => {
    await loadSettingsPage(prisma, SHOP);
    const since = new Date("2026-11-02T10:00:00Z");
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { apruvdReviewsAllSince: since } });
    // Only meaningful in that mode.
    expect((await loadSettingsPage(prisma, SHOP)).accountReviewsEveryOrderSince).toBeNull();
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { reviewMode: "submit_then_elevate" } });
    expect((await loadSettingsPage(prisma, SHOP)).accountReviewsEveryOrderSince).toBe(since.toISOString());
    await prisma.shopSettings.update({
      where: { shop: SHOP },
      data: { reviewMode: "review_all", apruvdReviewsAllSince: null },
    });
  });

  it("testing without keys asks for them", async () => {
    const result = await settingsAction(prisma, SHOP, form({ intent: "test" }), factory);
    expect(result).toMatchObject({ intent: "test", ok: false, message: { key: "connect.keysFirst" } });
    expect("message" in result && englishOf(result.message)).toMatch(/API key/);
  });

  it("reports rejected keys with Apruvd's message and saves nothing", async () => {
    const result = await settingsAction(
      prisma,
      SHOP,
      form({ intent: "connect", keyId: "NOPE", secret: "nope" }),
      factory,
    );
    expect(result.ok).toBe(false);
    const shown = "message" in result ? result.message : null;
    expect(shown && englishOf(shown)).toMatch(/rejected these API keys \(Invalid or disabled credentials\)/);
    expect(shown && translateMessage(translator("fr"), shown)).toMatch(
      /^Apruvd a refusé ces clés d’API \(Invalid or disabled credentials\)/,
    );
    expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).apruvdKeyIdEnc).toBeNull();
  });

  it("connects: keys stored encrypted, callbacks registered with Apruvd, key shown masked", async () => {
    const account = sandbox.createAccount();
    const result = await settingsAction(
      prisma,
      SHOP,
      form({ intent: "connect", keyId: account.keyId, secret: account.secret }),
      factory,
    );
    expect(result).toMatchObject({ intent: "connect", ok: true });
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row.apruvdSecretEnc).not.toContain(account.secret);
    expect(decryptSecret(row.apruvdSecretEnc!)).toBe(account.secret);
    expect(row.callbacksRegisteredAt).not.toBeNull();
    const page = await loadSettingsPage(prisma, SHOP);
    expect(page.connection.connected).toBe(true);
    expect(page.connection.keyIdMasked).toBe(
      `${"•".repeat(Math.min(12, account.keyId.length - 4))}${account.keyId.slice(-4)}`,
    );
    expect(JSON.stringify(page)).not.toContain(account.secret);
    expect(await settingsAction(prisma, SHOP, form({ intent: "test" }), factory)).toMatchObject({
      intent: "test",
      ok: true,
    });
  });

  it("saves the form through the save intent", async () => {
    const page = await loadSettingsPage(prisma, SHOP);
    const result = await settingsAction(
      prisma,
      SHOP,
      form({ intent: "save", ...formFieldsOf({ ...page.values, tagOrders: false }) }),
      factory,
    );
    expect(result).toEqual({ intent: "save", ok: true, message: { key: "settings.saved" } });
    expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).tagOrders).toBe(false);
  });
});
