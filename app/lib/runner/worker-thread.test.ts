import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EventEmitter } from "node:events";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { onInboxEvent } from "../inbox/inbox.server";
import { type InboxWorkerThread, WORKER_MAX_OLD_GENERATION_MB, startInboxWorkerThread } from "./worker-thread";

/**
 * The thread runs a stand-in server build (the real one needs `npm run build`; the fault
 * tests and the benchmark run it): startBackgroundWork, wake and stopBackgroundWork each
 * append a line to a file the test reads. The first thread's first wake exits the thread,
 * as a crash would.
 */
const FAKE_BUILD = `
import fs from "node:fs";
import { resourceLimits, threadId } from "node:worker_threads";
const file = process.env.FAKE_BUILD_LOG;
const note = (line) => fs.appendFileSync(file, line + "\\n");
export const entry = {
  module: {
    startBackgroundWork(options) {
      note("start");
      fs.appendFileSync(file + ".startups", String(options && options.startupId) + "\\n");
      fs.appendFileSync(file + ".limits", String(resourceLimits.maxOldGenerationSizeMb) + "\\n");
      return {
        workerId: "fake-" + threadId,
        start() {},
        wake() {
          const crashed = fs.readFileSync(file, "utf8").includes("crash");
          if (!crashed) {
            note("crash");
            process.exit(3);
          }
          note("wake");
        },
      };
    },
    async stopBackgroundWork() {
      note("stop");
    },
  },
};
`;

let dir: string;
let thread: InboxWorkerThread | undefined;

afterEach(async () => {
  await thread?.stop();
  thread = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function inboxSignal(): EventEmitter {
  // The emitter insertInboxRow signals on, shared with the server build through globalThis.
  onInboxEvent(() => undefined)();
  return (globalThis as { __apruvdInboxSignal?: EventEmitter }).__apruvdInboxSignal!;
}

async function linesOf(file: string, until: (lines: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    if (until(lines) || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the inbox worker in its own thread", () => {
  it("is woken by this process's inbox inserts, restarted after an unexpected exit, and stopped gracefully", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "worker-thread-"));
    const log = path.join(dir, "log.txt");
    const build = path.join(dir, "build.mjs");
    fs.writeFileSync(build, FAKE_BUILD);
    process.env.FAKE_BUILD_LOG = log;
    thread = startInboxWorkerThread({
      buildUrl: pathToFileURL(build).href,
      restartDelayMs: 10,
      execArgv: ["--import", "tsx"],
    });
    await thread.running;
    expect(await linesOf(log, (l) => l.length >= 1)).toEqual(["start"]);

    // An inbox insert in this thread wakes the worker thread, whose first wake kills it.
    inboxSignal().emit("event");
    expect(await linesOf(log, (l) => l.length >= 3)).toEqual(["start", "crash", "start"]);

    // The restarted thread is woken the same way.
    inboxSignal().emit("event");
    expect(await linesOf(log, (l) => l.includes("wake"))).toEqual(["start", "crash", "start", "wake"]);

    await thread.stop();
    thread = undefined;
    expect(await linesOf(log, (l) => l.includes("stop"))).toEqual(["start", "crash", "start", "wake", "stop"]);

    // Both threads were given the process's one startup id: the restart queues no second startup sweep.
    const startupIds = fs.readFileSync(`${log}.startups`, "utf8").split("\n").filter(Boolean);
    expect(startupIds).toHaveLength(2);
    expect(startupIds[0]).toMatch(new RegExp(`^${process.pid}-\\d+$`));
    expect(startupIds[1]).toBe(startupIds[0]);

    // Both threads ran with the old generation limit (not the process's, 4 GB on a large machine).
    const limits = fs.readFileSync(`${log}.limits`, "utf8").split("\n").filter(Boolean);
    expect(limits).toEqual([String(WORKER_MAX_OLD_GENERATION_MB), String(WORKER_MAX_OLD_GENERATION_MB)]);
  }, 60_000);

  it("fails to start when its first thread cannot load the build", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "worker-thread-"));
    thread = startInboxWorkerThread({
      buildUrl: pathToFileURL(path.join(dir, "missing.mjs")).href,
      execArgv: ["--import", "tsx"],
    });
    await expect(thread.running).rejects.toThrow(/exited with code 1 before it ran/);
  }, 30_000);
});
