/**
 * Apruvd HTTPS API client (see ../../../../shared/reference/apruvd-api.txt).
 *
 *   const apruvd = new ApruvdClient({ credentials: { keyId, secret } });
 *   const { transaction_id, status } = await apruvd.submitTransaction(tx);
 *
 * - Basic auth by default; `auth: "oauth"` uses cached Bearer tokens from /o/token/
 *   (./access-tokens.ts).
 * - Every request has a timeout (AbortSignal) and is retried with the one
 *   backoff policy (../../platform/retry.ts) only when resending is safe (./transport.ts).
 * - Failures are typed errors (./errors.ts) whose messages never contain request data.
 * - One resource per file (./resources/): the client composes them. Transactions,
 *   callbacks and OAuth keep their flat methods here (`apruvd.submitTransaction`);
 *   chargebacks are a namespace (`apruvd.chargebacks.create`).
 *
 * The app builds its clients through ./client-factory.ts, which sets each caller's
 * policy (auth, timeout, retries, circuit breaker).
 */
import { DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_CAP_MS, defaultSleep } from "../../platform/retry";
import { AccessTokens, InMemoryTokenCache, type TokenCache } from "./access-tokens";
import { CallbacksResource } from "./resources/callbacks";
import { ChargebacksResource } from "./resources/chargebacks";
import { OAuthResource } from "./resources/oauth";
import { TransactionsResource } from "./resources/transactions";
import { ApruvdTransport, basicAuth } from "./transport";
import type {
  ApruvdOAuthTokens,
  ApruvdTransaction,
  CallbackRegistrationInput,
  CallbackRegistrationResponse,
  CancelTransactionResponse,
  ElevateResponse,
  ReviewCompleteCallback,
  SettingsCallback,
  SubmitTransactionResponse,
  TransactionStatusResponse,
  UpdateTransactionResponse,
} from "./types";

export { InMemoryTokenCache, TOKEN_REFRESH_MARGIN_MS, type CachedTokens, type TokenCache } from "./access-tokens";
export { ChargebacksResource } from "./resources/chargebacks";
export type { HttpMethod, RequestSpec, RetryMode } from "./transport";

export const DEFAULT_BASE_URL = "https://app.apruvd.com";
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface ApruvdCredentials {
  keyId: string;
  secret: string;
}

export interface ApruvdClientOptions {
  /** Default "https://app.apruvd.com" (no trailing slash needed). */
  baseUrl?: string;
  credentials: ApruvdCredentials;
  /** Per attempt, covering the response body too. Default 15000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for requests that are safe to resend. Default 2. */
  maxRetries?: number;
  /** Backoff base (see platform/retry.ts). Default 500. */
  retryBaseDelayMs?: number;
  /** Backoff cap. Default 10000. */
  retryMaxDelayMs?: number;
  fetch?: typeof fetch;
  /** "basic" (default) or "oauth" (Bearer access tokens from /o/token/). */
  auth?: "basic" | "oauth";
  tokenCache?: TokenCache;
  sleep?: (ms: number) => Promise<void>;
  /** Clock for token expiry (epoch ms). Default Date.now. */
  now?: () => number;
}

export class ApruvdClient {
  readonly baseUrl: string;
  readonly chargebacks: ChargebacksResource;
  private readonly transactions: TransactionsResource;
  private readonly callbacks: CallbacksResource;
  private readonly oauth: OAuthResource;
  private readonly accessTokens: AccessTokens;

  constructor(options: ApruvdClientOptions) {
    if (!options?.credentials?.keyId || !options.credentials.secret) {
      throw new TypeError("ApruvdClient: credentials.keyId and credentials.secret are required");
    }
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    const credentials = { ...options.credentials };
    const oauthMode = (options.auth ?? "basic") === "oauth";
    const transport = new ApruvdTransport({
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_MS,
      retryMaxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_CAP_MS,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      sleep: options.sleep ?? defaultSleep,
      authorization: oauthMode
        ? async () => `Bearer ${(await this.accessTokens.current(false)).accessToken}`
        : async () => basicAuth(credentials.keyId, credentials.secret),
      renewAccessToken: oauthMode ? () => this.accessTokens.current(true) : undefined,
    });
    this.transactions = new TransactionsResource(transport);
    this.callbacks = new CallbacksResource(transport);
    this.oauth = new OAuthResource(transport, credentials);
    this.chargebacks = new ChargebacksResource(transport);
    // Used by the transport's authorization above, which runs only once a request is sent.
    this.accessTokens = new AccessTokens({
      oauth: this.oauth,
      cache: options.tokenCache ?? new InMemoryTokenCache(),
      cacheKey: `${this.baseUrl}|${credentials.keyId}`,
      now: options.now ?? Date.now,
    });
  }

  // ---- Transactions (./resources/transactions.ts) ---------------------------

  /** POST /api/transactions/submit/ → 201. A duplicate order_num is an ApruvdInvalidRequestError with isDuplicateOrder. */
  submitTransaction(tx: ApruvdTransaction): Promise<SubmitTransactionResponse> {
    return this.transactions.submit(tx);
  }

  /** GET /api/transactions/status/?transaction_id= */
  getStatus(transactionId: number): Promise<TransactionStatusResponse> {
    return this.transactions.getStatus(transactionId);
  }

  /** GET /api/transactions/status/?order_num= → every transaction with that order number ([] when none). */
  getStatusByOrderNum(orderNum: string): Promise<TransactionStatusResponse[]> {
    return this.transactions.getStatusByOrderNum(orderNum);
  }

  /** POST /api/transactions/{id}/update/ → the changelog; Apruvd re-reviews the order. */
  updateTransaction(transactionId: number, changes: Partial<ApruvdTransaction>): Promise<UpdateTransactionResponse> {
    return this.transactions.update(transactionId, changes);
  }

  /** POST /api/transactions/{id}/cancel/ */
  cancelTransaction(transactionId: number): Promise<CancelTransactionResponse> {
    return this.transactions.cancel(transactionId);
  }

  /** POST /api/transactions/elevate/ — moves a Submitted transaction into review. */
  elevate(target: { transaction_id: number } | { order_num: string }): Promise<ElevateResponse> {
    return this.transactions.elevate(target);
  }

  // ---- Callbacks (./resources/callbacks.ts) ----------------------------------

  /** POST /api/callbacks/ */
  registerCallbacks(input: CallbackRegistrationInput): Promise<CallbackRegistrationResponse> {
    return this.callbacks.register(input);
  }

  /** POST /api/callbacks/{callback}/trigger/ */
  triggerCallback(callback: "review-complete", body: { transaction_id: number }): Promise<ReviewCompleteCallback>;
  triggerCallback(callback: "settings-update"): Promise<SettingsCallback>;
  triggerCallback(
    callback: "review-complete" | "settings-update",
    body?: { transaction_id: number },
  ): Promise<ReviewCompleteCallback | SettingsCallback> {
    return this.callbacks.trigger(callback, body);
  }

  // ---- OAuth (./resources/oauth.ts) ------------------------------------------

  /** GET /o/token/?grant_type=password with Basic auth. Does not touch the token cache. */
  obtainTokens(): Promise<ApruvdOAuthTokens> {
    return this.oauth.obtainTokens();
  }

  /** GET /o/token/?grant_type=refresh with the refresh token as Bearer. Does not touch the token cache. */
  refreshTokens(refreshToken: string): Promise<ApruvdOAuthTokens> {
    return this.oauth.refreshTokens(refreshToken);
  }
}
