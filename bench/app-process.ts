/**
 * Child process: the app as production runs it — the harness's app process
 * (sandbox/harness/app-process.ts: the Remix server build behind Express, with the
 * inbox worker on or off — in its own thread or in-process, APRUVD_WORKER — configured
 * from the environment the parent sets in
 * startAppProcess, children.ts) on the SQLite file named by DATABASE_URL (already migrated
 * by the parent) — plus what only the benchmark asks of it.
 *
 * Env: BENCH_TRACE=1 times every request on the server side (see `traces`).
 *
 * IPC methods: install (offline session + Apruvd onboarding, as the local stack's
 * installShop does) and installMany, stats (reviews and inbox rows by status),
 * decidedOrders, databaseBytes, memory (RSS figures).
 */
import fs from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { Session } from "node:inspector/promises";
import v8 from "node:v8";
import vm from "node:vm";
import { runAppProcess } from "../sandbox/harness/app-process";
import type { InstalledShop } from "../sandbox/harness/install-shop";
import { procMemory, rssParts, type AppMemoryReport } from "./memory";

let peakSampledRss = process.memoryUsage().rss;
let peakDetail = { at: Date.now(), heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, databaseFds: 0 };
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  if (usage.rss > peakSampledRss) {
    peakSampledRss = usage.rss;
    peakDetail = {
      at: Date.now(),
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      databaseFds: countDatabaseFds() ?? 0,
    };
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
  (http as { createServer: typeof http.createServer }).createServer = ((
    ...args: Parameters<typeof http.createServer>
  ) => {
    const server = original(...args);
    server.on("connection", (socket: Socket & { __acceptedAt?: number; __requests?: number }) => {
      socket.__acceptedAt = performance.now();
      socket.__requests = 0;
    });
    server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      const socket = req.socket as Socket & { __acceptedAt?: number; __requests?: number };
      const record = {
        acceptedAt: socket.__acceptedAt ?? 0,
        requestAt: performance.now(),
        finishedAt: 0,
        firstOnSocket: (socket.__requests ?? 0) === 0,
      };
      socket.__requests = (socket.__requests ?? 0) + 1;
      res.once("finish", () => {
        record.finishedAt = performance.now();
        if (traces.length < 200_000) traces.push(record);
      });
    });
    return server;
  }) as typeof http.createServer;
}

let profiler: Session | undefined;

let gc: (() => void) | undefined;
function fullGc(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
}

/**
 * The worker threads' JS heaps, read through the inspector's NodeWorker domain (the app
 * gives the bench no handle on its Worker): each thread is asked for a full collection
 * (`gc: true`) and then its heap usage. The main thread's gc() does not reach a worker's
 * heap, and process.memoryUsage().heapUsed is the calling thread's only.
 */
let snapshotChunks: string[] | undefined;
/** BENCH_THREAD_SNAPSHOT=<prefix>: each gcThenMemory also writes the worker thread's heap snapshot, <prefix>-<pid>-<n>.heapsnapshot. */
const snapshotPrefix = process.env.BENCH_THREAD_SNAPSHOT;
let snapshots = 0;
async function threadSnapshot(): Promise<void> {
  if (!snapshotPrefix) return;
  const { threads, call } = await workerThreads();
  const id = [...threads].at(-1); // the inbox worker (tsx's loader thread starts first)
  if (!id) return;
  snapshotChunks = [];
  await call(id, "HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  fs.writeFileSync(`${snapshotPrefix}-${process.pid}-${++snapshots}.heapsnapshot`, snapshotChunks.join(""));
  snapshotChunks = undefined;
}

type ThreadCall = (sessionId: string, method: string, params?: object) => Promise<unknown>;
let threadSession: { session: Session; threads: Set<string>; call: ThreadCall } | undefined;
async function workerThreads(): Promise<{ threads: Set<string>; call: ThreadCall }> {
  if (!threadSession) {
    const session = new Session();
    session.connect();
    const threads = new Set<string>();
    const pending = new Map<number, (result: unknown) => void>();
    let nextId = 0;
    session.on("NodeWorker.attachedToWorker", (m) => threads.add(m.params.sessionId));
    session.on("NodeWorker.detachedFromWorker", (m) => threads.delete(m.params.sessionId));
    session.on("NodeWorker.receivedMessageFromWorker", (m) => {
      const reply = JSON.parse(m.params.message) as {
        id?: number;
        result?: unknown;
        method?: string;
        params?: { chunk?: string };
      };
      if (reply.method === "HeapProfiler.addHeapSnapshotChunk") snapshotChunks?.push(reply.params?.chunk ?? "");
      if (reply.id === undefined) return;
      pending.get(reply.id)?.(reply.result);
      pending.delete(reply.id);
    });
    await session.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
    await new Promise((r) => setTimeout(r, 50)); // attachedToWorker arrives after enable answers
    const call: ThreadCall = (sessionId, method, params) =>
      new Promise<unknown>((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        const message = JSON.stringify({ id, method, params });
        void session.post("NodeWorker.sendMessageToWorker", { sessionId, message });
      });
    threadSession = { session, threads, call };
  }
  return threadSession;
}

async function threadHeaps(gc: boolean): Promise<AppMemoryReport["threadHeap"]> {
  const { threads, call } = await workerThreads();
  if (threads.size === 0) return null;
  let used = 0;
  let total = 0;
  for (const id of threads) {
    if (gc) await call(id, "HeapProfiler.collectGarbage");
    const usage = (await call(id, "Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
    used += usage.usedSize;
    total += usage.totalSize;
  }
  return { used, total, threads: threads.size };
}

/**
 * BENCH_HEAP_LOG=<ms>: every <ms>, one line on stderr (the app's log file) with the RSS's
 * parts and each thread's V8 heap by space (MB committed/used): which isolate, and which
 * part of it (new space = the young generation's semi-spaces), the resident set is made of.
 */
const heapLogMs = Number(process.env.BENCH_HEAP_LOG ?? 0);
if (heapLogMs > 0) {
  const spaces = (list: v8.HeapSpaceInfo[]) =>
    list
      .filter((x) => x.space_size > 1 << 20)
      .map((x) => `${x.space_name.replace(/_space$/, "")} ${f1(x.space_size)}/${f1(x.space_used_size)}`)
      .join(" ");
  const f1 = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  // Outside the V8 heap but known to it: Buffers, and WebAssembly memories (Prisma's query compiler).
  const external = (usage: { external: number; arrayBuffers: number }) =>
    `external ${f1(usage.external)} (arrayBuffers ${f1(usage.arrayBuffers)})`;
  const timer = setInterval(() => {
    void (async () => {
      const parts = rssParts(process.pid);
      const usage = process.memoryUsage();
      let line = `[heap] rss ${f1(usage.rss)} anon ${f1(parts.anon ?? 0)} | main ${spaces(v8.getHeapSpaceStatistics())} ${external(usage)}`;
      const { threads, call } = await workerThreads();
      for (const id of threads) {
        const reply = (await call(id, "Runtime.evaluate", {
          expression: `JSON.stringify([process.getBuiltinModule("node:v8").getHeapSpaceStatistics(), process.memoryUsage()])`,
          returnByValue: true,
        })) as { result?: { value?: string } };
        const [list, threadUsage] = JSON.parse(reply.result?.value ?? "[[],{}]") as [
          v8.HeapSpaceInfo[],
          NodeJS.MemoryUsage,
        ];
        line += ` | thread ${spaces(list)} ${external(threadUsage)}`;
      }
      process.stderr.write(`${line}\n`);
    })();
  }, heapLogMs);
  timer.unref();
}

/**
 * BENCH_THREAD_ALLOC_PROFILE=<file prefix>: the worker thread's sampling heap profiler runs
 * from start-up, counting objects that survived the young generation and died in the old
 * one (includeObjectsCollectedByMajorGC, not ...MinorGC): the allocations that make the old
 * space grow between full collections. Written every 30 s as <prefix>-<n>.heapprofile.
 */
const allocProfile = process.env.BENCH_THREAD_ALLOC_PROFILE;
if (allocProfile) {
  setTimeout(() => {
    void (async () => {
      const { threads, call } = await workerThreads();
      for (const id of threads)
        await call(id, "HeapProfiler.startSampling", {
          samplingInterval: 16384,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: false,
        });
      let n = 0;
      const timer = setInterval(() => {
        void (async () => {
          n++;
          for (const id of threads) {
            const reply = (await call(id, "HeapProfiler.getSamplingProfile")) as { profile: unknown };
            fs.writeFileSync(`${allocProfile}-${process.pid}-${n}.heapprofile`, JSON.stringify(reply.profile));
          }
        })();
      }, 30_000);
      timer.unref();
    })();
  }, 3_000).unref();
}

function memory(): AppMemoryReport {
  const usage = process.memoryUsage();
  const parts = rssParts(process.pid);
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
    rssAnon: parts.anon,
    rssFile: parts.file,
    threadHeap: null,
  };
}

await runAppProcess({
  async handlers(app) {
    // The same client the build uses (db.server keeps one per process on globalThis).
    const { default: prisma } = await import("../app/db.server");
    const { recordInstallation } = await import("../sandbox/harness/install-shop");
    return {
      async install(installed: InstalledShop) {
        // Apruvd is called at the APRUVD_API_URL the parent configured.
        await recordInstallation({ prisma, installed, appUrl: app.url });
        return { ok: true };
      },
      /**
       * install for many shops, one after another (the many-shops run): each through the
       * same real onboarding call, so the app knows them exactly as it knows one.
       */
      async installMany(args: { shops: InstalledShop[] }) {
        for (const installed of args.shops) await recordInstallation({ prisma, installed, appUrl: app.url });
        return { ok: true, installed: args.shops.length };
      },
      /** Orders decided and written back (Approved/Declined, and that status in Shopify), as [shop, orderId]. */
      async decidedOrders(args: { shops?: string[] }) {
        const rows = await prisma.review.findMany({
          where: { status: { in: ["Approved", "Declined"] }, ...(args?.shops ? { shop: { in: args.shops } } : {}) },
          select: { shop: true, orderId: true, status: true, writtenBackStatus: true },
        });
        return rows.filter((r) => r.writtenBackStatus === r.status).map((r) => [r.shop, r.orderId]);
      },
      /** Bytes the SQLite database holds (pages in use × page size, the WAL's pages included). */
      async databaseBytes() {
        const pragma = async (name: string) => {
          const rows = await prisma.$queryRawUnsafe<Record<string, bigint | number>[]>(`PRAGMA ${name}`);
          return Number(Object.values(rows[0] ?? {})[0] ?? 0);
        };
        const [pages, pageSize, free] = [
          await pragma("page_count"),
          await pragma("page_size"),
          await pragma("freelist_count"),
        ];
        return { bytes: (pages - free) * pageSize };
      },
      async stats(args: { shop?: string }) {
        const where = args?.shop ? { shop: args.shop } : {};
        const reviews = await prisma.review.groupBy({
          by: ["status", "writtenBackStatus"],
          where,
          _count: { _all: true },
        });
        const inbox = await prisma.inboxEvent.groupBy({ by: ["topic", "status"], where, _count: { _all: true } });
        return {
          reviews: reviews.map((r) => ({
            status: r.status,
            writtenBackStatus: r.writtenBackStatus,
            count: r._count._all,
          })),
          inbox: inbox.map((r) => ({ topic: r.topic, status: r.status, count: r._count._all })),
        };
      },
      memory,
      /** With BENCH_TRACE=1: the traced requests since the last call (and forget them). */
      traces() {
        return traces.splice(0, traces.length);
      },
      /**
       * Full garbage collection first, then memory(). The collector is exposed at run time
       * (v8 flag + a fresh context) rather than with --expose-gc on the command line: the
       * worker thread inherits the process's execArgv and refuses that flag.
       */
      async gcThenMemory() {
        fullGc();
        const threadHeap = await threadHeaps(true);
        const report = { ...memory(), threadHeap };
        await threadSnapshot(); // after the reading: the snapshot's text passes through this thread's heap
        return report;
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
    };
  },
});
