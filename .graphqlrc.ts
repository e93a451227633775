import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { ADMIN_API_VERSION } from "./app/lib/platform/shopify-app";

// Types every `#graphql` document under app/ from Shopify's real Admin schema. The schema
// file comes from @shopify/dev-mcp (scripts/admin-schema.ts), never from the network.
export default {
  schema: `./app/types/admin-${ADMIN_API_VERSION}.schema.json`,
  documents: ["./app/**/*.{js,ts,jsx,tsx}"],
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: ADMIN_API_VERSION,
      documents: ["./app/**/*.{js,ts,jsx,tsx}", "!./app/**/*.test.ts"],
      outputDir: "./app/types",
      enumsAsConst: true,
    }),
  },
};
