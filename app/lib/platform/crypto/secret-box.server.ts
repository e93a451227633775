import crypto from "node:crypto";
import { config } from "../config/config.server";

/**
 * Encrypts merchant secrets (Apruvd API keys, callback passwords) at rest with
 * AES-256-GCM. The 32-byte key comes from APRUVD_ENCRYPTION_KEY (64 hex chars), so a
 * copy of the database alone reveals nothing.
 */
const VERSION = "v1";

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

function keyFrom(hex: string | undefined): Buffer {
  if (!hex || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new SecretBoxError("APRUVD_ENCRYPTION_KEY must be 64 hex characters (32 bytes)");
  }
  return Buffer.from(hex, "hex");
}

export function encryptSecret(plaintext: string, keyHex = config().secrets.encryptionKey): string {
  const key = keyFrom(keyHex);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, keyHex = config().secrets.encryptionKey): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new SecretBoxError("Not an encrypted secret");
  }
  const decipher = crypto.createDecipheriv("aes-256-gcm", keyFrom(keyHex), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("Secret could not be decrypted (wrong APRUVD_ENCRYPTION_KEY?)");
  }
}

/** Constant-time string comparison that does not leak the length through timing. */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

export function randomToken(bytes = 24): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Shows enough of a secret to recognise it, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.length <= 4) return "••••";
  return `${"•".repeat(Math.min(12, secret.length - 4))}${secret.slice(-4)}`;
}
