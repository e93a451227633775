/**
 * Apruvd HTTPS API client (see ../../../../shared/reference/apruvd-api.txt).
 *
 *   const apruvd = new ApruvdClient({ credentials: { keyId, secret } });
 *   const { transaction_id, status } = await apruvd.submitTransaction(tx);
 *
 * - Basic auth by default; `auth: "oauth"` uses cached Bearer tokens from /o/token/.
 * - Every request has a timeout (AbortSignal) and is retried with the one
 *   backoff policy (./retry.ts) only when resending is safe.
 * - Failures are typed errors (./errors.ts) whose messages never contain request data.
 */
import {
  ApruvdAuthenticationError,
  ApruvdConnectionError,
  ApruvdError,
  ApruvdNotFoundError,
  ApruvdRateLimitError,
  ApruvdServerError,
  ApruvdTimeoutError,
  errorFromResponse,
} from "./errors";
import { DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_CAP_MS, defaultSleep, withRetry } from "../../platform/retry";
import {
  CHARGEBACK_FILE_FIELDS,
  type ApruvdChargeback,
  type ApruvdOAuthTokens,
  type ApruvdTransaction,
  type CallbackRegistrationInput,
  type CallbackRegistrationResponse,
  type CancelTransactionResponse,
  type ChargebackCreateInput,
  type ChargebackFileUpload,
  type ChargebackPage,
  type ChargebackUpdateInput,
  type ElevateResponse,
  type ReviewCompleteCallback,
  type SettingsCallback,
  type SubmitTransactionResponse,
  type TransactionStatusResponse,
  type UpdateTransactionResponse,
} from "./types";

export const DEFAULT_BASE_URL = "https://app.apruvd.com";
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRIES = 2;
/** Refresh tokens when less than this is left before expiry. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface ApruvdCredentials {
  keyId: string;
  secret: string;
}

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

export interface ApruvdClientOptions {
  /** Default "https://app.apruvd.com" (no trailing slash needed). */
  baseUrl?: string;
  credentials: ApruvdCredentials;
  /** Per attempt, covering the response body too. Default 15000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for requests that are safe to resend. Default 2. */
  maxRetries?: number;
  /** Backoff base (see retry.ts). Default 500. */
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

/**
 * When a request may be resent:
 * - "safe": any retryable error (GETs and idempotent-by-contract POSTs).
 * - "unsent": only when the request certainly was not processed (connection
 *   refused / DNS, 429, 503) — never after a timeout or a reset mid-request.
 */
export type RetryMode = "safe" | "unsent";
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** @internal One HTTP request as the resources describe it. */
export interface RequestSpec {
  method: HttpMethod;
  /** Path below baseUrl, starting with "/", query included. */
  path: string;
  json?: unknown;
  form?: () => FormData;
  retry: RetryMode;
  /** Explicit Authorization header (token endpoints); default: the client's auth. */
  authorization?: string;
  /** For DELETE: a 404 after an earlier failed attempt means the earlier one worked. */
  notFoundOnRetryIsSuccess?: boolean;
}

type ChargebackWriteInput = ChargebackUpdateInput & { order_num?: string };

/** /api/v2/chargebacks/ */
export class ChargebacksResource {
  constructor(private readonly client: ApruvdClient) {}

  /** POST /api/v2/chargebacks/ (multipart). Not retried after a timeout: it could double-file. */
  async create(input: ChargebackCreateInput): Promise<ApruvdChargeback> {
    if (!input.order_num) throw new TypeError("chargebacks.create: order_num is required");
    return this.client.request<ApruvdChargeback>({
      method: "POST",
      path: "/api/v2/chargebacks/",
      form: () => chargebackForm(input),
      retry: "unsent",
    });
  }

  /** One page. `pageUrl` is a `next`/`previous` URL from an earlier page. */
  async list(pageUrl?: string): Promise<ChargebackPage> {
    const path = pageUrl === undefined ? "/api/v2/chargebacks/" : this.client.pagePath(pageUrl, "/api/v2/chargebacks/");
    return this.client.request<ChargebackPage>({ method: "GET", path, retry: "safe" });
  }

  /** Every chargeback, following `next` links. */
  async *listAll(): AsyncGenerator<ApruvdChargeback, void, undefined> {
    const seen = new Set<string>();
    let page = await this.list();
    for (;;) {
      yield* page.results;
      if (!page.next || seen.has(page.next)) return;
      seen.add(page.next);
      page = await this.list(page.next);
    }
  }

  get(orderNum: string): Promise<ApruvdChargeback> {
    return this.client.request<ApruvdChargeback>({ method: "GET", path: chargebackPath(orderNum), retry: "safe" });
  }

  put(orderNum: string, input: ChargebackUpdateInput): Promise<ApruvdChargeback> {
    return this.client.request<ApruvdChargeback>({
      method: "PUT",
      path: chargebackPath(orderNum),
      form: () => chargebackForm(input),
      retry: "safe",
    });
  }

  patch(orderNum: string, input: ChargebackUpdateInput): Promise<ApruvdChargeback> {
    return this.client.request<ApruvdChargeback>({
      method: "PATCH",
      path: chargebackPath(orderNum),
      form: () => chargebackForm(input),
      retry: "safe",
    });
  }

  /** DELETE → 204. A 404 on a retry (the first attempt may have deleted it) counts as success. */
  async delete(orderNum: string): Promise<void> {
    await this.client.request<undefined>({
      method: "DELETE",
      path: chargebackPath(orderNum),
      retry: "safe",
      notFoundOnRetryIsSuccess: true,
    });
  }
}

function chargebackPath(orderNum: string): string {
  return `/api/v2/chargebacks/${encodeURIComponent(orderNum)}/`;
}

function chargebackForm(input: ChargebackWriteInput): FormData {
  const form = new FormData();
  if (input.order_num !== undefined) form.append("order_num", input.order_num);
  if (input.claim_status !== undefined) form.append("claim_status", input.claim_status);
  if (input.claim_amount !== undefined) form.append("claim_amount", String(input.claim_amount));
  if (input.claim_amount_currency !== undefined) form.append("claim_amount_currency", input.claim_amount_currency);
  for (const field of CHARGEBACK_FILE_FIELDS) {
    const file = input[field];
    if (file !== undefined) form.append(field, toBlob(file), file.filename);
  }
  return form;
}

function toBlob(file: ChargebackFileUpload): Blob {
  if (file.data instanceof Blob) {
    return file.data.type === file.contentType ? file.data : new Blob([file.data], { type: file.contentType });
  }
  return new Blob([new Uint8Array(file.data)], { type: file.contentType });
}

function assertTransactionId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new TypeError("Apruvd transaction_id must be a non-negative integer");
}

function basicAuth(keyId: string, secret: string): string {
  return `Basic ${Buffer.from(`${keyId}:${secret}`, "utf8").toString("base64")}`;
}

function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeoutAbort(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return signal.aborted && reason instanceof Error && reason.name === "TimeoutError";
}

export class ApruvdClient {
  readonly baseUrl: string;
  readonly chargebacks: ChargebacksResource;
  private readonly credentials: ApruvdCredentials;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly authMode: "basic" | "oauth";
  private readonly tokenCache: TokenCache;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private pendingTokens: Promise<CachedTokens> | undefined;

  constructor(options: ApruvdClientOptions) {
    if (!options?.credentials?.keyId || !options.credentials.secret) {
      throw new TypeError("ApruvdClient: credentials.keyId and credentials.secret are required");
    }
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.credentials = { ...options.credentials };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_MS;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? DEFAULT_RETRY_CAP_MS;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.authMode = options.auth ?? "basic";
    this.tokenCache = options.tokenCache ?? new InMemoryTokenCache();
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.chargebacks = new ChargebacksResource(this);
  }

  // ---- Transactions -------------------------------------------------------

  /** POST /api/transactions/submit/ → 201. A duplicate order_num is an ApruvdInvalidRequestError with isDuplicateOrder. */
  submitTransaction(tx: ApruvdTransaction): Promise<SubmitTransactionResponse> {
    return this.request({ method: "POST", path: "/api/transactions/submit/", json: tx, retry: "safe" });
  }

  /** GET /api/transactions/status/?transaction_id= */
  async getStatus(transactionId: number): Promise<TransactionStatusResponse> {
    assertTransactionId(transactionId);
    return this.request({
      method: "GET",
      path: `/api/transactions/status/?transaction_id=${encodeURIComponent(String(transactionId))}`,
      retry: "safe",
    });
  }

  /** GET /api/transactions/status/?order_num= → every transaction with that order number ([] when none). */
  async getStatusByOrderNum(orderNum: string): Promise<TransactionStatusResponse[]> {
    let body: unknown;
    try {
      body = await this.request<unknown>({
        method: "GET",
        path: `/api/transactions/status/?order_num=${encodeURIComponent(orderNum)}`,
        retry: "safe",
      });
    } catch (error) {
      if (error instanceof ApruvdNotFoundError) return [];
      throw error;
    }
    if (body === null || typeof body !== "object") {
      throw new ApruvdError("Apruvd returned an unexpected status response", "invalid_response", { status: 200 });
    }
    if (Array.isArray(body)) return body as TransactionStatusResponse[];
    if ("transaction_id" in body) return [body as TransactionStatusResponse];
    return Object.values(body as Record<string, TransactionStatusResponse>)
      .filter((v) => v !== null && typeof v === "object")
      .map((v) => ({ ...v, order_num: v.order_num ?? orderNum }))
      .sort((a, b) => a.transaction_id - b.transaction_id);
  }

  /** POST /api/transactions/{id}/update/ → the changelog; Apruvd re-reviews the order. */
  async updateTransaction(transactionId: number, changes: Partial<ApruvdTransaction>): Promise<UpdateTransactionResponse> {
    assertTransactionId(transactionId);
    return this.request({
      method: "POST",
      path: `/api/transactions/${encodeURIComponent(String(transactionId))}/update/`,
      json: changes,
      retry: "safe",
    });
  }

  /** POST /api/transactions/{id}/cancel/ */
  async cancelTransaction(transactionId: number): Promise<CancelTransactionResponse> {
    assertTransactionId(transactionId);
    return this.request({
      method: "POST",
      path: `/api/transactions/${encodeURIComponent(String(transactionId))}/cancel/`,
      retry: "safe",
    });
  }

  /** POST /api/transactions/elevate/ — moves a Submitted transaction into review. */
  elevate(target: { transaction_id: number } | { order_num: string }): Promise<ElevateResponse> {
    const json = "transaction_id" in target ? { transaction_id: target.transaction_id } : { order_num: target.order_num };
    return this.request({ method: "POST", path: "/api/transactions/elevate/", json, retry: "safe" });
  }

  // ---- Callbacks ----------------------------------------------------------

  /** POST /api/callbacks/ */
  registerCallbacks(input: CallbackRegistrationInput): Promise<CallbackRegistrationResponse> {
    return this.request({ method: "POST", path: "/api/callbacks/", json: input, retry: "safe" });
  }

  /** POST /api/callbacks/{callback}/trigger/ */
  triggerCallback(callback: "review-complete", body: { transaction_id: number }): Promise<ReviewCompleteCallback>;
  triggerCallback(callback: "settings-update"): Promise<SettingsCallback>;
  triggerCallback(
    callback: "review-complete" | "settings-update",
    body?: { transaction_id: number },
  ): Promise<ReviewCompleteCallback | SettingsCallback> {
    return this.request({
      method: "POST",
      path: `/api/callbacks/${callback}/trigger/`,
      json: body ?? {},
      retry: "safe",
    });
  }

  // ---- OAuth --------------------------------------------------------------

  /** GET /o/token/?grant_type=password with Basic auth. Does not touch the token cache. */
  obtainTokens(): Promise<ApruvdOAuthTokens> {
    return this.request({
      method: "GET",
      path: "/o/token/?grant_type=password",
      authorization: basicAuth(this.credentials.keyId, this.credentials.secret),
      retry: "safe",
    });
  }

  /** GET /o/token/?grant_type=refresh with the refresh token as Bearer. Does not touch the token cache. */
  refreshTokens(refreshToken: string): Promise<ApruvdOAuthTokens> {
    return this.request({
      method: "GET",
      path: "/o/token/?grant_type=refresh",
      authorization: `Bearer ${refreshToken}`,
      retry: "safe",
    });
  }

  // ---- Internals (used by ChargebacksResource) ------------------------------

  /** Turn a `next`/`previous` URL into a path on baseUrl (credentials never go to another host). */
  pagePath(pageUrl: string, expectedPrefix: string): string {
    let url: URL;
    try {
      url = new URL(pageUrl, `${this.baseUrl}/`);
    } catch {
      throw new ApruvdError("Apruvd returned an invalid page URL", "invalid_response");
    }
    if (!url.pathname.startsWith(expectedPrefix)) {
      throw new ApruvdError("Apruvd returned a page URL outside the expected endpoint", "invalid_response");
    }
    return `${url.pathname}${url.search}`;
  }

  /** @internal Send one API request with timeout, retries and typed errors. */
  async request<T>(spec: RequestSpec): Promise<T> {
    const run = (): Promise<T> =>
      withRetry(
        async (attempt) => {
          try {
            return await this.attempt<T>(spec);
          } catch (error) {
            if (spec.notFoundOnRetryIsSuccess && attempt > 0 && error instanceof ApruvdNotFoundError) {
              return undefined as T;
            }
            throw error;
          }
        },
        {
          maxRetries: this.maxRetries,
          baseMs: this.retryBaseDelayMs,
          capMs: this.retryMaxDelayMs,
          sleep: this.sleep,
          isRetryable: (error) => this.isRetryable(error, spec.retry),
          retryAfterMs: (error) => (error instanceof ApruvdError ? error.retryAfterMs : undefined),
        },
      );

    if (this.authMode !== "oauth" || spec.authorization !== undefined) return run();
    try {
      return await run();
    } catch (error) {
      // A rejected access token (revoked, server restarted…): get fresh tokens once and resend.
      if (!(error instanceof ApruvdAuthenticationError)) throw error;
      await this.accessToken(true);
      return run();
    }
  }

  private isRetryable(error: unknown, mode: RetryMode): boolean {
    if (!(error instanceof ApruvdError) || !error.retryable) return false;
    if (mode === "safe") return true;
    if (error instanceof ApruvdConnectionError) return error.neverSent;
    if (error instanceof ApruvdRateLimitError) return true;
    return error instanceof ApruvdServerError && error.status === 503;
  }

  private async authorizationFor(spec: RequestSpec): Promise<string> {
    if (spec.authorization !== undefined) return spec.authorization;
    if (this.authMode === "basic") return basicAuth(this.credentials.keyId, this.credentials.secret);
    const tokens = await this.accessToken(false);
    return `Bearer ${tokens.accessToken}`;
  }

  private async attempt<T>(spec: RequestSpec): Promise<T> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      Authorization: await this.authorizationFor(spec),
    };
    let body: string | FormData | undefined;
    if (spec.form !== undefined) {
      body = spec.form(); // fetch sets multipart/form-data with its boundary
    } else if (spec.json !== undefined) {
      headers["Content-Type"] = "application/json;charset=UTF-8";
      body = JSON.stringify(spec.json);
    }

    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${spec.path}`, {
        method: spec.method,
        headers,
        body,
        signal,
        redirect: "manual",
      });
      text = await response.text();
    } catch (error) {
      if (isTimeoutAbort(signal)) throw new ApruvdTimeoutError({ timeoutMs: this.timeoutMs, cause: error });
      throw new ApruvdConnectionError({ causeCode: systemErrorCode(error), cause: error });
    }

    if (response.status < 200 || response.status >= 300) {
      throw errorFromResponse(response.status, text, response.headers.get("retry-after"));
    }
    if (text.trim() === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApruvdError(`Apruvd HTTP ${response.status}: response is not JSON`, "invalid_response", {
        status: response.status,
      });
    }
  }

  private cacheKey(): string {
    return `${this.baseUrl}|${this.credentials.keyId}`;
  }

  /** Current access token: cached, refreshed when < 5 minutes left, or obtained anew. */
  private accessToken(forceNew: boolean): Promise<CachedTokens> {
    if (this.pendingTokens === undefined) {
      this.pendingTokens = this.loadTokens(forceNew).finally(() => {
        this.pendingTokens = undefined;
      });
    }
    return this.pendingTokens;
  }

  private async loadTokens(forceNew: boolean): Promise<CachedTokens> {
    const key = this.cacheKey();
    const cached = forceNew ? undefined : await this.tokenCache.get(key);
    const now = this.now();
    if (cached && cached.accessExpiresAt - now > TOKEN_REFRESH_MARGIN_MS) return cached;

    let fresh: ApruvdOAuthTokens | undefined;
    if (cached && cached.refreshExpiresAt - now > TOKEN_REFRESH_MARGIN_MS) {
      try {
        fresh = await this.refreshTokens(cached.refreshToken);
      } catch (error) {
        if (!(error instanceof ApruvdAuthenticationError)) throw error;
        // Refresh token rejected (401/403): fall back to the password grant below.
      }
    }
    fresh ??= await this.obtainTokens();
    const received = this.now();
    const tokens: CachedTokens = {
      accessToken: fresh.access.token,
      accessExpiresAt: received + fresh.access.expires_in * 1000,
      refreshToken: fresh.refresh.token,
      refreshExpiresAt: received + fresh.refresh.expires_in * 1000,
    };
    await this.tokenCache.set(key, tokens);
    return tokens;
  }
}
