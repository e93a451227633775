/**
 * Runs the benchmark smoke test alone: `npx vitest run --config bench/vitest.config.ts`.
 * (The main vitest.config.ts includes it too, so `npm test` runs it.)
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["bench/**/*.test.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
