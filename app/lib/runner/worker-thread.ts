import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { onInboxEvent } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import { workerActivity } from "../platform/readiness.server";

/**
 * The inbox worker in its own worker thread (APRUVD_WORKER=thread, the default on SQLite):
 * draining the inbox — Prisma, JSON, the Apruvd and Admin API calls — does not run on the
 * event loop that acknowledges webhooks.
 *
 * The two threads hold two SQLite connections, and libsql waits for a busy write lock
 * synchronously (busy_timeout), blocking its own event loop meanwhile. That is why this
 * became the default only with the webhook path's group commit
 * (../inbox/group-commit.server.ts): one statement per batch of webhooks instead of one
 * per webhook, so the request thread holds the write lock in short, spaced bursts and the
 * worker's statements (single statements or short batches: no transaction here waits on
 * the network) get their turn; the request thread in turn waits only for one such
 * statement. When one webhook commit per request was the rule, the worker thread starved
 * ("Operation has timed out") and drained nothing under a burst.
 *
 * The thread imports the same server build and calls its startBackgroundWork(): the same
 * handlers, on the same SQLite file (its own connection; write-ahead logging and
 * busy_timeout let the two connections share the file). Nothing is handed between the
 * threads but messages; the inbox table stays the one source of truth, so a SIGKILL of
 * the process loses what an in-process worker would lose: nothing (a committed row is
 * run again once its lease runs out).
 *
 * Messages (this module on both sides: the thread runs this file, tsx's loader comes with
 * the inherited execArgv):
 * - to the thread: `wake` after each inbox row this process inserts (the idle poll stays
 *   as the fallback), `stop` to stop after the handlers in flight;
 * - from the thread: `running` once its runner runs, `activity` (the worker's activity,
 *   for /healthz of this process: it tells a stalled worker from an idle one).
 * A thread that exits without being asked is logged and started again, with backoff.
 */

export interface InboxWorkerThreadOptions {
  /** file: URL of the server build the thread imports. */
  buildUrl: string;
  /** How long stop() waits for the handlers in flight before terminating the thread. Default 25 s. */
  stopGraceMs?: number;
  /** First wait before a restart (doubling to 30 s while the thread keeps dying). Default 500 ms. */
  restartDelayMs?: number;
  /** Node options of the thread. Default this process's (under `tsx server.ts`, tsx's loader, which this file needs). */
  execArgv?: string[];
  /** The thread's V8 old generation limit (MB). Default WORKER_MAX_OLD_GENERATION_MB. */
  maxOldGenerationSizeMb?: number;
}

export interface InboxWorkerThread {
  /** Resolves once the first thread's runner runs; rejects if that thread fails to start. */
  readonly running: Promise<void>;
  /** Looks at the inbox now instead of at the next poll. */
  wake(): void;
  /** Stops the thread after its handlers in flight (terminates it past the grace period). */
  stop(): Promise<void>;
}

type ToThread = { type: "wake" } | { type: "stop" };
type FromThread =
  { type: "running"; workerId: string } | { type: "activity"; startedAt: number | null; lastActivityAt: number | null };

interface ThreadData {
  apruvdInboxWorker: true;
  buildUrl: string;
  /** The same for every thread this process starts (background.server.ts: the startup sweep is once per process). */
  processStartupId: string;
}

const MAX_RESTART_DELAY_MS = 30_000;
/** A thread that ran this long before dying starts the backoff afresh. */
const HEALTHY_AFTER_MS = 60_000;
const ACTIVITY_REPORT_MS = 1_000;

/**
 * The thread's old generation limit. V8 lets an old generation grow to up to 4× what
 * survived its last full collection before collecting again when the limit is 2 GB or more
 * (a thread inherits the process's, 4 GB on a machine with 16 GB or more), and only ~1.4×
 * at 512 MB (the factor scales linearly from 1.3 at 256 MB). The worker's live heap is
 * ~45 MB (the server build's code and its modules), but under load it promotes a few MB a
 * second of short-lived objects (queries, Admin API answers in flight), so with the
 * inherited limit its old space grew to ~165 MB between collections (bench, 300 shops,
 * one bursting), most of the app's RSS above the 350 MB target; pages V8 gave back stay
 * in the RSS. 512 MB is ten times the live heap: the limit itself is not expected to be
 * reached (if it were, the thread would exit and be started again, as after any crash:
 * its leased events are run again once their leases run out).
 */
export const WORKER_MAX_OLD_GENERATION_MB = 512;

export function startInboxWorkerThread(options: InboxWorkerThreadOptions): InboxWorkerThread {
  const stopGraceMs = options.stopGraceMs ?? 25_000;
  const firstDelayMs = options.restartDelayMs ?? 500;
  let restartDelayMs = firstDelayMs;
  let worker: Worker | null = null;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let wakePending = false;
  let everRan = false;
  let settleFirst: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const running = new Promise<void>((resolve, reject) => (settleFirst = { resolve, reject }));
  running.catch(() => undefined);

  const post = (message: ToThread) => worker?.postMessage(message);
  // A thread restarted after a crash is not a new start of the app: the main thread kept
  // receiving webhooks meanwhile, so nothing was missed that a startup sweep would find.
  const processStartupId = `${process.pid}-${Date.now()}`;

  const spawn = () => {
    const startedAt = Date.now();
    const data: ThreadData = { apruvdInboxWorker: true, buildUrl: options.buildUrl, processStartupId };
    const thread = new Worker(new URL(import.meta.url), {
      workerData: data,
      name: "apruvd-inbox-worker",
      execArgv: options.execArgv ?? process.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? WORKER_MAX_OLD_GENERATION_MB },
    });
    worker = thread;
    const threadId = thread.threadId;
    thread.on("message", (message: FromThread) => {
      if (message.type === "running") {
        everRan = true;
        settleFirst?.resolve();
        settleFirst = null;
        logger.info("inbox worker thread running", { threadId, workerId: message.workerId });
      } else if (message.type === "activity") {
        const activity = workerActivity();
        activity.startedAt = message.startedAt;
        activity.lastActivityAt = message.lastActivityAt;
      }
    });
    thread.on("error", (error) => logger.error("inbox worker thread failed", { threadId, error: String(error) }));
    thread.on("exit", (exitCode) => {
      if (worker === thread) worker = null;
      if (stopping) return;
      if (!everRan) {
        // The first thread never ran: the start fails, as an in-process worker's would.
        settleFirst?.reject(new Error(`the inbox worker thread exited with code ${exitCode} before it ran`));
        settleFirst = null;
        stopping = true;
        return;
      }
      if (Date.now() - startedAt >= HEALTHY_AFTER_MS) restartDelayMs = firstDelayMs;
      logger.error("inbox worker thread exited unexpectedly, restarting it", {
        threadId,
        exitCode,
        restartInMs: restartDelayMs,
      });
      restartTimer = setTimeout(() => {
        restartTimer = undefined;
        if (!stopping) spawn();
      }, restartDelayMs);
      restartDelayMs = Math.min(restartDelayMs * 2, MAX_RESTART_DELAY_MS);
    });
  };

  // This process's inbox inserts wake the thread: one message per turn of the event loop, however many rows.
  const unsubscribe = onInboxEvent(() => {
    if (wakePending) return;
    wakePending = true;
    setImmediate(() => {
      wakePending = false;
      post({ type: "wake" });
    });
  });
  spawn();

  return {
    running,
    wake: () => post({ type: "wake" }),
    async stop() {
      stopping = true;
      unsubscribe();
      if (restartTimer) clearTimeout(restartTimer);
      const thread = worker;
      if (thread) {
        const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
        thread.postMessage({ type: "stop" } satisfies ToThread);
        const grace = setTimeout(() => {
          logger.warn("inbox worker thread did not stop in time, terminating it", { stopGraceMs });
          void thread.terminate();
        }, stopGraceMs);
        await exited;
        clearTimeout(grace);
      }
      workerActivity().stopped();
    },
  };
}

interface BackgroundEntryModule {
  startBackgroundWork?: (options?: {
    startupId?: string;
  }) => { workerId?: string; start?: () => unknown; wake?: () => void } | undefined;
  stopBackgroundWork?: () => Promise<void>;
}

/** The thread's side: the build's own background work, driven by the parent's messages. */
async function runInThread(data: ThreadData): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const build = (await import(data.buildUrl)) as { entry: { module: BackgroundEntryModule } };
  const entry = build.entry.module;
  const runner = entry.startBackgroundWork?.({ startupId: data.processStartupId });
  if (!runner) throw new Error("The server build does not export startBackgroundWork");
  await runner.start?.();

  let reported = "";
  const report = () => {
    const { startedAt, lastActivityAt } = workerActivity();
    const now = `${startedAt}/${lastActivityAt}`;
    if (now === reported) return;
    reported = now;
    port.postMessage({ type: "activity", startedAt, lastActivityAt } satisfies FromThread);
  };
  const reporter = setInterval(report, ACTIVITY_REPORT_MS);
  reporter.unref();

  port.on("message", (message: ToThread) => {
    if (message.type === "wake") runner.wake?.();
    else if (message.type === "stop") {
      clearInterval(reporter);
      void (entry.stopBackgroundWork?.() ?? Promise.resolve()).finally(() => process.exit(0));
    }
  });
  report();
  port.postMessage({ type: "running", workerId: runner.workerId ?? "" } satisfies FromThread);
}

function isThreadData(value: unknown): value is ThreadData {
  return typeof value === "object" && value !== null && (value as ThreadData).apruvdInboxWorker === true;
}

if (!isMainThread && isThreadData(workerData)) {
  runInThread(workerData).catch((error: unknown) => {
    logger.error("inbox worker thread could not start", {
      error: error instanceof Error ? error.message : String(error),
    });
    process.exit(1);
  });
}
