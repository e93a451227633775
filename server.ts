/**
 * Production server: the Remix build behind Express, plus the in-process inbox worker
 * (the embedded default). `npm run build && npm start`.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startAppServer } from "./app/server/app-server";

const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/server/index.js");
const port = Number(process.env.PORT ?? 3000);

const server = await startAppServer({
  build: await import(pathToFileURL(buildPath).href),
  port,
  host: process.env.HOST_BIND ?? "0.0.0.0",
  clientDir: path.resolve("build/client"),
  worker: process.env.APRUVD_IN_PROCESS_WORKER !== "0",
});
console.log(`Apruvd app listening on ${server.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
