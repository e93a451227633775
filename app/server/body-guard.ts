import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/**
 * A request body counted as it arrives, against its route's limit, whatever Content-Length
 * says (or whether it says anything: a chunked body declares no size).
 *
 * Within the limit the bytes pass on to Remix as they come. Past it the route's read fails,
 * the rest of the body is read and dropped, and the answer is 413 once the body has ended:
 * answering while the client still sends, then closing, resets the connection and may lose
 * the answer. A body that goes on past the drain cap (16 times the limit, at least 1 MB)
 * has its connection reset instead. Nothing past the limit is ever kept in memory.
 */

export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
}

export interface BodyGuard {
  /** What the route reads. */
  readonly stream: Readable;
  /** True once the body went past the limit: the guard answers (413), not the route. */
  readonly refused: boolean;
  /** After the route's answer: drops whatever of the body the route did not read. */
  afterResponse(): void;
}

function drainCapOf(limit: number): number {
  return Math.max(16 * limit, 1_000_000);
}

export function guardBody(req: IncomingMessage, res: ServerResponse, limit: number, abortRoute: () => void): BodyGuard {
  const cap = drainCapOf(limit);
  const declared = Number(req.headers["content-length"] ?? "0");
  let received = 0;
  let mode: "passing" | "refusing" | "discarding" = "passing";

  const stream = new Readable({
    read() {
      if (mode === "passing") req.resume();
    },
  });
  // The route sees a refusal as its read failing; a route that never reads has nothing to see.
  stream.on("error", () => {});

  const answerTooLarge = () => {
    if (res.headersSent) return;
    res.writeHead(413, { "Content-Type": "text/plain", "Content-Length": "17" });
    res.end("Payload too large");
  };

  const guard = {
    stream,
    refused: false,
    afterResponse() {
      if (mode !== "passing" || req.complete) return;
      mode = "discarding";
      req.resume();
    },
  };

  const refuse = () => {
    guard.refused = true;
    mode = "refusing";
    abortRoute();
    stream.destroy(new PayloadTooLargeError(`request body over ${limit} bytes`));
    req.resume();
  };

  req.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (mode === "passing" && received > limit) refuse();
    if (mode !== "passing") {
      if (received > cap) req.destroy();
      return;
    }
    if (!stream.push(chunk)) req.pause();
  });
  req.on("end", () => {
    if (mode === "passing") stream.push(null);
    else if (mode === "refusing") answerTooLarge();
  });
  req.on("error", (error) => {
    if (mode === "passing") stream.destroy(error);
  });

  if (declared > cap) {
    // Too large to read and drop: answer at once; the server closes the connection after the answer.
    guard.refused = true;
    mode = "discarding";
    abortRoute();
    stream.destroy(new PayloadTooLargeError(`request body over ${limit} bytes`));
    res.setHeader("Connection", "close");
    answerTooLarge();
  } else if (declared > limit) {
    refuse();
  }
  return guard;
}

/** A request body collected whole, within its limit, by the webhook fast path (no stream in between). */
export interface CollectedBody {
  /**
   * The body once it has ended within the limit. Null when it went past it (the collector
   * answers 413 once the body has ended, as guardBody does) or the client went away.
   */
  readonly body: Promise<Buffer | null>;
  /** True once the body went past the limit: the collector answers (413), not the handler. */
  readonly refused: boolean;
  /** After the handler's answer: drops whatever of the body is still coming. */
  afterResponse(): void;
}

/**
 * guardBody's rules for a handler that wants the body in one piece: counted on the stream
 * from the first byte, whatever Content-Length says; nothing past the limit kept; past it,
 * the rest read and dropped and 413 answered once the body has ended; a declared or sent
 * size past the drain cap closes the connection.
 */
export function collectBody(req: IncomingMessage, res: ServerResponse, limit: number): CollectedBody {
  const cap = drainCapOf(limit);
  const declared = Number(req.headers["content-length"] ?? "0");
  let chunks: Buffer[] = [];
  let received = 0;
  let mode: "collecting" | "refusing" | "discarding" | "done" = "collecting";
  let settle: (body: Buffer | null) => void = () => undefined;
  const body = new Promise<Buffer | null>((resolve) => (settle = resolve));

  const answerTooLarge = () => {
    if (res.headersSent) return;
    res.writeHead(413, { "Content-Type": "text/plain", "Content-Length": "17" });
    res.end("Payload too large");
  };
  const collected = {
    body,
    refused: false,
    afterResponse() {
      if (mode !== "collecting" || req.complete) return;
      mode = "discarding";
      chunks = [];
    },
  };
  const refuse = () => {
    collected.refused = true;
    mode = "refusing";
    chunks = [];
    settle(null);
  };

  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (mode === "collecting" && received > limit) refuse();
    if (mode !== "collecting") {
      if (received > cap) req.destroy();
      return;
    }
    chunks.push(chunk);
  };
  req.on("data", onData);
  req.on("end", () => {
    if (mode === "collecting") {
      mode = "done";
      settle(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
      chunks = [];
    } else if (mode === "refusing") answerTooLarge();
  });
  // A client that goes away before the end: nothing to answer, and nothing is stored.
  req.on("close", () => {
    if (mode === "collecting") settle(null);
  });
  req.on("error", () => undefined);

  if (declared > cap) {
    // Too large to read and drop: answer at once; the server closes the connection after the answer.
    collected.refused = true;
    mode = "discarding";
    settle(null);
    res.setHeader("Connection", "close");
    answerTooLarge();
  } else if (declared > limit) {
    refuse();
  }
  return collected;
}
