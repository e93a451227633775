/**
 * The app's configuration: every environment variable it reads, parsed and checked here
 * and nowhere else (README.md, "Install on a real store", lists them all).
 *
 * - server.ts calls `checkConfig()` before it listens: any missing or malformed value
 *   stops the process with a message naming the variable and what it expects.
 * - Everything else calls `config()` and reads typed values (`config().worker.concurrency`).
 *   Each section is parsed on first use and then kept; it is parsed again only if one of
 *   its own variables has changed since. A deployed process never changes its
 *   environment, so there it is parsed once; the tests and the local stack set variables
 *   at runtime (a sandbox's URL, a shorter retry) and the app sees them, as it did when
 *   every module read process.env itself.
 * - Sections are independent: a script that only opens the database needs no Shopify keys.
 */
import { acceptedFieldHashKeys, fieldHashKeyOf } from "../crypto/key-derivation";
import { APP_SCOPES } from "../shopify-app";
import {
  ConfigError,
  type Env,
  type Spec,
  type ValuesOf,
  commaList,
  days,
  flag,
  hexKey,
  namesOf,
  oneOf,
  optionalText,
  optionalUrl,
  readSpec,
  requiredHexKey,
  requiredText,
  requiredUrl,
  textOr,
  urlOr,
  wholeNumber,
} from "./variables";

export { ConfigError };

const MINUTE = 60_000;

const MAKE_KEY = "`openssl rand -hex 32`";

const SPECS = {
  server: {
    /** Passed to Remix as its mode; "development" also starts the worker under `shopify app dev`. */
    nodeEnv: optionalText("NODE_ENV"),
    port: wholeNumber("PORT", 3000, { max: 65_535 }),
    host: textOr("HOST_BIND", "0.0.0.0"),
    buildPath: textOr("REMIX_BUILD", "build/server/index.js"),
    inProcessWorker: flag("APRUVD_IN_PROCESS_WORKER", true),
    /**
     * Where this process's inbox worker runs on SQLite: "thread" (the default: its own
     * worker thread, app/lib/runner/worker-thread.ts, so that draining the inbox never
     * holds up an acknowledgement) or "in-process" (on the request loop). The webhook
     * path's rows are group-committed (lib/inbox/group-commit.server.ts), so it takes the
     * write lock a few times per batch, not once per webhook, and the thread's short
     * statements get their turn. PostgreSQL's pg-boss workers always run in-process.
     */
    workerMode: oneOf("APRUVD_WORKER", ["thread", "in-process"], "thread"),
    /** How long a client may take to send a request's headers, and then the whole request (Node's headersTimeout, requestTimeout). */
    headersTimeoutMs: wholeNumber("SERVER_HEADERS_TIMEOUT_MS", 20_000, { min: 1 }),
    requestTimeoutMs: wholeNumber("SERVER_REQUEST_TIMEOUT_MS", 120_000, { min: 1 }),
    /** Above the 60 s idle timeout of common load balancers, so that they close idle connections first. */
    keepAliveTimeoutMs: wholeNumber("SERVER_KEEP_ALIVE_TIMEOUT_MS", 65_000, { min: 1 }),
    maxConnections: wholeNumber("SERVER_MAX_CONNECTIONS", 1_000, { min: 1 }),
  },
  callbacks: {
    /** Failed Basic-auth logins per callback key within the window before the key answers 429. */
    loginMaxFailures: wholeNumber("CALLBACK_LOGIN_MAX_FAILURES", 10, { min: 1 }),
    loginWindowMs: wholeNumber("CALLBACK_LOGIN_WINDOW_MS", 15 * MINUTE, { min: 1 }),
  },
  log: {
    level: oneOf("LOG_LEVEL", ["debug", "info", "warn", "error"], "info"),
  },
  shopify: {
    apiKey: requiredText(
      "SHOPIFY_API_KEY",
      "the app's client ID from the Partner Dashboard (`shopify app dev` sets it)",
    ),
    apiSecret: requiredText(
      "SHOPIFY_API_SECRET",
      "the app's client secret from the Partner Dashboard (`shopify app dev` sets it)",
    ),
    appUrl: requiredUrl("SHOPIFY_APP_URL", "the app's public URL (`shopify app dev` sets it)"),
    scopes: commaList("SCOPES", APP_SCOPES),
    customShopDomain: optionalText("SHOP_CUSTOM_DOMAIN"),
    /** Local sandbox only: Admin API calls go to this origin (the Shopify simulator) instead of the shop. */
    adminApiOrigin: optionalUrl("SHOPIFY_ADMIN_API_ORIGIN"),
  },
  database: {
    url: textOr("DATABASE_URL", "file:./prisma/dev.db"),
    poolSize: wholeNumber("DATABASE_POOL_SIZE", 10, { min: 1 }),
  },
  apruvd: {
    apiUrl: urlOr("APRUVD_API_URL", "https://app.apruvd.com"),
    auth: oneOf("APRUVD_AUTH", ["oauth", "basic"], "oauth"),
    breakerFailures: wholeNumber("APRUVD_BREAKER_FAILURES", 5, { min: 1 }),
    breakerOpenMs: wholeNumber("APRUVD_BREAKER_OPEN_MS", 15_000),
  },
  secrets: {
    /** The master key: every encryption and field-hash key is derived from it (platform/crypto/key-derivation.ts). */
    encryptionKey: requiredHexKey("APRUVD_ENCRYPTION_KEY", 32, MAKE_KEY),
    /** During a key rotation only (docs/deployment.md): the old master key, accepted for reading. */
    previousEncryptionKey: hexKey("APRUVD_ENCRYPTION_KEY_PREVIOUS", 32, MAKE_KEY),
  },
  retention: {
    /** Finished inbox rows (webhooks, callbacks, actions) are deleted this long after they were processed. */
    inboxMs: days("INBOX_RETENTION_DAYS", 30, { min: 1 }),
    /** A customers/data_request report not downloaded by then is deleted (Shopify allows 30 days to answer). */
    dataRequestMs: days("DATA_REQUEST_RETENTION_DAYS", 30, { min: 1, max: 30 }),
  },
  worker: {
    concurrency: wholeNumber("WORKER_CONCURRENCY", 8, { min: 1 }),
    // Short, and renewed while the handler runs (app/lib/runner/lease.ts): a crashed worker's events wait seconds, not minutes.
    leaseMs: wholeNumber("WORKER_LEASE_MS", 10_000, { min: 1 }),
    // WORKER_MAX_UNEXPECTED_ATTEMPTS was the SQLite worker's name for this knob; test/faults/apruvd-outage.test.ts still sets it.
    maxAttempts: wholeNumber("WORKER_MAX_ATTEMPTS", 20, { min: 1, aliases: ["WORKER_MAX_UNEXPECTED_ATTEMPTS"] }),
    retryBaseMs: wholeNumber("WORKER_RETRY_BASE_MS", 1000),
    retryCapMs: wholeNumber("WORKER_RETRY_CAP_MS", 10 * MINUTE),
    queuePollIntervalMs: wholeNumber("QUEUE_POLL_INTERVAL_MS", 1000, { min: 1 }),
    /** /healthz says "stalled" when work has been due this long and the worker started or finished nothing meanwhile. */
    stalledAfterMs: wholeNumber("WORKER_STALLED_AFTER_MS", 5 * MINUTE, { min: 1 }),
  },
  reconcile: {
    /** 0 turns the timer off. */
    intervalMs: wholeNumber("RECONCILE_INTERVAL_MS", 5 * MINUTE),
    /** How far behind its watermark each sweep reads again (orders that showed in Shopify's search late). */
    lookbackMs: wholeNumber("RECONCILE_LOOKBACK_MS", 30 * MINUTE),
    /** First status poll of a review whose callback has not come; then at 2.5×, 5×, 15×, 30× it, then every 30×. */
    stuckAfterMs: wholeNumber("RECONCILE_STUCK_AFTER_MS", 2 * MINUTE, { min: 1 }),
  },
  cloudWebhooks: {
    /** Unset: the route answers 404. */
    eventBridgeApiKey: optionalText("EVENTBRIDGE_API_KEY"),
    pubSubPushToken: optionalText("PUBSUB_PUSH_TOKEN"),
  },
} satisfies Record<string, Spec>;

type Specs = typeof SPECS;
type SectionName = keyof Specs;

/** Values computed from a section's variables. */
const DERIVED = {
  secrets: (values: ValuesOf<Specs["secrets"]>) => ({
    ...values,
    fieldHashKey: fieldHashKeyOf(values.encryptionKey),
    acceptedFieldHashKeys: acceptedFieldHashKeys(values.encryptionKey, values.previousEncryptionKey),
  }),
};

export type AppConfig = {
  readonly [K in SectionName]: K extends keyof typeof DERIVED ? ReturnType<(typeof DERIVED)[K]> : ValuesOf<Specs[K]>;
};
export type ServerConfig = AppConfig["server"];
export type ShopifyConfig = AppConfig["shopify"];
export type WorkerConfig = AppConfig["worker"];
export type ReconcileConfig = AppConfig["reconcile"];
export type LogLevel = AppConfig["log"]["level"];
export type RetentionConfig = AppConfig["retention"];

const SECTION_NAMES = Object.keys(SPECS) as SectionName[];

/** Every variable the app reads, with the older names it still accepts (for the README check). */
export const CONFIG_VARIABLES: readonly { name: string; aliases: readonly string[] }[] = SECTION_NAMES.flatMap((name) =>
  Object.values(SPECS[name]).map(({ name, aliases }) => ({ name, aliases })),
);

function readSection<K extends SectionName>(name: K, env: Env): { value: AppConfig[K]; problems: string[] } {
  const { values, problems } = readSpec(SPECS[name], env);
  const derive = (DERIVED as Partial<Record<SectionName, (values: never) => unknown>>)[name];
  // A section with a problem is never used, and its derived values may need what is missing.
  const value = derive && problems.length === 0 ? derive(values as never) : values;
  return { value: value as AppConfig[K], problems };
}

/**
 * Parses every section of `env` and returns the whole configuration, or throws one
 * ConfigError listing every problem. server.ts calls it before it listens.
 */
export function checkConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const result: Partial<Record<SectionName, unknown>> = {};
  for (const name of SECTION_NAMES) {
    const section = readSection(name, env);
    problems.push(...section.problems);
    result[name] = section.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as AppConfig;
}

interface Parsed {
  readonly from: readonly (string | undefined)[];
  readonly value: unknown;
}
const parsed = new Map<SectionName, Parsed>();
const sectionVariables = new Map(SECTION_NAMES.map((name) => [name, namesOf(SPECS[name])]));

function current<K extends SectionName>(name: K): AppConfig[K] {
  const from = sectionVariables.get(name)!.map((variable) => process.env[variable]);
  const cached = parsed.get(name);
  if (cached && cached.from.every((value, index) => value === from[index])) return cached.value as AppConfig[K];
  const { value, problems } = readSection(name, process.env);
  if (problems.length > 0) throw new ConfigError(problems);
  parsed.set(name, { from, value });
  return value;
}

const view = Object.defineProperties(
  {},
  Object.fromEntries(SECTION_NAMES.map((name) => [name, { enumerable: true, get: () => current(name) }])),
) as AppConfig;

/** The app's configuration from the process's environment; a section with a problem throws ConfigError when read. */
export function config(): AppConfig {
  return view;
}
