import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { keyIdOf } from "./key-derivation";
import { rotateStoredSecrets } from "./rotation.server";
import { decryptSecret, encryptSecret, sealedKeyId } from "./secret-box.server";

const OLD = "1a".repeat(32);
const NEW = "2b".repeat(32);
const SHOP = "rotation.myshopify.com";

async function seedUnderOldKey(): Promise<void> {
  await prisma.shopSettings.create({
    data: {
      shop: SHOP,
      callbackKey: "rotation-key",
      callbackUsername: "user",
      callbackPasswordEnc: encryptSecret("callback-pw", OLD),
      apruvdKeyIdEnc: encryptSecret("key-id", OLD),
      apruvdSecretEnc: encryptSecret("api-secret", NEW),
    },
  });
  await prisma.session.create({
    data: {
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      accessToken: "shpat_in_clear",
      refreshToken: encryptSecret("shprt", OLD),
    },
  });
}

beforeEach(async () => {
  await prisma.shopSettings.deleteMany();
  await prisma.session.deleteMany();
});

describe("rotateStoredSecrets", () => {
  it("re-encrypts every secret under the new key, tokens in clear included, and is idempotent", async () => {
    await seedUnderOldKey();
    const report = await rotateStoredSecrets(prisma, { current: NEW, previous: OLD });
    expect(report).toEqual({ reencrypted: 4, current: 1, unreadable: [] });

    const shop = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    const stored = [
      shop.callbackPasswordEnc,
      shop.apruvdKeyIdEnc!,
      shop.apruvdSecretEnc!,
      session.accessToken,
      session.refreshToken!,
    ];
    expect(stored.map(sealedKeyId)).toEqual(Array(5).fill(keyIdOf(NEW)));
    expect(stored.map((value) => decryptSecret(value, NEW))).toEqual([
      "callback-pw",
      "key-id",
      "api-secret",
      "shpat_in_clear",
      "shprt",
    ]);

    expect(await rotateStoredSecrets(prisma, { current: NEW })).toEqual({ reencrypted: 0, current: 5, unreadable: [] });
  });

  it("names, without their values, the secrets neither key can read", async () => {
    await seedUnderOldKey();
    const report = await rotateStoredSecrets(prisma, { current: NEW });
    expect(report.unreadable).toEqual([
      `ShopSettings ${SHOP} callbackPasswordEnc`,
      `ShopSettings ${SHOP} apruvdKeyIdEnc`,
      `Session offline_${SHOP} refreshToken`,
    ]);
    expect(report.reencrypted).toBe(1);
  });
});

describe("scripts/rotate-encryption-key.ts", () => {
  function run(env: Record<string, string>): { status: number; output: string } {
    try {
      const output = execFileSync(
        process.execPath,
        [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/rotate-encryption-key.ts"],
        {
          env: { ...process.env, ...env },
          encoding: "utf8",
          stdio: "pipe",
        },
      );
      return { status: 0, output };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { status: failed.status, output: failed.stdout + failed.stderr };
    }
  }

  it("rotates the database DATABASE_URL names, and fails naming rows it cannot read", async () => {
    await seedUnderOldKey();
    const withoutPrevious = run({ APRUVD_ENCRYPTION_KEY: NEW, APRUVD_ENCRYPTION_KEY_PREVIOUS: "" });
    expect(withoutPrevious.status).toBe(1);
    expect(withoutPrevious.output).toContain(`ShopSettings ${SHOP} callbackPasswordEnc`);
    expect(withoutPrevious.output).not.toContain("callback-pw");

    const rotated = run({ APRUVD_ENCRYPTION_KEY: NEW, APRUVD_ENCRYPTION_KEY_PREVIOUS: OLD });
    expect(rotated.status).toBe(0);
    expect(rotated.output).toContain("3 re-encrypted, 2 already under the current key");
    const shop = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(decryptSecret(shop.callbackPasswordEnc, NEW)).toBe("callback-pw");
  });
});
