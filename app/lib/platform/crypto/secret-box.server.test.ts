import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, safeEqual, SecretBoxError } from "./secret-box.server";

const key = "ab".repeat(32);

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("sk_live_secret", key);
    expect(sealed).not.toContain("sk_live_secret");
    expect(decryptSecret(sealed, key)).toBe("sk_live_secret");
    expect(encryptSecret("sk_live_secret", key)).not.toBe(sealed);
  });

  it("rejects a wrong key and a tampered ciphertext", () => {
    const sealed = encryptSecret("value", key);
    expect(() => decryptSecret(sealed, "cd".repeat(32))).toThrow(SecretBoxError);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("other").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow(SecretBoxError);
  });

  it("requires a 32-byte hex key", () => {
    expect(() => encryptSecret("x", "short")).toThrow(/64 hex/);
  });

  it("compares in constant time and masks", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(maskSecret("d9b8182ae01fb9ee3875")).toBe("••••••••••••3875");
  });
});
