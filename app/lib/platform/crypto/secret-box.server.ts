import crypto from "node:crypto";
import { config } from "../config/config.server";
import { deriveKey, isMasterKey, keyIdOf } from "./key-derivation";

/**
 * Encrypts secrets at rest (Apruvd API keys, callback passwords, Shopify access and
 * refresh tokens) with AES-256-GCM, so that a copy of the database alone reveals
 * nothing. The key is derived from the master key APRUVD_ENCRYPTION_KEY (HKDF, purpose
 * "secret-box"), and every ciphertext names the master key it was made with:
 *
 *   v2.<key id>.<iv>.<tag>.<ciphertext>     (the "v2.<key id>" prefix is authenticated too)
 *
 * During a key rotation (docs/deployment.md) APRUVD_ENCRYPTION_KEY_PREVIOUS is accepted
 * for reading, and scripts/rotate-encryption-key.ts re-encrypts everything under the new
 * key. `v1.<iv>.<tag>.<ciphertext>` — the format before key ids, encrypted with the master
 * key itself — is still read, and rewritten as v2 by the rotation command.
 */
const VERSION = "v2";
const LEGACY_VERSION = "v1";

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/** The master keys in use: the current one encrypts, both decrypt. */
export interface Keyring {
  current: string;
  previous?: string;
}

/** A keyring, or the current master key alone (64 hex characters). */
export type KeySource = string | Keyring;

export function configuredKeyring(): Keyring {
  const secrets = config().secrets;
  return { current: secrets.encryptionKey, previous: secrets.previousEncryptionKey };
}

function keyringOf(source: KeySource | undefined): Keyring {
  const keyring =
    source === undefined ? configuredKeyring() : typeof source === "string" ? { current: source } : source;
  if (!isMasterKey(keyring.current) || (keyring.previous !== undefined && !isMasterKey(keyring.previous))) {
    throw new SecretBoxError("APRUVD_ENCRYPTION_KEY must be 64 hex characters (32 bytes)");
  }
  return keyring;
}

function mastersOf(keyring: Keyring): string[] {
  return keyring.previous ? [keyring.current, keyring.previous] : [keyring.current];
}

export function encryptSecret(plaintext: string, keys?: KeySource): string {
  const master = keyringOf(keys).current;
  const prefix = `${VERSION}.${keyIdOf(master)}`;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", deriveKey(master, "secret-box"), iv);
  cipher.setAAD(Buffer.from(prefix));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [prefix, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

function open(key: Buffer, iv: string, tag: string, body: string, aad?: string): string | null {
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function decryptSecret(sealed: string, keys?: KeySource): string {
  const keyring = keyringOf(keys);
  const parts = sealed.split(".");
  if (parts[0] === VERSION && parts.length === 5) {
    const [, keyId, iv, tag, body] = parts;
    const master = mastersOf(keyring).find((candidate) => keyIdOf(candidate) === keyId);
    if (!master) {
      throw new SecretBoxError(
        `Secret was encrypted under key id ${keyId}, which is neither APRUVD_ENCRYPTION_KEY (${keyIdOf(keyring.current)})` +
          " nor APRUVD_ENCRYPTION_KEY_PREVIOUS",
      );
    }
    const plaintext = open(deriveKey(master, "secret-box"), iv, tag, body, `${VERSION}.${keyId}`);
    if (plaintext === null) throw new SecretBoxError("Secret could not be decrypted (tampered with?)");
    return plaintext;
  }
  if (parts[0] === LEGACY_VERSION && parts.length === 4) {
    const [, iv, tag, body] = parts;
    for (const master of mastersOf(keyring)) {
      const plaintext = open(Buffer.from(master, "hex"), iv, tag, body);
      if (plaintext !== null) return plaintext;
    }
    throw new SecretBoxError("Secret could not be decrypted (wrong APRUVD_ENCRYPTION_KEY?)");
  }
  throw new SecretBoxError("Not an encrypted secret");
}

/** Whether `value` is a ciphertext of this module (any version); anything else is plaintext. */
export function isSealed(value: string): boolean {
  const parts = value.split(".");
  return (parts[0] === VERSION && parts.length === 5) || (parts[0] === LEGACY_VERSION && parts.length === 4);
}

/** The key id a ciphertext names ("legacy" for v1, which names none). */
export function sealedKeyId(sealed: string): string {
  const parts = sealed.split(".");
  return parts[0] === VERSION ? (parts[1] ?? "") : "legacy";
}

/** True unless `sealed` is already a v2 ciphertext under the current key (the rotation command's test). */
export function needsReencryption(sealed: string, keys?: KeySource): boolean {
  return !isSealed(sealed) || sealedKeyId(sealed) !== keyIdOf(keyringOf(keys).current);
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
