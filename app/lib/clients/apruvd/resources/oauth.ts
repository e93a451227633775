/**
 * /o/token/: OAuth tokens for the API keys (password grant, Basic auth) and fresh access
 * tokens for a refresh token (refresh grant, Bearer). Neither touches a token cache; see
 * ../access-tokens.ts for when the client asks for them.
 */
import { basicAuth, type ApruvdTransport } from "../transport";
import type { ApruvdOAuthTokens } from "../types";

export class OAuthResource {
  constructor(
    private readonly transport: ApruvdTransport,
    private readonly credentials: { keyId: string; secret: string },
  ) {}

  /** GET /o/token/?grant_type=password with Basic auth. */
  obtainTokens(): Promise<ApruvdOAuthTokens> {
    return this.transport.request({
      method: "GET",
      path: "/o/token/?grant_type=password",
      authorization: basicAuth(this.credentials.keyId, this.credentials.secret),
      retry: "safe",
    });
  }

  /** GET /o/token/?grant_type=refresh with the refresh token as Bearer. */
  refreshTokens(refreshToken: string): Promise<ApruvdOAuthTokens> {
    return this.transport.request({
      method: "GET",
      path: "/o/token/?grant_type=refresh",
      authorization: `Bearer ${refreshToken}`,
      retry: "safe",
    });
  }
}
