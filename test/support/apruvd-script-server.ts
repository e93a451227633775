/**
 * A scripted Apruvd for the client's tests: a real local HTTP server (node:http on
 * 127.0.0.1) that records every request and answers from a per-test script, and an
 * ApruvdClient pointed at it with instant backoff sleeps (recorded in `sleeps`).
 *
 *   const { srv, client, credentials, basic, recordedSleeps } = scriptedApruvd();
 *   srv.reply({ status: 201, json: {...} });
 *   await client().submitTransaction(tx);
 *
 * Registers its own beforeAll / afterAll / beforeEach (start, stop, reset).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { ApruvdClient, type ApruvdClientOptions } from "../../app/lib/clients/apruvd/client";
import type { ApruvdTransaction } from "../../app/lib/clients/apruvd/types";

export interface Recorded {
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

export class ScriptServer {
  url = "";
  requests: Recorded[] = [];
  private script: Handler[] = [];
  private fallback: Handler | undefined;
  private hanging: http.ServerResponse[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: Recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
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

export function jsonBody(rec: Recorded): unknown {
  return JSON.parse(rec.body.toString("utf8"));
}

export async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

export const SAMPLE_TRANSACTION: ApruvdTransaction = {
  type: "Ecommerce",
  total: 123.45,
  currency: "USD",
  order_num: "1001",
  email: "jane.customer@example.com",
  billing_first_name: "Jane",
  first_six: 417420,
  last_four: 1234,
};

export function scriptedApruvd() {
  const srv = new ScriptServer();
  const credentials = { keyId: "KEY123", secret: "s3cr3t" };
  let sleeps: number[] = [];
  const zeroSleep = async (ms: number) => void sleeps.push(ms);

  beforeAll(() => srv.start());
  afterAll(() => srv.stop());
  beforeEach(() => {
    srv.reset();
    sleeps = [];
  });

  return {
    srv,
    credentials,
    basic: `Basic ${Buffer.from("KEY123:s3cr3t").toString("base64")}`,
    /** The backoff waits the clients asked for in the current test. */
    recordedSleeps: (): number[] => sleeps,
    client(extra: Partial<ApruvdClientOptions> = {}): ApruvdClient {
      return new ApruvdClient({ baseUrl: srv.url, credentials, sleep: zeroSleep, timeoutMs: 2000, ...extra });
    },
  };
}
