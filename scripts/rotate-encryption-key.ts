/**
 * Re-encrypts every stored secret under the current master key (docs/deployment.md,
 * "Rotating the encryption key"):
 *
 *   APRUVD_ENCRYPTION_KEY=<new> APRUVD_ENCRYPTION_KEY_PREVIOUS=<old> DATABASE_URL=... \
 *     npx tsx scripts/rotate-encryption-key.ts
 *
 * Safe to run while the app serves (each row is rewritten only if unchanged since it was
 * read) and to run again. Exits 1, naming the rows (never their values), when a secret
 * cannot be read with either key. Without APRUVD_ENCRYPTION_KEY_PREVIOUS it encrypts what
 * is still stored in clear or in the format before key ids under the current key.
 */
import { pathToFileURL } from "node:url";
import { ConfigError, checkConfig } from "../app/lib/platform/config/config.server";
import { keyIdOf } from "../app/lib/platform/crypto/key-derivation";
import { rotateStoredSecrets } from "../app/lib/platform/crypto/rotation.server";

export async function main(): Promise<number> {
  let secrets;
  try {
    secrets = checkConfig().secrets;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const { default: prisma } = await import("../app/db.server");
  try {
    const keyring = { current: secrets.encryptionKey, previous: secrets.previousEncryptionKey };
    console.log(
      `Re-encrypting stored secrets under key id ${keyIdOf(keyring.current)}` +
        (keyring.previous ? ` (reading key id ${keyIdOf(keyring.previous)} too)` : ""),
    );
    const report = await rotateStoredSecrets(prisma, keyring);
    console.log(`${report.reencrypted} re-encrypted, ${report.current} already under the current key`);
    if (report.unreadable.length > 0) {
      console.error(`${report.unreadable.length} could not be decrypted with either key:`);
      for (const where of report.unreadable) console.error(`  - ${where}`);
      return 1;
    }
    return 0;
  } finally {
    await prisma.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main();
}
