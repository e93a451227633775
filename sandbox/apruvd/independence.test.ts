/**
 * The sandbox is an independent judge: no file under sandbox/apruvd (tests included)
 * imports from app/, so the app's reading of the Apruvd reference can never become the
 * sandbox's. Its contract is contract.ts, written from the reference alone.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SANDBOX = path.resolve("sandbox/apruvd");
const APP = path.resolve("app");

/** Every module specifier of a file: static and dynamic imports, re-exports, require. */
export function moduleSpecifiers(source: string): string[] {
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s+from\s+["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

/** True when a specifier written in `file` reaches into app/ (relative path or the "~/" alias). */
export function reachesApp(file: string, specifier: string): boolean {
  if (specifier.startsWith("~/")) return true;
  if (!specifier.startsWith(".")) return false;
  const target = path.resolve(path.dirname(file), specifier);
  return target === APP || target.startsWith(APP + path.sep);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

describe("sandbox/apruvd imports nothing from app/", () => {
  it("the detector sees every form of import", () => {
    const file = path.join(SANDBOX, "x.ts");
    // Built at run time so that this file's own text holds no such import.
    const up = ["..", "..", "app"].join("/");
    const alias = ["~", "lib", "w"].join("/");
    const source = [
      `import type { A } from "${up}/lib/clients/apruvd/types";`,
      `import { B,\n  C } from '${up}/lib/x';`,
      `export * from "${up}/y";`,
      `export { D as E } from "${up}/v";`,
      `const m = await import("${up}/z");`,
      `const r = require("${up}/r");`,
      `import "${alias}";`,
      `import { ok } from "./contract";`,
      `import fs from "node:fs";`,
      `import { x } from "../shopify/orders";`,
    ].join("\n");
    const offending = moduleSpecifiers(source).filter((s) => reachesApp(file, s));
    expect(offending.sort()).toEqual(
      [`${up}/lib/clients/apruvd/types`, `${up}/lib/x`, `${up}/y`, `${up}/v`, `${up}/z`, `${up}/r`, alias].sort(),
    );
  });

  it("no file under sandbox/apruvd does", () => {
    const files = sourceFiles(SANDBOX);
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((file) =>
      moduleSpecifiers(fs.readFileSync(file, "utf8"))
        .filter((specifier) => reachesApp(file, specifier))
        .map((specifier) => `${path.relative(SANDBOX, file)} → ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
