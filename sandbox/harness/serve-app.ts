/**
 * Serves the app's real Remix server build in this process, as server.ts does: behind
 * Express (app/server/app-server.ts), with its background work (the inbox worker, or
 * pg-boss on PostgreSQL) unless told otherwise. The app child process
 * (sandbox/harness/app-process.ts) and the local stack (sandbox/local-stack.ts) both serve
 * it through here.
 *
 * Where the worker runs: with `workerThread` (the app child process), as the app is
 * configured (APRUVD_WORKER: its own worker thread by default on SQLite, or in-process, as server.ts
 * runs it); without (the local stack, whose tests read the worker's state in their own process,
 * and run without tsx's loader a thread would need), on this process's event loop.
 *
 * The build reads its configuration from process.env when it is first imported: set it
 * (appEnvironment) before calling this.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startAppServer, type AppServer } from "../../app/server/app-server";
import { DEFAULT_BUILD_PATH, type ServeSettings } from "./app-environment";

/** The build's client assets: `client/` beside its `server/` folder, else build/client. */
function clientDirOf(buildPath: string): string {
  const sibling = path.resolve(path.dirname(buildPath), "../client");
  return fs.existsSync(sibling) ? sibling : path.resolve("build/client");
}

/** Resolves once the app serves HTTP and (with `worker`) its background work runs. */
export async function serveBuiltApp(
  settings: Partial<Omit<ServeSettings, "name">> & { workerThread?: boolean } = {},
): Promise<AppServer> {
  const buildPath = path.resolve(settings.buildPath ?? DEFAULT_BUILD_PATH);
  if (!fs.existsSync(buildPath)) throw new Error(`No server build at ${buildPath}: run \`npm run build\` first.`);
  const worker = settings.worker ?? true;
  const buildUrl = pathToFileURL(buildPath).href;
  const server = await startAppServer({
    build: await import(buildUrl),
    port: settings.port ?? 0,
    host: settings.host ?? "127.0.0.1",
    clientDir: clientDirOf(buildPath),
    worker,
    workerThreadBuild: settings.workerThread ? buildUrl : undefined,
  });
  if (worker) {
    try {
      await server.workerRunning;
    } catch (error) {
      await server.close().catch(() => undefined);
      throw new Error(
        `The app's background work did not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return server;
}
