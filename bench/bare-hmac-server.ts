/**
 * The floor the app's webhook route is compared with: a plain node:http server that does
 * only what Shopify's webhook validation does — read the raw body, HMAC-SHA256 it with the
 * app's secret, base64, compare with X-Shopify-Hmac-Sha256 in constant time — and answers
 * 200 (401 on a bad signature). No framework, no JSON parsing, no database.
 *
 * Run as a child of the benchmark (env BENCH_SECRET, BENCH_PORT); createBareHmacServer is
 * exported for the smoke test.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export function createBareHmacServer(secret: string): http.Server {
  const server = http.createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const header = req.headers["x-shopify-hmac-sha256"];
      const given = Buffer.from(typeof header === "string" ? header : "", "utf8");
      const expected = Buffer.from(createHmac("sha256", secret).update(Buffer.concat(chunks)).digest("base64"), "utf8");
      const ok = given.length === expected.length && timingSafeEqual(given, expected);
      res.writeHead(ok ? 200 : 401, { "content-length": "0" }).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function main(): Promise<void> {
  const { serveIpc } = await import("../sandbox/harness/child-process");
  const secret = process.env.BENCH_SECRET;
  if (!secret) throw new Error("BENCH_SECRET is required");
  const server = createBareHmacServer(secret);
  await new Promise<void>((resolve) => server.listen(Number(process.env.BENCH_PORT ?? 0), "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  serveIpc(
    { memory: () => ({ rss: process.memoryUsage().rss }) },
    { url: `http://127.0.0.1:${port}`, pid: process.pid },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
