/**
 * Shopify's theme linter (@shopify/theme-check-node) on theme app extensions, as
 * `shopify app build` runs it: a folder holding a shopify.extension.toml gets the
 * `theme-check:theme-app-extension` checks (https://shopify.dev/docs/storefronts/themes/tools/theme-check).
 * Every offense is printed; errors and warnings fail (exit 1), suggestions (info) do not.
 *
 * Usage: tsx scripts/theme-check.ts <theme extension directory>…
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { themeCheckRun } from "@shopify/theme-check-node";

const SEVERITY = ["error", "warning", "info"] as const;

async function main(directories: string[]): Promise<number> {
  let failing = 0;
  for (const directory of directories) {
    const root = path.resolve(directory);
    const { theme, config, offenses } = await themeCheckRun(root, undefined, () => {});
    for (const offense of offenses) {
      const file = path.relative(process.cwd(), fileURLToPath(offense.uri));
      const severity = SEVERITY[offense.severity] ?? "error";
      console.log(`${file}:${offense.start.line}: ${severity} ${offense.check}: ${offense.message}`);
      if (severity !== "info") failing += 1;
    }
    console.log(
      `${directory}: ${theme.length} files, ${config.checks.length} checks, ${offenses.length} offense(s)` +
        (failing > 0 ? `, ${failing} error(s) or warning(s)` : ""),
    );
  }
  return failing === 0 ? 0 : 1;
}

const directories = process.argv.slice(2);
if (directories.length === 0) {
  console.error("usage: tsx scripts/theme-check.ts <theme extension directory>…");
  process.exit(2);
}
process.exit(await main(directories));
