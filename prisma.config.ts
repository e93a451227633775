import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { sqliteUrl } from "./app/lib/platform/database/database-url";

// Prisma's native engines cannot be downloaded on our machines, so both the query
// compiler and the schema engine run in JS through the libsql driver adapter.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaLibSQL({ url: sqliteUrl() });
  },
});
