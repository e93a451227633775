/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): where the app process spent its CPU,
 * by self time per function and grouped by package (node_modules/<pkg>), app code, Node
 * internals, GC and idle. Used by `npm run bench -- --cpu-prof` and usable alone:
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  byGroup: { group: string; ms: number; share: number }[];
  byFunction: { fn: string; group: string; ms: number; share: number }[];
  /** Inclusive busy time under frames matching each marker (e.g. "prisma", "hmac"). */
  inclusive: { marker: string; ms: number; share: number }[];
}

export function groupOf(url: string, functionName: string): string {
  if (functionName === "(idle)") return "(idle)";
  if (functionName === "(garbage collector)") return "(gc)";
  if (functionName === "(program)") return "(program)";
  if (!url) return "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm !== -1) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return "node:internals";
  if (url.includes("/build/server/")) return "app (server build)";
  return path
    .relative(process.cwd(), url.replace(/^file:\/\//, ""))
    .split("/")
    .slice(0, 2)
    .join("/");
}

export function summariseProfile(file: string, top = 25, markers: string[] = []): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the following delta to sample i.
    const dt = (deltas[i + 1] ?? 0) / 1000;
    selfMs.set(samples[i], (selfMs.get(samples[i]) ?? 0) + dt);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const groups = new Map<string, number>();
  const fns = new Map<string, { group: string; ms: number }>();
  const inclusive = new Map<string, number>(markers.map((m) => [m, 0]));
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const group = groupOf(url, functionName);
    if (group === "(idle)") {
      idleMs += ms;
      continue;
    }
    groups.set(group, (groups.get(group) ?? 0) + ms);
    const key = `${functionName || "(anonymous)"} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ""}`.trim();
    const f = fns.get(key) ?? { group, ms: 0 };
    f.ms += ms;
    fns.set(key, f);
    if (markers.length) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const frame = byId.get(cur)!.callFrame;
        const text = `${frame.functionName} ${frame.url}`.toLowerCase();
        for (const m of markers) if (!seen.has(m) && text.includes(m.toLowerCase())) seen.add(m);
      }
      for (const m of seen) inclusive.set(m, (inclusive.get(m) ?? 0) + ms);
    }
  }
  const busyMs = totalMs - idleMs;
  const share = (ms: number) => (busyMs > 0 ? ms / busyMs : 0);
  return {
    totalMs,
    idleMs,
    busyMs,
    byGroup: [...groups].map(([group, ms]) => ({ group, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    byFunction: [...fns]
      .map(([fn, v]) => ({ fn, group: v.group, ms: v.ms, share: share(v.ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
    inclusive: [...inclusive].map(([marker, ms]) => ({ marker, ms, share: share(ms) })),
  };
}

export function formatProfileSummary(s: ProfileSummary, groupsShown = 15): string {
  const lines = [
    `profile: ${s.totalMs.toFixed(0)} ms wall, ${s.busyMs.toFixed(0)} ms busy (${((s.busyMs / s.totalMs) * 100).toFixed(0)}%)`,
  ];
  lines.push("busy time by package (self time):");
  for (const g of s.byGroup.slice(0, groupsShown))
    lines.push(`  ${(g.share * 100).toFixed(1).padStart(5)}%  ${g.ms.toFixed(0).padStart(6)} ms  ${g.group}`);
  if (s.inclusive.length) {
    lines.push("inclusive busy time under frames matching:");
    for (const m of s.inclusive)
      lines.push(`  ${(m.share * 100).toFixed(1).padStart(5)}%  ${m.ms.toFixed(0).padStart(6)} ms  ${m.marker}`);
  }
  lines.push("top functions (self time):");
  for (const f of s.byFunction)
    lines.push(
      `  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}  [${f.group}]`,
    );
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top] [marker,marker,...]");
    process.exit(2);
  }
  const markers = (process.argv[4] ?? "").split(",").filter(Boolean);
  console.log(formatProfileSummary(summariseProfile(file, Number(process.argv[3] ?? 30), markers)));
}
