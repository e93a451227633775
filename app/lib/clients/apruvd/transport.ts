/**
 * How one request reaches Apruvd: a timeout per attempt (response body included), the one
 * retry policy (../../platform/retry.ts) applied only when resending is safe, and typed
 * errors (./errors.ts) whose messages never contain request data. Each resource
 * (./resources/) describes its requests as a RequestSpec; the client owns one transport.
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
import { withRetry } from "../../platform/retry";

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

export interface TransportOptions {
  /** Without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** The Authorization header of requests that name none: Basic, or a Bearer access token. */
  authorization: () => Promise<string>;
  /** OAuth only: Apruvd rejected the access token, get a fresh one; the request is then sent once more. */
  renewAccessToken?: () => Promise<unknown>;
}

export function basicAuth(keyId: string, secret: string): string {
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

export class ApruvdTransport {
  readonly baseUrl: string;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl;
  }

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

  /** Send one API request with timeout, retries and typed errors. */
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
          maxRetries: this.options.maxRetries,
          baseMs: this.options.retryBaseDelayMs,
          capMs: this.options.retryMaxDelayMs,
          sleep: this.options.sleep,
          isRetryable: (error) => this.isRetryable(error, spec.retry),
          retryAfterMs: (error) => (error instanceof ApruvdError ? error.retryAfterMs : undefined),
        },
      );

    const renewAccessToken = this.options.renewAccessToken;
    if (renewAccessToken === undefined || spec.authorization !== undefined) return run();
    try {
      return await run();
    } catch (error) {
      // A rejected access token (revoked, server restarted…): get fresh tokens once and resend.
      if (!(error instanceof ApruvdAuthenticationError)) throw error;
      await renewAccessToken();
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

  private async attempt<T>(spec: RequestSpec): Promise<T> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      Authorization: spec.authorization ?? (await this.options.authorization()),
    };
    let body: string | FormData | undefined;
    if (spec.form !== undefined) {
      body = spec.form(); // fetch sets multipart/form-data with its boundary
    } else if (spec.json !== undefined) {
      headers["Content-Type"] = "application/json;charset=UTF-8";
      body = JSON.stringify(spec.json);
    }

    const timeoutMs = this.options.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(`${this.baseUrl}${spec.path}`, {
        method: spec.method,
        headers,
        body,
        signal,
        redirect: "manual",
      });
      text = await response.text();
    } catch (error) {
      if (isTimeoutAbort(signal)) throw new ApruvdTimeoutError({ timeoutMs, cause: error });
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
}
