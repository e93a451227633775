import { CircuitOpenError } from "../../clients/apruvd/circuit-breaker";
import {
  ApruvdConnectionError,
  ApruvdRateLimitError,
  ApruvdServerError,
  ApruvdTimeoutError,
} from "../../clients/apruvd/errors";
import { type HistoryLine, historyLine } from "./history-lines";

/**
 * Why Apruvd could not be used, in the merchant's words. The errors themselves
 * ("TypeError: fetch failed", "Apruvd HTTP 503: server error", "ECONNREFUSED") are for
 * logs and support; the merchant reads what happened and that the app will try again.
 */

/** The history line of a submission that will be retried after `error`. */
export function retryLineOf(error: unknown): HistoryLine {
  if (error instanceof CircuitOpenError) return historyLine("history.retryPaused");
  if (error instanceof ApruvdConnectionError) return historyLine("history.retryUnreachable");
  if (error instanceof ApruvdTimeoutError) return historyLine("history.retryTimeout");
  if (error instanceof ApruvdRateLimitError) return historyLine("history.retryRateLimited");
  if (error instanceof ApruvdServerError && error.status !== undefined) {
    return historyLine("history.retryServerError", { status: error.status });
  }
  return historyLine("history.retry", { reason: error instanceof Error ? error.message : String(error) });
}

/** The outage banner's cause: a translation key and its parameters. */
export type OutageCause =
  | { key: "dashboard.outage.cause.unreachable" }
  | { key: "dashboard.outage.cause.timeout" }
  | { key: "dashboard.outage.cause.serverError"; params: { status: number } }
  | { key: "dashboard.outage.lastError"; params: { error: string } };

/**
 * The cause of an open circuit, from the reason the worker's circuit breaker recorded
 * (../../clients/apruvd/circuit-breaker.ts): "HTTP <status>" for a 5xx answer, otherwise
 * the fetch error as "<name>: <message>". A reason of another form is shown as written.
 */
export function outageCauseOf(reason: string): OutageCause {
  const status = /^HTTP (\d{3})$/.exec(reason);
  if (status) return { key: "dashboard.outage.cause.serverError", params: { status: Number(status[1]) } };
  if (/^(TimeoutError|AbortError)\b/.test(reason)) return { key: "dashboard.outage.cause.timeout" };
  if (/^TypeError: fetch failed\b/.test(reason)) return { key: "dashboard.outage.cause.unreachable" };
  return { key: "dashboard.outage.lastError", params: { error: reason } };
}
