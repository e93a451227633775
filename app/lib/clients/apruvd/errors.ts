/**
 * Typed errors raised by the Apruvd client.
 *
 * Messages carry the HTTP status and Apruvd's own error message only — never a
 * request body, URL query or header (those can hold customer data or secrets).
 */

export type ApruvdErrorCode =
  | "api_error"
  | "authentication_error"
  | "invalid_request"
  | "not_found"
  | "rate_limited"
  | "server_error"
  | "connection_error"
  | "timeout"
  | "invalid_response";

export interface ApruvdErrorInit {
  status?: number;
  apruvdMessage?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  cause?: unknown;
}

const MAX_APRUVD_MESSAGE = 500;

function describe(status: number | undefined, apruvdMessage: string | undefined, fallback: string): string {
  const head = status === undefined ? "Apruvd" : `Apruvd HTTP ${status}`;
  return `${head}: ${apruvdMessage ?? fallback}`;
}

export class ApruvdError extends Error {
  override readonly name: string = "ApruvdError";
  readonly code: ApruvdErrorCode;
  readonly status?: number;
  /** Apruvd's message from the response body ("error" or "detail"). */
  readonly apruvdMessage?: string;
  readonly retryable: boolean;
  /** Server-requested wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(message: string, code: ApruvdErrorCode = "api_error", init: ApruvdErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status;
    this.apruvdMessage = init.apruvdMessage === undefined ? undefined : init.apruvdMessage.slice(0, MAX_APRUVD_MESSAGE);
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 401/403 — e.g. "Invalid or disabled credentials". Not retryable. */
export class ApruvdAuthenticationError extends ApruvdError {
  override readonly name = "ApruvdAuthenticationError";
  constructor(init: ApruvdErrorInit & { status: number }) {
    super(describe(init.status, init.apruvdMessage, "authentication failed"), "authentication_error", {
      ...init,
      retryable: false,
    });
  }
}

/** 400 — validation failure or duplicate order. Not retryable. */
export class ApruvdInvalidRequestError extends ApruvdError {
  override readonly name = "ApruvdInvalidRequestError";
  /** True when Apruvd says the order/transaction already exists (duplicate submit). */
  readonly isDuplicateOrder: boolean;
  constructor(init: ApruvdErrorInit & { status: number }) {
    super(describe(init.status, init.apruvdMessage, "invalid request"), "invalid_request", {
      ...init,
      retryable: false,
    });
    this.isDuplicateOrder = /already exist/i.test(init.apruvdMessage ?? "");
  }
}

/** 404. Not retryable. */
export class ApruvdNotFoundError extends ApruvdError {
  override readonly name = "ApruvdNotFoundError";
  constructor(init: ApruvdErrorInit & { status: number }) {
    super(describe(init.status, init.apruvdMessage, "not found"), "not_found", { ...init, retryable: false });
  }
}

/** 429. Retryable; `retryAfterMs` reflects the Retry-After header when sent. */
export class ApruvdRateLimitError extends ApruvdError {
  override readonly name = "ApruvdRateLimitError";
  constructor(init: ApruvdErrorInit & { status: number }) {
    super(describe(init.status, init.apruvdMessage, "rate limited"), "rate_limited", { ...init, retryable: true });
  }
}

/** 5xx. Retryable. */
export class ApruvdServerError extends ApruvdError {
  override readonly name = "ApruvdServerError";
  constructor(init: ApruvdErrorInit & { status: number }) {
    super(describe(init.status, init.apruvdMessage, "server error"), "server_error", { ...init, retryable: true });
  }
}

/** The request never got an HTTP response (ECONNREFUSED, reset, DNS…). Retryable. */
export class ApruvdConnectionError extends ApruvdError {
  override readonly name = "ApruvdConnectionError";
  /** System/undici error code when known, e.g. "ECONNREFUSED", "UND_ERR_SOCKET". */
  readonly causeCode?: string;
  constructor(init: ApruvdErrorInit & { causeCode?: string } = {}) {
    super(`Apruvd connection error${init.causeCode ? ` (${init.causeCode})` : ""}`, "connection_error", {
      ...init,
      retryable: true,
    });
    this.causeCode = init.causeCode;
  }
  /** True when the request certainly never reached Apruvd (safe to resend anything). */
  get neverSent(): boolean {
    return this.causeCode !== undefined && NEVER_SENT_CODES.has(this.causeCode);
  }
}

const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** No complete response within the timeout. Retryable (only where resending is safe). */
export class ApruvdTimeoutError extends ApruvdError {
  override readonly name = "ApruvdTimeoutError";
  readonly timeoutMs?: number;
  constructor(init: ApruvdErrorInit & { timeoutMs?: number } = {}) {
    super(
      init.status === undefined
        ? `Apruvd request timed out${init.timeoutMs === undefined ? "" : ` after ${init.timeoutMs} ms`}`
        : describe(init.status, init.apruvdMessage, "request timeout"),
      "timeout",
      { ...init, retryable: true },
    );
    this.timeoutMs = init.timeoutMs;
  }
}

export function isApruvdError(error: unknown): error is ApruvdError {
  return error instanceof ApruvdError;
}

/** Parse a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Extract Apruvd's message from an error body: `{"error": ...}`, `{"detail": ...}` or DRF field errors. */
export function extractApruvdMessage(bodyText: string): string | undefined {
  if (bodyText.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return undefined; // non-JSON (e.g. a proxy's HTML page): never echo it
  }
  if (typeof parsed === "string") return parsed;
  if (parsed === null || typeof parsed !== "object") return undefined;
  if (Array.isArray(parsed)) {
    const strings = parsed.filter((v): v is string => typeof v === "string");
    return strings.length > 0 ? strings.join("; ") : undefined;
  }
  const record = parsed as Record<string, unknown>;
  for (const key of ["error", "detail", "message"]) {
    const value = record[key];
    if (typeof value === "string") return value;
  }
  // DRF style: {"field": ["msg", ...]}
  const parts: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === "string") parts.push(`${field}: ${value}`);
    else if (Array.isArray(value)) {
      const strings = value.filter((v): v is string => typeof v === "string");
      if (strings.length > 0) parts.push(`${field}: ${strings.join(" ")}`);
    }
  }
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** Map a non-2xx HTTP response to the matching error class. */
export function errorFromResponse(status: number, bodyText: string, retryAfterHeader: string | null): ApruvdError {
  const apruvdMessage = extractApruvdMessage(bodyText);
  const retryAfterMs = parseRetryAfter(retryAfterHeader);
  const init = { status, apruvdMessage, retryAfterMs };
  if (status === 400) return new ApruvdInvalidRequestError(init);
  if (status === 401 || status === 403) return new ApruvdAuthenticationError(init);
  if (status === 404) return new ApruvdNotFoundError(init);
  if (status === 408) return new ApruvdTimeoutError(init);
  if (status === 429) return new ApruvdRateLimitError(init);
  if (status >= 500) return new ApruvdServerError(init);
  return new ApruvdError(describe(status, apruvdMessage, "unexpected response"), "api_error", init);
}
