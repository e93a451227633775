import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compareSchemas,
  parseSchemaBlocks,
  POSTGRES_SCHEMA,
  SQLITE_SCHEMA,
  stripComment,
  syncModels,
} from "./check-schemas";

const SQLITE = `
generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

// An order's review.
model Review {
  id      String  @id @default(cuid())
  shop    String
  status  String  @default("pending") // pending | Approved | Declined
  note    String? @default("a // not a comment")
  holds   Hold[]

  @@unique([shop, id])
  @@index([shop, status])
}

model Hold {
  id       String @id
  reviewId String
  review   Review @relation(fields: [reviewId], references: [id], onDelete: Cascade)
}

enum Kind {
  A
  B
}
`;

function postgresOf(models: string): string {
  return `// PostgreSQL
generator client {
  provider = "prisma-client-js"
  output   = "../../node_modules/.prisma/client-pg"
}

datasource db {
  provider = "postgresql"
  url      = "postgresql://placeholder"
}
${models}`;
}

const MODELS = SQLITE.slice(SQLITE.indexOf("// An order's review."));

describe("check-schemas", () => {
  it("the repository's SQLite and PostgreSQL schemas have the same models", () => {
    const problems = compareSchemas(fs.readFileSync(SQLITE_SCHEMA, "utf8"), fs.readFileSync(POSTGRES_SCHEMA, "utf8"));
    expect(
      problems,
      `Run \`npx tsx scripts/check-schemas.ts --fix\` and add a PostgreSQL migration:\n${problems.join("\n")}`,
    ).toEqual([]);
  });

  it("ignores the generator, the datasource, comments, spacing and member order", () => {
    const reordered = postgresOf(`
model Hold {
  reviewId String
  id String    @id
  review Review @relation(fields: [reviewId], references: [id], onDelete: Cascade) // the parent
}
enum Kind {
  B
  A
}
model Review {
  @@index([shop, status])
  id String @id @default(cuid())
  shop String
  status String @default("pending")
  note String? @default("a // not a comment")
  holds Hold[]
  @@unique([shop, id])
}
`);
    expect(compareSchemas(SQLITE, reordered)).toEqual([]);
  });

  it("reports an added, a removed and a changed field", () => {
    const drifted = postgresOf(
      MODELS.replace("  shop    String\n", "")
        .replace('@default("pending")', '@default("Submitted")')
        .replace("  holds   Hold[]\n", "  holds   Hold[]\n  extra   Int?\n"),
    );
    const problems = compareSchemas(SQLITE, drifted);
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(/model Review: "shop String" is missing/);
    expect(problems.join("\n")).toMatch(
      /model Review\.status: .*"status String @default\("pending"\)".*"status String @default\("Submitted"\)"/,
    );
    expect(problems.join("\n")).toMatch(/model Review: "extra Int\?" is only in/);
  });

  it("reports a missing model, a changed relation, an index and an enum value", () => {
    const drifted = postgresOf(
      MODELS.replace("onDelete: Cascade", "onDelete: Restrict")
        .replace("  @@index([shop, status])\n", "  @@index([status])\n")
        .replace("  B\n", "  B\n  C\n") + "\nmodel Orphan {\n  id String @id\n}\n",
    );
    const problems = compareSchemas(SQLITE, drifted).join("\n");
    expect(problems).toMatch(/model Hold\.review: .*Cascade.*Restrict/);
    expect(problems).toMatch(/"@@index\(\[shop, status\]\)" is missing/);
    expect(problems).toMatch(/"@@index\(\[status\]\)" is only in/);
    expect(problems).toMatch(/enum Kind: "C" is only in/);
    expect(problems).toMatch(/model Orphan is in .* but not in/);
    expect(compareSchemas(SQLITE, postgresOf(MODELS.replace(/model Hold \{[\s\S]*?\n\}\n/, "")))).toEqual([
      `model Hold is in ${SQLITE_SCHEMA} but not in ${POSTGRES_SCHEMA}`,
    ]);
  });

  it("--fix keeps the PostgreSQL header and takes every model from the SQLite schema", () => {
    const stale = postgresOf("model Old {\n  id String @id\n}\n");
    const fixed = syncModels(SQLITE, stale);
    expect(compareSchemas(SQLITE, fixed)).toEqual([]);
    expect(fixed).toContain('provider = "postgresql"');
    expect(fixed).toContain("client-pg");
    expect(fixed).not.toContain("model Old");
    expect(fixed).toContain("// An order's review.");
  });

  it("strips comments but not // inside strings, and rejects what it cannot read", () => {
    expect(stripComment('  a String @default("x // y") // note')).toBe('  a String @default("x // y") ');
    expect(() => parseSchemaBlocks("model A {\n  id String @id\n")).toThrow(/Unclosed model A/);
    expect(() => parseSchemaBlocks("stray line")).toThrow(/outside a block/);
    expect([...parseSchemaBlocks(SQLITE).keys()]).toEqual(["model Review", "model Hold", "enum Kind"]);
  });
});

describe("nextMigrationStamp", () => {
  it("is now, or one second after the newest migration when that sorts later", async () => {
    const { nextMigrationStamp } = await import("./check-schemas");
    const now = new Date("2026-11-21T17:00:00Z");
    expect(nextMigrationStamp(["20261121160000_init", "migration_lock.toml"], now)).toBe("20261121170000");
    expect(nextMigrationStamp(["20261231235959_future"], now)).toBe("20270101000000");
    expect(nextMigrationStamp([], now)).toBe("20261121170000");
  });
});
