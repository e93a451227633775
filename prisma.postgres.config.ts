import path from "node:path";
import { defineConfig } from "prisma/config";
import { postgresUrl } from "./app/lib/platform/database/database-url";
import { migrationAdapter } from "./prisma/postgres/migrate-adapter";

// The PostgreSQL deployment (docs/deployment.md): its own schema and migrations, and, as for
// SQLite, no native engine: the JS schema engine talks to the database through node-postgres.
//   DATABASE_URL=postgres://... npx prisma migrate deploy --config prisma.postgres.config.ts
//   npx prisma generate --config prisma.postgres.config.ts      (needs no database)
export default defineConfig({
  schema: path.join("prisma", "postgres", "schema.prisma"),
  migrations: { path: path.join("prisma", "postgres", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return migrationAdapter(postgresUrl());
  },
});
