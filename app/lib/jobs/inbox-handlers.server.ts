import type { InboxTopic } from "../inbox/contract";
import type { InboxHandler } from "../runner/inbox-runner";
import { apruvdDecisionJobs } from "./apruvd-decisions.server";
import { complianceJobs } from "./compliance.server";
import { fulfillmentOrderJobs } from "./fulfillment-orders.server";
import { type JobDeps, type TopicJobs, asInboxHandlers } from "./job.server";
import { merchantActionJobs } from "./merchant-actions.server";
import { orderJobs } from "./orders.server";
import { reconciliationJobs } from "./reconciliation.server";

/**
 * Every inbox topic's job, as both runners (the SQLite lease worker and pg-boss) call
 * them: the single entry from the runners into the jobs. TopicJobs makes a topic of the
 * inbox contract without a job a compile error.
 */
export function createInboxHandlers(deps: JobDeps): Record<InboxTopic, InboxHandler> {
  const jobs: TopicJobs = {
    ...orderJobs(deps),
    ...fulfillmentOrderJobs(deps),
    ...apruvdDecisionJobs(deps),
    ...merchantActionJobs(deps),
    ...reconciliationJobs(deps),
    ...complianceJobs(deps.prisma),
  };
  return asInboxHandlers(jobs);
}
