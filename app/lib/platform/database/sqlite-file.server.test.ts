import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../../db.server";
import { restrictSqliteFile, sqliteFilePath } from "./sqlite-file.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apruvd-sqlite-mode-"));
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the SQLite database file", () => {
  it("is created 0600 by the app, and so are its write-ahead log files", async () => {
    const file = path.join(dir, "new.db");
    const client = createPrismaClient(`file:${file}`);
    try {
      await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
      await client.$executeRawUnsafe("CREATE TABLE probe (id INTEGER)");
      await client.$executeRawUnsafe("INSERT INTO probe VALUES (1)");
      expect(modeOf(file)).toBe(0o600);
      for (const side of ["-wal", "-shm"]) if (fs.existsSync(file + side)) expect(modeOf(file + side)).toBe(0o600);
    } finally {
      await client.$disconnect();
    }
  });

  it("loses group and world permissions when it already exists", () => {
    const file = path.join(dir, "old.db");
    fs.writeFileSync(file, "");
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-wal`, "");
    fs.chmodSync(`${file}-wal`, 0o664);
    createPrismaClient(`file:${file}`);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
  });

  it("keeps owner bits as they are (a read-only file stays read-only)", () => {
    const file = path.join(dir, "readonly.db");
    fs.writeFileSync(file, "");
    fs.chmodSync(file, 0o444);
    restrictSqliteFile(`file:${file}`);
    expect(modeOf(file)).toBe(0o400);
  });

  it("names the file of a file: URL only", () => {
    expect(sqliteFilePath("file:/tmp/a.db?mode=rwc")).toBe("/tmp/a.db");
    expect(sqliteFilePath("file::memory:")).toBeNull();
    expect(sqliteFilePath("postgres://db/app")).toBeNull();
  });
});
