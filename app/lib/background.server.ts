import prisma from "../db.server";
import { apruvdClientFor, reportBreakerChanges } from "./apruvd/client-for-shop.server";
import { createInboxHandlers } from "./jobs/handlers.server";
import { logger } from "./logger.server";
import { adminGraphqlFrom } from "./shopify/admin-graphql";
import { ShopifyCostGovernor } from "./shopify/cost-governor";
import { apruvdCredentialsOf } from "./shops/shop-settings.server";
import { InboxWorker } from "./worker/inbox-worker.server";
import { unauthenticated } from "../shopify.server";

/**
 * The in-process worker of the embedded default (one Node process serves the app and
 * drains the inbox). Started by server.ts, or by the dev server on first request.
 */
declare global {
  var __apruvdWorker: InboxWorker | undefined;
}

export function startBackgroundWork(): InboxWorker {
  if (globalThis.__apruvdWorker) return globalThis.__apruvdWorker;
  reportBreakerChanges(prisma);
  const governor = new ShopifyCostGovernor();
  const worker = new InboxWorker({
    prisma,
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
    leaseMs: Number(process.env.WORKER_LEASE_MS ?? 120_000),
    retryBaseMs: Number(process.env.WORKER_RETRY_BASE_MS ?? 1000),
    retryCapMs: Number(process.env.WORKER_RETRY_CAP_MS ?? 10 * 60_000),
    handlers: createInboxHandlers({
      prisma,
      adminFor: async (shop) => adminGraphqlFrom((await unauthenticated.admin(shop)).admin, { shop, governor }),
      apruvdFor: (settings) => {
        const credentials = apruvdCredentialsOf(settings);
        return credentials ? apruvdClientFor(settings.shop, credentials) : null;
      },
    }),
  });
  worker.start();
  globalThis.__apruvdWorker = worker;
  logger.info("inbox worker started", { workerId: worker.workerId });
  return worker;
}

export async function stopBackgroundWork(): Promise<void> {
  const worker = globalThis.__apruvdWorker;
  globalThis.__apruvdWorker = undefined;
  await worker?.stop();
}
