import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { collectBody } from "../../server/body-guard";
import { logger } from "../platform/logger.server";
import { requestBodyLimit } from "./body-limit.server";
import { webhookEndpointAt } from "./webhook-endpoints.server";
import type { IncomingWebhook, WebhookAnswer, WebhookHeaders } from "./webhook.server";

/**
 * The webhook endpoints served straight from node:http, ahead of Express and Remix
 * (app/server/app-server.ts calls `serveWebhook` before anything else; the server build
 * exports it from entry.server.tsx). Shopify sends a webhook per order event, and a
 * burst of them is what the app must acknowledge fast: behind Remix each one paid for a
 * Fetch Request, the router, a second copy of its body and a commit of its own (about a
 * millisecond of CPU). Here it is the body read once, the library's validation, the
 * topic's handler and a commit shared with the requests arriving meanwhile
 * (../inbox/group-commit.server.ts).
 *
 * The same endpoints (webhook-endpoints.server.ts) answer behind Remix too; a request
 * this path does not take (another method, another spelling of the path) goes on to
 * Remix and gets the same answer there.
 */

/** Request headers as node:http gives them (names in lower case), read as Fetch Headers are. */
class NodeRequestHeaders implements WebhookHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of Object.entries(this.raw)) {
      if (value !== undefined) yield [name, Array.isArray(value) ? value.join(", ") : value];
    }
  }
}

// The library's request conversion parses an absolute URL; the host plays no part in a
// webhook's verification, and an unparsable Host header must not make the request fail.
const URL_ORIGIN = "http://webhooks.local";

function send(res: ServerResponse, answer: WebhookAnswer): void {
  if (res.headersSent || res.destroyed) return;
  if (answer.body === undefined) {
    res.writeHead(answer.status, answer.statusText, { "Content-Length": "0" });
    res.end();
    return;
  }
  res.writeHead(answer.status, answer.statusText, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(answer.body)),
  });
  res.end(answer.body);
}

/** The error as it may be logged: a parser's message quotes its input, so it is not. */
function loggableError(error: unknown): string {
  if (error instanceof SyntaxError) return "SyntaxError (message not logged)";
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}

/**
 * Takes the request when it is a POST to a webhook endpoint, and answers it: true when
 * taken (the caller does nothing more with it), false to hand it on.
 */
export function serveWebhook(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST") return false;
  const url = req.url ?? "";
  const queryAt = url.indexOf("?");
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const endpoint = webhookEndpointAt(pathname);
  if (!endpoint) return false;

  const collected = collectBody(req, res, requestBodyLimit(pathname));
  // Refused at once by its declared size: the collector has answered 413.
  if (collected.refused) return true;
  let bodyRead = false;
  const incoming: IncomingWebhook = {
    method: "POST",
    url: URL_ORIGIN + url,
    headers: new NodeRequestHeaders(req.headers),
    readBody(limit) {
      if (bodyRead) throw new Error("the webhook's body was read already");
      bodyRead = true;
      // The endpoint's own limit is the server's for its path (requestBodyLimit); a smaller one holds too.
      return collected.body.then((body) => (body !== null && body.length > limit ? null : body));
    },
  };
  endpoint(incoming).then(
    (answer) => {
      // Past the limit, the collector answers 413 once the body has ended.
      if (collected.refused) return;
      send(res, answer);
      collected.afterResponse();
    },
    (error: unknown) => {
      if (collected.refused) return;
      logger.error("request failed", { method: "POST", path: pathname.slice(0, 200), error: loggableError(error) });
      send(res, { status: 500, body: "Unexpected Server Error" });
      collected.afterResponse();
    },
  );
  return true;
}
