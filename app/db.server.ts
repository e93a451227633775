import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { sqliteUrl } from "./lib/database-url";

declare global {
  // One client per process: it survives Vite dev reloads, and the server build and the
  // scripts that load it (demo, tests) share it instead of opening a second connection.
  var __apruvdPrisma: PrismaClient | undefined;
}

export function createPrismaClient(url: string = sqliteUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
}

const prisma: PrismaClient = (globalThis.__apruvdPrisma ??= createPrismaClient());

export default prisma;
