import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "sandbox/**/*.test.ts",
      "scripts/**/*.test.ts",
      "test/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    environment: "node",
    setupFiles: ["test/setup/env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own SQLite database (test/setup/env.ts), so files may run in parallel.
    pool: "forks",
  },
});
