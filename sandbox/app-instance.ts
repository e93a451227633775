/**
 * One app instance as its own process: the real Remix server build behind Express, plus
 * its background work (pg-boss workers and the inbox dispatcher on PostgreSQL, the lease
 * worker on SQLite), configured from the environment only — what each of N instances of
 * a deployment runs (`npm start` runs the same thing through server.ts).
 *
 *   node --import tsx sandbox/app-instance.ts
 *
 * Environment: everything the app reads (DATABASE_URL, SHOPIFY_API_KEY, SHOPIFY_API_SECRET,
 * SHOPIFY_APP_URL, SCOPES, SHOPIFY_ADMIN_API_ORIGIN, APRUVD_API_URL, APRUVD_ENCRYPTION_KEY,
 * WORKER_*, QUEUE_*), plus:
 *   PORT                 default 0 (any free port)
 *   HOST_BIND            default 127.0.0.1
 *   APP_INSTANCE_NAME    a label for this instance's output lines (default "app")
 *   APP_BUILD_PATH       default build/server/index.js (run `npm run build` first)
 *   APRUVD_IN_PROCESS_WORKER=0   serve HTTP only (a web-only instance)
 *
 * Prints `APP_INSTANCE_LISTENING url=<url> name=<name>` once it serves HTTP and
 * `APP_INSTANCE_READY name=<name>` once its background work runs (on PostgreSQL: pg-boss
 * started, queues created, workers polling). SIGTERM/SIGINT stop it gracefully
 * (`APP_INSTANCE_STOPPED`).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startAppServer } from "../app/server/app-server";

interface BackgroundEntry {
  startBackgroundWork?: () => unknown;
}

const name = process.env.APP_INSTANCE_NAME ?? "app";
const buildPath = path.resolve(process.env.APP_BUILD_PATH ?? "build/server/index.js");
if (!fs.existsSync(buildPath)) {
  process.stderr.write(`No server build at ${buildPath}: run \`npm run build\` first.\n`);
  process.exit(2);
}
const withWorker = process.env.APRUVD_IN_PROCESS_WORKER !== "0";

const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const server = await startAppServer({
  build,
  port: Number(process.env.PORT ?? 0),
  host: process.env.HOST_BIND ?? "127.0.0.1",
  clientDir: path.resolve("build/client"),
  worker: withWorker,
});
process.stdout.write(`APP_INSTANCE_LISTENING url=${server.url} name=${name}\n`);

if (withWorker) {
  // startAppServer already started it; this returns the same runner, to wait for it.
  const runner = (build.entry.module as BackgroundEntry).startBackgroundWork?.() as { start?: () => Promise<void> } | undefined;
  try {
    await runner?.start?.();
    process.stdout.write(`APP_INSTANCE_READY name=${name}\n`);
  } catch (error) {
    process.stderr.write(`APP_INSTANCE_WORKER_FAILED name=${name}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
} else {
  process.stdout.write(`APP_INSTANCE_READY name=${name}\n`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    void server.close().then(() => {
      process.stdout.write(`APP_INSTANCE_STOPPED name=${name}\n`);
      process.exit(0);
    });
  });
}
