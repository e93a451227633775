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
 *
 * This file is the HTTP endpoint (routes, faults, the public handle); the API itself is in
 * auth.ts (Basic auth and OAuth tokens), transactions.ts (submit, status, update, cancel,
 * elevate, the simulated review), callbacks.ts (registration and delivery), chargebacks.ts,
 * over the state in state.ts; validate.ts checks transactions against contract.ts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { authenticate, issueToken } from "./auth";
import * as callbacks from "./callbacks";
import * as chargebacks from "./chargebacks";
import { errorCode, HttpError, methodNotAllowed, notFound, type Method, type Reply, type RequestContext } from "./http";
import { randomHex, SandboxState } from "./state";
import * as transactions from "./transactions";
import type {
  ApruvdSandbox,
  ApruvdSandboxOptions,
  CreateAccountOptions,
  SandboxAccountCredentials,
  SandboxCallbackDelivery,
  SandboxDecision,
  SandboxFaults,
  SandboxRequestLogEntry,
  SandboxTransaction,
} from "./types";

export type * from "./types";

const MAX_BODY_BYTES = 25 * 1024 * 1024;

interface Route {
  re: RegExp;
  handlers: Partial<Record<Method, (ctx: RequestContext) => Promise<Reply> | Reply>>;
}

/** The authenticated API: each path, its methods and the module that answers them. */
function apiRoutes(state: SandboxState): Route[] {
  return [
    { re: /^\/api\/transactions\/submit\/$/, handlers: { POST: (c) => transactions.submit(state, c) } },
    { re: /^\/api\/transactions\/status\/$/, handlers: { GET: (c) => transactions.status(state, c) } },
    { re: /^\/api\/transactions\/(\d+)\/update\/$/, handlers: { POST: (c) => transactions.update(state, c) } },
    { re: /^\/api\/transactions\/(\d+)\/cancel\/$/, handlers: { POST: (c) => transactions.cancel(state, c) } },
    { re: /^\/api\/transactions\/elevate\/$/, handlers: { POST: (c) => transactions.elevate(state, c) } },
    { re: /^\/api\/callbacks\/$/, handlers: { POST: (c) => callbacks.registerCallbacks(state, c) } },
    {
      re: /^\/api\/callbacks\/(review-complete|settings-update)\/trigger\/$/,
      handlers: { POST: (c) => callbacks.trigger(state, c) },
    },
    {
      re: /^\/api\/v2\/chargebacks\/$/,
      handlers: {
        GET: (c) => chargebacks.listChargebacks(state, c),
        POST: (c) => chargebacks.createChargeback(state, c),
      },
    },
    {
      re: /^\/api\/v2\/chargebacks\/([^/]+)\/$/,
      handlers: {
        GET: (c) => chargebacks.getChargeback(state, c),
        PUT: (c) => chargebacks.writeChargeback(state, c),
        PATCH: (c) => chargebacks.writeChargeback(state, c),
        DELETE: (c) => chargebacks.deleteChargeback(state, c),
      },
    },
  ];
}

class Sandbox implements ApruvdSandbox {
  readonly faults: SandboxFaults;
  private readonly state: SandboxState;
  private readonly server: http.Server;
  private readonly routes: Route[];
  private failCount = 0;
  private failStatus = 503;
  private down = false;
  private latencyMs = 0;
  private dropCount = 0;
  private submitHook: ((accepted: { transaction_id: number; order_num?: string }) => Promise<void> | void) | null =
    null;

  constructor(options: ApruvdSandboxOptions) {
    this.state = new SandboxState(
      {
        reviewDelayMs: options.reviewDelayMs ?? 200,
        defaultDecision: options.defaultDecision ?? "Approved",
        enforceUniqueOrderNum: options.enforceUniqueOrderNum ?? false,
        callbackRetryDelaysMs: options.callbackRetryDelaysMs ?? [100, 500, 2000],
        callbackTimeoutMs: options.callbackTimeoutMs ?? 5000,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 86399,
        refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 2591724,
        servicePlan: options.servicePlan ?? "Complete Coverage",
      },
      options.log === true ? (line) => console.log(line) : typeof options.log === "function" ? options.log : undefined,
    );
    this.routes = apiRoutes(this.state);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.state.emit(`internal error (${errorCode(error)})`);
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
      afterSubmitAccepted: (hook) => {
        this.submitHook = hook;
      },
      reset: () => {
        this.submitHook = null;
        this.failCount = 0;
        this.down = false;
        this.latencyMs = 0;
        this.dropCount = 0;
      },
    };
  }

  get url(): string {
    return this.state.url;
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
    this.state.url = `http://${shownHost}:${address.port}`;
  }

  // ---- Public API -----------------------------------------------------------

  async close(): Promise<void> {
    const state = this.state;
    if (state.closed) return;
    state.closed = true;
    state.closing.abort();
    for (const tx of state.txs.values()) if (tx.timer) clearTimeout(tx.timer);
    for (const w of state.waits) {
      clearTimeout(w.timer);
      w.resolve();
    }
    state.waits.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    await Promise.allSettled([...state.inFlight]);
  }

  createAccount(opts: CreateAccountOptions = {}): SandboxAccountCredentials {
    const keyId = opts.keyId ?? randomHex(12).toUpperCase();
    const secret = opts.secret ?? randomHex(18);
    if (this.state.accounts.has(keyId)) throw new Error(`Sandbox account ${keyId} already exists`);
    this.state.accounts.set(keyId, {
      keyId,
      secret,
      disabled: false,
      enforceUniqueOrderNum: opts.enforceUniqueOrderNum ?? this.state.opts.enforceUniqueOrderNum,
      servicePlan: opts.servicePlan ?? this.state.opts.servicePlan,
      submittedByDefault: opts.submittedByDefault ?? false,
      jsHash: randomHex(16),
      callback_url: null,
      settings_url: null,
      callback_api_key_id: null,
      callback_api_key_secret: null,
      chargebacks: new Map(),
    });
    return { keyId, secret };
  }

  setSubmittedByDefault(account: SandboxAccountCredentials | string, on: boolean): void {
    this.state.accountOf(account).submittedByDefault = on;
  }

  disableAccount(account: SandboxAccountCredentials | string): void {
    this.state.accountOf(account).disabled = true;
  }

  setEnforceUniqueOrderNum(account: SandboxAccountCredentials | string, enforce: boolean): void {
    this.state.accountOf(account).enforceUniqueOrderNum = enforce;
  }

  transactions(): SandboxTransaction[] {
    return [...this.state.txs.values()].map((tx) => ({
      transaction_id: tx.id,
      account: tx.account.keyId,
      ...(typeof tx.data.order_num === "string" ? { order_num: tx.data.order_num } : {}),
      status: tx.status,
      risk_grade: tx.riskGrade,
      canceled: tx.canceled,
      ...(tx.notes === undefined ? {} : { notes: tx.notes }),
      data: structuredClone(tx.data),
      changelog: structuredClone(tx.changelog),
      created_at: tx.createdAt.toISOString(),
      ...(tx.decidedAt ? { decided_at: tx.decidedAt.toISOString() } : {}),
    }));
  }

  requests(): SandboxRequestLogEntry[] {
    return this.state.log.map((e) => ({ ...e }));
  }

  callbacks(): SandboxCallbackDelivery[] {
    return this.state.deliveries.map((d) => ({ ...d }));
  }

  async decide(transactionId: number, status: SandboxDecision, notes?: string): Promise<void> {
    const tx = this.state.txs.get(transactionId);
    if (!tx) throw new Error(`Sandbox: no transaction ${transactionId}`);
    if (tx.timer) clearTimeout(tx.timer);
    tx.timer = undefined;
    await transactions.finishReview(
      this.state,
      tx,
      status,
      notes ?? (status === "Declined" ? transactions.DECLINE_NOTES : undefined),
      true,
    );
  }

  async settingsPush(account: SandboxAccountCredentials | string): Promise<void> {
    const acct = this.state.accountOf(account);
    if (!acct.settings_url) throw new Error("Sandbox: the account has no settings_url (POST /api/callbacks/ first)");
    await this.state.track(
      callbacks.deliver(
        this.state,
        acct,
        "settings-update",
        acct.settings_url,
        callbacks.settingsPayload(this.state, acct),
      ),
    );
  }

  setChargebackStatus(orderNum: string, claimStatus: string, denialReason: string | null = null): void {
    chargebacks.setChargebackStatus(this.state, orderNum, claimStatus, denialReason);
  }

  async idle(): Promise<void> {
    for (;;) {
      const scheduled = [...this.state.txs.values()].some((tx) => tx.timer !== undefined);
      if (!scheduled && this.state.inFlight.size === 0) return;
      if (this.state.inFlight.size > 0) await Promise.allSettled([...this.state.inFlight]);
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  // ---- HTTP plumbing --------------------------------------------------------

  private send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
    const path = new URL(req.url ?? "/", "http://sandbox").pathname;
    this.state.log.push({ method: req.method ?? "", path, status: reply.status });
    // Order numbers in chargeback paths are redacted from log lines.
    this.state.emit(
      `${req.method} ${path.replace(/(\/api\/v2\/chargebacks\/)[^/]+\//, "$1:order_num/")} ${reply.status}`,
    );
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
    const url = new URL(req.url ?? "/", this.state.url || "http://127.0.0.1");
    const isApi = url.pathname.startsWith("/api/") || url.pathname.startsWith("/o/");

    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (isApi && this.dropCount > 0) {
      this.dropCount--;
      this.state.log.push({ method: req.method ?? "", path: url.pathname, status: 0 });
      this.state.emit(`${req.method} ${url.pathname} dropped (fault)`);
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
      return this.send(req, res, {
        status,
        json: status === 429 ? { detail: "Request was throttled." } : { error: message },
      });
    }

    let reply: Reply;
    try {
      reply = await this.route(req, url);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, json: error.body, headers: error.headers };
    }
    const hook = this.submitHook;
    if (hook && reply.status === 201 && url.pathname === "/api/transactions/submit/") {
      await hook(reply.json as { transaction_id: number; order_num?: string });
    }
    this.send(req, res, reply);
  }

  private async route(req: http.IncomingMessage, url: URL): Promise<Reply> {
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;

    const media = /^\/media\/chargebacks\/([0-9a-f]+)\/[^/]+$/.exec(path);
    if (media) {
      const file = this.state.media.get(media[1]);
      if (!file || method !== "GET") throw notFound();
      return { status: 200, raw: { contentType: file.contentType, data: file.data } };
    }
    if (/^\/mjs\/[0-9a-f]+\/entry\.js$/.test(path) && method === "GET") {
      return {
        status: 200,
        raw: { contentType: "application/javascript", data: "/* Apruvd sandbox drop-in (no-op) */\n" },
      };
    }

    if (path === "/o/token/") {
      if (method !== "GET") throw methodNotAllowed(method, ["GET"]);
      return issueToken(this.state, req, url);
    }

    for (const route of this.routes) {
      const m = route.re.exec(path);
      if (!m) continue;
      const params = m.slice(1).map((p) => decodeURIComponent(p));
      const handler = route.handlers[method as Method];
      if (!handler) throw methodNotAllowed(method, Object.keys(route.handlers));
      const account = authenticate(this.state, req.headers.authorization);
      const body = await this.readBody(req);
      return handler({ req, url, params, body, account });
    }
    throw notFound();
  }
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
