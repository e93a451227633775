import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { keyIdOf } from "./key-derivation";
import { encryptionKeyProblem, storedSecretsKeyProblem } from "./key-health.server";
import { encryptSecret } from "./secret-box.server";

const KEY = process.env.APRUVD_ENCRYPTION_KEY!;
const OTHER = "9f".repeat(32);

beforeEach(async () => {
  await prisma.shopSettings.deleteMany();
});
afterEach(() => {
  process.env.APRUVD_ENCRYPTION_KEY = KEY;
  delete process.env.APRUVD_ENCRYPTION_KEY_PREVIOUS;
});

async function shopWithSecretUnder(key: string): Promise<void> {
  await prisma.shopSettings.create({
    data: {
      shop: "keys.myshopify.com",
      callbackKey: "k",
      callbackUsername: "u",
      callbackPasswordEnc: encryptSecret("pw", key),
    },
  });
}

describe("encryption key readiness", () => {
  it("reports a missing or malformed key without showing it", () => {
    expect(encryptionKeyProblem()).toBeNull();
    delete process.env.APRUVD_ENCRYPTION_KEY;
    expect(encryptionKeyProblem()).toMatch(/^APRUVD_ENCRYPTION_KEY is not set/);
    process.env.APRUVD_ENCRYPTION_KEY = "secret-but-not-hex";
    expect(encryptionKeyProblem()).toMatch(/APRUVD_ENCRYPTION_KEY is malformed \(value not shown\)/);
    expect(encryptionKeyProblem()).not.toContain("secret-but-not-hex");
  });

  it("reports a well-formed key that cannot read the stored secrets, by key id", async () => {
    await shopWithSecretUnder(OTHER);
    const problem = await storedSecretsKeyProblem(prisma);
    expect(problem).toContain(`key id ${keyIdOf(OTHER)}`);
    expect(problem).toContain(`APRUVD_ENCRYPTION_KEY is key id ${keyIdOf(KEY)}`);
    expect(problem).not.toContain(OTHER);
    process.env.APRUVD_ENCRYPTION_KEY_PREVIOUS = OTHER;
    expect(await storedSecretsKeyProblem(prisma)).toBeNull();
  });

  it("is ready when the key reads what is stored, or when nothing is stored yet", async () => {
    expect(await storedSecretsKeyProblem(prisma)).toBeNull();
    await shopWithSecretUnder(KEY);
    expect(await storedSecretsKeyProblem(prisma)).toBeNull();
  });
});
