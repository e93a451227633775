/**
 * The app's own Vite config (../vite.config.ts) with one change: the Remix build goes to
 * bench/.build instead of build/, so that a benchmark run serves a build nobody else's
 * `npm run build` or test run can delete or replace halfway through.
 * `npx remix vite:build --config bench/vite.config.ts` (bench/run.ts does this).
 */
import path from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import type { PluginOption, UserConfig } from "vite";
import base from "../vite.config";
import remixConfig from "../remix.config.js";

export const BENCH_BUILD_DIR = path.resolve("bench/.build");

function isRemixPlugin(plugin: PluginOption): boolean {
  if (Array.isArray(plugin)) return plugin.some(isRemixPlugin);
  return Boolean(plugin && typeof plugin === "object" && "name" in plugin && String(plugin.name).startsWith("remix"));
}

const config: UserConfig = {
  ...base,
  plugins: [
    ...(base.plugins ?? []).filter((p) => !isRemixPlugin(p)),
    remix({ ...remixConfig, buildDirectory: BENCH_BUILD_DIR }),
  ],
};

export default config;
