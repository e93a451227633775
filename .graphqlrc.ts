import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

// Types every `#graphql` document under app/ from Shopify's real Admin schema. The schema
// file comes from @shopify/dev-mcp (scripts/admin-schema.ts), never from the network.
export default {
  schema: "./app/types/admin-2026-10.schema.json",
  documents: ["./app/**/*.{js,ts,jsx,tsx}"],
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: "2026-10",
      documents: ["./app/**/*.{js,ts,jsx,tsx}", "!./app/**/*.test.ts"],
      outputDir: "./app/types",
      enumsAsConst: true,
    }),
  },
};
