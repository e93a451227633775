import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pendingPostgresMigrationSql, POSTGRES_SCHEMA } from "../../scripts/check-schemas";
import { createTestDatabase, type TestDatabase } from "./postgres";

// prisma/postgres/migrations must produce exactly prisma/postgres/schema.prisma: a model
// copied with `check-schemas --fix` but no migration written fails here (and would fail
// in production on the first query touching the new column). Real PostgreSQL; Prisma's
// shadow database is created and dropped on the same server.
let db: TestDatabase | undefined;
let ready: Promise<void>;

beforeAll(async () => {
  ready = (async () => {
    db = await createTestDatabase("migrations", { migrate: false });
  })();
  await ready.catch(() => undefined);
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

describe("PostgreSQL migrations", () => {
  it(`bring an empty database exactly to ${POSTGRES_SCHEMA}`, async () => {
    await ready;
    const missing = pendingPostgresMigrationSql({ ...process.env, DATABASE_URL: db!.url });
    expect(
      missing,
      `Write the missing migration: DATABASE_URL=postgres://… npx tsx scripts/check-schemas.ts --migration <name>\n${missing}`,
    ).toBe("");
  }, 60_000);
});
