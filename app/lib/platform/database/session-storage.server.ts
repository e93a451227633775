import type { PrismaClient } from "@prisma/client";
import type { Session } from "@shopify/shopify-api";
import {
  MissingSessionStorageError,
  MissingSessionTableError,
  PrismaSessionStorage,
} from "@shopify/shopify-app-session-storage-prisma";

/**
 * Shopify's Prisma session storage, able to recover without a restart. The library reads
 * its table once, at construction, and when the database could not be read then (a
 * read-only SQLite file, which sqlite-adapter.server.ts opens no connection to; PostgreSQL
 * not up yet) it refuses every later call, for good: every webhook's verification loads
 * the shop's session, so no webhook would be accepted again until a restart. Here a
 * refused call reads the table once more and, when that works, has the library check
 * again (isReady) and runs the call.
 */
export class RecoveringPrismaSessionStorage extends PrismaSessionStorage<PrismaClient> {
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient, options?: ConstructorParameters<typeof PrismaSessionStorage>[1]) {
    super(prisma, options);
    this.#prisma = prisma;
  }

  async #recovering<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof MissingSessionTableError || error instanceof MissingSessionStorageError)) throw error;
      // Fails at once (the original refusal stands) while the database still cannot be read.
      await this.#prisma.session.count().catch(() => {
        throw error;
      });
      if (!(await super.isReady())) throw error;
      return run();
    }
  }

  override storeSession(session: Session) {
    return this.#recovering(() => super.storeSession(session));
  }

  override loadSession(id: string) {
    return this.#recovering(() => super.loadSession(id));
  }

  override deleteSession(id: string) {
    return this.#recovering(() => super.deleteSession(id));
  }

  override deleteSessions(ids: string[]) {
    return this.#recovering(() => super.deleteSessions(ids));
  }

  override findSessionsByShop(shop: string) {
    return this.#recovering(() => super.findSessionsByShop(shop));
  }
}
