import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";

// Every test file runs against its own real SQLite database, migrated from the
// project's migrations: a template is built once per migration set, then copied.
const migrationsDir = path.resolve("prisma/migrations");
const migrationsHash = crypto.createHash("sha256");
for (const dir of fs.readdirSync(migrationsDir).sort()) {
  const file = path.join(migrationsDir, dir, "migration.sql");
  if (fs.existsSync(file)) migrationsHash.update(dir).update(fs.readFileSync(file));
}
const template = path.join(os.tmpdir(), `apruvd-test-template-${migrationsHash.digest("hex").slice(0, 16)}.db`);
if (!fs.existsSync(template)) {
  const tmp = `${template}.${process.pid}.tmp`;
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${tmp}` },
    stdio: "ignore",
  });
  try {
    fs.renameSync(tmp, template);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
const dbFile = path.join(os.tmpdir(), `apruvd-test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
fs.copyFileSync(template, dbFile);
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.NODE_ENV ??= "test";
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3000";
process.env.SCOPES ??=
  "read_orders,write_orders,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders,read_third_party_fulfillment_orders,write_third_party_fulfillment_orders";
process.env.APRUVD_ENCRYPTION_KEY ??= "0".repeat(64);
process.env.LOG_LEVEL ??= "error";
