import type { PrismaClient, ShopSettings } from "@prisma/client";
import type { ApruvdClient } from "../clients/apruvd/client";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { type DecodedInboxEvent, type InboxTopic, decodeInboxEvent } from "../inbox/contract";
import { ensureShopSettings } from "../merchant/settings/shop-settings.server";
import { logger } from "../platform/logger.server";
import type { ReviewDeps } from "../review/review-service.server";
import type { InboxHandler } from "../runner/inbox-runner";
import type { SweepOptions } from "./reconciliation.server";
import { SubmissionsPausedError, leaveForResume, pausableClient, resumeIfKeysWork } from "./submissions-paused.server";

/**
 * What a job is: the work for one topic, handed the inbox row with its payload checked
 * against the inbox contract. Each topic family has its file beside this one; the
 * runners get them all from createInboxHandlers (inbox-handlers.server.ts).
 */

/** The collaborators of every job, passed in so that tests run the jobs against the local simulators. */
export interface JobDeps {
  prisma: PrismaClient;
  adminFor: (shop: string) => Promise<AdminGraphql>;
  apruvdFor: (settings: ShopSettings) => ApruvdClient | null;
  sweep?: SweepOptions;
}

export type TopicJob<T extends InboxTopic> = (event: DecodedInboxEvent<T>) => Promise<void>;

/** One job per topic: a family file gives a part of this, createInboxHandlers all of it. */
export type TopicJobs = { [T in InboxTopic]: TopicJob<T> };

/** Each job as the runners call it: the row's payload is checked before the job sees it. */
export function asInboxHandlers<T extends InboxTopic>(jobs: Pick<TopicJobs, T>): Record<T, InboxHandler> {
  const handlers = {} as Record<T, InboxHandler>;
  for (const topic of Object.keys(jobs) as T[]) handlers[topic] = decodingFor(topic, jobs[topic]);
  return handlers;
}

function decodingFor<T extends InboxTopic>(topic: T, job: TopicJob<T>): InboxHandler {
  return (event) => job(decodeInboxEvent(event, topic));
}

/**
 * The prelude every job on a shop's orders shares: the shop's settings (created on first
 * use); nothing to do once the app is uninstalled; then the review's collaborators (the
 * shop's Admin API, its Apruvd client) for `job`. While Apruvd refuses the shop's keys the
 * client makes no call and the job ends with its order left for resumption
 * (submissions-paused.server.ts); the sweep probes the keys and resumes when they work.
 */
export function forInstalledShop<T extends InboxTopic>(
  deps: JobDeps,
  job: (review: ReviewDeps, event: DecodedInboxEvent<T>) => Promise<void>,
): TopicJob<T> {
  return async (event) => {
    const settings = await ensureShopSettings(deps.prisma, event.shop);
    if (settings.uninstalledAt) {
      logger.info("event skipped: app uninstalled", { shop: event.shop, topic: event.topic, eventId: event.id });
      return;
    }
    const apruvd = deps.apruvdFor(settings);
    const current = await resumeIfKeysWork(deps.prisma, settings, apruvd, {
      probe: event.topic === "system/reconcile",
    });
    const review: ReviewDeps = {
      prisma: deps.prisma,
      admin: await deps.adminFor(event.shop),
      apruvd: apruvd && pausableClient(deps.prisma, current, apruvd),
      settings: current,
    };
    try {
      await job(review, event);
    } catch (error) {
      if (!(error instanceof SubmissionsPausedError)) throw error;
      await leaveForResume(deps.prisma, event, error);
    }
  };
}
