/**
 * App instances as child processes (sandbox/app-instance.ts) and a round-robin HTTP load
 * balancer in front of them, for the scale tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface AppInstance {
  name: string;
  url: string;
  process: ChildProcess;
  /** Every line the instance printed (its log lines are on stderr). */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited in time. */
  stop(timeoutMs?: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts sandbox/app-instance.ts; resolves once its background work runs (bounded). */
export async function startAppInstance(name: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<AppInstance> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("sandbox/app-instance.ts")], {
    env: { ...env, APP_INSTANCE_NAME: name },
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  let url: string | null = null;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        output.push(line);
        const listening = /^APP_INSTANCE_LISTENING url=(\S+)/.exec(line);
        if (listening) url = listening[1];
        if (line.startsWith("APP_INSTANCE_READY")) markReady();
      }
    });
  }
  const outcome = await Promise.race([
    ready.then(() => "ready" as const),
    exited.then(() => "exited" as const),
    sleep(timeoutMs).then(() => "timeout" as const),
  ]);
  if (outcome !== "ready" || !url) {
    child.kill("SIGKILL");
    throw new Error(`App instance ${name} did not become ready (${outcome}):\n${output.slice(-40).join("\n")}`);
  }
  const instanceUrl: string = url;
  return {
    name,
    url: instanceUrl,
    process: child,
    output,
    exited,
    async stop(stopTimeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const done = await Promise.race([exited.then(() => true), sleep(stopTimeoutMs).then(() => false)]);
      if (!done) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

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
