/**
 * `npm run graphql-codegen` step one: writes Shopify's Admin schema (from @shopify/dev-mcp,
 * loaded by sandbox/shopify/admin-schema.ts) where @shopify/api-codegen-preset looks for it,
 * so codegen never downloads anything.
 *
 *   npx tsx scripts/admin-schema.ts
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ADMIN_API_VERSION } from "../app/lib/platform/shopify-app";
import { adminIntrospection } from "../sandbox/shopify/admin-schema";

/** Writes the introspection JSON where @shopify/api-codegen-preset looks for it (no download). */
export function writeSchemaForCodegen(outputDir = path.resolve("app/types")): string {
  fs.mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, `admin-${ADMIN_API_VERSION}.schema.json`);
  fs.writeFileSync(file, JSON.stringify({ data: adminIntrospection() }));
  return file;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${writeSchemaForCodegen()}`);
}
