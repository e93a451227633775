/**
 * Parent-side helpers that start the benchmark's child processes: the app (the harness's
 * app process with bench/app-process.ts as its entry), the bare HMAC route
 * (bare-hmac-server.ts) and the Shopify simulator + Apruvd sandbox (sandbox-process.ts),
 * each with its own event loop and its log in the run's log folder
 * (sandbox/harness/child-process.ts starts them all).
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type AppProcess, startAppProcess as startHarnessAppProcess } from "../sandbox/harness/app-process";
import { type ChildProcessHandle, startChildProcess } from "../sandbox/harness/child-process";
import { migrateDatabase } from "../sandbox/harness/database";
import { freePort } from "../sandbox/harness/utilities";

export type { AppReady } from "../sandbox/harness/app-process";
/** A started child of the benchmark: what it announced (`ready`), `call` its handlers, `stop` it. */
export type ChildHandle<TReady> = ChildProcessHandle<TReady>;
/** Children's stop(): SIGTERM, then SIGKILL after this long. */
const STOP_GRACE_MS = 5000;

/** Where bench/vite.config.ts puts the Remix build (see buildApp). */
export const DEFAULT_BUILD = "bench/.build/server/index.js";

/** Builds the app into bench/.build with the app's own Vite config (bench/vite.config.ts). */
export function buildApp(): void {
  const result = spawnSync(
    path.resolve("node_modules/.bin/remix"),
    ["vite:build", "--config", "bench/vite.config.ts", "--logLevel", "error"],
    { stdio: "inherit" },
  );
  if (result.status !== 0) throw new Error(`remix vite:build failed (exit ${result.status})`);
}

export interface BenchContext {
  /** Folder for this run's databases and child logs. */
  workDir: string;
  /** Migrated empty SQLite database, copied for every app process. */
  templateDb: string;
  /** The app's client secret (SHOPIFY_API_SECRET): what webhooks are signed with. */
  secret: string;
  /** AES key the app encrypts stored Apruvd credentials with. */
  encryptionKey: string;
  buildPath: string;
}

export function createBenchContext(options: { workDir?: string; buildPath?: string } = {}): BenchContext {
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "apruvd-bench-"));
  fs.mkdirSync(workDir, { recursive: true });
  const buildPath = path.resolve(options.buildPath ?? DEFAULT_BUILD);
  if (!fs.existsSync(buildPath))
    throw new Error(
      `No server build at ${buildPath}: run \`npx remix vite:build --config bench/vite.config.ts\` first (npm run bench builds unless --no-build).`,
    );
  const templateDb = path.join(workDir, "template.db");
  migrateDatabase(`file:${templateDb}`);
  return {
    workDir,
    templateDb,
    secret: crypto.randomBytes(16).toString("hex"),
    encryptionKey: crypto.randomBytes(32).toString("hex"),
    buildPath,
  };
}

let dbCounter = 0;
export function freshDatabase(ctx: BenchContext, label: string): string {
  const file = path.join(ctx.workDir, `${label}-${++dbCounter}.db`);
  fs.copyFileSync(ctx.templateDb, file);
  return file;
}

export interface SandboxReady {
  simulatorUrl: string;
  adminOrigin: string;
  apruvdUrl: string;
  pid: number;
  throttle: { maximumAvailable: number; restoreRate: number } | false;
}

export function startSandboxProcess(
  ctx: BenchContext,
  options: {
    label: string;
    throttle?: { maximumAvailable: number; restoreRate: number } | false;
    reviewDelayMs?: number;
  },
): Promise<ChildHandle<SandboxReady>> {
  const throttle =
    options.throttle === false
      ? "off"
      : `${options.throttle?.maximumAvailable ?? 2000},${options.throttle?.restoreRate ?? 100}`;
  return startChildProcess<SandboxReady>("bench/sandbox-process.ts", {
    logFile: path.join(ctx.workDir, `${options.label}.sandbox.log`),
    stopGraceMs: STOP_GRACE_MS,
    env: {
      BENCH_THROTTLE: throttle,
      BENCH_REVIEW_DELAY_MS: String(options.reviewDelayMs ?? 50),
      NODE_ENV: "production",
    },
  });
}

export async function startAppProcess(
  ctx: BenchContext,
  options: {
    label: string;
    worker: boolean;
    /** APRUVD_WORKER; unset: the app's default (in-process). */
    workerMode?: "thread" | "in-process";
    adminOrigin?: string;
    apruvdUrl?: string;
    databaseFile?: string;
    workerConcurrency?: number;
    nodeArgs?: string[];
  },
): Promise<AppProcess> {
  const port = await freePort();
  const databaseFile = options.databaseFile ?? freshDatabase(ctx, options.label);
  return startHarnessAppProcess({
    entry: "bench/app-process.ts",
    logFile: path.join(ctx.workDir, `${options.label}.app.log`),
    nodeArgs: options.nodeArgs,
    stopGraceMs: STOP_GRACE_MS,
    name: options.label,
    port,
    host: "127.0.0.1",
    buildPath: ctx.buildPath,
    worker: options.worker,
    workerMode: options.workerMode,
    nodeEnv: "production",
    logLevel: process.env.BENCH_APP_LOG_LEVEL ?? "info",
    databaseUrl: `file:${databaseFile}`,
    apiKey: "bench-api-key",
    apiSecret: ctx.secret,
    appUrl: `http://127.0.0.1:${port}`,
    // Unused (and unreachable) when the worker is off: the webhook route calls nothing.
    shopifyAdminOrigin: options.adminOrigin ?? "http://127.0.0.1:9",
    apruvdUrl: options.apruvdUrl ?? "http://127.0.0.1:9",
    encryptionKey: ctx.encryptionKey,
    workerConcurrency: options.workerConcurrency || undefined,
  });
}

export interface BareReady {
  url: string;
  pid: number;
}

export function startBareProcess(ctx: BenchContext, label = "bare"): Promise<ChildHandle<BareReady>> {
  return startChildProcess<BareReady>("bench/bare-hmac-server.ts", {
    logFile: path.join(ctx.workDir, `${label}.log`),
    stopGraceMs: STOP_GRACE_MS,
    env: { BENCH_SECRET: ctx.secret, NODE_ENV: "production" },
  });
}

export interface SeededShop {
  shop: string;
  accessToken: string;
  apruvdCredentials: { keyId: string; secret: string };
}

/** Seeds the shop in the simulator (with the app's access token) and opens its Apruvd account. */
export async function seedShop(sandbox: ChildHandle<SandboxReady>, shop: string): Promise<SeededShop> {
  const accessToken = `shpat_${crypto.randomBytes(16).toString("hex")}`;
  await sandbox.call("seedShop", { shop, accessToken });
  const apruvdCredentials = await sandbox.call<{ keyId: string; secret: string }>("createApruvdAccount");
  return { shop, accessToken, apruvdCredentials };
}

/** What OAuth and onboarding leave behind in the app: the offline session, Apruvd keys and registered callbacks. */
export async function installApp(app: AppProcess, seeded: SeededShop): Promise<void> {
  await app.call("install", seeded);
}
