import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { startApruvdSandbox, type ApruvdSandbox } from "../../../../sandbox/apruvd/server";
import { ApruvdClient } from "../../clients/apruvd/client";
import { action as settingsRoute } from "../../../routes/apruvd.settings.$shopKey";
import { connectApruvd, requestSettingsPush } from "./connect-apruvd.server";
import { translateMessage } from "../i18n/message";
import { translator } from "../i18n/translate";
import { apruvdCredentialsOf, callbackCredentialsOf } from "../settings/shop-settings.server";

const SHOP = "onboarding.myshopify.com";
let sandbox: ApruvdSandbox;
let app: http.Server;
let appUrl = "";
const clientFor = (credentials: { keyId: string; secret: string }) =>
  new ApruvdClient({ baseUrl: sandbox.url, credentials, maxRetries: 0 });

beforeAll(async () => {
  sandbox = await startApruvdSandbox({ reviewDelayMs: Infinity, servicePlan: "Complete Coverage" });
  // The real settings route behind a plain HTTP server, so that Apruvd can call it back.
  app = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const shopKey = req.url?.split("/").filter(Boolean).pop();
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    const response = await settingsRoute({ request, params: { shopKey }, context: {} });
    res.writeHead(response.status, { "Content-Type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => app.close(resolve));
});

beforeEach(async () => {
  await prisma.shopSettings.deleteMany();
});

describe("connecting a shop to Apruvd", () => {
  it("checks the keys with a real call, registers the callback URLs with generated credentials, stores the keys encrypted", async () => {
    const account = sandbox.createAccount();
    const result = await connectApruvd(prisma, SHOP, account, clientFor, appUrl);
    expect(result).toMatchObject({ ok: true, servicePlan: "Complete Coverage" });
    const settings = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(settings.apruvdKeyIdEnc).not.toContain(account.keyId);
    expect(apruvdCredentialsOf(settings)).toEqual(account);
    expect(settings.credentialsVerifiedAt).not.toBeNull();
    // Apruvd now calls back with this shop's credentials: a settings push proves the round trip.
    expect(await requestSettingsPush(prisma, SHOP, clientFor)).toEqual({ ok: true });
    await sandbox.idle();
    const after = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(after.jsUrl).toMatch(/^https?:\/\//);
    expect(after.servicePlan).toBe("Complete Coverage");
    expect(callbackCredentialsOf(after).username).toBe(callbackCredentialsOf(settings).username);
  });

  it("says clearly when Apruvd rejects the keys, and stores nothing", async () => {
    const result = await connectApruvd(prisma, SHOP, { keyId: "wrong", secret: "keys" }, clientFor, appUrl);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/rejected these API keys.*Invalid or disabled credentials/);
    // On a French admin's page: the sentence in French, Apruvd's own words as Apruvd wrote them.
    expect(!result.ok && translateMessage(translator("fr"), result.reason)).toMatch(
      /^Apruvd a refusé ces clés d’API \(.*Invalid or disabled credentials.*\)\. Vérifiez/,
    );
    const settings = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(settings.apruvdKeyIdEnc).toBeNull();
  });

  it("asks for keys before anything else", async () => {
    expect(await connectApruvd(prisma, SHOP, null, clientFor, appUrl)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/API key/),
    });
    expect(await requestSettingsPush(prisma, SHOP, clientFor)).toMatchObject({ ok: false });
  });
});
