/**
 * Small pieces every harness needs (the local stack, the demo, the end-to-end, fault and
 * scale tests, the benchmark): a free port, a pause, a bounded poll, and the handle the
 * app gives its fulfillment holds.
 */
import net from "node:net";

/** The `handle` of the app's fulfillment holds (app/lib/review/write-back.server.ts): how a test tells ours from another app's. */
export const HOLD_HANDLE = "apruvd-review";

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `done` is true or the time is up; returns whether it became true. Bounded. */
export async function waitFor(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}
