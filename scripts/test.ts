/**
 * `npm test`: typecheck (the app, and the admin order block with its own tsconfig), lint and format check,
 * bundle the order block as the Shopify CLI does and hold it under Shopify's 64 KB compressed limit, run
 * Shopify's theme linter on the theme app extension, build the Remix app (the end-to-end tests serve the
 * real build), run every Vitest test, and close with one plain "tests: N passed, N failed" line.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const bin = (name: string) => path.resolve("node_modules", ".bin", name);
const extraArgs = process.argv.slice(2);

function step(title: string, command: string, args: string[]): number {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  return result.status ?? 1;
}

const ORDER_BLOCK = "extensions/apruvd-order-block";
const THEME_EXTENSION = "extensions/apruvd-theme";

if (
  step("typecheck", bin("tsc"), ["--noEmit"]) !== 0 ||
  step("typecheck order block", bin("tsc"), ["--noEmit", "-p", `${ORDER_BLOCK}/tsconfig.json`]) !== 0
) {
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
if (
  step("lint", bin("eslint"), ["."]) !== 0 ||
  step("format", bin("prettier"), ["--check", "--log-level", "warn", "."]) !== 0
) {
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
if (
  step("order block bundle (under 64 KB compressed)", bin("tsx"), ["scripts/ui-extension-bundle.ts", ORDER_BLOCK]) !==
    0 ||
  step("theme-check", bin("tsx"), ["scripts/theme-check.ts", THEME_EXTENSION]) !== 0
) {
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
if (step("build", bin("remix"), ["vite:build", "--logLevel", "warn"]) !== 0) {
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}

const report = path.join(os.tmpdir(), `apruvd-vitest-${process.pid}.json`);
const status = step("vitest", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...extraArgs,
]);

let passed = 0;
let failed = 0;
if (fs.existsSync(report)) {
  const summary = JSON.parse(fs.readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + summary.numPendingTests + summary.numTodoTests;
  fs.rmSync(report, { force: true });
} else {
  failed = 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
