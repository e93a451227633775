/**
 * Apruvd's two ways in: HTTP Basic auth with the account's API key id and secret, and
 * OAuth bearer tokens from GET /o/token/ (grant_type=password with Basic auth, or
 * grant_type=refresh with the refresh token).
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { badRequest, HttpError, type Reply } from "./http";
import type { Account, SandboxState } from "./state";

export const INVALID_CREDENTIALS = { error: "Invalid or disabled credentials" };

function randomToken(): string {
  // 255 characters, like Apruvd's tokens.
  return randomBytes(192).toString("base64url").slice(0, 255);
}

function basicCredentials(header: string | undefined): { keyId: string; secret: string } | undefined {
  if (!header?.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return undefined;
  return { keyId: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
}

/** The account a request authenticates as (403 "Invalid or disabled credentials" otherwise). */
export function authenticate(state: SandboxState, header: string | undefined): Account {
  const basic = basicCredentials(header);
  if (basic) {
    const acct = state.accounts.get(basic.keyId);
    if (acct && !acct.disabled && acct.secret === basic.secret) return acct;
    throw new HttpError(403, INVALID_CREDENTIALS);
  }
  const token = bearer(header);
  if (token) {
    const t = state.accessTokens.get(token);
    const acct = t ? state.accounts.get(t.keyId) : undefined;
    if (t && acct && !acct.disabled && t.expiresAt > Date.now()) return acct;
  }
  throw new HttpError(403, INVALID_CREDENTIALS);
}

/** GET /o/token/: an access token (and, for a password grant, a refresh token). */
export function issueToken(state: SandboxState, req: http.IncomingMessage, url: URL): Reply {
  const grant = url.searchParams.get("grant_type");
  const now = Date.now();
  let keyId: string;
  let refreshToken: string | undefined;
  if (grant === "password") {
    const basic = basicCredentials(req.headers.authorization);
    const acct = basic ? state.accounts.get(basic.keyId) : undefined;
    if (!basic || !acct || acct.disabled || acct.secret !== basic.secret) throw new HttpError(403, INVALID_CREDENTIALS);
    keyId = acct.keyId;
  } else if (grant === "refresh") {
    const token = bearer(req.headers.authorization);
    const t = token ? state.refreshTokens.get(token) : undefined;
    const acct = t ? state.accounts.get(t.keyId) : undefined;
    if (!token || !t || !acct || acct.disabled || t.expiresAt <= now) throw new HttpError(403, INVALID_CREDENTIALS);
    keyId = acct.keyId;
    refreshToken = token;
  } else {
    throw badRequest("grant_type: Must be password or refresh.");
  }
  const access = randomToken();
  state.accessTokens.set(access, { keyId, expiresAt: now + state.opts.accessTokenTtlSeconds * 1000 });
  if (refreshToken === undefined) {
    refreshToken = randomToken();
    state.refreshTokens.set(refreshToken, { keyId, expiresAt: now + state.opts.refreshTokenTtlSeconds * 1000 });
  }
  const refreshExpiresAt = state.refreshTokens.get(refreshToken)?.expiresAt ?? now;
  return {
    status: 200,
    json: {
      access: { type: "Bearer", expires_in: state.opts.accessTokenTtlSeconds, token: access },
      refresh: {
        type: "Bearer",
        expires_in: Math.max(0, Math.floor((refreshExpiresAt - now) / 1000)),
        token: refreshToken,
      },
    },
  };
}
