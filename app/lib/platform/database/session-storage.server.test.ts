import { Session } from "@shopify/shopify-api";
import type { PrismaClient } from "@prisma/client";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { RecoveringPrismaSessionStorage } from "./session-storage.server";

/** The app's client, with its session table unreadable while `down` is set (a read-only SQLite file the adapter will not open). */
function flakyPrisma(state: { down: boolean }): PrismaClient {
  const fail = () => Promise.reject(Object.assign(new Error("SQLITE_READONLY"), { code: "SQLITE_READONLY" }));
  return new Proxy(prisma, {
    get(target, property) {
      if (property !== "session") return Reflect.get(target, property);
      return new Proxy(target.session, {
        get(table, method) {
          const value = Reflect.get(table, method) as unknown;
          if (typeof value !== "function") return value;
          return (...args: unknown[]) =>
            state.down ? fail() : (value as (...a: unknown[]) => unknown).apply(table, args);
        },
      });
    },
  });
}

const QUICK = { connectionRetries: 1, connectionRetryIntervalMs: 0 };

describe("the session storage when the database could not be read at start", () => {
  it("works once the database can be read again, without a restart", async () => {
    const state = { down: true };
    const storage = new RecoveringPrismaSessionStorage(flakyPrisma(state), QUICK);
    const session = new Session({
      id: "offline_recover.myshopify.com",
      shop: "recover.myshopify.com",
      state: "s",
      isOnline: false,
    });
    await expect(storage.storeSession(session)).rejects.toThrow();
    state.down = false;
    expect(await storage.storeSession(session)).toBe(true);
    expect((await storage.loadSession(session.id))?.shop).toBe("recover.myshopify.com");
    await storage.deleteSession(session.id);
  });

  it("(the library's own storage refuses for good: what the wrapper is for)", async () => {
    const state = { down: true };
    const storage = new PrismaSessionStorage(flakyPrisma(state), QUICK);
    await expect(storage.loadSession("offline_x.myshopify.com")).rejects.toThrow();
    state.down = false;
    await expect(storage.loadSession("offline_x.myshopify.com")).rejects.toThrow(/does not exist/);
  });
});
