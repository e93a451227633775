import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { APP_SCOPES } from "../shopify-app";
import { CONFIG_VARIABLES, ConfigError, checkConfig, config } from "./config.server";

const REQUIRED = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://apruvd.example.com",
  APRUVD_ENCRYPTION_KEY: "ab".repeat(32),
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    checkConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("checkConfig accepted the environment");
}

describe("checkConfig", () => {
  it("names a missing required variable and what it expects", () => {
    const { SHOPIFY_API_KEY: _missing, ...rest } = REQUIRED;
    expect(problemsOf(rest)).toEqual([
      "SHOPIFY_API_KEY is not set: expected the app's client ID from the Partner Dashboard (`shopify app dev` sets it)",
    ]);
  });

  it("names a malformed number, URL, flag or choice with the value it got", () => {
    expect(
      problemsOf({
        ...REQUIRED,
        SHOPIFY_APP_URL: "apruvd.example.com",
        WORKER_CONCURRENCY: "eight",
        PORT: "70000",
        APRUVD_IN_PROCESS_WORKER: "maybe",
        APRUVD_WORKER: "process",
        LOG_LEVEL: "loud",
      }),
    ).toEqual([
      'PORT is "70000": expected a whole number from 0 to 65535',
      'APRUVD_IN_PROCESS_WORKER is "maybe": expected 1 or true (on), 0 or false (off)',
      'APRUVD_WORKER is "process": expected one of thread, in-process',
      'LOG_LEVEL is "loud": expected one of debug, info, warn, error',
      'SHOPIFY_APP_URL is "apruvd.example.com": expected an http:// or https:// URL',
      'WORKER_CONCURRENCY is "eight": expected a whole number, at least 1',
    ]);
  });

  it("never repeats a malformed secret", () => {
    const problems = problemsOf({ ...REQUIRED, APRUVD_ENCRYPTION_KEY: "not-hex-at-all" });
    expect(problems).toEqual([
      "APRUVD_ENCRYPTION_KEY is malformed (value not shown): expected 64 hex characters (32 bytes; `openssl rand -hex 32`)",
    ]);
    expect(problems.join()).not.toContain("not-hex-at-all");
  });

  it("lists every problem in one message", () => {
    expect(() => checkConfig({ WORKER_LEASE_MS: "0" })).toThrow(
      /SHOPIFY_API_KEY is not set.*\n.*SHOPIFY_API_SECRET is not set.*\n.*SHOPIFY_APP_URL is not set.*\n.*APRUVD_ENCRYPTION_KEY is not set.*\n.*WORKER_LEASE_MS is "0"/,
    );
  });

  it("applies the defaults, treating an empty value as unset", () => {
    const settings = checkConfig({ ...REQUIRED, PORT: "", WORKER_CONCURRENCY: "" });
    expect(settings.server).toEqual({
      nodeEnv: undefined,
      port: 3000,
      host: "0.0.0.0",
      buildPath: "build/server/index.js",
      inProcessWorker: true,
      workerMode: "thread",
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 1_000,
    });
    expect(settings.shopify).toEqual({
      apiKey: "key",
      apiSecret: "secret",
      appUrl: "https://apruvd.example.com",
      scopes: APP_SCOPES,
      customShopDomain: undefined,
      adminApiOrigin: undefined,
    });
    expect(settings.database).toEqual({ url: "file:./prisma/dev.db", poolSize: 10 });
    expect(settings.apruvd).toEqual({
      apiUrl: "https://app.apruvd.com",
      auth: "oauth",
      breakerFailures: 5,
      breakerOpenMs: 15_000,
    });
    expect(settings.worker).toEqual({
      concurrency: 8,
      leaseMs: 10_000,
      maxAttempts: 20,
      retryBaseMs: 1000,
      retryCapMs: 600_000,
      queuePollIntervalMs: 1000,
      stalledAfterMs: 300_000,
    });
    expect(settings.reconcile).toEqual({ intervalMs: 300_000, lookbackMs: 1_800_000, stuckAfterMs: 120_000 });
    expect(settings.log.level).toBe("info");
    expect(settings.cloudWebhooks).toEqual({ eventBridgeApiKey: undefined, pubSubPushToken: undefined });
  });

  it("reads typed values", () => {
    const settings = checkConfig({
      ...REQUIRED,
      SCOPES: "read_orders, write_orders",
      APRUVD_IN_PROCESS_WORKER: "0",
      WORKER_RETRY_BASE_MS: "100",
      RECONCILE_INTERVAL_MS: "0",
      APRUVD_AUTH: "basic",
    });
    expect(settings.shopify.scopes).toEqual(["read_orders", "write_orders"]);
    expect(settings.server.inProcessWorker).toBe(false);
    expect(settings.worker.retryBaseMs).toBe(100);
    expect(settings.reconcile.intervalMs).toBe(0);
    expect(settings.apruvd.auth).toBe("basic");
  });

  it("has one name per knob: WORKER_MAX_ATTEMPTS, still accepting its old SQLite name", () => {
    expect(checkConfig({ ...REQUIRED, WORKER_MAX_UNEXPECTED_ATTEMPTS: "3" }).worker.maxAttempts).toBe(3);
    expect(
      checkConfig({ ...REQUIRED, WORKER_MAX_ATTEMPTS: "4", WORKER_MAX_UNEXPECTED_ATTEMPTS: "3" }).worker.maxAttempts,
    ).toBe(4);
    expect(problemsOf({ ...REQUIRED, WORKER_MAX_UNEXPECTED_ATTEMPTS: "x" })).toEqual([
      'WORKER_MAX_UNEXPECTED_ATTEMPTS (another name for WORKER_MAX_ATTEMPTS) is "x": expected a whole number, at least 1',
    ]);
  });

  it("requires the encryption key in every environment: no default, no constant fallback", () => {
    const { APRUVD_ENCRYPTION_KEY: _missing, ...rest } = REQUIRED;
    for (const NODE_ENV of ["production", "development", "test"]) {
      expect(problemsOf({ ...rest, NODE_ENV })).toEqual([
        "APRUVD_ENCRYPTION_KEY is not set: expected 64 hex characters (32 bytes; `openssl rand -hex 32`)",
      ]);
    }
    expect(problemsOf({ ...REQUIRED, APRUVD_ENCRYPTION_KEY_PREVIOUS: "old" })).toEqual([
      "APRUVD_ENCRYPTION_KEY_PREVIOUS is malformed (value not shown): expected 64 hex characters (32 bytes; `openssl rand -hex 32`)",
    ]);
  });

  it("keys the field hashes with a key derived from the master key, never the master key or a constant", () => {
    const key = "ab".repeat(32);
    const previous = "cd".repeat(32);
    const secrets = checkConfig({
      ...REQUIRED,
      APRUVD_ENCRYPTION_KEY: key,
      APRUVD_ENCRYPTION_KEY_PREVIOUS: previous,
    }).secrets;
    expect(secrets.encryptionKey).toBe(key);
    expect(secrets.previousEncryptionKey).toBe(previous);
    expect(secrets.fieldHashKey).toMatch(/^[0-9a-f]{64}$/);
    expect([key, previous, "apruvd-field-hash"]).not.toContain(secrets.fieldHashKey);
    expect(secrets.acceptedFieldHashKeys[0]).toBe(secrets.fieldHashKey);
    expect(secrets.acceptedFieldHashKeys).not.toContain("apruvd-field-hash");
  });

  it("reads retention periods in days", () => {
    expect(checkConfig(REQUIRED).retention).toEqual({ inboxMs: 30 * 86_400_000, dataRequestMs: 30 * 86_400_000 });
    expect(checkConfig({ ...REQUIRED, INBOX_RETENTION_DAYS: "7" }).retention.inboxMs).toBe(7 * 86_400_000);
    expect(problemsOf({ ...REQUIRED, DATA_REQUEST_RETENTION_DAYS: "45" })).toEqual([
      'DATA_REQUEST_RETENTION_DAYS is "45": expected a whole number from 1 to 30',
    ]);
  });
});

describe("config()", () => {
  const saved = process.env.WORKER_CONCURRENCY;
  afterEach(() => {
    if (saved === undefined) delete process.env.WORKER_CONCURRENCY;
    else process.env.WORKER_CONCURRENCY = saved;
  });

  it("parses a section once, and again only when one of its variables changes", () => {
    process.env.WORKER_CONCURRENCY = "3";
    const first = config().worker;
    expect(first.concurrency).toBe(3);
    expect(config().worker).toBe(first);
    process.env.WORKER_CONCURRENCY = "4";
    expect(config().worker.concurrency).toBe(4);
  });

  it("throws the ConfigError of the section read, and only of that section", () => {
    process.env.WORKER_CONCURRENCY = "lots";
    expect(() => config().worker).toThrow('WORKER_CONCURRENCY is "lots": expected a whole number, at least 1');
    expect(config().database.poolSize).toBe(10);
  });
});

describe("where the configuration lives", () => {
  it("the README's table documents every variable", () => {
    const readme = fs.readFileSync(path.resolve("README.md"), "utf8");
    const rows = new Set([...readme.matchAll(/^ *\| *`([A-Z0-9_]+)`/gm)].map((match) => match[1]));
    expect(CONFIG_VARIABLES.filter(({ name }) => !rows.has(name)).map(({ name }) => name)).toEqual([]);
    const aliases = CONFIG_VARIABLES.flatMap((variable) => variable.aliases);
    expect(aliases.filter((alias) => !readme.includes(`\`${alias}\``))).toEqual([]);
  });

  it("no module in app/ but the configuration reads process.env (tests may set it)", () => {
    const readers = sourceFiles(path.resolve("app"))
      .filter((file) => !/\.test\.tsx?$/.test(file))
      .filter((file) => fs.readFileSync(file, "utf8").includes("process.env"))
      .map((file) => path.relative(process.cwd(), file));
    expect(readers).toEqual([path.join("app", "lib", "platform", "config", "config.server.ts")]);
  });
});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}
