import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { addDocumentResponseHeaders } from "./shopify.server";
import { startBackgroundWork, stopBackgroundWork } from "./lib/runner/background.server";
import { logger } from "./lib/platform/logger.server";
import { config } from "./lib/platform/config/config.server";

export { startBackgroundWork, stopBackgroundWork };
// The server (app/server/app-server.ts) enforces each route's body limit on the stream.
export { requestBodyLimit } from "./lib/receive/body-limit.server";
// The server answers the webhook endpoints with this before Express and Remix (app-server.ts).
export { serveWebhook } from "./lib/receive/webhook-fast-path.server";

// `shopify app dev` serves through Vite without server.ts: start the worker with the module.
if (config().server.nodeEnv === "development" && config().server.inProcessWorker) {
  startBackgroundWork();
}

export const streamTimeout = 5000;

/** Requests Remix refused as cross-site (Origin is not the app's host): the server answers them 403, not 500. */
const refusedCrossSite = new WeakSet<Request>();
const CROSS_SITE_REFUSAL = /does not match `origin` header|needed to compare the `origin` header/;

export function refusedAsCrossSite(request: Request): boolean {
  return refusedCrossSite.has(request);
}

/** Text as it may be logged: the key in a callback URL names a shop and opens its callbacks. */
function withoutCallbackKeys(text: string): string {
  return text.replace(/(\/apruvd\/(?:callback|settings))\/[^/\s"'`?#]+/g, "$1/[key]");
}

function loggablePath(request: Request): string {
  return withoutCallbackKeys(new URL(request.url).pathname).slice(0, 200);
}

/**
 * Errors thrown by loaders and actions go through the app's logger (one JSON line,
 * customer data redacted) instead of Remix's raw stack trace on stderr. A parser's message
 * quotes the input it failed on, so it is not logged.
 */
export function handleError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  if (error instanceof Error && CROSS_SITE_REFUSAL.test(error.message)) {
    refusedCrossSite.add(request);
    logger.warn("cross-site request refused", { method: request.method, path: loggablePath(request) });
    return;
  }
  logger.error("request failed", {
    method: request.method,
    path: loggablePath(request),
    error:
      error instanceof SyntaxError
        ? "SyntaxError (message not logged)"
        : error instanceof Error
          ? withoutCallbackKeys(`${error.name}: ${error.message}`).slice(0, 500)
          : withoutCallbackKeys(String(error)).slice(0, 500),
  });
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        logger.error("render failed", {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
