import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { config } from "../lib/platform/config/config.server";

/**
 * Serves a Remix server build over HTTP and (optionally) runs the inbox worker in the
 * same process. Used by server.ts, the demo and the end-to-end tests, so that they all
 * exercise the same real routes.
 */
export interface AppServer {
  url: string;
  close(): Promise<void>;
}

interface BuildWithWorker extends ServerBuild {
  entry: ServerBuild["entry"] & {
    module: ServerBuild["entry"]["module"] & {
      startBackgroundWork?: () => unknown;
      stopBackgroundWork?: () => Promise<void>;
    };
  };
}

export async function startAppServer(options: {
  build: ServerBuild;
  port?: number;
  host?: string;
  clientDir?: string;
  worker?: boolean;
}): Promise<AppServer> {
  const build = options.build as BuildWithWorker;
  const app = express();
  app.disable("x-powered-by");
  if (options.clientDir) {
    app.use("/assets", express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.clientDir, { maxAge: "1h" }));
  }
  app.all("*", createRequestHandler({ build, mode: config().server.nodeEnv }));

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve(listening));
  });
  server.keepAliveTimeout = 65_000;
  if (options.worker) build.entry.module.startBackgroundWork?.();
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await build.entry.module.stopBackgroundWork?.();
    },
  };
}
