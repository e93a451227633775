/**
 * Shopify's real Admin GraphQL schema, as shipped in @shopify/dev-mcp. The local Shopify
 * simulator validates and executes every document against it, the schema validation test
 * checks the app's documents with it, and codegen writes it out (scripts/admin-schema.ts),
 * so that every document the app sends is checked against what Shopify really serves.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { ADMIN_API_VERSION } from "../../app/lib/platform/shopify-app";

export { ADMIN_API_VERSION };

// The package exports no subpaths, so find its folder the way Node does: up the tree.
function devMcpDataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "node_modules", "@shopify", "dev-mcp", "dist", "data");
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("@shopify/dev-mcp is not installed (npm install)");
    dir = parent;
  }
}

export function adminIntrospection(version: string = ADMIN_API_VERSION): IntrospectionQuery {
  const file = path.join(devMcpDataDir(), `admin_${version}.json.gz`);
  const parsed = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as
    IntrospectionQuery | { data: IntrospectionQuery };
  return "data" in parsed ? parsed.data : parsed;
}

let cached: GraphQLSchema | undefined;
export function adminSchema(): GraphQLSchema {
  cached ??= buildClientSchema(adminIntrospection());
  return cached;
}
