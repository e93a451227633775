import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { type KeySource, decryptSecret, encryptSecret, isSealed } from "../../platform/crypto/secret-box.server";

/**
 * Shopify access and refresh tokens are encrypted before they reach the Session table
 * (platform/crypto/secret-box.server.ts), so a copy of the database holds no usable
 * token. Wraps the Prisma storage; the cache (cached-session-storage.server.ts) sits in
 * front and keeps decrypted sessions in memory only.
 *
 * A token stored in clear before this wrapper existed is still read, and written back
 * encrypted the first time it is loaded (scripts/rotate-encryption-key.ts encrypts the
 * rest at once).
 */
export class EncryptedSessionStorage implements SessionStorage {
  constructor(
    private readonly inner: SessionStorage,
    private readonly keys?: KeySource,
  ) {}

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(this.sealed(session));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const stored = await this.inner.loadSession(id);
    if (!stored) return undefined;
    const session = this.opened(stored);
    if (storedInClear(stored)) await this.inner.storeSession(this.sealed(session));
    return session;
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.inner.findSessionsByShop(shop)).map((session) => this.opened(session));
  }

  private sealed(session: Session): Session {
    const params = session.toObject();
    return new Session({
      ...params,
      accessToken: params.accessToken ? encryptSecret(params.accessToken, this.keys) : params.accessToken,
      refreshToken: params.refreshToken ? encryptSecret(params.refreshToken, this.keys) : params.refreshToken,
    });
  }

  private opened(session: Session): Session {
    const params = session.toObject();
    const open = (token: string | undefined) => (token && isSealed(token) ? decryptSecret(token, this.keys) : token);
    return new Session({ ...params, accessToken: open(params.accessToken), refreshToken: open(params.refreshToken) });
  }
}

function storedInClear(session: Session): boolean {
  return [session.accessToken, session.refreshToken].some((token) => Boolean(token) && !isSealed(token!));
}
