import fs from "node:fs";
import nodePath from "node:path";

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

/**
 * Whether this process could write the database now: the file, its -wal and -shm files
 * (or, where they do not exist yet, the directory SQLite creates them in). Checked before
 * a connection is opened: SQLite opens a file it cannot write read-only without a word,
 * and in write-ahead-log mode the -shm mapping it then opens read-only is shared by every
 * later connection of the process to that file for as long as one of them lives.
 */
export function sqliteFileWritable(file: string): boolean {
  const writable = (candidate: string) => {
    try {
      fs.accessSync(candidate, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  const directory = nodePath.dirname(file);
  if (!fs.existsSync(file)) return writable(directory);
  if (!writable(file)) return false;
  return ["-wal", "-shm"].every((suffix) =>
    fs.existsSync(`${file}${suffix}`) ? writable(`${file}${suffix}`) : writable(directory),
  );
}
