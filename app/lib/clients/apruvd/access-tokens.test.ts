/**
 * OAuth access tokens (./access-tokens.ts): cached, refreshed, renewed, through
 * ApruvdClient against a scripted local Apruvd token server.
 */
import { describe, expect, it } from "vitest";
import type { CachedTokens, TokenCache } from "./access-tokens";
import { ApruvdAuthenticationError } from "./errors";
import { caught, scriptedApruvd } from "../../../../test/support/apruvd-script-server";

const { srv, client, basic } = scriptedApruvd();

describe("OAuth", () => {
  let issued = 0;
  let refreshed = 0;
  /** A token server: password grant (Basic) and refresh grant (Bearer), Bearer-protected status endpoint. */
  function tokenServer(opts: { accessTtl?: number; refreshTtl?: number; refreshFails?: boolean } = {}): void {
    issued = 0;
    refreshed = 0;
    const valid = new Set<string>();
    srv.always((req) => {
      if (req.url === "/o/token/?grant_type=password") {
        if (req.headers.authorization !== basic)
          return { status: 403, json: { error: "Invalid or disabled credentials" } };
        issued++;
        valid.add(`access-${issued}`);
        return {
          status: 200,
          json: {
            access: { type: "Bearer", expires_in: opts.accessTtl ?? 86399, token: `access-${issued}` },
            refresh: { type: "Bearer", expires_in: opts.refreshTtl ?? 2591724, token: `refresh-${issued}` },
          },
        };
      }
      if (req.url === "/o/token/?grant_type=refresh") {
        if (opts.refreshFails) return { status: 401, json: { error: "Invalid refresh token" } };
        refreshed++;
        const token = `access-r${refreshed}`;
        valid.add(token);
        return {
          status: 200,
          json: {
            access: { type: "Bearer", expires_in: opts.accessTtl ?? 86399, token },
            refresh: {
              type: "Bearer",
              expires_in: opts.refreshTtl ?? 2591724,
              token: String(req.headers.authorization).slice(7),
            },
          },
        };
      }
      const auth = String(req.headers.authorization);
      if (!auth.startsWith("Bearer ") || !valid.has(auth.slice(7)))
        return { status: 403, json: { error: "Invalid or disabled credentials" } };
      return { status: 200, json: { transaction_id: 1, status: "Approved", canceled: false, token: auth.slice(7) } };
    });
  }
  const apiAuths = () => srv.requests.filter((r) => r.url.startsWith("/api/")).map((r) => r.headers.authorization);

  it("obtains tokens once, caches them, and sends Bearer access tokens", async () => {
    tokenServer();
    const c = client({ auth: "oauth" });
    await Promise.all([c.getStatus(1), c.getStatus(1)]);
    await c.getStatus(1);
    expect(issued).toBe(1);
    expect(apiAuths()).toEqual(["Bearer access-1", "Bearer access-1", "Bearer access-1"]);
    expect(srv.requests.filter((r) => r.url.startsWith("/o/token/"))).toHaveLength(1);
  });

  it("refreshes with the refresh grant when under 5 minutes are left", async () => {
    tokenServer();
    let now = 1_000_000;
    const c = client({ auth: "oauth", now: () => now });
    await c.getStatus(1);
    now += (86399 - 301) * 1000; // 5 min 1 s left: still fresh
    await c.getStatus(1);
    expect(refreshed).toBe(0);
    now += 2000; // 4 min 59 s left: refresh
    await c.getStatus(1);
    expect(refreshed).toBe(1);
    expect(issued).toBe(1);
    expect(apiAuths()).toEqual(["Bearer access-1", "Bearer access-1", "Bearer access-r1"]);
    const refreshReq = srv.requests.find((r) => r.url === "/o/token/?grant_type=refresh");
    expect(refreshReq?.headers.authorization).toBe("Bearer refresh-1");
  });

  it("falls back to the password grant when the refresh is rejected (401/403)", async () => {
    tokenServer({ refreshFails: true });
    let now = 0;
    const c = client({ auth: "oauth", now: () => now });
    await c.getStatus(1);
    now += 86_399_000;
    await c.getStatus(1);
    expect(issued).toBe(2);
    expect(apiAuths()).toEqual(["Bearer access-1", "Bearer access-2"]);
  });

  it("uses the password grant when the refresh token itself is about to expire", async () => {
    tokenServer({ accessTtl: 100, refreshTtl: 200 });
    const c = client({ auth: "oauth" });
    await c.getStatus(1);
    await c.getStatus(1);
    expect(issued).toBe(2);
    expect(refreshed).toBe(0);
  });

  it("stores tokens in an injected TokenCache shared across clients", async () => {
    tokenServer();
    const store = new Map<string, CachedTokens>();
    const cache: TokenCache = {
      get: async (k) => store.get(k),
      set: async (k, v) => void store.set(k, v),
    };
    await client({ auth: "oauth", tokenCache: cache }).getStatus(1);
    await client({ auth: "oauth", tokenCache: cache }).getStatus(1);
    expect(issued).toBe(1);
    const [[key, value]] = [...store.entries()];
    expect(key).toBe(`${srv.url}|KEY123`);
    expect(value.accessToken).toBe("access-1");
    expect(value.refreshToken).toBe("refresh-1");
    expect(value.accessExpiresAt - Date.now()).toBeGreaterThan(86_000_000);
  });

  it("a rejected access token triggers one fresh password grant and a resend", async () => {
    tokenServer();
    const store = new Map<string, CachedTokens>([
      [
        `${srv.url}|KEY123`,
        {
          accessToken: "revoked",
          accessExpiresAt: Date.now() + 3_600_000,
          refreshToken: "r",
          refreshExpiresAt: Date.now() + 3_600_000,
        },
      ],
    ]);
    const res = await client({
      auth: "oauth",
      tokenCache: { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) },
    }).getStatus(1);
    expect(res.status).toBe("Approved");
    expect(apiAuths()).toEqual(["Bearer revoked", "Bearer access-1"]);
  });

  it("bad credentials in OAuth mode → ApruvdAuthenticationError", async () => {
    tokenServer();
    const err = await caught(client({ auth: "oauth", credentials: { keyId: "KEY123", secret: "wrong" } }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdAuthenticationError);
    expect(apiAuths()).toEqual([]);
  });
});
