/**
 * ApruvdClient against a real local HTTP server (node:http on 127.0.0.1) that
 * records every request and answers from a per-test script.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApruvdClient, type CachedTokens, type TokenCache } from "./client";
import {
  ApruvdAuthenticationError,
  ApruvdConnectionError,
  ApruvdError,
  ApruvdInvalidRequestError,
  ApruvdNotFoundError,
  ApruvdRateLimitError,
  ApruvdServerError,
  ApruvdTimeoutError,
} from "./errors";
import type { ApruvdChargeback, ApruvdTransaction } from "./types";

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}
type Special = "hang" | "destroy";
type Handler = (req: Recorded) => Reply | Special;

class ScriptServer {
  url = "";
  requests: Recorded[] = [];
  private script: Handler[] = [];
  private fallback: Handler | undefined;
  private hanging: http.ServerResponse[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: Recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      this.requests.push(rec);
      const handler = this.script.shift() ?? this.fallback;
      const reply = handler ? handler(rec) : { status: 404, json: { detail: "Not found." } };
      if (reply === "hang") return void this.hanging.push(res);
      if (reply === "destroy") return void req.socket.destroy();
      const body = reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
      res.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
      res.end(body);
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  reset(): void {
    this.requests = [];
    this.script = [];
    this.fallback = undefined;
    for (const res of this.hanging.splice(0)) res.destroy();
  }
  /** Answer the next requests in order, then `fallback` (if any) for every later one. */
  reply(...handlers: Array<Handler | Reply | Special>): this {
    this.script.push(...handlers.map((h) => (typeof h === "function" ? h : () => h)));
    return this;
  }
  always(handler: Handler | Reply | Special): this {
    this.fallback = typeof handler === "function" ? handler : () => handler;
    return this;
  }
  async stop(): Promise<void> {
    this.reset();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const srv = new ScriptServer();
const credentials = { keyId: "KEY123", secret: "s3cr3t" };
const basic = `Basic ${Buffer.from("KEY123:s3cr3t").toString("base64")}`;
let sleeps: number[] = [];
const zeroSleep = async (ms: number) => void sleeps.push(ms);

function client(extra: Partial<ConstructorParameters<typeof ApruvdClient>[0]> = {}): ApruvdClient {
  return new ApruvdClient({ baseUrl: srv.url, credentials, sleep: zeroSleep, timeoutMs: 2000, ...extra });
}
function jsonBody(rec: Recorded): unknown {
  return JSON.parse(rec.body.toString("utf8"));
}
async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

const tx: ApruvdTransaction = {
  type: "Ecommerce",
  total: 123.45,
  currency: "USD",
  order_num: "1001",
  email: "jane.customer@example.com",
  billing_first_name: "Jane",
  first_six: 417420,
  last_four: 1234,
};

beforeAll(() => srv.start());
afterAll(() => srv.stop());
beforeEach(() => {
  srv.reset();
  sleeps = [];
});

describe("requests and responses for every method", () => {
  it("submitTransaction POSTs JSON to /api/transactions/submit/ with Basic auth", async () => {
    srv.reply({ status: 201, json: { transaction_id: 1, status: "Reviewing", risk_grade: "A+", order_num: "1001" } });
    const res = await client().submitTransaction(tx);
    expect(res).toEqual({ transaction_id: 1, status: "Reviewing", risk_grade: "A+", order_num: "1001" });
    const [req] = srv.requests;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/api/transactions/submit/");
    expect(req.headers.authorization).toBe(basic);
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers["content-type"]).toBe("application/json;charset=UTF-8");
    expect(jsonBody(req)).toEqual(tx);
  });

  it("uses https://app.apruvd.com by default and strips a trailing slash from baseUrl", async () => {
    const urls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ transaction_id: 1, status: "Approved", canceled: false }), { status: 200 });
    };
    await new ApruvdClient({ credentials, fetch: fakeFetch }).getStatus(1);
    await new ApruvdClient({ credentials, fetch: fakeFetch, baseUrl: "http://x.test/" }).getStatus(2);
    expect(urls).toEqual([
      "https://app.apruvd.com/api/transactions/status/?transaction_id=1",
      "http://x.test/api/transactions/status/?transaction_id=2",
    ]);
  });

  it("rejects a non-integer transaction id without calling Apruvd", async () => {
    const c = client();
    await expect(c.getStatus(Number.NaN)).rejects.toThrow(TypeError);
    await expect(c.cancelTransaction(1.5)).rejects.toThrow(TypeError);
    await expect(c.updateTransaction(-1, {})).rejects.toThrow(TypeError);
    expect(srv.requests).toHaveLength(0);
  });

  it("getStatus GETs /api/transactions/status/?transaction_id=", async () => {
    srv.reply({ status: 200, json: { transaction_id: 7, status: "Approved", canceled: false } });
    const res = await client().getStatus(7);
    expect(res).toEqual({ transaction_id: 7, status: "Approved", canceled: false });
    expect(srv.requests[0].method).toBe("GET");
    expect(srv.requests[0].url).toBe("/api/transactions/status/?transaction_id=7");
    expect(srv.requests[0].headers["content-type"]).toBeUndefined();
    expect(srv.requests[0].body.length).toBe(0);
  });

  it("getStatusByOrderNum returns the map's values, each with order_num; 404 or {} → []", async () => {
    srv.reply(
      {
        status: 200,
        json: {
          "22": { transaction_id: 22, order_num: "ABC 1/1", status: "Declined", canceled: false },
          "21": { transaction_id: 21, status: "Approved", canceled: false },
        },
      },
      { status: 404, json: { detail: "Not found." } },
      { status: 200, json: {} },
    );
    const c = client();
    expect(await c.getStatusByOrderNum("ABC 1/1")).toEqual([
      { transaction_id: 21, order_num: "ABC 1/1", status: "Approved", canceled: false },
      { transaction_id: 22, order_num: "ABC 1/1", status: "Declined", canceled: false },
    ]);
    expect(srv.requests[0].url).toBe("/api/transactions/status/?order_num=ABC%201%2F1");
    expect(await c.getStatusByOrderNum("nope")).toEqual([]);
    expect(await c.getStatusByOrderNum("nope")).toEqual([]);
  });

  it("updateTransaction POSTs the changes to /api/transactions/{id}/update/ and returns the changelog", async () => {
    const changelog = { "2020-Mar-15 10:28 AM": { total: { from: 123.45, to: 246.9 } } };
    srv.reply({ status: 200, json: { transaction_id: 9, status: "Reviewing", changelog } });
    const res = await client().updateTransaction(9, { total: 246.9 });
    expect(res.changelog).toEqual(changelog);
    expect(srv.requests[0].method).toBe("POST");
    expect(srv.requests[0].url).toBe("/api/transactions/9/update/");
    expect(jsonBody(srv.requests[0])).toEqual({ total: 246.9 });
  });

  it("cancelTransaction POSTs to /api/transactions/{id}/cancel/ without a body", async () => {
    srv.reply({ status: 200, json: { transaction_id: 9, status: "Reviewing", canceled: true } });
    expect(await client().cancelTransaction(9)).toEqual({ transaction_id: 9, status: "Reviewing", canceled: true });
    expect(srv.requests[0].method).toBe("POST");
    expect(srv.requests[0].url).toBe("/api/transactions/9/cancel/");
    expect(srv.requests[0].body.length).toBe(0);
  });

  it("elevate sends transaction_id or order_num to /api/transactions/elevate/", async () => {
    srv.always((req) => ({ status: 200, json: { transaction_id: 3, order_num: "55", status: "Reviewing", echo: jsonBody(req) } }));
    const c = client();
    await c.elevate({ transaction_id: 3 });
    await c.elevate({ order_num: "55" });
    expect(srv.requests.map((r) => [r.method, r.url, jsonBody(r)])).toEqual([
      ["POST", "/api/transactions/elevate/", { transaction_id: 3 }],
      ["POST", "/api/transactions/elevate/", { order_num: "55" }],
    ]);
  });

  it("registerCallbacks POSTs the four fields to /api/callbacks/", async () => {
    const input = {
      callback_url: "https://app.example/cb",
      settings_url: "https://app.example/settings",
      callback_api_key_id: "cbid",
      callback_api_key_secret: "cbsecret",
    };
    srv.reply({ status: 200, json: { service_plan: "Complete Coverage", enforce_unique_order_num: true, ...input } });
    const res = await client().registerCallbacks(input);
    expect(res.service_plan).toBe("Complete Coverage");
    expect(res.callback_url).toBe(input.callback_url);
    expect(srv.requests[0].url).toBe("/api/callbacks/");
    expect(jsonBody(srv.requests[0])).toEqual(input);
  });

  it("triggerCallback POSTs to /api/callbacks/{callback}/trigger/", async () => {
    srv.reply(
      { status: 200, json: { transaction_id: 1, order_num: "12345", status: "Approved", notes: "ok" } },
      { status: 200, json: { service_plan: "Complete Coverage", enforce_unique_order_num: true, js_url: "x" } },
    );
    const c = client();
    const review = await c.triggerCallback("review-complete", { transaction_id: 1 });
    expect(review.status).toBe("Approved");
    const settings = await c.triggerCallback("settings-update");
    expect(settings.service_plan).toBe("Complete Coverage");
    expect(srv.requests.map((r) => [r.url, jsonBody(r)])).toEqual([
      ["/api/callbacks/review-complete/trigger/", { transaction_id: 1 }],
      ["/api/callbacks/settings-update/trigger/", {}],
    ]);
  });

  it("obtainTokens uses the password grant with Basic; refreshTokens the refresh grant with Bearer", async () => {
    const tokens = {
      access: { type: "Bearer", expires_in: 86399, token: "A1" },
      refresh: { type: "Bearer", expires_in: 2591724, token: "R1" },
    };
    srv.always({ status: 200, json: tokens });
    const c = client();
    expect(await c.obtainTokens()).toEqual(tokens);
    expect(await c.refreshTokens("R1")).toEqual(tokens);
    expect(srv.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ["GET", "/o/token/?grant_type=password", basic],
      ["GET", "/o/token/?grant_type=refresh", "Bearer R1"],
    ]);
  });
});

describe("chargebacks", () => {
  const cb = (orderNum: string): ApruvdChargeback => ({
    order_num: orderNum,
    timestamp: "2021-02-09T10:10:02.444696-07:00",
    claim_status: "Reviewing",
    claim_amount_currency: "USD",
    claim_amount: "100.00",
    denial_reason: null,
    claim_file: null,
    claim_file_2: null,
    claim_file_3: null,
    appeal_file: null,
  });

  it("create sends multipart/form-data that parses into the fields and files", async () => {
    srv.reply({ status: 201, json: cb("12345") });
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    const res = await client().chargebacks.create({
      order_num: "12345",
      claim_status: "Alert",
      claim_amount: 100,
      claim_amount_currency: "USD",
      claim_file: { filename: "claim.pdf", contentType: "application/pdf", data: pdf },
      appeal_file: { filename: "appeal.txt", contentType: "text/plain", data: new Blob(["appeal text"]) },
    });
    expect(res.order_num).toBe("12345");
    const req = srv.requests[0];
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/api/v2/chargebacks/");
    expect(req.headers["content-type"]).toMatch(/^multipart\/form-data; ?boundary=/);
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers.authorization).toBe(basic);

    const form = await new Request("http://x/", {
      method: "POST",
      headers: { "content-type": String(req.headers["content-type"]) },
      body: new Uint8Array(req.body),
    }).formData();
    expect(form.get("order_num")).toBe("12345");
    expect(form.get("claim_status")).toBe("Alert");
    expect(form.get("claim_amount")).toBe("100");
    expect(form.get("claim_amount_currency")).toBe("USD");
    const claim = form.get("claim_file");
    const appeal = form.get("appeal_file");
    expect(claim).toBeInstanceOf(File);
    expect(appeal).toBeInstanceOf(File);
    if (!(claim instanceof File) || !(appeal instanceof File)) return;
    expect(claim.name).toBe("claim.pdf");
    expect(claim.type).toBe("application/pdf");
    expect(new Uint8Array(await claim.arrayBuffer())).toEqual(pdf);
    expect(appeal.name).toBe("appeal.txt");
    expect(appeal.type).toBe("text/plain");
    expect(await appeal.text()).toBe("appeal text");
    expect(form.has("claim_file_2")).toBe(false);
  });

  it("create requires order_num", async () => {
    await expect(client().chargebacks.create({ order_num: "" })).rejects.toThrow(/order_num/);
    expect(srv.requests).toHaveLength(0);
  });

  it("list returns a page; listAll follows next links (kept on baseUrl)", async () => {
    const page1 = Array.from({ length: 20 }, (_, i) => cb(`A${i}`));
    srv.always((req) => {
      if (req.url === "/api/v2/chargebacks/")
        return { status: 200, json: { previous: null, next: "https://elsewhere.example/api/v2/chargebacks/?page=2", results: page1 } };
      if (req.url === "/api/v2/chargebacks/?page=2")
        return { status: 200, json: { previous: `${srv.url}/api/v2/chargebacks/?page=1`, next: `${srv.url}/api/v2/chargebacks/?page=3`, results: [cb("B0")] } };
      if (req.url === "/api/v2/chargebacks/?page=3") return { status: 200, json: { previous: "x", next: null, results: [cb("C0")] } };
      return { status: 404, json: { detail: "Invalid page." } };
    });
    const c = client();
    const first = await c.chargebacks.list();
    expect(first.results).toHaveLength(20);
    expect(first.previous).toBeNull();

    srv.requests = [];
    const all: string[] = [];
    for await (const item of c.chargebacks.listAll()) all.push(item.order_num);
    expect(all).toEqual([...page1.map((p) => p.order_num), "B0", "C0"]);
    expect(srv.requests.map((r) => r.url)).toEqual([
      "/api/v2/chargebacks/",
      "/api/v2/chargebacks/?page=2",
      "/api/v2/chargebacks/?page=3",
    ]);
    expect(srv.requests.every((r) => r.headers.authorization === basic)).toBe(true);
  });

  it("list refuses a page URL outside the chargebacks endpoint", async () => {
    const err = await caught(client().chargebacks.list("https://evil.example/api/transactions/status/"));
    expect(err).toBeInstanceOf(ApruvdError);
    expect(srv.requests).toHaveLength(0);
  });

  it("get / put / patch / delete use /api/v2/chargebacks/{order_num}/", async () => {
    srv.always((req) => (req.method === "DELETE" ? { status: 204 } : { status: 200, json: cb("12 34") }));
    const c = client();
    expect((await c.chargebacks.get("12 34")).order_num).toBe("12 34");
    await c.chargebacks.put("12 34", { claim_amount: "100.00", claim_file_2: { filename: "b.pdf", contentType: "application/pdf", data: new Uint8Array([1]) } });
    await c.chargebacks.patch("12 34", { claim_status: "Reviewing" });
    await expect(c.chargebacks.delete("12 34")).resolves.toBeUndefined();
    expect(srv.requests.map((r) => [r.method, r.url])).toEqual([
      ["GET", "/api/v2/chargebacks/12%2034/"],
      ["PUT", "/api/v2/chargebacks/12%2034/"],
      ["PATCH", "/api/v2/chargebacks/12%2034/"],
      ["DELETE", "/api/v2/chargebacks/12%2034/"],
    ]);
    expect(srv.requests[1].headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(srv.requests[1].body.toString("latin1")).toContain('name="claim_file_2"; filename="b.pdf"');
    expect(srv.requests[2].body.toString("latin1")).toContain("Reviewing");
  });

  it("delete: a 404 on a retry counts as success, a 404 on the first try does not", async () => {
    srv.reply({ status: 503 }, { status: 404, json: { detail: "Not found." } });
    await expect(client().chargebacks.delete("1")).resolves.toBeUndefined();
    srv.reply({ status: 404, json: { detail: "Not found." } });
    expect(await caught(client().chargebacks.delete("1"))).toBeInstanceOf(ApruvdNotFoundError);
  });

  it("create is not retried after a timeout (could double-file)", async () => {
    srv.always("hang");
    const err = await caught(client({ timeoutMs: 150, maxRetries: 3 }).chargebacks.create({ order_num: "1" }));
    expect(err).toBeInstanceOf(ApruvdTimeoutError);
    expect(srv.requests).toHaveLength(1);
  });

  it("create is not retried after a 500 or a dropped connection, but is after a 503", async () => {
    srv.reply({ status: 500 });
    expect(await caught(client({ maxRetries: 3 }).chargebacks.create({ order_num: "1" }))).toBeInstanceOf(ApruvdServerError);
    expect(srv.requests).toHaveLength(1);

    srv.reset();
    srv.reply("destroy");
    expect(await caught(client({ maxRetries: 3 }).chargebacks.create({ order_num: "1" }))).toBeInstanceOf(ApruvdConnectionError);
    expect(srv.requests).toHaveLength(1);

    srv.reset();
    srv.reply({ status: 503 }, { status: 201, json: cb("1") });
    expect((await client({ maxRetries: 3 }).chargebacks.create({ order_num: "1" })).order_num).toBe("1");
    expect(srv.requests).toHaveLength(2);
  });
});

describe("errors", () => {
  it("403 → ApruvdAuthenticationError with Apruvd's message, not retried", async () => {
    srv.always({ status: 403, json: { error: "Invalid or disabled credentials" } });
    const err = await caught(client().submitTransaction(tx));
    expect(err).toBeInstanceOf(ApruvdAuthenticationError);
    if (!(err instanceof ApruvdAuthenticationError)) return;
    expect(err.status).toBe(403);
    expect(err.apruvdMessage).toBe("Invalid or disabled credentials");
    expect(err.code).toBe("authentication_error");
    expect(err.retryable).toBe(false);
    expect(err.message).toContain("Invalid or disabled credentials");
    expect(srv.requests).toHaveLength(1);
  });

  it("401 → ApruvdAuthenticationError too", async () => {
    srv.always({ status: 401, json: { detail: "Authentication credentials were not provided." } });
    const err = await caught(client().getStatus(1));
    expect(err).toBeInstanceOf(ApruvdAuthenticationError);
    expect((err as ApruvdError).apruvdMessage).toBe("Authentication credentials were not provided.");
  });

  it("400 → ApruvdInvalidRequestError, not retried; isDuplicateOrder only for 'already exists'", async () => {
    srv.reply({ status: 400, json: { error: "billing_city: Ensure this field has no more than 100 characters." } });
    const invalid = await caught(client().submitTransaction(tx));
    expect(invalid).toBeInstanceOf(ApruvdInvalidRequestError);
    if (!(invalid instanceof ApruvdInvalidRequestError)) return;
    expect(invalid.isDuplicateOrder).toBe(false);
    expect(invalid.retryable).toBe(false);
    expect(invalid.status).toBe(400);
    expect(srv.requests).toHaveLength(1);

    srv.reply({ status: 400, json: { error: "A transaction with order_num 1001 already exists." } });
    const dup = await caught(client().submitTransaction(tx));
    expect(dup).toBeInstanceOf(ApruvdInvalidRequestError);
    expect((dup as ApruvdInvalidRequestError).isDuplicateOrder).toBe(true);
    expect((dup as ApruvdInvalidRequestError).apruvdMessage).toBe("A transaction with order_num 1001 already exists.");
  });

  it("DRF-style field errors become the apruvdMessage", async () => {
    srv.reply({ status: 400, json: { currency: ["\"XXXX\" is not a valid choice."] } });
    const err = await caught(client().submitTransaction(tx));
    expect((err as ApruvdError).apruvdMessage).toBe('currency: "XXXX" is not a valid choice.');
  });

  it("error messages never contain the request body or a non-JSON response body", async () => {
    srv.always({ status: 500, text: `<html>upstream failed for ${tx.email}</html>`, headers: { "Content-Type": "text/html" } });
    const err = await caught(client({ maxRetries: 0 }).submitTransaction(tx));
    expect(err).toBeInstanceOf(ApruvdServerError);
    const e = err as ApruvdError;
    expect(e.apruvdMessage).toBeUndefined();
    const everything = `${e.message} ${String(e.stack)} ${JSON.stringify(e)}`;
    expect(everything).not.toContain("jane.customer");
    expect(everything).not.toContain("s3cr3t");
    expect(e.message).toBe("Apruvd HTTP 500: server error");
  });

  it("500, 500, then 201 → succeeds after two retries with backoff", async () => {
    srv.reply({ status: 500, json: { error: "boom" } }, { status: 500, json: { error: "boom" } }, { status: 201, json: { transaction_id: 5, status: "Reviewing" } });
    const res = await client({ maxRetries: 2, retryBaseDelayMs: 100, retryMaxDelayMs: 10_000 }).submitTransaction(tx);
    expect(res.transaction_id).toBe(5);
    expect(srv.requests).toHaveLength(3);
    expect(srv.requests.every((r) => r.body.equals(srv.requests[0].body))).toBe(true);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(0);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it("persistent 503 → ApruvdServerError after maxRetries + 1 attempts", async () => {
    srv.always({ status: 503, json: { error: "Service temporarily unavailable" } });
    const err = await caught(client({ maxRetries: 3 }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdServerError);
    expect((err as ApruvdServerError).status).toBe(503);
    expect((err as ApruvdServerError).retryable).toBe(true);
    expect(srv.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it("maxRetries defaults to 2 (three attempts)", async () => {
    srv.always({ status: 502 });
    await caught(client().cancelTransaction(1));
    expect(srv.requests).toHaveLength(3);
  });

  it("429 → ApruvdRateLimitError, waits at least Retry-After", async () => {
    srv.reply({ status: 429, json: { detail: "Request was throttled." }, headers: { "Retry-After": "3" } }, { status: 200, json: { transaction_id: 1, status: "Approved", canceled: false } });
    await client({ retryBaseDelayMs: 1 }).getStatus(1);
    expect(sleeps).toEqual([3000]);

    srv.always({ status: 429, json: { detail: "Request was throttled." } });
    const err = await caught(client({ maxRetries: 1 }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdRateLimitError);
    expect((err as ApruvdRateLimitError).retryable).toBe(true);
  });

  it("timeout → ApruvdTimeoutError (and submit is retried after a timeout)", async () => {
    srv.always("hang");
    const started = Date.now();
    const err = await caught(client({ timeoutMs: 150, maxRetries: 1 }).submitTransaction(tx));
    expect(err).toBeInstanceOf(ApruvdTimeoutError);
    expect((err as ApruvdTimeoutError).retryable).toBe(true);
    expect((err as ApruvdTimeoutError).message).toBe("Apruvd request timed out after 150 ms");
    expect(srv.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("connection refused → ApruvdConnectionError, retried", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const err = await caught(client({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 2 }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdConnectionError);
    if (!(err instanceof ApruvdConnectionError)) return;
    expect(err.causeCode).toBe("ECONNREFUSED");
    expect(err.neverSent).toBe(true);
    expect(err.retryable).toBe(true);
    expect(sleeps).toHaveLength(2);
  });

  it("a dropped connection → ApruvdConnectionError; a GET is retried and succeeds", async () => {
    srv.reply("destroy", { status: 200, json: { transaction_id: 1, status: "Approved", canceled: false } });
    const res = await client().getStatus(1);
    expect(res.status).toBe("Approved");
    expect(srv.requests).toHaveLength(2);
  });

  it("redirects are not followed; non-JSON 2xx is an invalid_response error", async () => {
    srv.reply({ status: 301, headers: { Location: "https://elsewhere.example/" } });
    const redirected = await caught(client().getStatus(1));
    expect(redirected).toBeInstanceOf(ApruvdError);
    expect((redirected as ApruvdError).status).toBe(301);
    expect(srv.requests).toHaveLength(1);

    srv.reply({ status: 200, text: "not json" });
    const bad = await caught(client().getStatus(1));
    expect((bad as ApruvdError).code).toBe("invalid_response");
  });

  it("404 → ApruvdNotFoundError", async () => {
    srv.reply({ status: 404, json: { detail: "Not found." } });
    const err = await caught(client().getStatus(999));
    expect(err).toBeInstanceOf(ApruvdNotFoundError);
    expect((err as ApruvdNotFoundError).apruvdMessage).toBe("Not found.");
    expect(srv.requests).toHaveLength(1);
  });
});

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
        if (req.headers.authorization !== basic) return { status: 403, json: { error: "Invalid or disabled credentials" } };
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
            refresh: { type: "Bearer", expires_in: opts.refreshTtl ?? 2591724, token: String(req.headers.authorization).slice(7) },
          },
        };
      }
      const auth = String(req.headers.authorization);
      if (!auth.startsWith("Bearer ") || !valid.has(auth.slice(7))) return { status: 403, json: { error: "Invalid or disabled credentials" } };
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
      [`${srv.url}|KEY123`, { accessToken: "revoked", accessExpiresAt: Date.now() + 3_600_000, refreshToken: "r", refreshExpiresAt: Date.now() + 3_600_000 }],
    ]);
    const res = await client({ auth: "oauth", tokenCache: { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) } }).getStatus(1);
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
