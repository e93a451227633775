/**
 * Bundles a UI extension the way `shopify app build` does, and measures it against
 * Shopify's limit: UI extensions on API version 2025-10 and later may ship at most 64 KB of
 * compressed JavaScript, enforced per extension at deploy
 * (https://shopify.dev/docs/apps/build/app-extensions/optimize-bundle-size).
 *
 * The esbuild options are the Shopify CLI's (@shopify/cli 4.8 `bundleExtension`): one
 * generated entry that imports each target's module and registers it with
 * `shopify.extend(target, …)` (API versions 2025-10 and later), bundle, minify,
 * `jsx: "automatic"` (the import source, `preact`, comes from the extension's
 * tsconfig.json), target es6, no legal comments, NODE_ENV=production, the CLI's loaders
 * and resolve extensions. esbuild's default output format for a browser bundle is an IIFE.
 *
 * Shopify does not say which compression it measures; the CLI prints a brotli size. Both
 * are printed here and the limit is checked on gzip, the larger of the two, to stay on the
 * safe side.
 *
 * Usage: tsx scripts/ui-extension-bundle.ts <extension directory>…  (exit 1 when over).
 */
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";

export const BUNDLE_LIMIT_BYTES = 64 * 1024;

export interface ExtensionTargeting {
  target: string;
  module: string;
}

export interface UiExtensionBundle {
  code: string;
  apiVersion: string;
  targets: ExtensionTargeting[];
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

/**
 * Reads api_version and the [[extensions.targeting]] entries of a shopify.extension.toml.
 * A deliberately small reader: it understands the flat `key = "value"` lines these files use.
 */
export function readExtensionToml(extensionDir: string): { apiVersion: string; targets: ExtensionTargeting[] } {
  const text = fs.readFileSync(path.join(extensionDir, "shopify.extension.toml"), "utf8");
  const apiVersion = /^\s*api_version\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  if (!apiVersion) throw new Error(`${extensionDir}: shopify.extension.toml has no api_version`);
  const targets: ExtensionTargeting[] = [];
  for (const block of text.split(/^\s*\[\[extensions\.targeting\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\s*\[/m)[0] ?? "";
    const target = /^\s*target\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const module = /^\s*module\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    if (target && module) targets.push({ target, module });
  }
  if (targets.length === 0) throw new Error(`${extensionDir}: shopify.extension.toml has no targeting`);
  return { apiVersion, targets };
}

/** The CLI registers default exports through `shopify.extend` from API version 2025-10 on. */
function usesShopifyExtend(apiVersion: string): boolean {
  const [year = 0, month = 0] = apiVersion.split("-").map((part) => Number.parseInt(part, 10));
  return year > 2025 || (year === 2025 && month >= 10);
}

export function entrypointContents(apiVersion: string, targets: ExtensionTargeting[]): string {
  return targets
    .map(({ target, module }, index) =>
      usesShopifyExtend(apiVersion)
        ? `import Target_${index} from '${module}';shopify.extend('${target}', (...args) => Target_${index}(...args));`
        : `import '${module}';`,
    )
    .join("\n\n");
}

export async function bundleUiExtension(extensionDir: string): Promise<UiExtensionBundle> {
  const directory = path.resolve(extensionDir);
  const { apiVersion, targets } = readExtensionToml(directory);
  const result = await build({
    stdin: { contents: entrypointContents(apiVersion, targets), resolveDir: directory, loader: "tsx" },
    bundle: true,
    write: false,
    outfile: path.join(directory, "dist", `${path.basename(directory)}.js`),
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    jsx: "automatic",
    loader: { ".esnext": "ts", ".js": "jsx" },
    legalComments: "none",
    minify: true,
    target: "es6",
    resolveExtensions: [".tsx", ".ts", ".js", ".json", ".esnext", ".mjs", ".ejs"],
    logLevel: "silent",
  });
  const output = result.outputFiles.find((file) => file.path.endsWith(".js"));
  if (!output) throw new Error(`${extensionDir}: esbuild produced no JavaScript`);
  const bytes = Buffer.from(output.contents);
  return {
    code: output.text,
    apiVersion,
    targets,
    rawBytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
    brotliBytes: brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(directories: string[]): Promise<number> {
  let failures = 0;
  for (const directory of directories) {
    try {
      const bundle = await bundleUiExtension(directory);
      const over = bundle.gzipBytes >= BUNDLE_LIMIT_BYTES;
      console.log(
        `${directory} (api_version ${bundle.apiVersion}): ${kb(bundle.rawBytes)} minified, ` +
          `${kb(bundle.gzipBytes)} gzip, ${kb(bundle.brotliBytes)} brotli; limit ${kb(BUNDLE_LIMIT_BYTES)} compressed` +
          (over ? " — OVER THE LIMIT" : ""),
      );
      if (over) failures += 1;
    } catch (error) {
      console.error(`${directory}: bundling failed\n${error instanceof Error ? error.message : String(error)}`);
      failures += 1;
    }
  }
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const directories = process.argv.slice(2);
  if (directories.length === 0) {
    console.error("usage: tsx scripts/ui-extension-bundle.ts <extension directory>…");
    process.exit(2);
  }
  process.exit(await main(directories));
}
