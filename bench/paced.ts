/**
 * Open-loop webhook delivery for the sustained and many-shops runs: each webhook goes out
 * at its scheduled moment whether or not earlier ones have been answered, as Shopify
 * delivers them (a slow app does not slow Shopify's orders down). The closed-loop
 * generator (load.ts) measures how fast the app can acknowledge; this one measures what
 * happens to orders arriving at a given rate.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import { ADMIN_API_VERSION } from "../app/lib/platform/shopify-app";

/** One orders/create webhook, signed with the app's secret exactly as Shopify signs it. */
export function orderCreateWebhook(
  secret: string,
  shop: string,
  body: Buffer,
  webhookId: string,
): { headers: Record<string, string>; body: Buffer } {
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": ADMIN_API_VERSION,
      "x-shopify-webhook-id": webhookId,
      "x-shopify-event-id": `${webhookId}-e`,
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  };
}

export interface PacedDelivery {
  /** Milliseconds after the start of the delivery when this webhook is due. */
  atMs: number;
  /** Built when due (so its X-Shopify-Triggered-At is the moment it is sent). */
  request: () => { headers: Record<string, string>; body: Buffer };
}

export interface PacedResult {
  /** Epoch ms each webhook was sent (index = schedule index). */
  sentAt: number[];
  /** HTTP status of each answer (-1: network error or timeout). */
  status: number[];
  /** Write → end of answer, ms. */
  latencyMs: number[];
  statusCounts: Record<string, number>;
  /** Largest lateness of a send behind its schedule (the load generator's own lag), ms. */
  maxLagMs: number;
  startedAt: number;
}

/**
 * Sends every delivery at its `atMs` (sorted ascending) to `url`, at most `maxSockets`
 * requests in flight (more wait in the agent's queue, and that wait is the app's: Shopify
 * would have opened another connection). Resolves when every answer is in.
 */
export async function sendPaced(options: {
  url: string;
  deliveries: PacedDelivery[];
  maxSockets?: number;
  timeoutMs?: number;
  /** Called once per second of the schedule with how many have been sent (progress lines). */
  onTick?: (sent: number) => void;
}): Promise<PacedResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const n = options.deliveries.length;
  const sentAt = new Array<number>(n).fill(0);
  const status = new Array<number>(n).fill(0);
  const latencyMs = new Array<number>(n).fill(0);
  const statusCounts: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const startedAt = Date.now();
  let maxLagMs = 0;
  let lastTick = startedAt;

  const send = (i: number) => {
    const req = options.deliveries[i].request();
    sentAt[i] = Date.now();
    const t0 = performance.now();
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (code: number) => {
        if (settled) return;
        settled = true;
        status[i] = code;
        latencyMs[i] = performance.now() - t0;
        statusCounts[code === -1 ? "error" : code] = (statusCounts[code === -1 ? "error" : code] ?? 0) + 1;
        resolve();
      };
      const r = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: { ...req.headers, "content-length": String(req.body.length) },
        },
        (res) => {
          res.on("data", () => {});
          res.on("end", () => finish(res.statusCode ?? 0));
          res.on("error", () => finish(-1));
        },
      );
      r.setTimeout(options.timeoutMs ?? 30_000, () => r.destroy(new Error("timeout")));
      r.on("error", () => finish(-1));
      r.end(req.body);
    });
  };

  for (let i = 0; i < n;) {
    const now = Date.now();
    const due = startedAt + options.deliveries[i].atMs;
    if (due > now) {
      await new Promise((r) => setTimeout(r, Math.min(due - now, 250)));
    } else {
      maxLagMs = Math.max(maxLagMs, now - due);
      // Everything due now goes out in this turn of the event loop.
      while (i < n && startedAt + options.deliveries[i].atMs <= Date.now()) inFlight.push(send(i++));
    }
    if (options.onTick && Date.now() - lastTick >= 1000) {
      lastTick = Date.now();
      options.onTick(i);
    }
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { sentAt, status, latencyMs, statusCounts, maxLagMs, startedAt };
}
