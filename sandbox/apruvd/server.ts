/**
 * Local Apruvd sandbox: an in-memory implementation of the documented Apruvd
 * HTTPS API (../../../shared/reference/apruvd-api.txt) for the demo, the
 * end-to-end tests and the benchmarks.
 *
 *   const sandbox = await startApruvdSandbox({ reviewDelayMs: 50 });
 *   const { keyId, secret } = sandbox.createAccount();
 *   new ApruvdClient({ baseUrl: sandbox.url, credentials: { keyId, secret } });
 *
 * Standalone: `npx tsx sandbox/apruvd/server.ts --port 4200` prints its URL and a seeded account.
 *
 * Never logs request bodies or customer data: log lines hold method, path,
 * status, timing and transaction ids only.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import type {
  ApruvdChangelog,
  ApruvdChargeback,
  ApruvdStatus,
  ApruvdTransaction,
  CallbackRegistrationResponse,
  ReviewCompleteCallback,
  SettingsCallbackPayload,
  TransactionStatusResponse,
} from "../../app/lib/clients/apruvd/types";
import { CHARGEBACK_FILE_FIELDS } from "../../app/lib/clients/apruvd/types";
import { pickTransactionFields, validateTransaction } from "./validate";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type SandboxDecision = "Approved" | "Declined";

export interface ApruvdSandboxOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Time from Reviewing to a decision. Default 200. `Infinity` = only decide() decides. */
  reviewDelayMs?: number;
  /** Decision for orders without a test trigger. Default "Approved". */
  defaultDecision?: SandboxDecision;
  /** Reject a second transaction with the same order_num (per account). Default true. */
  enforceUniqueOrderNum?: boolean;
  /** Waits between callback delivery attempts. Default [100, 500, 2000] (4 attempts in all). */
  callbackRetryDelaysMs?: number[];
  /** Per-attempt timeout of callback deliveries. Default 5000. */
  callbackTimeoutMs?: number;
  /** true = console.log; or a function receiving each line. Default false. */
  log?: boolean | ((line: string) => void);
  /** OAuth access token lifetime in seconds. Default 86399 (24 h). */
  accessTokenTtlSeconds?: number;
  /** OAuth refresh token lifetime in seconds. Default 2591724 (30 days). */
  refreshTokenTtlSeconds?: number;
  /** Default "Complete Coverage". */
  servicePlan?: string;
}

export interface SandboxAccountCredentials {
  keyId: string;
  secret: string;
}

export interface CreateAccountOptions {
  keyId?: string;
  secret?: string;
  /** Overrides the sandbox-wide enforceUniqueOrderNum for this account. */
  enforceUniqueOrderNum?: boolean;
  servicePlan?: string;
}

export interface SandboxTransaction {
  transaction_id: number;
  /** Key id of the owning account. */
  account: string;
  order_num?: string;
  status: ApruvdStatus;
  risk_grade: string;
  canceled: boolean;
  notes?: string;
  /** The documented fields as submitted (and updated). */
  data: ApruvdTransaction;
  changelog: ApruvdChangelog;
  created_at: string;
  decided_at?: string;
}

export interface SandboxRequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** 0 when the connection was dropped by a fault. */
  status: number;
}

export interface SandboxCallbackDelivery {
  kind: "review-complete" | "settings-update";
  account: string;
  url: string;
  transaction_id?: number;
  status?: ApruvdStatus;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastError?: string;
}

export interface SandboxFaults {
  /** The next `count` API requests answer `status` (default 503). */
  failNext(count: number, status?: number): void;
  /** While down, every API call answers 503. */
  setDown(down: boolean): void;
  /** Delay every response by `ms`. */
  setLatency(ms: number): void;
  /** Destroy the sockets of the next `count` API requests without answering. */
  dropConnections(count: number): void;
  /** Clear every fault. */
  reset(): void;
}

export interface ApruvdSandbox {
  /** Base URL, e.g. http://127.0.0.1:1234 (use as the client's baseUrl). */
  url: string;
  close(): Promise<void>;
  createAccount(opts?: CreateAccountOptions): SandboxAccountCredentials;
  /** Make an account's credentials invalid ("Invalid or disabled credentials"). */
  disableAccount(account: SandboxAccountCredentials | string): void;
  /** Snapshot of every transaction, oldest first. */
  transactions(): SandboxTransaction[];
  /** Request log (no bodies, no query strings). */
  requests(): SandboxRequestLogEntry[];
  /** Callback deliveries (review-complete and settings-update) so far. */
  callbacks(): SandboxCallbackDelivery[];
  faults: SandboxFaults;
  /** Decide a transaction now (cancels a scheduled decision) and deliver its callback. */
  decide(transactionId: number, status: SandboxDecision, notes?: string): Promise<void>;
  /** POST the settings payload to the account's settings_url. */
  settingsPush(account: SandboxAccountCredentials | string): Promise<void>;
  /** Set a chargeback's claim status as Apruvd staff would (e.g. "Accepted, Paid"). */
  setChargebackStatus(orderNum: string, claimStatus: string, denialReason?: string | null): void;
  /** Resolves when no decision is scheduled and no callback is in flight. */
  idle(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------

const INVALID_CREDENTIALS = { error: "Invalid or disabled credentials" };
const DECLINE_NOTES = "Billing and shipping mismatch";
const PAGE_SIZE = 20;
const MAX_BODY_BYTES = 25 * 1024 * 1024;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const DEPRECATED_SETTINGS = {
  id: null,
  basic_rules: [],
  data_connection: false,
  training_data: false,
  enforce_unique_order_id: false,
  require_notes_on_approves: false,
  require_notes_on_declines: false,
  strictly_protect_pii: false,
  integration_version: "V3",
} as const;

interface Account {
  keyId: string;
  secret: string;
  disabled: boolean;
  enforceUniqueOrderNum: boolean;
  servicePlan: string;
  jsHash: string;
  callback_url: string | null;
  settings_url: string | null;
  callback_api_key_id: string | null;
  callback_api_key_secret: string | null;
  chargebacks: Map<string, StoredChargeback>;
}

interface Transaction {
  id: number;
  account: Account;
  data: Record<string, unknown>;
  status: ApruvdStatus;
  riskGrade: string;
  canceled: boolean;
  notes?: string;
  changelog: ApruvdChangelog;
  createdAt: Date;
  decidedAt?: Date;
  timer?: NodeJS.Timeout;
}

interface StoredFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

interface StoredChargeback {
  order_num: string;
  timestamp: string;
  claim_status: string;
  claim_amount_currency: string;
  claim_amount: string;
  denial_reason: string | null;
  files: Partial<Record<(typeof CHARGEBACK_FILE_FIELDS)[number], string>>; // field → media id
}

interface Token {
  keyId: string;
  expiresAt: number;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Ctx {
  req: http.IncomingMessage;
  url: URL;
  params: string[];
  body: Buffer;
  account: Account;
}

interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  raw?: { contentType: string; data: Buffer | string };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(`HTTP ${status}`);
  }
}

const badRequest = (message: string) => new HttpError(400, { error: message });
const notFound = () => new HttpError(404, { detail: "Not found." });

type Trigger = "Approved" | "Declined" | "Submitted";

/** The documented test triggers, first match in table order. */
function triggersOf(data: Record<string, unknown>): Trigger[] {
  const found: Trigger[] = [];
  const email = typeof data.email === "string" ? data.email.trim().toLowerCase() : "";
  if (email.startsWith("approve")) found.push("Approved");
  else if (email.startsWith("decline")) found.push("Declined");
  else if (email.startsWith("submit")) found.push("Submitted");
  const first = typeof data.billing_first_name === "string" ? data.billing_first_name.trim().toLowerCase() : "";
  if (first === "approve") found.push("Approved");
  else if (first === "decline") found.push("Declined");
  else if (first === "submit") found.push("Submitted");
  const six = data.first_six === undefined || data.first_six === null ? "" : String(data.first_six);
  if (six === "444444") found.push("Approved");
  else if (six === "555555") found.push("Declined");
  else if (six === "333333") found.push("Submitted");
  return found;
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

function randomToken(): string {
  // 255 characters, like Apruvd's tokens.
  return randomBytes(192).toString("base64url").slice(0, 255);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2020-Mar-15 10:28 AM" (UTC), the reference's changelog key format. */
function changelogKey(d: Date): string {
  const h = d.getUTCHours();
  const hh = String(h % 12 === 0 ? 12 : h % 12).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${d.getUTCFullYear()}-${MONTHS[d.getUTCMonth()]}-${String(d.getUTCDate()).padStart(2, "0")} ${hh}:${mm} ${h < 12 ? "AM" : "PM"}`;
}

/** "2021-02-09T17:10:02.444000+00:00" */
function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "000+00:00");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
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

function formatAmount(v: unknown): string {
  return Number(v).toFixed(2);
}

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let i = 0; i < 4 && isObject(current); i++) {
    if (typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return error instanceof Error ? error.name : "error";
}

class Sandbox implements ApruvdSandbox {
  url = "";
  readonly faults: SandboxFaults;
  private readonly server: http.Server;
  private readonly opts: Required<Omit<ApruvdSandboxOptions, "port" | "host" | "log">>;
  private readonly logLine: ((line: string) => void) | undefined;
  private readonly accounts = new Map<string, Account>();
  private readonly txs = new Map<number, Transaction>();
  private readonly accessTokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, Token>();
  private readonly media = new Map<string, StoredFile>();
  private readonly log: SandboxRequestLogEntry[] = [];
  private readonly deliveries: SandboxCallbackDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly closing = new AbortController();
  private nextId = 1;
  private closed = false;
  private failCount = 0;
  private failStatus = 503;
  private down = false;
  private latencyMs = 0;
  private dropCount = 0;

  constructor(options: ApruvdSandboxOptions) {
    this.opts = {
      reviewDelayMs: options.reviewDelayMs ?? 200,
      defaultDecision: options.defaultDecision ?? "Approved",
      enforceUniqueOrderNum: options.enforceUniqueOrderNum ?? true,
      callbackRetryDelaysMs: options.callbackRetryDelaysMs ?? [100, 500, 2000],
      callbackTimeoutMs: options.callbackTimeoutMs ?? 5000,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 86399,
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 2591724,
      servicePlan: options.servicePlan ?? "Complete Coverage",
    };
    this.logLine =
      options.log === true ? (line) => console.log(line) : typeof options.log === "function" ? options.log : undefined;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.emit(`internal error (${errorCode(error)})`);
        if (!res.headersSent) this.send(req, res, { status: 500, json: { error: "Internal server error" } });
      });
    });
    this.faults = {
      failNext: (count, status = 503) => {
        this.failCount = Math.max(0, Math.floor(count));
        this.failStatus = status;
      },
      setDown: (down) => {
        this.down = down;
      },
      setLatency: (ms) => {
        this.latencyMs = Math.max(0, ms);
      },
      dropConnections: (count) => {
        this.dropCount = Math.max(0, Math.floor(count));
      },
      reset: () => {
        this.failCount = 0;
        this.down = false;
        this.latencyMs = 0;
        this.dropCount = 0;
      },
    };
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.url = `http://${shownHost}:${address.port}`;
  }

  // ---- Public API -----------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    for (const tx of this.txs.values()) if (tx.timer) clearTimeout(tx.timer);
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waits.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    await Promise.allSettled([...this.inFlight]);
  }

  createAccount(opts: CreateAccountOptions = {}): SandboxAccountCredentials {
    const keyId = opts.keyId ?? randomHex(12).toUpperCase();
    const secret = opts.secret ?? randomHex(18);
    if (this.accounts.has(keyId)) throw new Error(`Sandbox account ${keyId} already exists`);
    this.accounts.set(keyId, {
      keyId,
      secret,
      disabled: false,
      enforceUniqueOrderNum: opts.enforceUniqueOrderNum ?? this.opts.enforceUniqueOrderNum,
      servicePlan: opts.servicePlan ?? this.opts.servicePlan,
      jsHash: randomHex(16),
      callback_url: null,
      settings_url: null,
      callback_api_key_id: null,
      callback_api_key_secret: null,
      chargebacks: new Map(),
    });
    return { keyId, secret };
  }

  disableAccount(account: SandboxAccountCredentials | string): void {
    this.accountOf(account).disabled = true;
  }

  transactions(): SandboxTransaction[] {
    return [...this.txs.values()].map((tx) => ({
      transaction_id: tx.id,
      account: tx.account.keyId,
      ...(typeof tx.data.order_num === "string" ? { order_num: tx.data.order_num } : {}),
      status: tx.status,
      risk_grade: tx.riskGrade,
      canceled: tx.canceled,
      ...(tx.notes === undefined ? {} : { notes: tx.notes }),
      data: structuredClone(tx.data) as unknown as ApruvdTransaction,
      changelog: structuredClone(tx.changelog),
      created_at: tx.createdAt.toISOString(),
      ...(tx.decidedAt ? { decided_at: tx.decidedAt.toISOString() } : {}),
    }));
  }

  requests(): SandboxRequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  callbacks(): SandboxCallbackDelivery[] {
    return this.deliveries.map((d) => ({ ...d }));
  }

  async decide(transactionId: number, status: SandboxDecision, notes?: string): Promise<void> {
    const tx = this.txs.get(transactionId);
    if (!tx) throw new Error(`Sandbox: no transaction ${transactionId}`);
    if (tx.timer) clearTimeout(tx.timer);
    tx.timer = undefined;
    await this.finishReview(tx, status, notes ?? (status === "Declined" ? DECLINE_NOTES : undefined), true);
  }

  async settingsPush(account: SandboxAccountCredentials | string): Promise<void> {
    const acct = this.accountOf(account);
    if (!acct.settings_url) throw new Error("Sandbox: the account has no settings_url (POST /api/callbacks/ first)");
    await this.track(this.deliver(acct, "settings-update", acct.settings_url, this.settingsPayload(acct)));
  }

  setChargebackStatus(orderNum: string, claimStatus: string, denialReason: string | null = null): void {
    for (const acct of this.accounts.values()) {
      const cb = acct.chargebacks.get(orderNum);
      if (cb) {
        cb.claim_status = claimStatus;
        cb.denial_reason = denialReason;
        return;
      }
    }
    throw new Error("Sandbox: no chargeback for that order_num");
  }

  async idle(): Promise<void> {
    for (;;) {
      const scheduled = [...this.txs.values()].some((tx) => tx.timer !== undefined);
      if (!scheduled && this.inFlight.size === 0) return;
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  // ---- HTTP plumbing --------------------------------------------------------

  private emit(line: string): void {
    this.logLine?.(`[apruvd-sandbox] ${line}`);
  }

  private send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
    const path = new URL(req.url ?? "/", "http://sandbox").pathname;
    this.log.push({ method: req.method ?? "", path, status: reply.status });
    // Order numbers in chargeback paths are redacted from log lines.
    this.emit(`${req.method} ${path.replace(/(\/api\/v2\/chargebacks\/)[^/]+\//, "$1:order_num/")} ${reply.status}`);
    if (res.destroyed) return;
    if (reply.raw) {
      res.writeHead(reply.status, { "Content-Type": reply.raw.contentType, ...reply.headers });
      res.end(reply.raw.data);
      return;
    }
    if (reply.json === undefined) {
      res.writeHead(reply.status, { ...reply.headers });
      res.end();
      return;
    }
    res.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
    res.end(JSON.stringify(reply.json));
  }

  private async readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY_BYTES) throw new HttpError(413, { detail: "Request body too large." });
      chunks.push(buf);
    }
    return Buffer.concat(chunks);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url || "http://127.0.0.1");
    const isApi = url.pathname.startsWith("/api/") || url.pathname.startsWith("/o/");

    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (isApi && this.dropCount > 0) {
      this.dropCount--;
      this.log.push({ method: req.method ?? "", path: url.pathname, status: 0 });
      this.emit(`${req.method} ${url.pathname} dropped (fault)`);
      req.socket.destroy();
      return;
    }
    if (isApi && this.down) {
      return this.send(req, res, { status: 503, json: { error: "Service temporarily unavailable" } });
    }
    if (isApi && this.failCount > 0) {
      this.failCount--;
      const status = this.failStatus;
      const message = status >= 500 ? "Service temporarily unavailable" : "Injected fault";
      return this.send(req, res, { status, json: status === 429 ? { detail: "Request was throttled." } : { error: message } });
    }

    let reply: Reply;
    try {
      reply = await this.route(req, url);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, json: error.body, headers: error.headers };
    }
    this.send(req, res, reply);
  }

  private async route(req: http.IncomingMessage, url: URL): Promise<Reply> {
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;

    const media = /^\/media\/chargebacks\/([0-9a-f]+)\/[^/]+$/.exec(path);
    if (media) {
      const file = this.media.get(media[1]);
      if (!file || method !== "GET") throw notFound();
      return { status: 200, raw: { contentType: file.contentType, data: file.data } };
    }
    if (/^\/mjs\/[0-9a-f]+\/entry\.js$/.test(path) && method === "GET") {
      return { status: 200, raw: { contentType: "application/javascript", data: "/* Apruvd sandbox drop-in (no-op) */\n" } };
    }

    if (path === "/o/token/") {
      if (method !== "GET") throw methodNotAllowed(method, ["GET"]);
      return this.token(req, url);
    }

    const routes: Array<{ re: RegExp; handlers: Partial<Record<Method, (ctx: Ctx) => Promise<Reply> | Reply>> }> = [
      { re: /^\/api\/transactions\/submit\/$/, handlers: { POST: (c) => this.submit(c) } },
      { re: /^\/api\/transactions\/status\/$/, handlers: { GET: (c) => this.status(c) } },
      { re: /^\/api\/transactions\/(\d+)\/update\/$/, handlers: { POST: (c) => this.update(c) } },
      { re: /^\/api\/transactions\/(\d+)\/cancel\/$/, handlers: { POST: (c) => this.cancel(c) } },
      { re: /^\/api\/transactions\/elevate\/$/, handlers: { POST: (c) => this.elevate(c) } },
      { re: /^\/api\/callbacks\/$/, handlers: { POST: (c) => this.registerCallbacks(c) } },
      { re: /^\/api\/callbacks\/(review-complete|settings-update)\/trigger\/$/, handlers: { POST: (c) => this.trigger(c) } },
      {
        re: /^\/api\/v2\/chargebacks\/$/,
        handlers: { GET: (c) => this.listChargebacks(c), POST: (c) => this.createChargeback(c) },
      },
      {
        re: /^\/api\/v2\/chargebacks\/([^/]+)\/$/,
        handlers: {
          GET: (c) => this.getChargeback(c),
          PUT: (c) => this.writeChargeback(c),
          PATCH: (c) => this.writeChargeback(c),
          DELETE: (c) => this.deleteChargeback(c),
        },
      },
    ];

    for (const route of routes) {
      const m = route.re.exec(path);
      if (!m) continue;
      const params = m.slice(1).map((p) => decodeURIComponent(p));
      const handler = route.handlers[method as Method];
      if (!handler) throw methodNotAllowed(method, Object.keys(route.handlers));
      const account = this.authenticate(req.headers.authorization);
      const body = await this.readBody(req);
      return handler({ req, url, params, body, account });
    }
    throw notFound();
  }

  private authenticate(header: string | undefined): Account {
    const basic = basicCredentials(header);
    if (basic) {
      const acct = this.accounts.get(basic.keyId);
      if (acct && !acct.disabled && acct.secret === basic.secret) return acct;
      throw new HttpError(403, INVALID_CREDENTIALS);
    }
    const token = bearer(header);
    if (token) {
      const t = this.accessTokens.get(token);
      const acct = t ? this.accounts.get(t.keyId) : undefined;
      if (t && acct && !acct.disabled && t.expiresAt > Date.now()) return acct;
    }
    throw new HttpError(403, INVALID_CREDENTIALS);
  }

  private accountOf(account: SandboxAccountCredentials | string): Account {
    const keyId = typeof account === "string" ? account : account.keyId;
    const acct = this.accounts.get(keyId);
    if (!acct) throw new Error("Sandbox: unknown account");
    return acct;
  }

  private json(ctx: Ctx): Record<string, unknown> {
    if (ctx.body.length === 0) return {};
    const type = String(ctx.req.headers["content-type"] ?? "");
    if (!/^application\/json\b/i.test(type)) {
      throw new HttpError(415, { detail: "Unsupported media type in request; use application/json." });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(ctx.body.toString("utf8"));
    } catch {
      throw badRequest("Invalid JSON body.");
    }
    if (!isObject(parsed)) throw badRequest("Invalid JSON body: expected an object.");
    return parsed;
  }

  // ---- OAuth ----------------------------------------------------------------

  private token(req: http.IncomingMessage, url: URL): Reply {
    const grant = url.searchParams.get("grant_type");
    const now = Date.now();
    let keyId: string;
    let refreshToken: string | undefined;
    if (grant === "password") {
      const basic = basicCredentials(req.headers.authorization);
      const acct = basic ? this.accounts.get(basic.keyId) : undefined;
      if (!basic || !acct || acct.disabled || acct.secret !== basic.secret) throw new HttpError(403, INVALID_CREDENTIALS);
      keyId = acct.keyId;
    } else if (grant === "refresh") {
      const token = bearer(req.headers.authorization);
      const t = token ? this.refreshTokens.get(token) : undefined;
      const acct = t ? this.accounts.get(t.keyId) : undefined;
      if (!token || !t || !acct || acct.disabled || t.expiresAt <= now) throw new HttpError(403, INVALID_CREDENTIALS);
      keyId = acct.keyId;
      refreshToken = token;
    } else {
      throw badRequest("grant_type: Must be password or refresh.");
    }
    const access = randomToken();
    this.accessTokens.set(access, { keyId, expiresAt: now + this.opts.accessTokenTtlSeconds * 1000 });
    if (refreshToken === undefined) {
      refreshToken = randomToken();
      this.refreshTokens.set(refreshToken, { keyId, expiresAt: now + this.opts.refreshTokenTtlSeconds * 1000 });
    }
    const refreshExpiresAt = this.refreshTokens.get(refreshToken)?.expiresAt ?? now;
    return {
      status: 200,
      json: {
        access: { type: "Bearer", expires_in: this.opts.accessTokenTtlSeconds, token: access },
        refresh: { type: "Bearer", expires_in: Math.max(0, Math.floor((refreshExpiresAt - now) / 1000)), token: refreshToken },
      },
    };
  }

  // ---- Transactions ---------------------------------------------------------

  private findDuplicate(account: Account, orderNum: unknown, exceptId?: number): boolean {
    if (typeof orderNum !== "string" || orderNum === "") return false;
    for (const tx of this.txs.values()) {
      if (tx.account === account && tx.id !== exceptId && tx.data.order_num === orderNum) return true;
    }
    return false;
  }

  private submit(ctx: Ctx): Reply {
    const body = this.json(ctx);
    const problem = validateTransaction(body, "create");
    if (problem) throw badRequest(problem);
    if (ctx.account.enforceUniqueOrderNum && this.findDuplicate(ctx.account, body.order_num)) {
      throw badRequest(`A transaction with order_num ${String(body.order_num)} already exists.`);
    }
    const data = pickTransactionFields(body);
    const first = triggersOf(data)[0];
    const tx: Transaction = {
      id: this.nextId++,
      account: ctx.account,
      data,
      status: first === "Submitted" ? "Submitted" : "Reviewing",
      riskGrade: this.gradeFor(data),
      canceled: false,
      changelog: {},
      createdAt: new Date(),
    };
    this.txs.set(tx.id, tx);
    this.emit(`transaction ${tx.id} ${tx.status}`);
    if (tx.status === "Reviewing") this.scheduleReview(tx);
    return {
      status: 201,
      json: {
        transaction_id: tx.id,
        status: tx.status,
        risk_grade: tx.riskGrade,
        ...(typeof data.order_num === "string" ? { order_num: data.order_num } : {}),
      },
    };
  }

  /** The decision a review will reach: first approve/decline trigger, else the default. */
  private outcomeFor(data: Record<string, unknown>): { status: SandboxDecision; byTrigger: boolean } {
    const decided = triggersOf(data).find((t): t is SandboxDecision => t !== "Submitted");
    return decided ? { status: decided, byTrigger: true } : { status: this.opts.defaultDecision, byTrigger: false };
  }

  private gradeFor(data: Record<string, unknown>): string {
    const { status, byTrigger } = this.outcomeFor(data);
    if (byTrigger) return status === "Approved" ? "A+" : "F";
    return status === "Approved" ? "B" : "D";
  }

  private scheduleReview(tx: Transaction): void {
    if (tx.timer) clearTimeout(tx.timer);
    tx.timer = undefined;
    const delay = this.opts.reviewDelayMs;
    if (!Number.isFinite(delay) || this.closed) return;
    tx.timer = setTimeout(() => {
      tx.timer = undefined;
      const { status } = this.outcomeFor(tx.data);
      void this.finishReview(tx, status, status === "Declined" ? DECLINE_NOTES : undefined, false);
    }, Math.max(0, delay));
  }

  private async finishReview(tx: Transaction, status: SandboxDecision, notes: string | undefined, manual: boolean): Promise<void> {
    if (this.closed) return;
    if (tx.canceled && !manual) return;
    tx.status = status;
    tx.notes = notes;
    tx.decidedAt = new Date();
    if (!manual || this.outcomeFor(tx.data).status === status) tx.riskGrade = this.gradeFor(tx.data);
    else tx.riskGrade = status === "Approved" ? "B" : "D";
    this.emit(`transaction ${tx.id} ${status}`);
    if (tx.canceled) return; // no callbacks for canceled transactions
    const acct = tx.account;
    if (!acct.callback_url) return;
    await this.track(this.deliver(acct, "review-complete", acct.callback_url, this.reviewPayload(tx), tx));
  }

  private reviewPayload(tx: Transaction): ReviewCompleteCallback {
    return {
      transaction_id: tx.id,
      ...(typeof tx.data.order_num === "string" ? { order_num: tx.data.order_num } : {}),
      status: tx.status,
      ...(tx.notes === undefined ? {} : { notes: tx.notes }),
    };
  }

  private statusOf(tx: Transaction): TransactionStatusResponse {
    return {
      transaction_id: tx.id,
      ...(typeof tx.data.order_num === "string" ? { order_num: tx.data.order_num } : {}),
      status: tx.status,
      canceled: tx.canceled,
      risk_grade: tx.riskGrade,
    };
  }

  private ownTx(account: Account, id: unknown): Transaction {
    const n = typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id;
    const tx = typeof n === "number" ? this.txs.get(n) : undefined;
    if (!tx || tx.account !== account) throw notFound();
    return tx;
  }

  private status(ctx: Ctx): Reply {
    const id = ctx.url.searchParams.get("transaction_id");
    const orderNum = ctx.url.searchParams.get("order_num");
    if (id !== null) {
      if (!/^\d+$/.test(id)) throw badRequest("transaction_id: A valid integer is required.");
      return { status: 200, json: this.statusOf(this.ownTx(ctx.account, id)) };
    }
    if (orderNum !== null) {
      const map: Record<string, TransactionStatusResponse> = {};
      for (const tx of this.txs.values()) {
        if (tx.account === ctx.account && tx.data.order_num === orderNum) map[String(tx.id)] = this.statusOf(tx);
      }
      return { status: 200, json: map };
    }
    throw badRequest("transaction_id or order_num is required.");
  }

  private update(ctx: Ctx): Reply {
    const tx = this.ownTx(ctx.account, ctx.params[0]);
    const body = this.json(ctx);
    if (tx.canceled) throw badRequest("Transaction has been canceled.");
    const problem = validateTransaction(body, "update");
    if (problem) throw badRequest(problem);
    const incoming = pickTransactionFields(body);
    if (
      ctx.account.enforceUniqueOrderNum &&
      incoming.order_num !== tx.data.order_num &&
      this.findDuplicate(ctx.account, incoming.order_num, tx.id)
    ) {
      throw badRequest(`A transaction with order_num ${String(incoming.order_num)} already exists.`);
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(incoming)) {
      const from = tx.data[field];
      if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from: from ?? null, to };
    }
    if (Object.keys(changes).length > 0) {
      const key = changelogKey(new Date());
      tx.changelog[key] = { ...tx.changelog[key], ...changes };
      for (const [field, { to }] of Object.entries(changes)) {
        if (to === null) delete tx.data[field];
        else tx.data[field] = to;
      }
      tx.riskGrade = this.gradeFor(tx.data);
      if (tx.status !== "Submitted") {
        tx.status = "Reviewing";
        tx.notes = undefined;
        tx.decidedAt = undefined;
        this.scheduleReview(tx);
      }
      this.emit(`transaction ${tx.id} updated (${Object.keys(changes).length} fields) → ${tx.status}`);
    }
    return { status: 200, json: { transaction_id: tx.id, status: tx.status, changelog: tx.changelog } };
  }

  private cancel(ctx: Ctx): Reply {
    const tx = this.ownTx(ctx.account, ctx.params[0]);
    tx.canceled = true;
    if (tx.timer) clearTimeout(tx.timer);
    tx.timer = undefined;
    this.emit(`transaction ${tx.id} canceled`);
    return { status: 200, json: { transaction_id: tx.id, status: tx.status, canceled: true } };
  }

  private elevate(ctx: Ctx): Reply {
    const body = this.json(ctx);
    let targets: Transaction[];
    if (body.transaction_id !== undefined && body.transaction_id !== null) {
      const id = body.transaction_id;
      if (!(typeof id === "number" && Number.isInteger(id)) && !(typeof id === "string" && /^\d+$/.test(id))) {
        throw badRequest("transaction_id: A valid integer is required.");
      }
      targets = [this.ownTx(ctx.account, id)];
    } else if (typeof body.order_num === "string" && body.order_num !== "") {
      targets = [...this.txs.values()].filter((t) => t.account === ctx.account && t.data.order_num === body.order_num);
      if (targets.length === 0) throw notFound();
    } else {
      throw badRequest("transaction_id or order_num is required.");
    }
    let shown = targets[0];
    let elevatedOne = false;
    for (const tx of targets) {
      if (tx.status !== "Submitted" || tx.canceled) continue;
      tx.status = "Reviewing";
      this.scheduleReview(tx);
      this.emit(`transaction ${tx.id} elevated`);
      if (!elevatedOne) shown = tx;
      elevatedOne = true;
    }
    return {
      status: 200,
      json: {
        transaction_id: shown.id,
        ...(typeof shown.data.order_num === "string" ? { order_num: shown.data.order_num } : {}),
        status: shown.status,
      },
    };
  }

  // ---- Callbacks ------------------------------------------------------------

  private registerCallbacks(ctx: Ctx): Reply {
    const body = this.json(ctx);
    const acct = ctx.account;
    const next = {
      callback_url: acct.callback_url,
      settings_url: acct.settings_url,
      callback_api_key_id: acct.callback_api_key_id,
      callback_api_key_secret: acct.callback_api_key_secret,
    };
    for (const field of ["callback_url", "settings_url"] as const) {
      const v = body[field];
      if (v === undefined) continue;
      if (v === null || v === "") {
        next[field] = null;
        continue;
      }
      let ok = false;
      if (typeof v === "string" && v.length <= 2000) {
        try {
          ok = ["http:", "https:"].includes(new URL(v).protocol);
        } catch {
          ok = false;
        }
      }
      if (!ok) throw badRequest(`${field}: Enter a valid URL.`);
      next[field] = v as string;
    }
    for (const field of ["callback_api_key_id", "callback_api_key_secret"] as const) {
      const v = body[field];
      if (v === undefined) continue;
      if (v === null || v === "") {
        next[field] = null;
        continue;
      }
      if (typeof v !== "string") throw badRequest(`${field}: Not a valid string.`);
      if (v.length > 255) throw badRequest(`${field}: Ensure this field has no more than 255 characters.`);
      next[field] = v;
    }
    Object.assign(acct, next);
    this.emit("callbacks registered");
    const response: CallbackRegistrationResponse = {
      service_plan: acct.servicePlan,
      enforce_unique_order_num: acct.enforceUniqueOrderNum,
      ...next,
    };
    return { status: 200, json: response };
  }

  private trigger(ctx: Ctx): Reply {
    const body = this.json(ctx);
    const acct = ctx.account;
    if (ctx.params[0] === "review-complete") {
      if (body.transaction_id === undefined || body.transaction_id === null) {
        throw badRequest("transaction_id: This field is required.");
      }
      const id = body.transaction_id;
      if (!(typeof id === "number" && Number.isInteger(id)) && !(typeof id === "string" && /^\d+$/.test(id))) {
        throw badRequest("transaction_id: A valid integer is required.");
      }
      const tx = this.ownTx(acct, id);
      const payload = this.reviewPayload(tx);
      if (acct.callback_url) void this.track(this.deliver(acct, "review-complete", acct.callback_url, payload, tx));
      return { status: 200, json: payload };
    }
    const payload = this.settingsPayload(acct);
    if (acct.settings_url) void this.track(this.deliver(acct, "settings-update", acct.settings_url, payload));
    return { status: 200, json: payload };
  }

  private settingsPayload(acct: Account): SettingsCallbackPayload {
    return {
      service_plan: acct.servicePlan,
      enforce_unique_order_num: acct.enforceUniqueOrderNum,
      js_url: `${this.url}/mjs/${acct.jsHash}/entry.js`,
      ...DEPRECATED_SETTINGS,
      basic_rules: [],
    };
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.waits.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.waits.add(entry);
    });
  }

  /** POST a callback with the account's callback credentials, retrying per callbackRetryDelaysMs. */
  private async deliver(
    acct: Account,
    kind: SandboxCallbackDelivery["kind"],
    url: string,
    payload: unknown,
    tx?: Transaction,
  ): Promise<void> {
    const record: SandboxCallbackDelivery = {
      kind,
      account: acct.keyId,
      url,
      ...(tx ? { transaction_id: tx.id, status: tx.status } : {}),
      attempts: 0,
      delivered: false,
    };
    this.deliveries.push(record);
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Content-Type": "application/json;charset=UTF-8",
      "User-Agent": "apruvd-sandbox",
    };
    if (acct.callback_api_key_id !== null && acct.callback_api_key_secret !== null) {
      headers.Authorization = `Basic ${Buffer.from(`${acct.callback_api_key_id}:${acct.callback_api_key_secret}`).toString("base64")}`;
    }
    const body = JSON.stringify(payload);
    const delays = this.opts.callbackRetryDelaysMs;
    const label = tx ? `${kind} tx=${tx.id}` : kind;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await this.wait(delays[attempt - 1]);
      if (this.closed) return;
      record.attempts++;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.any([this.closing.signal, AbortSignal.timeout(this.opts.callbackTimeoutMs)]),
          redirect: "manual",
        });
        await res.arrayBuffer().catch(() => undefined);
        record.lastStatus = res.status;
        record.lastError = undefined;
        this.emit(`callback ${label} → ${res.status} (attempt ${record.attempts})`);
        if (res.ok) {
          record.delivered = true;
          return;
        }
      } catch (error) {
        if (this.closed) return;
        record.lastError = errorCode(error);
        this.emit(`callback ${label} → ${record.lastError} (attempt ${record.attempts})`);
      }
    }
  }

  // ---- Chargebacks ----------------------------------------------------------

  private async form(ctx: Ctx): Promise<Map<string, string | File>> {
    const out = new Map<string, string | File>();
    if (ctx.body.length === 0) return out;
    const type = String(ctx.req.headers["content-type"] ?? "");
    if (/^application\/json\b/i.test(type)) {
      for (const [k, v] of Object.entries(this.json(ctx))) {
        if (v === null || v === undefined) continue;
        out.set(k, typeof v === "string" ? v : JSON.stringify(v));
      }
      return out;
    }
    if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
      throw new HttpError(415, { detail: "Unsupported media type in request; use multipart/form-data." });
    }
    let data: FormData;
    try {
      data = await new Request("http://sandbox/", { method: "POST", headers: { "content-type": type }, body: new Uint8Array(ctx.body) }).formData();
    } catch {
      throw badRequest("Multipart form parse error.");
    }
    for (const [k, v] of data.entries()) out.set(k, v);
    return out;
  }

  private chargebackJson(cb: StoredChargeback): ApruvdChargeback {
    const fileUrl = (field: (typeof CHARGEBACK_FILE_FIELDS)[number]): string | null => {
      const id = cb.files[field];
      const file = id ? this.media.get(id) : undefined;
      return id && file ? `${this.url}/media/chargebacks/${id}/${encodeURIComponent(file.filename)}` : null;
    };
    return {
      order_num: cb.order_num,
      timestamp: cb.timestamp,
      claim_status: cb.claim_status,
      claim_amount_currency: cb.claim_amount_currency,
      claim_amount: cb.claim_amount,
      denial_reason: cb.denial_reason,
      claim_file: fileUrl("claim_file"),
      claim_file_2: fileUrl("claim_file_2"),
      claim_file_3: fileUrl("claim_file_3"),
      appeal_file: fileUrl("appeal_file"),
    };
  }

  /** Validate amount/currency/status/files from a form and apply them to `cb`. */
  private async applyChargebackForm(cb: StoredChargeback, form: Map<string, string | File>, creating: boolean): Promise<void> {
    const text = (field: string): string | undefined => {
      const v = form.get(field);
      if (v === undefined) return undefined;
      if (typeof v !== "string") throw badRequest(`${field}: Expected a text value, not a file.`);
      return v.trim();
    };
    const status = text("claim_status");
    if (status !== undefined && status !== "") {
      if (creating) {
        if (status !== "Reviewing" && status !== "Alert") throw badRequest("claim_status: Must be Reviewing or Alert.");
      } else if (status !== cb.claim_status && !(cb.claim_status === "Alert" && status === "Reviewing")) {
        throw badRequest("claim_status: Only an Alert can be changed to Reviewing.");
      }
    }
    const amount = text("claim_amount");
    if (amount !== undefined && amount !== "" && !/^\d+(\.\d{1,2})?$/.test(amount)) {
      throw badRequest("claim_amount: A valid number with at most 2 decimal places is required.");
    }
    const currency = text("claim_amount_currency");
    if (currency !== undefined && currency !== "" && !/^[A-Z]{3}$/.test(currency)) {
      throw badRequest("claim_amount_currency: Must be a 3-letter ISO 4217 currency code.");
    }
    const files: Array<[(typeof CHARGEBACK_FILE_FIELDS)[number], StoredFile]> = [];
    for (const field of CHARGEBACK_FILE_FIELDS) {
      const v = form.get(field);
      if (v === undefined || v === "") continue;
      if (typeof v === "string") throw badRequest(`${field}: The submitted data was not a file.`);
      if (v.size === 0) throw badRequest(`${field}: The submitted file is empty.`);
      if (v.size > MAX_FILE_BYTES) throw badRequest(`${field}: The submitted file is too large.`);
      files.push([field, { filename: v.name || `${field}.bin`, contentType: v.type || "application/octet-stream", data: Buffer.from(await v.arrayBuffer()) }]);
    }
    if (status) cb.claim_status = status;
    if (amount) cb.claim_amount = formatAmount(amount);
    if (currency) cb.claim_amount_currency = currency;
    for (const [field, file] of files) {
      const old = cb.files[field];
      if (old) this.media.delete(old);
      const id = randomHex(16);
      this.media.set(id, file);
      cb.files[field] = id;
    }
  }

  private async createChargeback(ctx: Ctx): Promise<Reply> {
    const form = await this.form(ctx);
    const orderNum = form.get("order_num");
    if (orderNum === undefined || orderNum === "") throw badRequest("order_num: This field is required.");
    if (typeof orderNum !== "string") throw badRequest("order_num: Expected a text value, not a file.");
    const tx = [...this.txs.values()].reverse().find((t) => t.account === ctx.account && t.data.order_num === orderNum);
    if (!tx) throw badRequest("order_num: No transaction with this order_num.");
    if (ctx.account.chargebacks.has(orderNum)) throw badRequest("order_num: A chargeback for this order_num already exists.");
    const cb: StoredChargeback = {
      order_num: orderNum,
      timestamp: timestamp(new Date()),
      claim_status: "Reviewing",
      claim_amount_currency: String(tx.data.currency),
      claim_amount: formatAmount(tx.data.total),
      denial_reason: null,
      files: {},
    };
    await this.applyChargebackForm(cb, form, true);
    ctx.account.chargebacks.set(orderNum, cb);
    this.emit(`chargeback created for transaction ${tx.id}`);
    return { status: 201, json: this.chargebackJson(cb) };
  }

  private listChargebacks(ctx: Ctx): Reply {
    const all = [...ctx.account.chargebacks.values()];
    const pageParam = ctx.url.searchParams.get("page") ?? "1";
    const page = /^\d+$/.test(pageParam) ? Number(pageParam) : NaN;
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    if (!Number.isInteger(page) || page < 1 || page > pages) throw new HttpError(404, { detail: "Invalid page." });
    const link = (p: number) => `${this.url}/api/v2/chargebacks/?page=${p}`;
    return {
      status: 200,
      json: {
        previous: page > 1 ? link(page - 1) : null,
        next: page < pages ? link(page + 1) : null,
        results: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((cb) => this.chargebackJson(cb)),
      },
    };
  }

  private ownChargeback(ctx: Ctx): StoredChargeback {
    const cb = ctx.account.chargebacks.get(ctx.params[0]);
    if (!cb) throw notFound();
    return cb;
  }

  private getChargeback(ctx: Ctx): Reply {
    return { status: 200, json: this.chargebackJson(this.ownChargeback(ctx)) };
  }

  private async writeChargeback(ctx: Ctx): Promise<Reply> {
    const cb = this.ownChargeback(ctx);
    const form = await this.form(ctx);
    const orderNum = form.get("order_num");
    if (orderNum !== undefined && orderNum !== cb.order_num) throw badRequest("order_num: Cannot be changed.");
    await this.applyChargebackForm(cb, form, false);
    return { status: 200, json: this.chargebackJson(cb) };
  }

  private deleteChargeback(ctx: Ctx): Reply {
    const cb = this.ownChargeback(ctx);
    for (const id of Object.values(cb.files)) if (id) this.media.delete(id);
    ctx.account.chargebacks.delete(cb.order_num);
    return { status: 204 };
  }
}

function methodNotAllowed(method: string, allowed: string[]): HttpError {
  return new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allowed.join(", ") });
}

/** Start a sandbox on 127.0.0.1 (random port by default). */
export async function startApruvdSandbox(options: ApruvdSandboxOptions = {}): Promise<ApruvdSandbox> {
  const sandbox = new Sandbox(options);
  await sandbox.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return sandbox;
}

// ---------------------------------------------------------------------------
// Standalone: npx tsx sandbox/apruvd/server.ts --port 4200 [--host 127.0.0.1]
//   [--review-delay-ms 200] [--default-decision Approved|Declined]
//   [--key-id ID --secret SECRET] [--quiet]
// ---------------------------------------------------------------------------

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const prefixed = args.find((a) => a.startsWith(`${name}=`));
  return prefixed?.slice(name.length + 1);
}

async function main(args: string[]): Promise<void> {
  const port = Number(argValue(args, "--port") ?? process.env.APRUVD_SANDBOX_PORT ?? 4200);
  const decision = argValue(args, "--default-decision");
  const sandbox = await startApruvdSandbox({
    port,
    host: argValue(args, "--host") ?? "127.0.0.1",
    reviewDelayMs: Number(argValue(args, "--review-delay-ms") ?? 200),
    defaultDecision: decision === "Declined" ? "Declined" : "Approved",
    log: !args.includes("--quiet"),
  });
  const account = sandbox.createAccount({
    keyId: argValue(args, "--key-id") ?? process.env.APRUVD_SANDBOX_KEY_ID ?? "SANDBOXKEY0000000000000001",
    secret: argValue(args, "--secret") ?? process.env.APRUVD_SANDBOX_SECRET ?? "sandbox-secret",
  });
  console.log(`Apruvd sandbox listening on ${sandbox.url}`);
  console.log(`Seeded account: keyId=${account.keyId} secret=${account.secret}`);
  console.log(JSON.stringify({ url: sandbox.url, keyId: account.keyId, secret: account.secret }));
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`Apruvd sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
