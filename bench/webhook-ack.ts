/**
 * Benchmark 1 — webhook acknowledgement for orders/create.
 *
 * Closed-loop load (keep-alive connections) of correctly signed, distinct orders/create
 * webhooks — Shopify-shaped bodies rendered by orderWebhookPayload from simulator orders,
 * a distinct X-Shopify-Webhook-Id per request — against, side by side in the same run:
 *
 *   - bare:            bench/bare-hmac-server.ts (raw body → HMAC-SHA256 → timingSafeEqual → 200)
 *   - app, worker off: the real Remix build's POST /webhooks/orders/create (verify, one
 *                      inbox row in SQLite, 200), APRUVD in-process worker off
 *   - app, worker on:  the same with the inbox worker draining the inbox meanwhile
 *                      (calling the Shopify simulator and the Apruvd sandbox), competing
 *                      for the same two cores — the realistic row. The worker runs in
 *                      its own thread (APRUVD_WORKER=thread);
 *   - app, worker on, in-process: the same with APRUVD_WORKER=in-process (the worker on
 *                      the request loop, the default): the baseline of the row above,
 *                      in the same run.
 *
 * Every server runs in its own child process; this process only generates load.
 */
import { randomBytes, createHmac } from "node:crypto";
import os from "node:os";
import { ADMIN_API_VERSION } from "../app/lib/platform/shopify-app";
import {
  type AppReady,
  type BenchContext,
  type ChildHandle,
  installApp,
  seedShop,
  startAppProcess,
  startBareProcess,
  startSandboxProcess,
} from "./children";
import { runLoad, type LoadRequest, type LoadResult } from "./load";
import { cpuTimeMs, machineBusyMs, type AppMemoryReport, type PeakMemory } from "./memory";
import type { GeneratedOrder } from "./sandbox-process";

export const ACK_P99_TARGET_MS = 50;
export const ACK_THROUGHPUT_RATIO_TARGET = 0.25;

export type AckTarget = "bare" | "app-worker-off" | "app-worker-on" | "app-worker-in-process";

/** p99 with the worker on (its own thread) at most this multiple of p99 with it off, at the highest concurrency. */
export const ACK_WORKER_ON_P99_RATIO_TARGET = 1.2;

export interface WebhookAckOptions {
  ctx: BenchContext;
  /** Concurrent keep-alive connections per measurement. Default [50, 200]. */
  connections?: number[];
  /** Bound of each measurement: whichever comes first. */
  durationMs?: number;
  maxRequests?: number;
  /** Unrecorded load before a target's first measurement. */
  warmupMs?: number;
  /** Distinct orders whose payloads the webhooks cycle through. */
  distinctOrders?: number;
  /** Also measure the app with its worker on (in its thread, then in-process). Default true. */
  workerOn?: boolean;
  memory?: PeakMemory;
  log?: (line: string) => void;
  shop?: string;
  /**
   * After the recorded measurements, profile the worker-off app (V8 CPU profile) during an
   * extra, unrecorded run at the highest concurrency, and write it here.
   */
  profileFile?: string;
}

export interface AckRow {
  target: AckTarget;
  connections: number;
  load: LoadResult;
  /** CPU the server process used during the measurement: ms per answered request, and share of one core. */
  serverCpuMsPerRequest: number | null;
  serverCpuShare: number | null;
  /**
   * CPU other programs on the machine used during the measurement, in cores (machine busy
   * time minus this benchmark's server, simulator/sandbox process and load generator): 0 on a quiet machine; on a
   * 2-core machine anything near 1 means the figures were taken under contention.
   */
  otherCpuCores: number | null;
  loadAverage1m: number;
}

export interface WebhookAckResult {
  rows: AckRow[];
  /** Throughput of each app row divided by the bare route's at the same concurrency. */
  ratios: { target: Exclude<AckTarget, "bare">; connections: number; ratio: number }[];
  payloadBytes: { min: number; mean: number; max: number };
  distinctOrders: number;
  /** What each worker-on app had done by the end of its measurements. */
  workerOnInbox?: { topic: string; status: string; count: number }[];
  workerInProcessInbox?: { topic: string; status: string; count: number }[];
  /** The .cpuprofile written when profileFile was given, and the throughput while profiling. */
  profile?: { file: string; throughput: number };
}

export const TARGET_LABEL: Record<AckTarget, string> = {
  bare: "bare HMAC route",
  "app-worker-off": "app, worker off",
  "app-worker-on": "app, worker on (thread)",
  "app-worker-in-process": "app, worker on (in-process)",
};

export async function runWebhookAck(options: WebhookAckOptions): Promise<WebhookAckResult> {
  const { ctx } = options;
  const log = options.log ?? (() => {});
  const connections = options.connections ?? [50, 200];
  const durationMs = options.durationMs ?? 6000;
  const maxRequests = options.maxRequests ?? 60_000;
  const warmupMs = options.warmupMs ?? 1500;
  const shop = options.shop ?? "bench-ack.myshopify.com";
  const runId = randomBytes(4).toString("hex");

  const sandbox = await startSandboxProcess(ctx, { label: "ack" });
  const started: ChildHandle<unknown>[] = [sandbox];
  try {
    const seeded = await seedShop(sandbox, shop);
    const orders = await sandbox.call<GeneratedOrder[]>("createOrders", {
      shop,
      count: options.distinctOrders ?? 300,
      seed: 11,
    });
    const bodies = orders.map((o) => Buffer.from(o.body, "utf8"));
    const signatures = bodies.map((b) => createHmac("sha256", ctx.secret).update(b).digest("base64"));
    const sizes = bodies.map((b) => b.length);
    const triggeredAt = new Date().toISOString();
    const requestFor =
      (prefix: string) =>
      (i: number): LoadRequest => {
        const k = i % bodies.length;
        return {
          body: bodies[k],
          headers: {
            "content-type": "application/json",
            "x-shopify-topic": "orders/create",
            "x-shopify-hmac-sha256": signatures[k],
            "x-shopify-shop-domain": shop,
            "x-shopify-api-version": ADMIN_API_VERSION,
            "x-shopify-webhook-id": `${prefix}-${i}`,
            "x-shopify-event-id": `${prefix}-e${i}`,
            "x-shopify-triggered-at": triggeredAt,
          },
        };
      };

    const rows: AckRow[] = [];
    async function measure(target: AckTarget, baseUrl: string, pid: number, c: number, warm: boolean): Promise<void> {
      const url = target === "bare" ? `${baseUrl}/` : `${baseUrl}/webhooks/orders/create`;
      if (warm && warmupMs > 0) {
        await runLoad({
          url,
          connections: Math.min(c, 50),
          durationMs: warmupMs,
          maxRequests: maxRequests,
          request: requestFor(`${runId}-${target}-warm`),
        });
      }
      const sandboxCpu0 = cpuTimeMs(sandbox.pid) ?? 0;
      const cpu0 = cpuTimeMs(pid);
      const busy0 = machineBusyMs();
      const self0 = process.cpuUsage();
      const load = await runLoad({
        url,
        connections: c,
        durationMs,
        maxRequests,
        request: requestFor(`${runId}-${target}-${c}`),
      });
      const cpu1 = cpuTimeMs(pid);
      const busy1 = machineBusyMs();
      const sandboxCpu = (cpuTimeMs(sandbox.pid) ?? 0) - sandboxCpu0;
      const self = process.cpuUsage(self0);
      const cpu = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
      const others =
        busy0 !== null && busy1 !== null && cpu !== null
          ? busy1 - busy0 - cpu - sandboxCpu - (self.user + self.system) / 1000
          : null;
      const row: AckRow = {
        target,
        connections: c,
        load,
        serverCpuMsPerRequest: cpu !== null && load.requests > 0 ? cpu / load.requests : null,
        serverCpuShare: cpu !== null ? cpu / load.durationMs : null,
        otherCpuCores: others !== null ? Math.max(0, others) / load.durationMs : null,
        loadAverage1m: os.loadavg()[0],
      };
      rows.push(row);
      log(
        `  ${TARGET_LABEL[target].padEnd(16)} c=${String(c).padStart(3)}  ${load.throughput.toFixed(0).padStart(6)} req/s  p50 ${load.latencyMs.p50.toFixed(1)} ms  p99 ${load.latencyMs.p99.toFixed(1)} ms  p99.9 ${load.latencyMs.p999.toFixed(1)} ms  (${load.requests} req, ${load.non200} non-200, ${load.errors} errors; server CPU ${row.serverCpuShare === null ? "?" : (row.serverCpuShare * 100).toFixed(0)}%, client CPU ${(load.clientCpuShare * 100).toFixed(0)}%, other programs ${row.otherCpuCores === null ? "?" : row.otherCpuCores.toFixed(2)} cores)`,
      );
    }

    // Bare route and the app with its worker off, side by side at each concurrency.
    const bare = await startBareProcess(ctx, "ack-bare");
    started.push(bare);
    const appOff = await startAppProcess(ctx, {
      label: "ack-worker-off",
      worker: false,
      adminOrigin: sandbox.ready.adminOrigin,
      apruvdUrl: sandbox.ready.apruvdUrl,
    });
    started.push(appOff);
    await installApp(appOff, seeded);
    for (const [i, c] of connections.entries()) {
      await measure("bare", bare.ready.url, bare.pid, c, i === 0);
      await measure("app-worker-off", appOff.ready.url, appOff.pid, c, i === 0);
    }
    await recordMemory(appOff, "webhook-ack, worker off", options.memory);
    let profile: WebhookAckResult["profile"];
    if (options.profileFile) {
      const c = Math.max(...connections);
      await appOff.call("profileStart");
      const load = await runLoad({
        url: `${appOff.ready.url}/webhooks/orders/create`,
        connections: c,
        durationMs,
        maxRequests,
        request: requestFor(`${runId}-profile`),
      });
      await appOff.call("profileStop", { file: options.profileFile });
      profile = { file: options.profileFile, throughput: load.throughput };
      log(
        `  (profiled run, not recorded: ${load.throughput.toFixed(0)} req/s at c=${c}; profile ${options.profileFile})`,
      );
    }
    await appOff.stop();

    // The worker on, in its own thread (the default) and then on the request loop.
    const inboxOf: Partial<Record<AckTarget, WebhookAckResult["workerOnInbox"]>> = {};
    const workerRuns = [
      { target: "app-worker-on", label: "ack-worker-on", workerMode: "thread" },
      { target: "app-worker-in-process", label: "ack-worker-in-process", workerMode: "in-process" },
    ] as const;
    for (const run of options.workerOn === false ? [] : workerRuns) {
      const appOn = await startAppProcess(ctx, {
        label: run.label,
        worker: true,
        workerMode: run.workerMode,
        adminOrigin: sandbox.ready.adminOrigin,
        apruvdUrl: sandbox.ready.apruvdUrl,
      });
      started.push(appOn);
      if (appOn.ready.workerMode !== run.workerMode)
        throw new Error(`${run.label}: the app runs its worker ${appOn.ready.workerMode}, not ${run.workerMode}`);
      await installApp(appOn, seeded);
      for (const [i, c] of connections.entries()) await measure(run.target, appOn.ready.url, appOn.pid, c, i === 0);
      inboxOf[run.target] = (
        await appOn.call<{ inbox: { topic: string; status: string; count: number }[] }>("stats", {})
      ).inbox;
      await recordMemory(appOn, `webhook-ack, ${TARGET_LABEL[run.target].replace("app, ", "")}`, options.memory);
      await appOn.stop();
    }

    const ratios: WebhookAckResult["ratios"] = [];
    for (const row of rows) {
      if (row.target === "bare") continue;
      const base = rows.find((r) => r.target === "bare" && r.connections === row.connections);
      if (base)
        ratios.push({
          target: row.target,
          connections: row.connections,
          ratio: row.load.throughput / base.load.throughput,
        });
    }
    return {
      rows,
      ratios,
      payloadBytes: {
        min: Math.min(...sizes),
        mean: sizes.reduce((a, b) => a + b, 0) / sizes.length,
        max: Math.max(...sizes),
      },
      distinctOrders: orders.length,
      workerOnInbox: inboxOf["app-worker-on"],
      workerInProcessInbox: inboxOf["app-worker-in-process"],
      profile,
    };
  } finally {
    await Promise.allSettled(started.map((c) => c.stop()));
  }
}

export async function recordMemory(
  app: ChildHandle<AppReady>,
  label: string,
  memory: PeakMemory | undefined,
): Promise<AppMemoryReport | null> {
  try {
    const report = await app.call<AppMemoryReport>("memory");
    memory?.record(label, report);
    return report;
  } catch {
    return null;
  }
}
