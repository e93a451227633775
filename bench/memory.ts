/**
 * Peak memory (RSS) of the app process, and CPU time of any benchmark process, read from
 * /proc (Linux). The app child also samples process.memoryUsage().rss itself (see
 * app-process.ts); the figure reported is the larger of its sampled peak and the
 * kernel's high-water mark VmHWM, over every app process the run started.
 */
import fs from "node:fs";

export const MEMORY_TARGET_MB = 350;

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every mainstream Linux). */
const CLK_TCK = 100;

/** User + system CPU time of a process in ms, or null when /proc is unavailable. */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

/**
 * Busy CPU time of the whole machine in ms (all cores: user, nice, system, irq, softirq,
 * steal), from /proc/stat; null off Linux. The difference over a measurement minus the
 * benchmark's own processes' CPU is what other programs on the machine took meanwhile.
 */
export function machineBusyMs(): number | null {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return ((user + nice + system + irq + softirq + steal) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Fields of /proc/<pid>/status in bytes (null when absent), or null off Linux. */
function statusBytes(pid: number): ((key: string) => number | null) | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  return (key) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
    return m ? Number(m[1]) * 1024 : null;
  };
}

/** VmHWM (peak resident set) and VmRSS of a process in bytes, or nulls when unavailable. */
export function procMemory(pid: number): { vmHWM: number | null; vmRSS: number | null } {
  const kb = statusBytes(pid);
  return { vmHWM: kb?.("VmHWM") ?? null, vmRSS: kb?.("VmRSS") ?? null };
}

/**
 * What the resident set is made of (bytes): anonymous memory (JS heaps, malloc), file-backed
 * pages (code, and any memory-mapped file such as a database), shared memory (SQLite's -shm
 * index); nulls off Linux.
 */
export function rssParts(pid: number): { anon: number | null; file: number | null; shmem: number | null } {
  const kb = statusBytes(pid);
  return { anon: kb?.("RssAnon") ?? null, file: kb?.("RssFile") ?? null, shmem: kb?.("RssShmem") ?? null };
}

/** What an app process reports about its own memory (app-process.ts `memory`). */
export interface AppMemoryReport {
  rss: number;
  /** Largest process.memoryUsage().rss seen by the 50 ms sampler. */
  peakSampledRss: number;
  /** When that peak was seen (epoch ms) and what the rest of memoryUsage() was then. */
  peak: {
    at: number;
    heapUsed: number;
    heapTotal: number;
    external: number;
    arrayBuffers: number;
    databaseFds: number;
  };
  heapUsed: number;
  /** Memory outside the JS heap that V8 knows of (Buffers, wasm). */
  external: number;
  /** Kernel high-water mark (null off Linux). */
  vmHWM: number | null;
  /** Open file descriptors (null off Linux). */
  openFds: number | null;
  /** Of which on the SQLite database file: one per open SQLite connection. */
  databaseFds: number | null;
  /** The resident set's anonymous / file-backed / shared parts (nulls off Linux). */
  rssAnon: number | null;
  rssFile: number | null;
  /**
   * The worker threads' JS heaps (used / total, bytes), summed; read by gcThenMemory only,
   * after a full collection in each thread (null: not read, or no worker thread).
   */
  threadHeap: { used: number; total: number; threads: number } | null;
}

export interface PeakMemoryEntry {
  /** Which app process (e.g. "webhook-ack, worker off"). */
  label: string;
  peakBytes: number;
  sampledPeakBytes: number;
  vmHWMBytes: number | null;
  /** At the end of the process's benchmark. */
  heapUsedBytes: number;
  externalBytes: number;
  openFds: number | null;
  databaseFds: number | null;
  /** At the sampled peak: epoch ms, JS heap (used / total), SQLite connections open. */
  atPeak: { at: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number; databaseFds: number };
}

/** Collects the peak of every app process the run starts. */
export class PeakMemory {
  readonly entries: PeakMemoryEntry[] = [];

  record(label: string, report: AppMemoryReport): PeakMemoryEntry {
    const entry = {
      label,
      peakBytes: Math.max(report.peakSampledRss, report.vmHWM ?? 0, report.rss),
      sampledPeakBytes: report.peakSampledRss,
      vmHWMBytes: report.vmHWM,
      heapUsedBytes: report.heapUsed,
      externalBytes: report.external,
      openFds: report.openFds,
      databaseFds: report.databaseFds,
      atPeak: {
        at: report.peak.at,
        heapUsedBytes: report.peak.heapUsed,
        heapTotalBytes: report.peak.heapTotal,
        externalBytes: report.peak.external,
        databaseFds: report.peak.databaseFds,
      },
    };
    this.entries.push(entry);
    return entry;
  }

  peakBytes(): number {
    return this.entries.reduce((max, e) => Math.max(max, e.peakBytes), 0);
  }
}

export const mb = (bytes: number): number => bytes / (1024 * 1024);
