/**
 * The app as its own process — the one way the harness starts it as a child: the real
 * Remix server build behind Express with its background work (the inbox worker on SQLite,
 * pg-boss workers and the inbox dispatcher on PostgreSQL), exactly as server.ts runs it,
 * configured from the environment only (app-environment.ts). The fault tests SIGKILL it
 * mid-burst and start it again on the same database and port; the scale tests run two
 * behind a load balancer; the benchmark measures it.
 *
 * Parent side: `startAppProcess(options)` resolves once the child serves HTTP and its
 * background work runs (the handshake of child-process.ts).
 * Child side: this file run directly (`node --import tsx sandbox/harness/app-process.ts`),
 * or a script that calls `runAppProcess` to add IPC handlers of its own
 * (bench/app-process.ts). SIGTERM/SIGINT stop it gracefully: in-flight requests and
 * handlers finish, then it exits.
 */
import { pathToFileURL } from "node:url";
import type { AppServer } from "../../app/server/app-server";
import {
  appEnvironment,
  serveEnvironment,
  serveSettingsFromEnvironment,
  type AppSettings,
  type ServeSettings,
} from "./app-environment";
import { serveIpc, startChildProcess, type ChildProcessHandle, type IpcHandlers } from "./child-process";

export const APP_PROCESS_ENTRY = "sandbox/harness/app-process.ts";

/** What the child announces once it is ready. */
export interface AppReady {
  url: string;
  pid: number;
  name: string;
  worker: boolean;
  /** Where its inbox worker runs (null: worker off). */
  workerMode: AppServer["worker"];
}

export interface AppProcess extends ChildProcessHandle<AppReady> {
  url: string;
  name: string;
}

export interface AppProcessOptions extends AppSettings, Partial<ServeSettings> {
  /** The child's entry script: this file (default) or one that calls runAppProcess. */
  entry?: string;
  /** Write the child's output to this file instead of capturing it in `output`. */
  logFile?: string;
  nodeArgs?: string[];
  startTimeoutMs?: number;
  /** Default grace period of stop() before SIGKILL. Default 25 s. */
  stopGraceMs?: number;
}

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const {
    entry,
    logFile,
    nodeArgs,
    startTimeoutMs,
    stopGraceMs,
    port,
    host,
    buildPath,
    worker,
    workerMode,
    name,
    ...settings
  } = options;
  const child = await startChildProcess<AppReady>(entry ?? APP_PROCESS_ENTRY, {
    env: { ...appEnvironment(settings), ...serveEnvironment({ port, host, buildPath, worker, workerMode, name }) },
    label: `app process ${name ?? ""}`.trim(),
    logFile,
    nodeArgs,
    startTimeoutMs,
    stopGraceMs,
  });
  return Object.assign(child, { url: child.ready.url, name: child.ready.name });
}

/** Child side: serves the build the environment names, then announces itself to the parent. */
export async function runAppProcess(
  extension: { handlers?: (server: AppServer) => IpcHandlers | Promise<IpcHandlers> } = {},
): Promise<AppServer> {
  const settings = serveSettingsFromEnvironment();
  const { serveBuiltApp } = await import("./serve-app");
  let server: AppServer;
  try {
    // As server.ts runs it: the worker where APRUVD_WORKER says (its own thread by default on SQLite).
    server = await serveBuiltApp({ ...settings, workerThread: true });
  } catch (error) {
    process.stderr.write(`${settings.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const handlers = (await extension.handlers?.(server)) ?? {};
  serveIpc(handlers, {
    url: server.url,
    pid: process.pid,
    name: settings.name,
    worker: settings.worker,
    workerMode: server.worker,
  } satisfies AppReady);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      const force = setTimeout(() => process.exit(1), 30_000);
      force.unref();
      void server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runAppProcess();
