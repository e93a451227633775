/**
 * A small closed-loop HTTP load generator on node:http: `connections` keep-alive
 * connections, each sending its next request as soon as the previous answer has been
 * read, until a request count or a duration is reached (whichever first). Latency is
 * measured per request from just before it is written to the end of its answer.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface LoadRequest {
  headers: Record<string, string>;
  body: Buffer;
}

export interface LoadOptions {
  /** Full URL, e.g. http://127.0.0.1:3000/webhooks/orders/create */
  url: string;
  connections: number;
  durationMs: number;
  maxRequests: number;
  /** The i-th request (0-based, in issue order). */
  request: (i: number) => LoadRequest;
  /** Per-request timeout; a timed-out request counts as an error. Default 10 s. */
  timeoutMs?: number;
}

export interface LoadResult {
  connections: number;
  requests: number;
  /** Answers with a status other than 200. */
  non200: number;
  /** Network errors and timeouts. */
  errors: number;
  statusCounts: Record<string, number>;
  durationMs: number;
  throughput: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  /** CPU the load generator itself used, as a share of one core (user + system). */
  clientCpuShare: number;
  /**
   * The same percentiles without each connection's first request. A saturated Node server
   * can leave newly opened connections un-accepted for seconds (reproduced with a plain
   * node:http server doing ~5 ms of work per request), which lands in the first requests.
   */
  steadyLatencyMs: { p50: number; p99: number; p999: number };
  /** The slowest first request of a connection (connection set-up included). */
  firstRequestMaxMs: number;
  /** Answers that took longer than 5 s, plus errors and timeouts: deliveries Shopify would count as failed. */
  over5s: number;
  /** The 10 slowest requests: when they started (ms into the measurement) and how long they took. */
  slowest: { startMs: number; latencyMs: number }[];
}

export function percentile(sorted: Float64Array | number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
    maxFreeSockets: options.connections,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies = new Float64Array(options.maxRequests);
  const starts = new Float64Array(options.maxRequests);
  const firsts = new Uint8Array(options.maxRequests);
  const statusCounts: Record<string, number> = {};
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let non200 = 0;

  const send = (req: LoadRequest): Promise<number> =>
    new Promise((resolve) => {
      let settled = false;
      const finish = (status: number) => {
        if (settled) return;
        settled = true;
        resolve(status);
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
      r.setTimeout(timeoutMs, () => {
        r.destroy(new Error("timeout"));
      });
      r.on("error", () => finish(-1));
      r.end(req.body);
    });

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const deadline = start + options.durationMs;
  let lastEnd = start;

  async function connectionLoop(): Promise<void> {
    let first = true;
    while (issued < options.maxRequests && performance.now() < deadline) {
      const i = issued++;
      const req = options.request(i);
      const t0 = performance.now();
      const status = await send(req);
      const t1 = performance.now();
      lastEnd = t1;
      if (status === -1) {
        errors++;
        statusCounts.error = (statusCounts.error ?? 0) + 1;
        // Do not spin on a refused connection.
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      if (status !== 200) non200++;
      starts[completed] = t0 - start;
      firsts[completed] = first ? 1 : 0;
      first = false;
      latencies[completed++] = t1 - t0;
    }
  }

  await Promise.all(Array.from({ length: options.connections }, () => connectionLoop()));
  const cpu = process.cpuUsage(cpuStart);
  agent.destroy();

  const durationMs = Math.max(1, lastEnd - start);
  let over5s = errors;
  for (let i = 0; i < completed; i++) if (latencies[i] > 5000) over5s++;
  const order = Array.from({ length: completed }, (_, i) => i).sort((a, b) => latencies[b] - latencies[a]);
  const slowest = order.slice(0, 10).map((i) => ({ startMs: starts[i], latencyMs: latencies[i] }));
  const sorted = latencies.slice(0, completed).sort();
  const steady: number[] = [];
  let firstRequestMaxMs = 0;
  for (let i = 0; i < completed; i++) {
    if (firsts[i]) firstRequestMaxMs = Math.max(firstRequestMaxMs, latencies[i]);
    else steady.push(latencies[i]);
  }
  steady.sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    connections: options.connections,
    requests: completed,
    non200,
    errors,
    statusCounts,
    durationMs,
    throughput: (completed * 1000) / durationMs,
    latencyMs: {
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      p999: percentile(sorted, 0.999),
      max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
      mean: sorted.length ? sum / sorted.length : Number.NaN,
    },
    clientCpuShare: (cpu.user + cpu.system) / 1000 / durationMs,
    steadyLatencyMs: { p50: percentile(steady, 0.5), p99: percentile(steady, 0.99), p999: percentile(steady, 0.999) },
    firstRequestMaxMs,
    over5s,
    slowest,
  };
}
