import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

/**
 * The driver adapter Prisma's JS schema engine (migrate deploy / diff / status) uses on
 * PostgreSQL. Prisma 6.19's @prisma/adapter-pg cannot describe columns of PostgreSQL's
 * catalog types (`name`, `"char"`, `regclass`...), which the schema engine reads while
 * inspecting the database: migrate fails with "Column type 'name' could not be
 * deserialized from the database" (prisma/prisma#27403). Their values arrive as text, so
 * this pool reports those columns as text (or text[]) to the adapter. The application's
 * own client never reads catalog columns and uses the plain adapter (app/db.server.ts).
 */

const TEXT = 25;
const TEXT_ARRAY = 1009;
// name, "char", regproc, xid, pg_node_tree, int2vector, oidvector, regclass, regtype, aclitem, regnamespace
const CATALOG_SCALARS = new Set([19, 18, 24, 28, 194, 22, 30, 2205, 2206, 1033, 4089]);
// name[], "char"[], regproc[], xid[], int2vector[], oidvector[], regclass[], regtype[], aclitem[]
const CATALOG_ARRAYS = new Set([1003, 1002, 1008, 1011, 1006, 1013, 2210, 2211, 1034]);

type Fields = { dataTypeID: number }[];

function asText<T>(result: T): T {
  const fields = (result as { fields?: Fields } | undefined)?.fields;
  if (Array.isArray(fields)) {
    for (const field of fields) {
      if (CATALOG_SCALARS.has(field.dataTypeID)) field.dataTypeID = TEXT;
      else if (CATALOG_ARRAYS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY;
    }
  }
  return result;
}

function wrapQuery<C extends { query: (...args: never[]) => unknown }>(client: C): C {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const result = original(...args);
    return result instanceof Promise ? result.then(asText) : result;
  };
  return client;
}

class CatalogTextPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(asText) : result) as never;
  }

  override connect(...args: unknown[]): never {
    if (args.length > 0) return (super.connect as (...a: unknown[]) => never)(...args);
    return super.connect().then((client) => wrapQuery(client)) as never;
  }
}

/**
 * Also gives `migrate diff --from-migrations` a real shadow database: PrismaPg's own
 * connectToShadowDb keeps the pool's connection string (and so the MAIN database) when the
 * pool is passed in, which would replay the migrations against the real database.
 */
class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super(new CatalogTextPool({ connectionString, max: 2 }), { disposeExternalPool: true });
  }

  override async connectToShadowDb(): ReturnType<PrismaPg["connectToShadowDb"]> {
    const admin = await new PrismaPg(new CatalogTextPool({ connectionString: this.connectionString, max: 1 }), {
      disposeExternalPool: true,
    }).connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, "")}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const url = new URL(this.connectionString);
    url.pathname = `/${database}`;
    const shadow = await new PrismaPg(new CatalogTextPool({ connectionString: url.toString(), max: 2 }), {
      disposeExternalPool: true,
    }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.dispose();
    };
    return shadow;
  }
}

export function migrationAdapter(connectionString: string): PrismaPg {
  return new MigrationAdapterFactory(connectionString);
}
