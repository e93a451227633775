/**
 * A tiny request/response protocol over Node's child-process IPC channel, so that the
 * benchmark's processes (app, bare HMAC server, Shopify simulator + Apruvd sandbox) can
 * be driven from the load generator without sharing its event loop.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

type Handler = (args: never) => unknown;
export type Handlers = Record<string, Handler>;

interface RequestMessage {
  kind: "request";
  id: number;
  method: string;
  args: unknown;
}
interface ResponseMessage {
  kind: "response";
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}
interface ReadyMessage {
  kind: "ready";
  value: unknown;
}

/** Child side: answer the parent's requests, then tell it we are ready. */
export function serveIpc(handlers: Handlers, ready: unknown): void {
  if (!process.send) throw new Error("This module runs as a child process of the benchmark (no IPC channel).");
  process.on("message", (raw: unknown) => {
    const message = raw as RequestMessage;
    if (message?.kind !== "request") return;
    const handler = handlers[message.method];
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown method ${message.method}`);
        const value = await (handler as (args: unknown) => unknown)(message.args);
        process.send!({ kind: "response", id: message.id, ok: true, value } satisfies ResponseMessage);
      } catch (error) {
        process.send!({ kind: "response", id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ResponseMessage);
      }
    })();
  });
  // The parent going away (crash, Ctrl-C) must not leave us running.
  process.on("disconnect", () => process.exit(0));
  process.send({ kind: "ready", value: ready } satisfies ReadyMessage);
}

export interface ChildHandle<TReady> {
  pid: number;
  ready: TReady;
  child: ChildProcess;
  logFile: string;
  call<T = unknown>(method: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `bench/<script>` under Node with tsx (TypeScript), its stdout/stderr going to
 * `logFile`, and waits (at most `startTimeoutMs`) for its ready message.
 */
export async function startChild<TReady>(
  script: string,
  options: { env?: NodeJS.ProcessEnv; logFile: string; startTimeoutMs?: number; nodeArgs?: string[] },
): Promise<ChildHandle<TReady>> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, "w");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", path.resolve("bench", script)], {
    stdio: ["ignore", log, log, "ipc"],
    env: { ...process.env, ...options.env },
  });
  fs.closeSync(log);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    exited = true;
    for (const [, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`${script} exited (code ${code}, signal ${signal}); see ${options.logFile}`));
    }
    pending.clear();
  });

  const ready = await new Promise<TReady>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${options.startTimeoutMs ?? 60_000} ms; see ${options.logFile}`));
    }, options.startTimeoutMs ?? 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      let tail = "";
      try {
        tail = fs.readFileSync(options.logFile, "utf8").slice(-2000);
      } catch {
        /* no log */
      }
      reject(new Error(`${script} exited before it was ready (code ${code}):\n${tail}`));
    };
    child.once("exit", onExit);
    child.on("message", (raw: unknown) => {
      const message = raw as ReadyMessage | ResponseMessage;
      if (message?.kind === "ready") {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(message.value as TReady);
      } else if (message?.kind === "response") {
        const p = pending.get(message.id);
        if (!p) return;
        pending.delete(message.id);
        clearTimeout(p.timer);
        if (message.ok) p.resolve(message.value);
        else p.reject(new Error(`${script}: ${message.error}`));
      }
    });
  });

  return {
    pid: child.pid!,
    ready,
    child,
    logFile: options.logFile,
    call<T>(method: string, args?: unknown, timeoutMs = 60_000) {
      if (exited) return Promise.reject(new Error(`${script} is not running`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script}.${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        child.send({ kind: "request", id, method, args } satisfies RequestMessage);
      });
    },
    async stop(graceMs = 5000) {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
