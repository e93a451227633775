import { logger } from "../platform/logger.server";
import { applyDecision } from "../review/review-service.server";
import { RetryLaterError } from "../runner/retry-policy";
import { type JobDeps, type TopicJobs, forInstalledShop } from "./job.server";

/** How long a callback for a transaction we have not stored yet is retried before it is dropped with a log line. */
const UNKNOWN_TRANSACTION_ATTEMPTS = 30;

/** Apruvd's review-complete callback: the verdict is written back to the order. */
export function apruvdDecisionJobs(deps: JobDeps): Pick<TopicJobs, "apruvd/review-complete"> {
  return {
    "apruvd/review-complete": forInstalledShop(deps, async (review, event) => {
      const result = await applyDecision(review, event.shop, event.payload);
      if (result.reason !== "unknown transaction") return;
      if (event.attempts >= UNKNOWN_TRANSACTION_ATTEMPTS) {
        logger.warn("decision for an unknown transaction dropped", {
          shop: event.shop,
          transactionId: event.payload.transaction_id,
        });
        return;
      }
      // The submit may not be stored yet (the callback overtook it): look again shortly.
      throw new RetryLaterError("decision for a transaction not stored yet", 2000);
    }),
  };
}
