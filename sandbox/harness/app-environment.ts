/**
 * The one environment protocol of the app under test: every harness (the local stack in
 * this process, the app child process of the fault, scale and benchmark runs) configures
 * the app through these two functions, so the variable names live here and nowhere else
 * in sandbox/, test/ and bench/.
 *
 * - `appEnvironment`: the variables the app itself reads (its configuration).
 * - `serveEnvironment` / `serveSettingsFromEnvironment`: how the built app is served, with
 *   the names server.ts uses (PORT, HOST_BIND, REMIX_BUILD, APRUVD_IN_PROCESS_WORKER,
 *   APRUVD_WORKER), plus
 *   APP_INSTANCE_NAME, a label for one of several instances.
 */

import { APP_SCOPES_CSV } from "../../app/lib/platform/shopify-app";

/** The scopes the app asks for (shopify.app.toml), as the SCOPES variable writes them. */
export const SCOPES = APP_SCOPES_CSV;

/** The app's client id in local runs (Shopify's would come from the Partner Dashboard). */
export const LOCAL_API_KEY = "local-api-key";

export const DEFAULT_BUILD_PATH = "build/server/index.js";

export interface AppSettings {
  /** DATABASE_URL: a migrated SQLite `file:` URL or a PostgreSQL URL. */
  databaseUrl: string;
  /** SHOPIFY_API_SECRET: what webhooks are signed with. */
  apiSecret: string;
  /** SHOPIFY_API_KEY. Default LOCAL_API_KEY. */
  apiKey?: string;
  /** SHOPIFY_APP_URL: the app's public URL (the Apruvd callbacks are registered under it). */
  appUrl: string;
  /** SHOPIFY_ADMIN_API_ORIGIN: where Admin API calls go (the Shopify simulator). */
  shopifyAdminOrigin: string;
  /** APRUVD_API_URL (the Apruvd sandbox). */
  apruvdUrl: string;
  /** APRUVD_ENCRYPTION_KEY: 64 hex characters. */
  encryptionKey: string;
  /** WORKER_CONCURRENCY */
  workerConcurrency?: number;
  /** WORKER_RETRY_BASE_MS and WORKER_RETRY_CAP_MS: the worker's retry backoff. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** WORKER_LEASE_MS: how long a claimed inbox event stays claimed by its worker. */
  leaseMs?: number;
  /** APRUVD_BREAKER_OPEN_MS: how long a shop's Apruvd circuit stays open. */
  breakerOpenMs?: number;
  /** LOG_LEVEL */
  logLevel?: string;
  /** NODE_ENV */
  nodeEnv?: string;
  /** Any other variable the app reads (QUEUE_*, RECONCILE_*, DATABASE_POOL_SIZE, ...). */
  extra?: Record<string, string>;
}

/** The app's configuration as environment variables; a setting left out is not set. */
export function appEnvironment(settings: AppSettings): Record<string, string> {
  const optional: [string, string | number | undefined][] = [
    ["WORKER_CONCURRENCY", settings.workerConcurrency],
    ["WORKER_RETRY_BASE_MS", settings.retryBaseMs],
    ["WORKER_RETRY_CAP_MS", settings.retryCapMs],
    ["WORKER_LEASE_MS", settings.leaseMs],
    ["APRUVD_BREAKER_OPEN_MS", settings.breakerOpenMs],
    ["LOG_LEVEL", settings.logLevel],
    ["NODE_ENV", settings.nodeEnv],
  ];
  return {
    DATABASE_URL: settings.databaseUrl,
    SHOPIFY_API_KEY: settings.apiKey ?? LOCAL_API_KEY,
    SHOPIFY_API_SECRET: settings.apiSecret,
    SHOPIFY_APP_URL: settings.appUrl,
    SCOPES,
    SHOPIFY_ADMIN_API_ORIGIN: settings.shopifyAdminOrigin,
    APRUVD_API_URL: settings.apruvdUrl,
    APRUVD_ENCRYPTION_KEY: settings.encryptionKey,
    ...Object.fromEntries(
      optional.filter(([, value]) => value !== undefined).map(([name, value]) => [name, String(value)]),
    ),
    ...settings.extra,
  };
}

export interface ServeSettings {
  /** PORT. 0 = any free port. */
  port: number;
  /** HOST_BIND. Default 127.0.0.1. */
  host: string;
  /** REMIX_BUILD: the server build to serve. Default build/server/index.js. */
  buildPath: string;
  /** APRUVD_IN_PROCESS_WORKER=0 serves HTTP only (a web-only instance). Default: with the background work. */
  worker: boolean;
  /** APRUVD_WORKER: where the app child process runs its inbox worker on SQLite. Unset: the app's default (its own thread). */
  workerMode?: "thread" | "in-process";
  /** APP_INSTANCE_NAME: a label for this instance. Default "app". */
  name: string;
}

export function serveEnvironment(settings: Partial<ServeSettings>): Record<string, string> {
  const out: Record<string, string> = {};
  if (settings.port !== undefined) out.PORT = String(settings.port);
  if (settings.host !== undefined) out.HOST_BIND = settings.host;
  if (settings.buildPath !== undefined) out.REMIX_BUILD = settings.buildPath;
  if (settings.worker !== undefined) out.APRUVD_IN_PROCESS_WORKER = settings.worker ? "1" : "0";
  if (settings.workerMode !== undefined) out.APRUVD_WORKER = settings.workerMode;
  if (settings.name !== undefined) out.APP_INSTANCE_NAME = settings.name;
  return out;
}

export function serveSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ServeSettings {
  return {
    port: Number(env.PORT ?? 0),
    host: env.HOST_BIND ?? "127.0.0.1",
    buildPath: env.REMIX_BUILD ?? DEFAULT_BUILD_PATH,
    worker: env.APRUVD_IN_PROCESS_WORKER !== "0",
    name: env.APP_INSTANCE_NAME ?? "app",
  };
}
