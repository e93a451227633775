import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { sqliteUrl } from "./lib/database-url";

declare global {
  // Survives Remix/Vite dev reloads so that one process keeps one connection.
  var __apruvdPrisma: PrismaClient | undefined;
}

export function createPrismaClient(url: string = sqliteUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
}

const prisma: PrismaClient = globalThis.__apruvdPrisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalThis.__apruvdPrisma = prisma;

export default prisma;
