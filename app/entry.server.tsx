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

// `shopify app dev` serves through Vite without server.ts: start the worker with the module.
if (config().server.nodeEnv === "development" && config().server.inProcessWorker) {
  startBackgroundWork();
}

export const streamTimeout = 5000;

/**
 * Errors thrown by loaders and actions go through the app's logger (one JSON line,
 * customer data redacted) instead of Remix's raw stack trace on stderr.
 */
export function handleError(error: unknown, { request }: { request: Request }): void {
  if (request.signal.aborted) return;
  logger.error("request failed", {
    method: request.method,
    path: new URL(request.url).pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
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
