/** Request and reply plumbing of the Apruvd sandbox: the route context, replies, HTTP errors, JSON and form bodies. */
import type http from "node:http";
import type { Account } from "./state";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One authenticated API request, as a route handler sees it. */
export interface RequestContext {
  req: http.IncomingMessage;
  url: URL;
  /** The route pattern's captures, URL-decoded. */
  params: string[];
  body: Buffer;
  account: Account;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  raw?: { contentType: string; data: Buffer | string };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(`HTTP ${status}`);
  }
}

export const badRequest = (message: string) => new HttpError(400, { error: message });
export const notFound = () => new HttpError(404, { detail: "Not found." });

export function methodNotAllowed(method: string, allowed: string[]): HttpError {
  return new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allowed.join(", ") });
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let i = 0; i < 4 && isObject(current); i++) {
    if (typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return error instanceof Error ? error.name : "error";
}

/** The body as a JSON object (415 for another content type, 400 for malformed JSON). */
export function jsonBody(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body.length === 0) return {};
  const type = String(ctx.req.headers["content-type"] ?? "");
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, { detail: "Unsupported media type in request; use application/json." });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.body.toString("utf8"));
  } catch {
    throw badRequest("Invalid JSON body.");
  }
  if (!isObject(parsed)) throw badRequest("Invalid JSON body: expected an object.");
  return parsed;
}

/** The body as form fields and files (multipart or urlencoded; JSON is accepted too). */
export async function formBody(ctx: RequestContext): Promise<Map<string, string | File>> {
  const out = new Map<string, string | File>();
  if (ctx.body.length === 0) return out;
  const type = String(ctx.req.headers["content-type"] ?? "");
  if (/^application\/json\b/i.test(type)) {
    for (const [k, v] of Object.entries(jsonBody(ctx))) {
      if (v === null || v === undefined) continue;
      out.set(k, typeof v === "string" ? v : JSON.stringify(v));
    }
    return out;
  }
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    throw new HttpError(415, { detail: "Unsupported media type in request; use multipart/form-data." });
  }
  let data: FormData;
  try {
    data = await new Request("http://sandbox/", {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(ctx.body),
    }).formData();
  } catch {
    throw badRequest("Multipart form parse error.");
  }
  for (const [k, v] of data.entries()) out.set(k, v);
  return out;
}
