import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

/**
 * Every webhook's verification loads the shop's offline session (the library offers
 * `admin` on the webhook context). Under a burst of webhooks that is one identical
 * database read per request; this keeps each answer (including "no session") for a few
 * seconds. Writes and deletions through this storage forget the entry at once; the
 * uninstall webhook, which deletes sessions in its own transaction, calls `forgetShop`.
 */
interface Entry {
  session: Session | undefined;
  expiresAt: number;
}

export class CachedSessionStorage implements SessionStorage {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly inner: SessionStorage,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  async loadSession(id: string): Promise<Session | undefined> {
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > this.now()) return hit.session;
    const session = await this.inner.loadSession(id);
    // Deleted and set again, so that the map stays in expiry order (one TTL for all) and
    // expired entries are dropped from its front: a shop whose session was read once is
    // not kept until the map is full (one Session per installed shop in each thread).
    this.entries.delete(id);
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(id, { session, expiresAt: now + this.ttlMs });
    return session;
  }

  /** Entries held (expired ones included until the next load). */
  get size(): number {
    return this.entries.size;
  }

  async storeSession(session: Session): Promise<boolean> {
    this.entries.delete(session.id);
    return this.inner.storeSession(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    this.entries.delete(id);
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.entries.delete(id);
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }

  /** Drops every cached session of a shop (its sessions were deleted elsewhere). */
  forgetShop(shop: string): void {
    for (const [id, entry] of this.entries) {
      if (entry.session?.shop === shop || id === `offline_${shop}` || id.startsWith(`${shop}_`))
        this.entries.delete(id);
    }
  }
}
