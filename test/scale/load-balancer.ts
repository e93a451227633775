/**
 * A round-robin HTTP load balancer in front of app instances (sandbox/harness/app-process.ts),
 * for the scale tests.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LoadBalancer {
  url: string;
  port: number;
  /** Requests forwarded to each target port so far. */
  counts(): Map<number, number>;
  close(): Promise<void>;
}

/** Forwards each request to the next target in turn (what a load balancer in front of N instances does). */
export async function startRoundRobin(targets: number[], port = 0): Promise<LoadBalancer> {
  let next = 0;
  const counts = new Map<number, number>(targets.map((t) => [t, 0]));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const target = targets[next++ % targets.length];
    counts.set(target, (counts.get(target) ?? 0) + 1);
    const upstream = http.request(
      { host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    counts: () => new Map(counts),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
