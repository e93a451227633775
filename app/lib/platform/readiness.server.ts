import type { PrismaClient } from "@prisma/client";
import { storedSecretsKeyProblem } from "./crypto/key-health.server";

/**
 * Readiness, for /healthz: is this instance able to do its job right now? Not ready
 * (503, with the reasons) when
 * - the database cannot be written (read-only file or volume, disk full, server gone):
 *   a webhook could not be stored, so a balancer should send it elsewhere;
 * - the encryption key is unusable (missing, malformed, or not the key the stored
 *   secrets were encrypted with): no callback can be checked and no job can call Apruvd;
 * - the worker of this process is stalled: work has been due for a while and the worker
 *   has neither started nor finished anything in that time.
 * Reasons name the failing part and an error code, never a secret or a connection string.
 */

export type CheckResult = { ok: true } | { ok: false; reason: string };

export interface ReadinessReport {
  ready: boolean;
  checks: { database: CheckResult; encryptionKey: CheckResult; worker: CheckResult };
}

const OK: CheckResult = { ok: true };

/** What the worker of this process has been doing: set by background.server.ts, read by /healthz. */
export class WorkerActivity {
  startedAt: number | null = null;
  lastActivityAt: number | null = null;

  /** The handlers, each noting when it starts and ends (success or failure alike: both are progress). */
  observe<E>(
    handlers: Readonly<Record<string, (event: E) => Promise<void>>>,
  ): Record<string, (event: E) => Promise<void>> {
    this.startedAt ??= Date.now();
    const observed: Record<string, (event: E) => Promise<void>> = {};
    for (const [topic, handler] of Object.entries(handlers)) {
      observed[topic] = async (event) => {
        this.lastActivityAt = Date.now();
        try {
          await handler(event);
        } finally {
          this.lastActivityAt = Date.now();
        }
      };
    }
    return observed;
  }

  stopped(): void {
    this.startedAt = null;
  }
}

declare global {
  var __apruvdWorkerActivity: WorkerActivity | undefined;
}

/** This process's worker activity (one per process, across dev reloads). */
export function workerActivity(): WorkerActivity {
  return (globalThis.__apruvdWorkerActivity ??= new WorkerActivity());
}

export interface ReadinessDeps {
  prisma: PrismaClient;
  /** This process's worker; null when it runs none (a web-only instance). */
  worker: WorkerActivity | null;
  /** Due work older than this with no worker activity meanwhile means stalled. */
  stalledAfterMs: number;
  now?: Date;
}

export async function checkReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const now = deps.now ?? new Date();
  const database = await checkDatabaseWritable(deps.prisma, now);
  const [encryptionKey, worker] = await Promise.all([
    checkEncryptionKey(deps.prisma),
    database.ok ? checkWorker(deps, now) : Promise.resolve(OK),
  ]);
  return { ready: database.ok && encryptionKey.ok && worker.ok, checks: { database, encryptionKey, worker } };
}

/** A real write (one row per check name), so that read-only, full and unreachable all show. */
export async function checkDatabaseWritable(prisma: PrismaClient, now: Date): Promise<CheckResult> {
  try {
    await prisma.readinessProbe.upsert({
      where: { id: "healthz" },
      create: { id: "healthz", writtenAt: now },
      update: { writtenAt: now },
    });
    return OK;
  } catch (error) {
    return { ok: false, reason: `the database cannot be written (${databaseErrorCode(error)})` };
  }
}

/** The error's code and kind, not its message (which may quote a connection string or data). */
function databaseErrorCode(error: unknown): string {
  const text = error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? "")}` : "";
  const sqlite = /SQLITE_[A-Z_]+/.exec(text)?.[0];
  if (sqlite) return sqlite;
  if (/read-only|readonly/i.test(text)) return "read-only";
  if (/no space|disk.*full/i.test(text)) return "disk full";
  if (/ECONNREFUSED|ETIMEDOUT|Can't reach|connect/i.test(text)) return "unreachable";
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "write failed";
}

async function checkEncryptionKey(prisma: PrismaClient): Promise<CheckResult> {
  try {
    const problem = await storedSecretsKeyProblem(prisma);
    return problem ? { ok: false, reason: `the encryption key is unusable: ${problem}` } : OK;
  } catch {
    return { ok: false, reason: "the encryption key could not be checked" };
  }
}

/** Inbox rows waiting for either runner: pending (SQLite, or not yet dispatched) or queued (in pg-boss). */
const WAITING = ["pending", "queued"];

async function checkWorker(deps: ReadinessDeps, now: Date): Promise<CheckResult> {
  const worker = deps.worker;
  if (!worker?.startedAt) return OK;
  const since = now.getTime() - deps.stalledAfterMs;
  if (Math.max(worker.startedAt, worker.lastActivityAt ?? 0) >= since) return OK;
  const overdue = await deps.prisma.inboxEvent.count({
    where: {
      status: { in: WAITING },
      runAt: { lt: new Date(since) },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
  });
  if (overdue === 0) return OK;
  return {
    ok: false,
    reason: `the worker is stalled: ${overdue} inbox events due for over ${Math.round(deps.stalledAfterMs / 1000)} s, no work started or finished meanwhile`,
  };
}
