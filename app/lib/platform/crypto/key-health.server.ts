import type { PrismaClient } from "@prisma/client";
import { ConfigError } from "../config/config.server";
import { keyIdOf } from "./key-derivation";
import { configuredKeyring, decryptSecret, encryptSecret, sealedKeyId } from "./secret-box.server";

/**
 * Whether the app can use its encryption key, for the readiness check (/healthz) and for
 * operators: without a usable key every callback, the settings page and every job fail.
 * The messages name variables and key ids, never a key.
 */

/** null when APRUVD_ENCRYPTION_KEY (and APRUVD_ENCRYPTION_KEY_PREVIOUS, if set) are usable; else what is wrong. */
export function encryptionKeyProblem(): string | null {
  try {
    const keyring = configuredKeyring();
    const probe = "apruvd-key-probe";
    if (decryptSecret(encryptSecret(probe, keyring), keyring) !== probe)
      return "the encryption key does not round-trip";
    return null;
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join("; ");
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * encryptionKeyProblem, then: can the key read what is stored? A well-formed but wrong
 * key (not the one the shops' secrets were encrypted with) is caught by decrypting the
 * most recently written shop secret.
 */
export async function storedSecretsKeyProblem(prisma: PrismaClient): Promise<string | null> {
  const keyProblem = encryptionKeyProblem();
  if (keyProblem) return keyProblem;
  const latest = await prisma.shopSettings.findFirst({
    orderBy: { updatedAt: "desc" },
    select: { callbackPasswordEnc: true },
  });
  if (!latest) return null;
  try {
    decryptSecret(latest.callbackPasswordEnc);
    return null;
  } catch {
    const keyring = configuredKeyring();
    return (
      `stored secrets cannot be decrypted: they name key id ${sealedKeyId(latest.callbackPasswordEnc)}, ` +
      `APRUVD_ENCRYPTION_KEY is key id ${keyIdOf(keyring.current)}` +
      (keyring.previous ? ` and APRUVD_ENCRYPTION_KEY_PREVIOUS key id ${keyIdOf(keyring.previous)}` : "")
    );
  }
}
