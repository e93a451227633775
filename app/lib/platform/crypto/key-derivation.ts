/**
 * The app's keys, all derived from one master key (APRUVD_ENCRYPTION_KEY, 32 bytes in
 * hex) with HKDF-SHA256 (RFC 5869): one key per purpose, so that the key that encrypts
 * secrets never also keys the order-field hashes, and a key id that names the master key
 * in every ciphertext without revealing anything about it. Pure: the master key is passed in.
 */
import crypto from "node:crypto";

/** Public and fixed: HKDF's salt only separates this app's keys from any other use of the same bytes. */
const SALT = "apruvd-fraud-review";

export type KeyPurpose = "secret-box" | "field-hash" | "key-id";

const MASTER_KEY = /^[0-9a-fA-F]{64}$/;

export function isMasterKey(value: string | undefined): value is string {
  return typeof value === "string" && MASTER_KEY.test(value);
}

const derived = new Map<string, Buffer>();

/** 32 bytes for `purpose`, the same for the same master key on every instance. */
export function deriveKey(masterHex: string, purpose: KeyPurpose): Buffer {
  if (!isMasterKey(masterHex)) throw new Error("A master key is 64 hex characters (32 bytes)");
  const cacheKey = `${purpose}:${masterHex.toLowerCase()}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync("sha256", Buffer.from(masterHex, "hex"), SALT, `apruvd/${purpose}/v1`, 32));
    if (derived.size > 16) derived.clear();
    derived.set(cacheKey, key);
  }
  return key;
}

/** Names a master key (12 hex characters) in each ciphertext; says nothing about the key itself. */
export function keyIdOf(masterHex: string): string {
  return deriveKey(masterHex, "key-id").toString("hex").slice(0, 12);
}

/** The HMAC key of the order-field hashes (review/order-changes.ts), as the hex text they are keyed with. */
export function fieldHashKeyOf(masterHex: string): string {
  return deriveKey(masterHex, "field-hash").toString("hex");
}

/**
 * Every key a stored field hash may have been made with, the current one first: the
 * derived keys of the current and (during a rotation) the previous master key, then the
 * master keys themselves, which keyed the hashes before the keys were separated. A
 * stored hash that matches under any of them is the same value; no constant key is ever
 * accepted.
 */
export function acceptedFieldHashKeys(currentHex: string, previousHex?: string): string[] {
  const masters = previousHex ? [currentHex, previousHex] : [currentHex];
  return [...masters.map(fieldHashKeyOf), ...masters];
}
