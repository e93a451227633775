import {
  type ServerBuild,
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import express from "express";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { config } from "../lib/platform/config/config.server";
import { isPostgresUrl } from "../lib/platform/database/database-url";
import { startInboxWorkerThread } from "../lib/runner/worker-thread";
import { type BodyGuard, guardBody } from "./body-guard";

/**
 * Serves a Remix server build over HTTP and (optionally) runs the inbox worker: in its own
 * worker thread (../lib/runner/worker-thread.ts) or on this event loop. Used by server.ts,
 * the demo and the end-to-end tests, so that they all exercise the same real routes.
 *
 * What the server protects before any route runs:
 * - every request body is counted on the stream against its route's limit (the build's
 *   `requestBodyLimit`), whatever Content-Length says: past it the answer is 413 and the
 *   route's read fails; nothing past the limit is kept;
 * - headers, whole requests and idle keep-alive connections time out, and the number of
 *   open connections is capped (SERVER_HEADERS_TIMEOUT_MS, SERVER_REQUEST_TIMEOUT_MS,
 *   SERVER_KEEP_ALIVE_TIMEOUT_MS, SERVER_MAX_CONNECTIONS);
 * - a POST that Remix refuses as cross-site (its Origin is not the app's host) is answered
 *   403 instead of Remix's 500.
 *
 * The webhook endpoints are served first, by the build's `serveWebhook`
 * (app/lib/receive/webhook-fast-path.server.ts): straight from node:http, ahead of
 * Express and Remix, with the same body limits and the same answers as their Remix routes.
 */
export interface AppServer {
  url: string;
  /** Where the inbox worker runs: its own thread, this process's request loop, or nowhere (worker off). */
  worker: "thread" | "in-process" | null;
  /** Resolves once the background work runs (at once when the worker is off); rejects if it could not start. */
  workerRunning: Promise<void>;
  close(): Promise<void>;
}

interface AppBuild extends ServerBuild {
  entry: ServerBuild["entry"] & {
    module: ServerBuild["entry"]["module"] & {
      startBackgroundWork?: () => { start?: () => unknown } | undefined;
      stopBackgroundWork?: () => Promise<void>;
      requestBodyLimit?: (pathname: string) => number;
      refusedAsCrossSite?: (request: Request) => boolean;
      serveWebhook?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
    };
  };
}

const forbiddenCrossSite = () =>
  new Response("Cross-site request refused", { status: 403, headers: { "Content-Type": "text/plain" } });

function fetchHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value) headers.set(name, value);
  }
  return headers;
}

async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The Fetch Request Remix gets, built as @remix-run/express builds it, with the guarded body. */
function remixRequest(req: express.Request, body: BodyGuard | null, signal: AbortSignal): Request {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [Number.parseInt(forwardedPort, 10), Number.parseInt(hostPort, 10)].find(Number.isSafeInteger) ?? "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const init: RequestInit & { duplex?: "half" } = {
    method: req.method,
    headers: fetchHeaders(req.headers),
    signal,
  };
  if (body) {
    init.body = createReadableStreamFromReadable(body.stream);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

function guardedRemixHandler(build: AppBuild, mode: string | undefined): express.RequestHandler {
  const handle = createRequestHandler(build, mode);
  const limitOf = build.entry.module.requestBodyLimit;
  if (!limitOf) throw new Error("The server build does not export requestBodyLimit (app/entry.server.tsx)");
  return async (req, res, next) => {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const body = hasBody ? guardBody(req, res, limitOf(req.path), () => controller.abort()) : null;
    if (body?.refused) return;
    try {
      const request = remixRequest(req, body, controller.signal);
      let response = await handle(request, {});
      // The guard has answered 413 already: the route saw its body fail.
      if (body?.refused || res.headersSent) return;
      if (build.entry.module.refusedAsCrossSite?.(request)) response = forbiddenCrossSite();
      await sendResponse(res, response);
      body?.afterResponse();
    } catch (error) {
      if (body?.refused) return;
      next(error);
    }
  };
}

export async function startAppServer(options: {
  build: ServerBuild;
  port?: number;
  host?: string;
  clientDir?: string;
  worker?: boolean;
  /**
   * The server build's file: URL. With it (and the worker on), the inbox worker runs as
   * APRUVD_WORKER says: on SQLite in its own worker thread (the default), which imports
   * this build, or in this process. Without it, always in this process.
   */
  workerThreadBuild?: string;
}): Promise<AppServer> {
  const build = options.build as AppBuild;
  const settings = config().server;
  const app = express();
  app.disable("x-powered-by");
  if (options.clientDir) {
    app.use("/assets", express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.clientDir, { maxAge: "1h" }));
  }
  app.all("*", guardedRemixHandler(build, settings.nodeEnv));
  const serveWebhook = build.entry.module.serveWebhook;
  const handle: http.RequestListener = serveWebhook
    ? (req, res) => {
        if (!serveWebhook(req, res)) app(req, res);
      }
    : app;

  const requestTimeout = settings.requestTimeoutMs;
  const server = http.createServer(
    {
      headersTimeout: Math.min(settings.headersTimeoutMs, requestTimeout),
      requestTimeout,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      // Node checks the two timeouts above this often (30 s by default).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeout / 2))),
    },
    handle,
  );
  server.maxConnections = settings.maxConnections;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const background = options.worker ? startWorker(build, options.workerThreadBuild) : null;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`,
    worker: background?.mode ?? null,
    workerRunning: background?.running ?? Promise.resolve(),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await background?.stop();
    },
  };
}

interface StartedWorker {
  mode: "thread" | "in-process";
  running: Promise<void>;
  stop(): Promise<void>;
}

/** The inbox worker (and the timers of background.server.ts) in its own thread or on this loop. */
function startWorker(build: AppBuild, threadBuild: string | undefined): StartedWorker {
  const inThread =
    threadBuild !== undefined && config().server.workerMode === "thread" && !isPostgresUrl(config().database.url);
  if (inThread) {
    const thread = startInboxWorkerThread({ buildUrl: threadBuild });
    return { mode: "thread", running: thread.running, stop: () => thread.stop() };
  }
  const module = build.entry.module;
  const running = Promise.resolve().then(() => module.startBackgroundWork?.()?.start?.());
  running.catch(() => undefined);
  return {
    mode: "in-process",
    running: running.then(() => undefined),
    stop: async () => module.stopBackgroundWork?.(),
  };
}
