// The `shopify` global of the block's target, declared for src/BlockExtension.tsx the way
// `shopify app dev` generates it for 2025-10+ extensions (the CLI may rewrite this file with
// an equivalent `import('…').Api` form).
import "@shopify/ui-extensions";
import type { Api } from "@shopify/ui-extensions/admin.order-details.block.render";

declare module "./src/BlockExtension.tsx" {
  const shopify: Api;
  const globalThis: { shopify: typeof shopify };
}
