import type { PrismaClient } from "@prisma/client";
import { type Keyring, decryptSecret, encryptSecret, isSealed, needsReencryption } from "./secret-box.server";

/**
 * The key rotation (scripts/rotate-encryption-key.ts, docs/deployment.md): every secret
 * stored encrypted — the shops' Apruvd keys and callback passwords, the Shopify access
 * and refresh tokens — is re-encrypted under the current master key, whatever it was
 * stored under (the previous key, the format before key ids, or in clear for tokens
 * written before they were encrypted). Each row is updated only if its value is still the
 * one read, so a secret written meanwhile by the app is never overwritten. Running it
 * again changes nothing.
 */
export interface RotationReport {
  /** Values re-encrypted under the current key. */
  reencrypted: number;
  /** Values already under the current key. */
  current: number;
  /** Values that could not be decrypted with either key: where they are, never what they are. */
  unreadable: string[];
}

const SHOP_SECRET_FIELDS = ["callbackPasswordEnc", "apruvdKeyIdEnc", "apruvdSecretEnc"] as const;
const SESSION_TOKEN_FIELDS = ["accessToken", "refreshToken"] as const;

export async function rotateStoredSecrets(prisma: PrismaClient, keyring: Keyring): Promise<RotationReport> {
  const report: RotationReport = { reencrypted: 0, current: 0, unreadable: [] };

  /** The value under the current key, or null when it already is (or cannot be read). */
  const rewritten = (value: string, where: string, clearAllowed: boolean): string | null => {
    if (!needsReencryption(value, keyring)) {
      report.current++;
      return null;
    }
    try {
      const plaintext = isSealed(value) ? decryptSecret(value, keyring) : clearAllowed ? value : null;
      if (plaintext === null) throw new Error("not encrypted");
      return encryptSecret(plaintext, keyring);
    } catch {
      report.unreadable.push(where);
      return null;
    }
  };

  const shops = await prisma.shopSettings.findMany({
    select: { shop: true, callbackPasswordEnc: true, apruvdKeyIdEnc: true, apruvdSecretEnc: true },
  });
  for (const shop of shops) {
    for (const field of SHOP_SECRET_FIELDS) {
      const value = shop[field];
      if (!value) continue;
      const next = rewritten(value, `ShopSettings ${shop.shop} ${field}`, false);
      if (next === null) continue;
      const { count } = await prisma.shopSettings.updateMany({
        where: { shop: shop.shop, [field]: value },
        data: { [field]: next },
      });
      report.reencrypted += count;
    }
  }

  const sessions = await prisma.session.findMany({ select: { id: true, accessToken: true, refreshToken: true } });
  for (const session of sessions) {
    for (const field of SESSION_TOKEN_FIELDS) {
      const value = session[field];
      if (!value) continue;
      const next = rewritten(value, `Session ${session.id} ${field}`, true);
      if (next === null) continue;
      const { count } = await prisma.session.updateMany({
        where: { id: session.id, [field]: value },
        data: { [field]: next },
      });
      report.reencrypted += count;
    }
  }
  return report;
}
