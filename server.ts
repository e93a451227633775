/**
 * Production server: the Remix build behind Express, plus the inbox worker (in-process;
 * on SQLite, APRUVD_WORKER=thread runs it in its own worker thread).
 * `npm run build && npm start`. SIGTERM/SIGINT: the server stops taking requests, the
 * worker finishes the handlers in flight, then the process exits.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startAppServer } from "./app/server/app-server";
import { type AppConfig, ConfigError, checkConfig } from "./app/lib/platform/config/config.server";

/** Every variable is checked before anything listens: a bad one stops here, named. */
function configurationOrExit(): AppConfig {
  try {
    return checkConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const settings = configurationOrExit().server;

const buildUrl = pathToFileURL(path.resolve(settings.buildPath)).href;
const server = await startAppServer({
  build: await import(buildUrl),
  port: settings.port,
  host: settings.host,
  clientDir: path.resolve("build/client"),
  worker: settings.inProcessWorker,
  workerThreadBuild: buildUrl,
});
console.log(`Apruvd app listening on ${server.url}${server.worker ? ` (inbox worker: ${server.worker})` : ""}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
try {
  await server.workerRunning;
} catch (error) {
  console.error(`The inbox worker did not start: ${error instanceof Error ? error.message : String(error)}`);
  await server.close().catch(() => undefined);
  process.exit(1);
}
