/**
 * The OAuth access token a client sends (with `auth: "oauth"`): taken from the token
 * cache while more than 5 minutes are left, refreshed with the refresh grant when less
 * are, obtained anew with the password grant when the refresh token is about to expire or
 * is rejected. One load at a time per client; the cache may be shared between clients.
 */
import { ApruvdAuthenticationError } from "./errors";
import type { OAuthResource } from "./resources/oauth";
import type { ApruvdOAuthTokens } from "./types";

/** Refresh tokens when less than this is left before expiry. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** OAuth tokens as stored in a TokenCache (expiry as epoch milliseconds). */
export interface CachedTokens {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

/** Where OAuth tokens are kept between requests (default: in memory, per client). */
export interface TokenCache {
  get(key: string): Promise<CachedTokens | undefined> | CachedTokens | undefined;
  set(key: string, tokens: CachedTokens): Promise<void> | void;
}

export class InMemoryTokenCache implements TokenCache {
  private readonly entries = new Map<string, CachedTokens>();
  get(key: string): CachedTokens | undefined {
    return this.entries.get(key);
  }
  set(key: string, tokens: CachedTokens): void {
    this.entries.set(key, tokens);
  }
}

export class AccessTokens {
  private pending: Promise<CachedTokens> | undefined;

  constructor(
    private readonly options: {
      oauth: OAuthResource;
      cache: TokenCache;
      /** Base URL + key id: one entry per account and Apruvd host. */
      cacheKey: string;
      now: () => number;
    },
  ) {}

  /** The current tokens; `forceNew` skips the cache (Apruvd rejected the cached access token). */
  current(forceNew: boolean): Promise<CachedTokens> {
    if (this.pending === undefined) {
      this.pending = this.load(forceNew).finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async load(forceNew: boolean): Promise<CachedTokens> {
    const { oauth, cache, cacheKey, now } = this.options;
    const cached = forceNew ? undefined : await cache.get(cacheKey);
    const loadedAt = now();
    if (cached && cached.accessExpiresAt - loadedAt > TOKEN_REFRESH_MARGIN_MS) return cached;

    let fresh: ApruvdOAuthTokens | undefined;
    if (cached && cached.refreshExpiresAt - loadedAt > TOKEN_REFRESH_MARGIN_MS) {
      try {
        fresh = await oauth.refreshTokens(cached.refreshToken);
      } catch (error) {
        if (!(error instanceof ApruvdAuthenticationError)) throw error;
        // Refresh token rejected (401/403): fall back to the password grant below.
      }
    }
    fresh ??= await oauth.obtainTokens();
    const received = now();
    const tokens: CachedTokens = {
      accessToken: fresh.access.token,
      accessExpiresAt: received + fresh.access.expires_in * 1000,
      refreshToken: fresh.refresh.token,
      refreshExpiresAt: received + fresh.refresh.expires_in * 1000,
    };
    await cache.set(cacheKey, tokens);
    return tokens;
  }
}
