/** Reading a GraphQL request over HTTP (body, variables, operation) and answering it in JSON. */
import type http from "node:http";

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export interface ParsedRequest {
  query: string | undefined;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

export function parseRequestBody(raw: string, contentType: string | undefined): ParsedRequest | { error: string } {
  if (contentType?.includes("application/graphql"))
    return { query: raw, variables: undefined, operationName: undefined };
  let json: unknown;
  try {
    json = raw.length ? JSON.parse(raw) : {};
  } catch (e) {
    return { error: `Invalid JSON in request body: ${(e as Error).message}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { error: "Request body must be a JSON object" };
  const j = json as Record<string, unknown>;
  let variables = j.variables;
  if (typeof variables === "string") {
    try {
      variables = JSON.parse(variables);
    } catch {
      return { error: "variables is not valid JSON" };
    }
  }
  return {
    query: typeof j.query === "string" ? j.query : undefined,
    variables: variables && typeof variables === "object" ? (variables as Record<string, unknown>) : undefined,
    operationName: typeof j.operationName === "string" ? j.operationName : undefined,
  };
}

export function operationInfo(
  query: string | undefined,
  operationName: string | undefined,
): { name: string | null; kind: "query" | "mutation" } {
  const m = query
    ? /\b(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)?/.exec(query.replace(/#[^\n]*/g, ""))
    : null;
  return { name: operationName ?? m?.[2] ?? null, kind: m?.[1] === "mutation" ? "mutation" : "query" };
}
