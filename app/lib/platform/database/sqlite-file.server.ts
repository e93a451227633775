import fs from "node:fs";

/**
 * The SQLite database holds every shop's (encrypted) secrets and its reviews: only the
 * app's own user may read it. The file is created 0600 before SQLite opens it (SQLite
 * gives its -wal and -shm files the database file's permissions), and a file that
 * already exists with group or world bits (an older install, `prisma migrate deploy`
 * under a default umask) loses them. Owner bits are left as they are.
 */
const SIDE_FILES = ["", "-wal", "-shm", "-journal"];

/** The file a `file:` URL names, or null (not SQLite, or in memory). */
export function sqliteFilePath(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const file = url.slice("file:".length).split("?")[0];
  return file && file !== ":memory:" ? file : null;
}

export function restrictSqliteFile(url: string): void {
  const file = sqliteFilePath(url);
  if (!file) return;
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, "a", 0o600));
  for (const suffix of SIDE_FILES) {
    const path = `${file}${suffix}`;
    try {
      const mode = fs.statSync(path).mode & 0o777;
      if (mode & 0o077) fs.chmodSync(path, mode & 0o700);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}
