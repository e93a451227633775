import type { InboxEvent, PrismaClient } from "@prisma/client";

/**
 * What drains the inbox, whichever database holds it. Two runners implement it:
 * - SqliteLeaseWorker (sqlite-lease-worker.server.ts): the embedded default, claims rows
 *   with a lease in the inbox table itself;
 * - PgBossRunner (pg-boss/): on PostgreSQL, moves rows into pg-boss and runs its jobs.
 * Both run the same handlers (jobs/inbox-handlers.server.ts) with the same retry policy
 * (retry-policy.ts); background.server.ts picks one from DATABASE_URL.
 */

/** Runs one stored inbox row. Must be safe to run twice: a crash after the work but before the row is marked done replays it. */
export type InboxHandler = (event: InboxEvent) => Promise<void>;

/** The handler of each topic. */
export type InboxHandlers = Readonly<Record<string, InboxHandler>>;

/** What both runners are configured with. */
export interface InboxRunnerOptions {
  prisma: PrismaClient;
  handlers: InboxHandlers;
  /** Events run at once in this process. Default 8. */
  concurrency?: number;
  /** Idle poll for rows written by other processes, ms (this process's own rows wake the runner at once). Default 1000. */
  pollIntervalMs?: number;
  /** First retry delay and backoff cap of a failing event, ms. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Names this runner on the rows it holds (lockedBy). */
  workerId?: string;
}

export interface InboxRunner {
  readonly kind: "sqlite-lease" | "pg-boss";
  readonly workerId: string;
  /** Starts taking events; resolves once the runner runs. Calling it again while running changes nothing. */
  start(): Promise<void>;
  /** Looks at the inbox now instead of at the next poll. */
  wake(): void;
  /** Stops taking events and waits for the ones in flight. */
  stop(): Promise<void>;
}

class UnhandledTopicError extends Error {}

/** Runs the handler of the event's topic; a topic nobody handles is a bug, judged like any unexpected error. */
export async function runInboxHandler(handlers: InboxHandlers, event: InboxEvent): Promise<void> {
  const handler = Object.hasOwn(handlers, event.topic) ? handlers[event.topic] : undefined;
  if (!handler) throw new UnhandledTopicError(`No handler for topic ${event.topic}`);
  await handler(event);
}
