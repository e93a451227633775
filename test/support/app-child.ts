/**
 * The app as its own process, for the fault tests (test/faults): the real Remix server
 * build behind Express with its in-process inbox worker, exactly as server.ts runs it,
 * configured from the environment only. Prints `APP_URL=<url>` on stdout once it listens,
 * so that a test can SIGKILL it mid-burst and start it again on the same database and port.
 *
 *   node --import tsx test/support/app-child.ts
 *
 * Environment: everything the app reads (DATABASE_URL, SHOPIFY_API_KEY, SHOPIFY_API_SECRET,
 * SHOPIFY_APP_URL, SCOPES, SHOPIFY_ADMIN_API_ORIGIN, APRUVD_API_URL, APRUVD_ENCRYPTION_KEY,
 * WORKER_*), plus PORT (default 0 = any free port), APP_BUILD_PATH (default
 * build/server/index.js: a test may point it at another build, e.g. one with a protection
 * removed, to show that its test then fails) and APP_WORKER=0 to serve without the worker.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startAppServer } from "../../app/server/app-server";

const buildPath = path.resolve(process.env.APP_BUILD_PATH ?? "build/server/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const server = await startAppServer({
  build,
  port: Number(process.env.PORT ?? 0),
  host: "127.0.0.1",
  clientDir: path.resolve("build/client"),
  worker: process.env.APP_WORKER !== "0",
});
process.stdout.write(`APP_URL=${server.url}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // A graceful stop: in-flight requests and handlers finish, then the process exits.
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    void server.close().then(() => {
      process.stdout.write("APP_STOPPED\n");
      process.exit(0);
    });
  });
}
