/**
 * A PgBossRunner in its own process whose handler never finishes, for the crash test in
 * app/lib/runner/pg-boss/runner.test.ts: it prints `STARTED <inboxId>` when the handler
 * starts, and the test SIGKILLs it there, mid-job, as an instance dying would.
 *
 *   DATABASE_URL=postgres://... node --import tsx test/scale/queue-child.ts
 */
import { createPrismaClient } from "../../app/db.server";
import { PgBossRunner } from "../../app/lib/runner/pg-boss/runner.server";

const url = process.env.DATABASE_URL ?? "";
const prisma = createPrismaClient(url);
const runner = new PgBossRunner({
  prisma,
  connectionString: url,
  concurrency: 1,
  pollIntervalMs: 500,
  queue: { heartbeatSeconds: 10, superviseIntervalSeconds: 1 },
  handlers: {
    "test/crash": async (event) => {
      process.stdout.write(`STARTED ${event.id}\n`);
      await new Promise(() => undefined);
    },
  },
});
await runner.start();
process.stdout.write("READY\n");
