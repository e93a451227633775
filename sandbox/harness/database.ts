/** The app's SQLite schema applied to a database, with Prisma's CLI, as `npm run setup` does. */
import { spawnSync } from "node:child_process";
import path from "node:path";

export function migrateDatabase(databaseUrl: string): void {
  const result = spawnSync(
    process.execPath,
    [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
}
