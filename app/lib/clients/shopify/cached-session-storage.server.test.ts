import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { describe, expect, it } from "vitest";
import { CachedSessionStorage } from "./cached-session-storage.server";

function counting(): SessionStorage & { loads: number; sessions: Map<string, Session> } {
  const sessions = new Map<string, Session>();
  return {
    sessions,
    loads: 0,
    async loadSession(id) {
      this.loads++;
      return sessions.get(id);
    },
    async storeSession(s) {
      sessions.set(s.id, s);
      return true;
    },
    async deleteSession(id) {
      return sessions.delete(id);
    },
    async deleteSessions(ids) {
      ids.forEach((id) => sessions.delete(id));
      return true;
    },
    async findSessionsByShop(shop) {
      return [...sessions.values()].filter((s) => s.shop === shop);
    },
  };
}

const offline = (shop: string) =>
  new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: "t" });

describe("CachedSessionStorage", () => {
  it("reads each session once per TTL, and again after it", async () => {
    let t = 0;
    const inner = counting();
    await inner.storeSession(offline("a.myshopify.com"));
    const cache = new CachedSessionStorage(inner, 1000, () => t);
    for (let i = 0; i < 5; i++)
      expect((await cache.loadSession("offline_a.myshopify.com"))?.shop).toBe("a.myshopify.com");
    expect(inner.loads).toBe(1);
    t = 1001;
    await cache.loadSession("offline_a.myshopify.com");
    expect(inner.loads).toBe(2);
  });

  it("caches a missing session too, and forgets entries on writes, deletes and forgetShop", async () => {
    const inner = counting();
    const cache = new CachedSessionStorage(inner, 60_000);
    expect(await cache.loadSession("offline_b.myshopify.com")).toBeUndefined();
    await cache.loadSession("offline_b.myshopify.com");
    expect(inner.loads).toBe(1);
    await cache.storeSession(offline("b.myshopify.com"));
    expect((await cache.loadSession("offline_b.myshopify.com"))?.accessToken).toBe("t");
    await cache.deleteSession("offline_b.myshopify.com");
    expect(await cache.loadSession("offline_b.myshopify.com")).toBeUndefined();
    await inner.storeSession(offline("c.myshopify.com"));
    await cache.loadSession("offline_c.myshopify.com");
    inner.sessions.delete("offline_c.myshopify.com"); // deleted behind the cache's back (uninstall)
    cache.forgetShop("c.myshopify.com");
    expect(await cache.loadSession("offline_c.myshopify.com")).toBeUndefined();
  });

  it("drops expired entries as it loads others, so it holds only the last TTL's sessions", async () => {
    let t = 0;
    const inner = counting();
    const cache = new CachedSessionStorage(inner, 1000, () => t);
    for (let i = 0; i < 100; i++) {
      await inner.storeSession(offline(`s${i}.myshopify.com`));
      await cache.loadSession(`offline_s${i}.myshopify.com`);
      t += 100; // ten loads per TTL
    }
    expect(cache.size).toBeLessThanOrEqual(11);
    // An entry read again after it expired is loaded anew and kept, the others still dropped in order.
    t += 2000;
    await cache.loadSession("offline_s0.myshopify.com");
    expect(cache.size).toBe(1);
    expect((await cache.loadSession("offline_s0.myshopify.com"))?.shop).toBe("s0.myshopify.com");
    expect(inner.loads).toBe(101);
  });
});
