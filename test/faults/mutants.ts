/**
 * "Each fault test must fail without the protection it proves": this takes the app's
 * server build, removes one protection at a time (a text edit of a copy of
 * build/server/index.js, never of the app's source), runs the fault test that should catch
 * it against that copy (FAULTS_BUILD_PATH) and reports whether it failed.
 *
 *   npx remix vite:build
 *   npx tsx test/faults/mutants.ts            # every mutant
 *   npx tsx test/faults/mutants.ts no-sweep   # one
 *
 * A test that runs on both engines (describe.each(ENGINES), its title ending in
 * "(sqlite)" or "(postgresql)") runs on both unless the mutant names its `engine`: then
 * only that engine's block runs, and a "-postgresql" twin proves the other engine's
 * run catches it too (the engines' runners differ: the SQLite lease worker, pg-boss).
 *
 * A mutant whose text is no longer found in the build is reported as "stale" (the code
 * moved): update its `find` to the current build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

interface Mutant {
  name: string;
  protection: string;
  test: string;
  /** A vitest -t pattern (a regular expression over "describe … test" names). */
  filter?: string;
  /** Only this engine's block of a test that runs on both (see above). */
  engine?: "sqlite" | "postgresql";
  edits: { find: string | RegExp; replace: string }[];
}

const MUTANTS: Mutant[] = [
  {
    name: "ack-before-commit",
    protection: "a webhook is acknowledged only after its inbox row is committed",
    test: "test/faults/crash.test.ts",
    edits: [
      {
        find: "const refusal = await recordOrderWebhook(prisma2, context);",
        replace:
          "const refusal = null; setTimeout(() => void recordOrderWebhook(prisma2, context).catch(() => {}), 250);",
      },
    ],
  },
  {
    name: "no-dedupe",
    protection: "the inbox's dedupe key (Shopify's webhook id)",
    test: "test/faults/duplicates.test.ts",
    edits: [
      {
        find: "dedupeKey: `shopify:${context.webhookId}`,",
        replace: "dedupeKey: `shopify:${context.webhookId}:${Math.random()}`,",
      },
    ],
  },
  {
    name: "mark-before-write",
    protection: "a write-back is recorded as done only after Shopify accepted it",
    test: "test/faults/throttling.test.ts",
    edits: [
      {
        // Records the state as written before Shopify has accepted the mutation.
        find: "const result = await deps.admin(ORDER_REVIEW_STATE_MUTATION, variables);",
        replace:
          "await saveReview(deps.prisma, review, { writtenBackStatus: state }); const result = await deps.admin(ORDER_REVIEW_STATE_MUTATION, variables);",
      },
    ],
  },
  {
    name: "no-retry",
    protection: "outages (and throttling) are retried until they pass, never parked",
    test: "test/faults/apruvd-outage.test.ts",
    edits: [
      // What app/lib/runner/background.server.ts is asked to do (until it does, the mutant needs it to be caught in seconds).
      {
        find: "this.maxUnexpectedAttempts = options.maxUnexpectedAttempts ?? 20;",
        replace:
          "this.maxUnexpectedAttempts = options.maxUnexpectedAttempts ?? Number(process.env.WORKER_MAX_UNEXPECTED_ATTEMPTS ?? 20);",
      },
      {
        find: /function (isRetryable(?:\$\d+)?)\(error\) \{\n {2}if \(error instanceof RetryLaterError\) return true;/g,
        replace: "function $1(error) {\n  return false;",
      },
    ],
  },
  {
    name: "no-adopt",
    // Only an account that enforces unique order numbers answers "already exists" (Apruvd's
    // default is off: apruvd-outage.test.ts proves the recorded-submission lookup instead).
    protection: "an order Apruvd already has under its number (unique order numbers on) is adopted, not failed",
    test: "test/e2e/review-pipeline.test.ts",
    filter: "adopted when the account enforces unique order numbers",
    edits: [{ find: "error.isDuplicateOrder && transaction.order_num", replace: "false && transaction.order_num" }],
  },
  {
    name: "no-sweep",
    protection: "the reconciliation sweep",
    test: "test/faults/missed-events.test.ts",
    edits: [
      // The call only: the retention timer's start now follows it.
      { find: "startReconciliationTimer();\n", replace: "\n" },
    ],
  },
  {
    name: "sweep-no-missing-orders",
    protection: "the sweep queues recent orders that have no review",
    test: "test/faults/missed-events.test.ts",
    edits: [{ find: "if (reviewed.has(order.id) || queued.has(order.orderKey)) continue;", replace: "continue;" }],
  },
  {
    name: "sweep-no-stuck-poll",
    protection: "the sweep polls reviews stuck in Reviewing",
    test: "test/faults/missed-events.test.ts",
    edits: [
      {
        find: 'status: "Reviewing",\n        transactionId: { not: null },',
        replace: 'status: "never",\n        transactionId: { not: null },',
      },
    ],
  },
  // Issue 12: a sweep that scales and forgets nothing, recovery without a restart, shorter waits.
  {
    name: "sweep-first-page-only",
    protection: "the sweep pages through every order of its window (not a fixed number of pages)",
    test: "test/faults/sweep-scale.test.ts",
    edits: [
      {
        find: "after = data.orders.pageInfo.endCursor ?? null;",
        replace: "return { complete: true, lastCreatedAt, scanned };",
      },
    ],
  },
  {
    name: "sweep-no-watermark",
    protection: "the sweep starts at the shop's watermark (its last successful sweep), not at its look-back",
    test: "test/faults/downtime.test.ts",
    edits: [
      {
        find: "const watermark = (settings2 == null ? void 0 : settings2.sweptThrough) ?? (settings2 == null ? void 0 : settings2.createdAt) ?? startedAt;",
        replace: "const watermark = startedAt;",
      },
    ],
  },
  {
    name: "no-startup-sweep",
    protection: "the first sweep runs right after start, not an interval later",
    test: "test/faults/downtime.test.ts",
    edits: [{ find: "schedule(`${process.pid}-${Date.now()}`);", replace: "" }],
  },
  {
    name: "stuck-poll-after-30-min",
    protection: "a review without a callback is polled on a schedule that starts within minutes",
    test: "test/faults/missed-events.test.ts",
    edits: [
      {
        find: "if (!(firstPollMs > 0) || ageMs < firstPollMs) return 0;",
        replace: "if (ageMs < 30 * 6e4) return 0;",
      },
    ],
  },
  {
    name: "healthz-always-ready",
    protection: "/healthz reports not ready when the database cannot be written",
    test: "test/faults/readonly-database.test.ts",
    edits: [
      {
        find: "return { ready: database.ok && encryptionKey.ok && worker.ok, checks: { database, encryptionKey, worker } };",
        replace: "return { ready: true, checks: { database, encryptionKey, worker } };",
      },
    ],
  },
  {
    name: "no-reconnect",
    protection:
      "the app never keeps a read-only SQLite connection: none is opened while the file cannot be written, and one is reopened after a read-only error",
    test: "test/faults/readonly-database.test.ts",
    edits: [
      { find: "if (!canOpen()) {", replace: "if (false) {" },
      {
        find: "if (inner && (!stale || inTransaction || Date.now() - lastReopen < REOPEN_INTERVAL_MS)) return inner;",
        replace: "if (inner) return inner;",
      },
    ],
  },
  {
    name: "open-read-only",
    protection:
      "no SQLite connection is opened while the file cannot be written (reopening one opened read-only is not enough: WAL's -shm stays read-only in the process)",
    test: "test/faults/readonly-database.test.ts",
    edits: [{ find: "if (!canOpen()) {", replace: "if (false) {" }],
  },
  {
    name: "session-storage-no-recovery",
    protection: "the session storage works again once the database can be read, though it could not be at start",
    test: "test/faults/readonly-database.test.ts",
    edits: [
      {
        find: "if (!(error instanceof MissingSessionTableError || error instanceof MissingSessionStorageError)) throw error;",
        replace: "throw error;",
      },
    ],
  },
  {
    name: "log-payload",
    protection: "log lines carry identifiers only",
    test: "test/faults/log-scan.test.ts",
    edits: [
      {
        find: 'logger.info("webhook received", { topic, shop: context.shop,',
        replace:
          'logger.info("webhook received", { customer: payload.customer, billing: payload.billing_address, topic, shop: context.shop,',
      },
    ],
  },
  {
    name: "no-size-limit",
    protection: "webhook bodies over 1 MB are refused with 413 (by the server's stream guard and by the route)",
    test: "test/faults/fuzz.test.ts",
    filter: "over HTTP, against the built app webhook routes",
    // The one limit both the server (requestBodyLimit) and the webhook routes read.
    edits: [{ find: "const MAX_WEBHOOK_BYTES = 1e6;", replace: "const MAX_WEBHOOK_BYTES = Infinity;" }],
  },
  {
    name: "no-login-size-limit",
    protection: "the unauthenticated login form's body is cut off at 16 KB",
    test: "test/faults/ingress.test.ts",
    filter: "request bodies are limited",
    edits: [
      { find: "const MAX_UNAUTHENTICATED_BYTES = 16384;", replace: "const MAX_UNAUTHENTICATED_BYTES = Infinity;" },
    ],
  },
  {
    name: "any-topic",
    protection: "each webhook route takes only its own topic",
    test: "test/faults/ingress.test.ts",
    filter: "replayed with other headers",
    edits: [{ find: "if (normaliseTopic(context.topic) !== topic) {", replace: "if (false) {" }],
  },
  {
    name: "any-shop-body",
    protection: "a compliance body must name the header's shop",
    test: "test/faults/ingress.test.ts",
    filter: "replayed with other headers",
    edits: [{ find: "if (!bodyNamesShop(body.shop_domain, context.shop))", replace: "if (false)" }],
  },
  {
    name: "no-callback-lockout",
    protection: "failed callback logins are limited per key",
    test: "test/faults/ingress.test.ts",
    filter: "callbacks and browsers",
    edits: [{ find: "if (retryAfter !== null) return tooManyFailures(retryAfter);", replace: "" }],
  },
  {
    name: "no-intent-check",
    protection: "a recorded submission without an answer is looked up at Apruvd before it is sent again",
    test: "test/faults/submit-crash.test.ts",
    filter: "uniqueness off",
    engine: "sqlite",
    edits: [{ find: "if (review.submitAttemptId !== null) {", replace: "if (false) {" }],
  },
  {
    name: "no-intent-check-postgresql",
    protection: "a recorded submission without an answer is looked up at Apruvd before it is sent again (PostgreSQL)",
    test: "test/faults/submit-crash.test.ts",
    filter: "uniqueness off",
    engine: "postgresql",
    edits: [{ find: "if (review.submitAttemptId !== null) {", replace: "if (false) {" }],
  },
  {
    name: "long-lease",
    protection: "a crashed worker's events are retried within seconds (a short lease)",
    test: "test/faults/submit-crash.test.ts",
    filter: "uniqueness on",
    engine: "sqlite",
    edits: [
      {
        find: 'leaseMs: wholeNumber("WORKER_LEASE_MS", 1e4,',
        replace: 'leaseMs: wholeNumber("WORKER_LEASE_MS", 12e4,',
      },
    ],
  },
  {
    name: "long-lease-postgresql",
    // pg-boss hands the dead process's jobs out again once its heartbeat stops; the inbox
    // row's lease (the same WORKER_LEASE_MS) still keeps them from running until it ends.
    protection: "a crashed worker's events are retried within seconds (a short lease, PostgreSQL)",
    test: "test/faults/submit-crash.test.ts",
    filter: "uniqueness on",
    engine: "postgresql",
    edits: [
      {
        find: 'leaseMs: wholeNumber("WORKER_LEASE_MS", 1e4,',
        replace: 'leaseMs: wholeNumber("WORKER_LEASE_MS", 12e4,',
      },
    ],
  },
  {
    name: "no-lease-renewal",
    protection: "a worker renews its lease while it works, so no other worker takes the event over",
    test: "test/faults/lease-renewal.test.ts",
    engine: "sqlite",
    edits: [
      {
        // The SQLite lease worker's keeper (its lease is renewed by an updateMany on the row).
        find: /(onLost: \(reason\) => logger\.warn\("inbox event lease lost", \{ topic: event\.topic, eventId: event\.id, reason \}\),\n\s*now: \(\) => this\.now\(\)\.getTime\(\)\n\s*\}\))\.start\(\);/,
        replace: "$1;",
      },
    ],
  },
  {
    name: "no-lease-renewal-postgresql",
    protection: "a pg-boss job renews its inbox row's lease while it works, so the event is never run twice",
    test: "test/faults/lease-renewal.test.ts",
    engine: "postgresql",
    edits: [
      {
        // The pg-boss job's keeper (aborted by pg-boss's own signal, renewed by the RENEW statement).
        find: /(abortedBy: job\.signal,\n\s*renew: [^\n]*\n\s*onLost: [^\n]*\n\s*\}\))\.start\(\);/,
        replace: "$1;",
      },
    ],
  },
  {
    name: "stuck-poll-default-30-min",
    protection: "by default a review without its callback is first polled 2 minutes after submission (not 30)",
    test: "test/faults/stuck-poll-schedule.test.ts",
    engine: "sqlite",
    edits: [
      {
        find: 'stuckAfterMs: wholeNumber("RECONCILE_STUCK_AFTER_MS", 2 * MINUTE,',
        replace: 'stuckAfterMs: wholeNumber("RECONCILE_STUCK_AFTER_MS", 30 * MINUTE,',
      },
    ],
  },
  {
    name: "stuck-poll-default-30-min-postgresql",
    protection:
      "by default a review without its callback is first polled 2 minutes after submission (not 30; PostgreSQL)",
    test: "test/faults/stuck-poll-schedule.test.ts",
    engine: "postgresql",
    edits: [
      {
        find: 'stuckAfterMs: wholeNumber("RECONCILE_STUCK_AFTER_MS", 2 * MINUTE,',
        replace: 'stuckAfterMs: wholeNumber("RECONCILE_STUCK_AFTER_MS", 30 * MINUTE,',
      },
    ],
  },
  {
    name: "stuck-poll-evenly-spaced",
    protection: "the default poll schedule spaces out (2, 5, 10, 30, 60 min, then hourly), not every first-poll delay",
    test: "test/faults/stuck-poll-schedule.test.ts",
    engine: "sqlite",
    edits: [
      { find: "const POLL_SCHEDULE_FACTORS = [1, 2.5, 5, 15, 30];", replace: "const POLL_SCHEDULE_FACTORS = [1];" },
    ],
  },
];

/** vitest's -t arguments: the mutant's filter, within its engine's block when it names one. */
function testNamePattern(mutant: Mutant): string[] {
  const engine = mutant.engine ? `\\(${mutant.engine}\\)` : "";
  const pattern = [engine, mutant.filter ?? ""].filter(Boolean).join(".*");
  return pattern ? ["-t", pattern] : [];
}

const source = path.resolve("build/server/index.js");
// Another build may be under way (it deletes and rewrites build/): wait for it, bounded.
for (let i = 0; i < 60 && !fs.existsSync(source); i++) await new Promise((r) => setTimeout(r, 500));
if (!fs.existsSync(source)) throw new Error("No build/server/index.js: run `npx remix vite:build` first.");
const build = fs.readFileSync(source, "utf8");
const dir = path.resolve("test/faults/.mutants");
fs.mkdirSync(dir, { recursive: true });

const wanted = process.argv.slice(2);
const results: string[] = [];
for (const mutant of MUTANTS.filter((m) => wanted.length === 0 || wanted.includes(m.name))) {
  let text = build;
  let stale = false;
  for (const edit of mutant.edits) {
    const found = typeof edit.find === "string" ? text.includes(edit.find) : edit.find.test(text);
    if (!found) stale = true;
    text =
      typeof edit.find === "string"
        ? text.replace(edit.find, () => edit.replace)
        : text.replace(edit.find, edit.replace);
  }
  if (stale) {
    results.push(`${mutant.name}: STALE (its text is not in the current build)`);
    continue;
  }
  // Next to the build's own folder depth, so that its bare imports resolve the same way.
  const file = path.join(dir, `${mutant.name}.js`);
  fs.writeFileSync(file, text);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [path.resolve("node_modules/vitest/vitest.mjs"), "run", mutant.test, ...testNamePattern(mutant)],
    { env: { ...process.env, FAULTS_BUILD_PATH: file }, encoding: "utf8", timeout: 600_000 },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const failed = run.status !== 0;
  const summary = `${run.stdout}`
    .split("\n")
    .filter((l) => /Tests\s+\d|✓|×|AssertionError|expected/.test(l))
    .slice(0, 6)
    .join("\n    ");
  results.push(
    `${mutant.name} (${mutant.protection}) → ${mutant.test}: ${failed ? "FAILED as it should" : "PASSED: the test does not catch this"} in ${seconds} s\n    ${summary}`,
  );
  fs.rmSync(file, { force: true });
}
console.log(results.join("\n"));
