import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { isSealed } from "../../platform/crypto/secret-box.server";
import { EncryptedSessionStorage } from "./encrypted-session-storage.server";
import { sessionStorage as appSessionStorage } from "../../../shopify.server";

const SHOP = "tokens-at-rest.myshopify.com";
const ACCESS_TOKEN = "shpat_0123456789abcdef0123456789abcdef";
const REFRESH_TOKEN = "shprt_fedcba9876543210fedcba9876543210";

function offlineSession(): Session {
  return new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "",
    isOnline: false,
    scope: "read_orders",
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
    refreshTokenExpires: new Date(Date.now() + 86_400_000),
  });
}

async function rawSessionTable(): Promise<string> {
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "Session"');
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
}

beforeEach(async () => {
  await prisma.session.deleteMany();
});

describe("EncryptedSessionStorage", () => {
  it("the app's session storage keeps no access or refresh token in clear in the Session table", async () => {
    await appSessionStorage.storeSession(offlineSession());
    const raw = await rawSessionTable();
    expect(raw).toContain(SHOP);
    expect(raw).not.toContain(ACCESS_TOKEN);
    expect(raw).not.toContain(REFRESH_TOKEN);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(isSealed(row.accessToken)).toBe(true);
    expect(isSealed(row.refreshToken!)).toBe(true);

    const loaded = await appSessionStorage.loadSession(`offline_${SHOP}`);
    expect(loaded?.accessToken).toBe(ACCESS_TOKEN);
    expect(loaded?.refreshToken).toBe(REFRESH_TOKEN);
    expect((await appSessionStorage.findSessionsByShop(SHOP)).map((session) => session.accessToken)).toEqual([
      ACCESS_TOKEN,
    ]);
  });

  it("reads a token stored in clear before, and writes it back encrypted", async () => {
    const storage = new EncryptedSessionStorage(new PrismaSessionStorage(prisma));
    await new PrismaSessionStorage(prisma).storeSession(offlineSession());
    expect(await rawSessionTable()).toContain(ACCESS_TOKEN);

    const loaded = await storage.loadSession(`offline_${SHOP}`);
    expect(loaded?.accessToken).toBe(ACCESS_TOKEN);
    expect(loaded?.refreshToken).toBe(REFRESH_TOKEN);
    const raw = await rawSessionTable();
    expect(raw).not.toContain(ACCESS_TOKEN);
    expect(raw).not.toContain(REFRESH_TOKEN);
  });

  it("refuses a token encrypted under a key it does not have", async () => {
    await new EncryptedSessionStorage(new PrismaSessionStorage(prisma), "12".repeat(32)).storeSession(offlineSession());
    const withConfiguredKey = new EncryptedSessionStorage(new PrismaSessionStorage(prisma));
    await expect(withConfiguredKey.loadSession(`offline_${SHOP}`)).rejects.toThrow(/key id/);
  });
});
