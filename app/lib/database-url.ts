import path from "node:path";

/**
 * The SQLite database URL for the embedded default. DATABASE_URL may point elsewhere
 * (`file:./dev.db` style, resolved against the project root so that the app, Prisma's
 * CLI and the tests agree on one file).
 */
export function sqliteUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.DATABASE_URL ?? "file:./prisma/dev.db";
  if (!raw.startsWith("file:")) return raw;
  const file = raw.slice("file:".length);
  return "file:" + (path.isAbsolute(file) ? file : path.resolve(process.cwd(), file));
}
