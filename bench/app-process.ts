/**
 * Child process: the app as production runs it — the Remix server build behind Express
 * (app/server/app-server.ts), with the in-process inbox worker on or off — on the SQLite
 * file named by DATABASE_URL (already migrated by the parent). Everything else comes from
 * the environment the parent sets (see startAppProcess in children.ts).
 *
 * Env: BENCH_APP_PORT, BENCH_WORKER ("1" | "0"), BENCH_BUILD (server build path), plus the
 * app's own variables (DATABASE_URL, SHOPIFY_API_SECRET, SHOPIFY_ADMIN_API_ORIGIN, ...).
 *
 * IPC methods: install (offline session + Apruvd onboarding, as sandbox/local-stack.ts
 * installShop does), stats (reviews and inbox rows by status), memory (RSS figures).
 */
import fs from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startAppServer } from "../app/server/app-server";
import { serveIpc } from "./ipc";
import { procMemory, type AppMemoryReport } from "./memory";

let peakSampledRss = process.memoryUsage().rss;
let peakDetail = { at: Date.now(), heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, databaseFds: 0 };
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  if (usage.rss > peakSampledRss) {
    peakSampledRss = usage.rss;
    peakDetail = { at: Date.now(), heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers, databaseFds: countDatabaseFds() ?? 0 };
  }
}, 50);
sampler.unref();

/** Open file descriptors on the SQLite database file: one per open SQLite connection. */
function countDatabaseFds(): number | null {
  try {
    let n = 0;
    for (const fd of fs.readdirSync("/proc/self/fd")) {
      try {
        if (/\.db$/.test(fs.readlinkSync(`/proc/self/fd/${fd}`))) n++;
      } catch {
        /* closed meanwhile */
      }
    }
    return n;
  } catch {
    return null;
  }
}

// BENCH_TRACE=1: server-side timing of every request (accepted → request parsed → answered),
// to tell time spent before the app sees a request from time spent inside it.
interface TraceRecord {
  acceptedAt: number;
  requestAt: number;
  finishedAt: number;
  firstOnSocket: boolean;
}
const traces: TraceRecord[] = [];
if (process.env.BENCH_TRACE === "1") {
  const original = http.createServer;
  (http as { createServer: typeof http.createServer }).createServer = ((...args: Parameters<typeof http.createServer>) => {
    const server = original(...args);
    server.on("connection", (socket: import("node:net").Socket & { __acceptedAt?: number; __requests?: number }) => {
      socket.__acceptedAt = performance.now();
      socket.__requests = 0;
    });
    server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const socket = req.socket as import("node:net").Socket & { __acceptedAt?: number; __requests?: number };
      const record = { acceptedAt: socket.__acceptedAt ?? 0, requestAt: performance.now(), finishedAt: 0, firstOnSocket: (socket.__requests ?? 0) === 0 };
      socket.__requests = (socket.__requests ?? 0) + 1;
      res.once("finish", () => {
        record.finishedAt = performance.now();
        if (traces.length < 200_000) traces.push(record);
      });
    });
    return server;
  }) as typeof http.createServer;
}

const port = Number(process.env.BENCH_APP_PORT ?? 0);
const worker = process.env.BENCH_WORKER === "1";
const buildPath = path.resolve(process.env.BENCH_BUILD ?? "bench/.build/server/index.js");

const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const app = await startAppServer({ build, port, host: "127.0.0.1", clientDir: path.resolve(path.dirname(buildPath), "../client"), worker });
// The same client the build uses (db.server keeps one per process on globalThis).
const { default: prisma } = await import("../app/db.server");
const { connectApruvd } = await import("../app/lib/merchant/onboarding/connect-apruvd.server");

let profiler: Session | undefined;

function memory(): AppMemoryReport {
  const usage = process.memoryUsage();
  if (usage.rss > peakSampledRss) peakSampledRss = usage.rss;
  let openFds: number | null = null;
  try {
    openFds = fs.readdirSync("/proc/self/fd").length;
  } catch {
    /* not Linux */
  }
  return {
    rss: usage.rss,
    peakSampledRss,
    peak: peakDetail,
    heapUsed: usage.heapUsed,
    external: usage.external,
    vmHWM: procMemory(process.pid).vmHWM,
    openFds,
    databaseFds: countDatabaseFds(),
  };
}

serveIpc(
  {
    async install(args: { shop: string; accessToken: string; apruvdCredentials: { keyId: string; secret: string } }) {
      const scope = process.env.SCOPES ?? "";
      await prisma.session.upsert({
        where: { id: `offline_${args.shop}` },
        create: { id: `offline_${args.shop}`, shop: args.shop, state: "", isOnline: false, scope, accessToken: args.accessToken },
        update: { accessToken: args.accessToken, scope },
      });
      const connected = await connectApruvd(prisma, args.shop, args.apruvdCredentials, undefined, app.url);
      if (!connected.ok) throw new Error(`Connecting Apruvd failed: ${connected.message}`);
      return { ok: true };
    },
    async stats(args: { shop?: string }) {
      const where = args?.shop ? { shop: args.shop } : {};
      const reviews = await prisma.review.groupBy({ by: ["status", "writtenBackStatus"], where, _count: { _all: true } });
      const inbox = await prisma.inboxEvent.groupBy({ by: ["topic", "status"], where, _count: { _all: true } });
      return {
        reviews: reviews.map((r) => ({ status: r.status, writtenBackStatus: r.writtenBackStatus, count: r._count._all })),
        inbox: inbox.map((r) => ({ topic: r.topic, status: r.status, count: r._count._all })),
      };
    },
    memory,
    /** With BENCH_TRACE=1: the traced requests since the last call (and forget them). */
    traces() {
      return traces.splice(0, traces.length);
    },
    /** Full garbage collection first (only when started with --expose-gc), then memory(). */
    gcThenMemory() {
      (globalThis as { gc?: () => void }).gc?.();
      return memory();
    },
    /** CPU profile of a window of the run (not the start-up), written as a .cpuprofile file. */
    async profileStart() {
      profiler ??= new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.setSamplingInterval", { interval: 500 });
      await profiler.post("Profiler.start");
      return { ok: true };
    },
    async profileStop(args: { file: string }) {
      if (!profiler) throw new Error("profileStart first");
      const { profile } = await profiler.post("Profiler.stop");
      profiler.disconnect();
      profiler = undefined;
      fs.writeFileSync(args.file, JSON.stringify(profile));
      return { file: args.file };
    },
  },
  { url: app.url, pid: process.pid, worker },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
