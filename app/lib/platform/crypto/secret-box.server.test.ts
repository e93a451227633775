import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { acceptedFieldHashKeys, deriveKey, fieldHashKeyOf, keyIdOf } from "./key-derivation";
import {
  SecretBoxError,
  decryptSecret,
  encryptSecret,
  isSealed,
  maskSecret,
  needsReencryption,
  safeEqual,
  sealedKeyId,
} from "./secret-box.server";

const key = "ab".repeat(32);
const newKey = "cd".repeat(32);

/** What the app wrote before key ids: AES-256-GCM under the master key itself. */
function legacySeal(plaintext: string, masterHex: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", Buffer.from(masterHex, "hex"), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("sk_live_secret", key);
    expect(sealed).not.toContain("sk_live_secret");
    expect(decryptSecret(sealed, key)).toBe("sk_live_secret");
    expect(encryptSecret("sk_live_secret", key)).not.toBe(sealed);
  });

  it("rejects a wrong key and a tampered ciphertext, key id included", () => {
    const sealed = encryptSecret("value", key);
    expect(() => decryptSecret(sealed, newKey)).toThrow(SecretBoxError);
    const parts = sealed.split(".");
    expect(() =>
      decryptSecret([...parts.slice(0, 4), Buffer.from("other").toString("base64url")].join("."), key),
    ).toThrow(SecretBoxError);
    expect(() => decryptSecret(["v2", "000000000000", ...parts.slice(2)].join("."), key)).toThrow(SecretBoxError);
  });

  it("requires a 32-byte hex key", () => {
    expect(() => encryptSecret("x", "short")).toThrow(/64 hex/);
  });

  it("names the master key in every ciphertext with an id that reveals nothing of it", () => {
    const sealed = encryptSecret("value", key);
    expect(sealed.startsWith(`v2.${keyIdOf(key)}.`)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(keyIdOf(key));
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{12}$/);
    expect(key).not.toContain(keyIdOf(key));
    expect(keyIdOf(newKey)).not.toBe(keyIdOf(key));
  });

  it("encrypts with a key derived for the purpose, not with the master key itself", () => {
    const [, , iv, tag, body] = encryptSecret("value", key).split(".");
    const withMaster = crypto.createDecipheriv("aes-256-gcm", Buffer.from(key, "hex"), Buffer.from(iv, "base64url"));
    withMaster.setAuthTag(Buffer.from(tag, "base64url"));
    expect(() => Buffer.concat([withMaster.update(Buffer.from(body, "base64url")), withMaster.final()])).toThrow();
    expect(deriveKey(key, "secret-box").equals(deriveKey(key, "field-hash"))).toBe(false);
    expect(deriveKey(key, "secret-box").equals(Buffer.from(key, "hex"))).toBe(false);
  });

  it("reads with the previous key during a rotation and says which key a ciphertext needs", () => {
    const underOld = encryptSecret("value", key);
    expect(decryptSecret(underOld, { current: newKey, previous: key })).toBe("value");
    expect(() => decryptSecret(underOld, { current: newKey })).toThrow(
      new RegExp(`key id ${keyIdOf(key)}.*APRUVD_ENCRYPTION_KEY \\(${keyIdOf(newKey)}\\)`),
    );
    expect(needsReencryption(underOld, { current: newKey, previous: key })).toBe(true);
    expect(needsReencryption(encryptSecret("value", newKey), newKey)).toBe(false);
    expect(encryptSecret("value", { current: newKey, previous: key }).startsWith(`v2.${keyIdOf(newKey)}.`)).toBe(true);
  });

  it("still reads what was stored before key ids (v1), under the current or the previous key", () => {
    const legacy = legacySeal("sk_old", key);
    expect(isSealed(legacy)).toBe(true);
    expect(sealedKeyId(legacy)).toBe("legacy");
    expect(decryptSecret(legacy, key)).toBe("sk_old");
    expect(decryptSecret(legacy, { current: newKey, previous: key })).toBe("sk_old");
    expect(needsReencryption(legacy, key)).toBe(true);
    expect(() => decryptSecret(legacy, newKey)).toThrow(SecretBoxError);
  });

  it("keys field hashes with a derived key; the master key is accepted only to compare old hashes", () => {
    expect(fieldHashKeyOf(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(fieldHashKeyOf(key)).not.toBe(key);
    expect(fieldHashKeyOf(key)).not.toBe(deriveKey(key, "secret-box").toString("hex"));
    expect(acceptedFieldHashKeys(newKey, key)).toEqual([fieldHashKeyOf(newKey), fieldHashKeyOf(key), newKey, key]);
    expect(acceptedFieldHashKeys(key)).not.toContain("apruvd-field-hash");
  });

  it("compares in constant time and masks", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(maskSecret("d9b8182ae01fb9ee3875")).toBe("••••••••••••3875");
  });
});
