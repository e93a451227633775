/**
 * Production server: the Remix build behind Express, plus the in-process inbox worker
 * (the embedded default). `npm run build && npm start`.
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

const server = await startAppServer({
  build: await import(pathToFileURL(path.resolve(settings.buildPath)).href),
  port: settings.port,
  host: settings.host,
  clientDir: path.resolve("build/client"),
  worker: settings.inProcessWorker,
});
console.log(`Apruvd app listening on ${server.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
