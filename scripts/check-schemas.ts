/**
 * The app has two Prisma schemas with the same models: prisma/schema.prisma (SQLite, the
 * embedded default) and prisma/postgres/schema.prisma (PostgreSQL, the scale-out
 * deployment). Only their generator and datasource blocks may differ.
 *
 *   npx tsx scripts/check-schemas.ts            fails (exit 1) when the models drift apart
 *   npx tsx scripts/check-schemas.ts --fix      copies the SQLite schema's models into the PostgreSQL one
 *   DATABASE_URL=postgres://... npx tsx scripts/check-schemas.ts --migration <name>
 *        writes prisma/postgres/migrations/<timestamp>_<name>/migration.sql: what the PostgreSQL
 *        migrations lack to reach prisma/postgres/schema.prisma (needs a server that allows
 *        CREATE DATABASE, for Prisma's shadow database; nothing is changed in DATABASE_URL's database)
 *   DATABASE_URL=postgres://... npx tsx scripts/check-schemas.ts --migrations
 *        fails when the PostgreSQL migrations do not produce prisma/postgres/schema.prisma
 *
 * The comparison is structural: comments, blank lines, spacing and the order of fields
 * and block attributes do not count; any difference in a field's type, modifiers or
 * attributes, or in a block attribute (@@index, @@unique...), does.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgres/schema.prisma";
export const POSTGRES_MIGRATIONS = "prisma/postgres/migrations";
export const POSTGRES_CONFIG = "prisma.postgres.config.ts";

export type BlockKind = "model" | "enum" | "view" | "type";

export interface SchemaBlock {
  kind: BlockKind;
  name: string;
  /** field (or enum value) name → its normalised line */
  members: Map<string, string>;
  /** normalised block attributes (@@id, @@unique, @@index, @@map...) */
  attributes: string[];
}

/** Drops `//` and `///` comments, leaving string literals alone. */
export function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\" && inString) {
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    else if (!inString && c === "/" && line[i + 1] === "/") return line.slice(0, i);
  }
  return line;
}

function normaliseLine(line: string): string {
  // Collapse runs of whitespace outside strings, and spaces around punctuation Prisma ignores.
  let out = "";
  let inString = false;
  let pendingSpace = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      out += c;
      if (c === "\\") out += line[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace && !/[(),=:\]]/.test(c) && !/[([,=:]$/.test(out)) out += " ";
    pendingSpace = false;
    if (c === '"') inString = true;
    out += c;
  }
  return out.replace(/,\s*/g, ", ");
}

/** The model, enum, view and composite-type blocks of a schema (generator and datasource are skipped). */
export function parseSchemaBlocks(text: string): Map<string, SchemaBlock> {
  const blocks = new Map<string, SchemaBlock>();
  const lines = text.split(/\r?\n/).map(stripComment);
  let current: SchemaBlock | null = null;
  let skipping = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!current && !skipping) {
      const open = /^(model|enum|view|type|generator|datasource)\s+(\w+)\s*\{$/.exec(line);
      if (!open) throw new Error(`Unexpected line outside a block: ${line}`);
      if (open[1] === "generator" || open[1] === "datasource") {
        skipping = true;
        continue;
      }
      const key = `${open[1]} ${open[2]}`;
      if (blocks.has(key)) throw new Error(`Duplicate ${key}`);
      current = { kind: open[1] as BlockKind, name: open[2], members: new Map(), attributes: [] };
      blocks.set(key, current);
      continue;
    }
    if (line === "}") {
      current = null;
      skipping = false;
      continue;
    }
    if (skipping || !current) continue;
    const normal = normaliseLine(line);
    if (normal.startsWith("@@")) {
      current.attributes.push(normal);
    } else {
      const name = /^(\w+)/.exec(normal)?.[1];
      if (!name) throw new Error(`Cannot read the line "${line}" of ${current.kind} ${current.name}`);
      if (current.members.has(name)) throw new Error(`Duplicate field ${name} in ${current.kind} ${current.name}`);
      current.members.set(name, normal);
    }
  }
  if (current) throw new Error(`Unclosed ${current.kind} ${current.name}`);
  return blocks;
}

/** Every difference between the models of two schemas, as readable lines; empty when they agree. */
export function compareSchemas(
  sqliteText: string,
  postgresText: string,
  labels: [string, string] = [SQLITE_SCHEMA, POSTGRES_SCHEMA],
): string[] {
  const [aLabel, bLabel] = labels;
  const a = parseSchemaBlocks(sqliteText);
  const b = parseSchemaBlocks(postgresText);
  const problems: string[] = [];
  for (const [key, block] of a) {
    const other = b.get(key);
    if (!other) {
      problems.push(`${key} is in ${aLabel} but not in ${bLabel}`);
      continue;
    }
    for (const [member, line] of block.members) {
      const otherLine = other.members.get(member);
      if (otherLine === undefined) problems.push(`${key}: "${line}" is missing from ${bLabel}`);
      else if (otherLine !== line)
        problems.push(`${key}.${member}: ${aLabel} has "${line}", ${bLabel} has "${otherLine}"`);
    }
    for (const member of other.members.keys()) {
      if (!block.members.has(member)) problems.push(`${key}: "${other.members.get(member)}" is only in ${bLabel}`);
    }
    const attrsA = [...block.attributes].sort();
    const attrsB = [...other.attributes].sort();
    for (const attr of attrsA) if (!attrsB.includes(attr)) problems.push(`${key}: "${attr}" is missing from ${bLabel}`);
    for (const attr of attrsB) if (!attrsA.includes(attr)) problems.push(`${key}: "${attr}" is only in ${bLabel}`);
  }
  for (const key of b.keys()) if (!a.has(key)) problems.push(`${key} is in ${bLabel} but not in ${aLabel}`);
  return problems;
}

/** Offset just past the last generator/datasource block (the part of a schema that is engine-specific). */
function headerEnd(text: string): number {
  const re = /^(?:generator|datasource)\s+\w+\s*\{[\s\S]*?^\}[^\n]*\n?/gm;
  let end = 0;
  for (let match = re.exec(text); match; match = re.exec(text)) end = match.index + match[0].length;
  return end;
}

/** The PostgreSQL schema with its header kept and everything after it taken from the SQLite schema. */
export function syncModels(sqliteText: string, postgresText: string): string {
  const header = postgresText.slice(0, headerEnd(postgresText)).replace(/\s*$/, "\n");
  const models = sqliteText.slice(headerEnd(sqliteText)).replace(/^\s*/, "");
  return `${header}\n${models}`;
}

function prismaCli(args: string[], env: NodeJS.ProcessEnv): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), ...args], {
    env,
    encoding: "utf8",
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** SQL that brings a database migrated with prisma/postgres/migrations to prisma/postgres/schema.prisma ("" when none). */
export function pendingPostgresMigrationSql(env: NodeJS.ProcessEnv = process.env): string {
  const args = [
    "migrate",
    "diff",
    "--config",
    POSTGRES_CONFIG,
    "--from-migrations",
    POSTGRES_MIGRATIONS,
    "--to-schema-datamodel",
    POSTGRES_SCHEMA,
    "--script",
  ];
  const result = prismaCli(args, env);
  if (result.status !== 0) throw new Error(`prisma migrate diff failed:\n${result.stdout}\n${result.stderr}`);
  const sql = result.stdout.trim();
  return /^--\s*This is an empty migration\.?$/m.test(sql) || sql === "" ? "" : sql;
}

/** Now as YYYYMMDDHHMMSS, or one second after the newest migration when that is later (migrations run in name order). */
export function nextMigrationStamp(existing: string[] = fs.readdirSync(POSTGRES_MIGRATIONS), now = new Date()): string {
  const stamp = (date: Date) => date.toISOString().replace(/\D/g, "").slice(0, 14);
  const latest = existing
    .map((name) => /^(\d{14})_/.exec(name)?.[1])
    .filter((value): value is string => Boolean(value))
    .sort()
    .at(-1);
  if (!latest || stamp(now) > latest) return stamp(now);
  const [y, mo, d, h, mi, se] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(latest.slice(at, i === 0 ? 4 : at + 2)));
  return stamp(new Date(Date.UTC(y, mo - 1, d, h, mi, se + 1)));
}

function main(argv: string[]): number {
  const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8");
  let postgres = fs.readFileSync(POSTGRES_SCHEMA, "utf8");
  if (argv.includes("--fix")) {
    postgres = syncModels(sqlite, postgres);
    fs.writeFileSync(POSTGRES_SCHEMA, postgres);
    console.log(`${POSTGRES_SCHEMA}: models copied from ${SQLITE_SCHEMA}`);
  }
  const problems = compareSchemas(sqlite, postgres);
  if (problems.length > 0) {
    console.error(
      `The Prisma schemas have drifted apart (${problems.length} difference${problems.length === 1 ? "" : "s"}):`,
    );
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error(`Fix: npx tsx scripts/check-schemas.ts --fix, then add a PostgreSQL migration (--migration <name>).`);
    return 1;
  }
  console.log(`${SQLITE_SCHEMA} and ${POSTGRES_SCHEMA} have the same models.`);

  const migrationIndex = argv.indexOf("--migration");
  if (argv.includes("--migrations") || migrationIndex !== -1) {
    const sql = pendingPostgresMigrationSql();
    if (migrationIndex !== -1) {
      const name = (argv[migrationIndex + 1] ?? "").replace(/[^a-z0-9_]/gi, "_");
      if (!name) throw new Error("--migration needs a name");
      if (!sql) {
        console.log("The PostgreSQL migrations already match the schema: no migration written.");
        return 0;
      }
      const dir = path.join(POSTGRES_MIGRATIONS, `${nextMigrationStamp()}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
      console.log(`Wrote ${dir}/migration.sql`);
      return 0;
    }
    if (sql) {
      console.error(`The PostgreSQL migrations do not produce ${POSTGRES_SCHEMA}; missing:\n${sql}`);
      return 1;
    }
    console.log(`The PostgreSQL migrations produce ${POSTGRES_SCHEMA}.`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(main(process.argv.slice(2)));
}
