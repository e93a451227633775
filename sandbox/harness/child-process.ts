/**
 * The one launcher for the harness's child processes (the app, the benchmark's sandbox
 * and bare HMAC server): `node --import tsx <script>`, with one handshake and one way to
 * stop.
 *
 * - Handshake: the child calls `serveIpc(handlers, ready)` once it serves; `ready` (its URL,
 *   pid, ...) reaches the parent over Node's IPC channel and `startChildProcess` resolves
 *   with it. A child that exits first, or does not get there in time, is an error that
 *   shows the end of its output.
 * - Requests: the parent may then `call(method, args)` the child's handlers (the
 *   benchmark reads statistics and memory figures that way).
 * - Output: captured line by line in `output` (stdout and stderr alike), or written to a
 *   log file (the benchmark: its load generator must not spend time reading the app's logs).
 * - Stop: SIGTERM, then SIGKILL if it has not exited within the grace period.
 * - The child exits when the parent goes away (the IPC channel closes), so that a crashed
 *   test or benchmark leaves nothing running.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

type Handler = (args: never) => unknown;
export type IpcHandlers = Record<string, Handler>;

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

/** Child side: answer the parent's requests, then tell it we are ready (the handshake). */
export function serveIpc(handlers: IpcHandlers, ready: unknown): void {
  if (!process.send)
    throw new Error("This module runs as a child process started by startChildProcess (no IPC channel).");
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
        process.send!({
          kind: "response",
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies ResponseMessage);
      }
    })();
  });
  // The parent going away (crash, Ctrl-C) must not leave us running.
  process.on("disconnect", () => process.exit(0));
  process.send({ kind: "ready", value: ready } satisfies ReadyMessage);
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildProcessHandle<TReady> {
  pid: number;
  /** What the child announced in its handshake. */
  ready: TReady;
  process: ChildProcess;
  /** Every stdout and stderr line so far (empty when the output goes to `logFile`). */
  output: string[];
  logFile: string | undefined;
  /** Resolves when the process has exited. */
  exited: Promise<ChildExit>;
  /** Sends a signal unless the process has already exited. */
  kill(signal: NodeJS.Signals): void;
  /** Calls one of the child's IPC handlers. */
  call<T = unknown>(method: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs` (default: the start option `stopGraceMs`); resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartChildOptions {
  /** Added to this process's environment. */
  env?: Record<string, string | undefined>;
  /** Node flags before the script (e.g. --expose-gc). */
  nodeArgs?: string[];
  /** Write stdout and stderr to this file instead of capturing them in `output`. */
  logFile?: string;
  /** Name used in error messages. Default: the script's file name. */
  label?: string;
  /** How long the handshake may take. Default 60 s. */
  startTimeoutMs?: number;
  /** Default grace period of stop() before SIGKILL. Default 25 s. */
  stopGraceMs?: number;
}

/** Starts `node --import tsx <script>` (a path from the repository root) and waits for its handshake. */
export async function startChildProcess<TReady>(
  script: string,
  options: StartChildOptions = {},
): Promise<ChildProcessHandle<TReady>> {
  const label = options.label ?? path.basename(script);
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  let log: number | undefined;
  if (options.logFile) {
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    log = fs.openSync(options.logFile, "w");
  }
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", path.resolve(script)], {
    cwd: process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ["ignore", log ?? "pipe", log ?? "pipe", "ipc"],
  });
  if (log !== undefined) fs.closeSync(log);

  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      output.push(...lines);
    });
    stream?.on("end", () => {
      if (buffered) output.push(buffered);
    });
  }
  const tail = (): string => {
    if (!options.logFile) return output.slice(-40).join("\n");
    try {
      return fs.readFileSync(options.logFile, "utf8").slice(-2000);
    } catch {
      return "";
    }
  };

  let hasExited = false;
  const exited = new Promise<ChildExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  void exited.then(({ code, signal }) => {
    hasExited = true;
    for (const [, p] of pending) {
      clearTimeout(p.timer);
      p.reject(
        new Error(
          `${label} exited (code ${code}, signal ${signal})${options.logFile ? `; see ${options.logFile}` : ""}`,
        ),
      );
    }
    pending.clear();
  });

  let announce: (value: TReady) => void = () => {};
  const announced = new Promise<TReady>((resolve) => (announce = resolve));
  child.on("message", (raw: unknown) => {
    const message = raw as ReadyMessage | ResponseMessage;
    if (message?.kind === "ready") announce(message.value as TReady);
    else if (message?.kind === "response") {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.value);
      else p.reject(new Error(`${label}: ${message.error}`));
    }
  });

  const outcome = await settleWithin(
    Promise.race([
      announced.then((value) => ({ kind: "ready" as const, value })),
      exited.then((exit) => ({ kind: "exited" as const, exit })),
    ]),
    startTimeoutMs,
    { kind: "timeout" as const },
  );
  if (outcome.kind !== "ready") {
    child.kill("SIGKILL");
    const why =
      outcome.kind === "exited"
        ? `exited before it was ready (code ${outcome.exit.code}, signal ${outcome.exit.signal})`
        : `did not start within ${startTimeoutMs} ms`;
    throw new Error(`${label} ${why}:\n${tail()}`);
  }

  let nextId = 1;
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  return {
    pid: child.pid!,
    ready: outcome.value,
    process: child,
    output,
    logFile: options.logFile,
    exited,
    kill,
    call<T>(method: string, args?: unknown, timeoutMs = 60_000) {
      if (hasExited) return Promise.reject(new Error(`${label} is not running`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${label}.${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        child.send({ kind: "request", id, method, args } satisfies RequestMessage);
      });
    },
    async stop(graceMs = options.stopGraceMs ?? 25_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const done = await settleWithin(
        exited.then(() => true),
        graceMs,
        false,
      );
      if (!done) {
        kill("SIGKILL");
        await exited;
      }
    },
  };
}

/** The promise's value, or `fallback` once `ms` have passed (the timer does not outlive the promise). */
async function settleWithin<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
