/** What the Apruvd sandbox offers its callers (tests, the demo, the bench): its options, its handle and what it records. */
import type { Changelog, Status, TransactionBody } from "./contract";

export type SandboxDecision = "Approved" | "Declined";

export interface ApruvdSandboxOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Time from Reviewing to a decision. Default 200. `Infinity` = only decide() decides. */
  reviewDelayMs?: number;
  /** Decision for orders without a test trigger. Default "Approved". */
  defaultDecision?: SandboxDecision;
  /**
   * Reject a second transaction with the same order_num (per account). Default false, as the
   * document says of `enforce_unique_order_num` ("Defaults to false"); an account turns it on
   * (createAccount, setEnforceUniqueOrderNum).
   */
  enforceUniqueOrderNum?: boolean;
  /** Waits between callback delivery attempts. Default [100, 500, 2000] (4 attempts in all). */
  callbackRetryDelaysMs?: number[];
  /** Per-attempt timeout of callback deliveries. Default 5000. */
  callbackTimeoutMs?: number;
  /** true = console.log; or a function receiving each line. Default false. */
  log?: boolean | ((line: string) => void);
  /** OAuth access token lifetime in seconds. Default 86399 (24 h). */
  accessTokenTtlSeconds?: number;
  /** OAuth refresh token lifetime in seconds. Default 2591724 (30 days). */
  refreshTokenTtlSeconds?: number;
  /** Default "Complete Coverage". */
  servicePlan?: string;
}

export interface SandboxAccountCredentials {
  keyId: string;
  secret: string;
}

export interface CreateAccountOptions {
  keyId?: string;
  secret?: string;
  /** Overrides the sandbox-wide enforceUniqueOrderNum for this account. */
  enforceUniqueOrderNum?: boolean;
  servicePlan?: string;
  /**
   * The account "defaults into the Submitted status instead of Reviewing" (reference,
   * "Elevate a Submitted Transaction"): a submission without an approve/decline test
   * trigger stays Submitted until elevated. Default false (every order is reviewed).
   */
  submittedByDefault?: boolean;
}

export interface SandboxTransaction {
  transaction_id: number;
  /** Key id of the owning account. */
  account: string;
  order_num?: string;
  status: Status;
  risk_grade: string;
  canceled: boolean;
  notes?: string;
  /** The documented fields as submitted (and updated). */
  data: TransactionBody;
  changelog: Changelog;
  created_at: string;
  decided_at?: string;
}

export interface SandboxRequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** 0 when the connection was dropped by a fault. */
  status: number;
}

export interface SandboxCallbackDelivery {
  kind: "review-complete" | "settings-update";
  account: string;
  url: string;
  transaction_id?: number;
  status?: Status;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastError?: string;
}

export interface SandboxFaults {
  /** The next `count` API requests answer `status` (default 503). */
  failNext(count: number, status?: number): void;
  /** While down, every API call answers 503. */
  setDown(down: boolean): void;
  /** Delay every response by `ms`. */
  setLatency(ms: number): void;
  /** Destroy the sockets of the next `count` API requests without answering. */
  dropConnections(count: number): void;
  /**
   * Runs `hook` after a submission is stored and before Apruvd's 201 answer is sent (null
   * removes it): a test can kill the app at that moment, or lose the answer.
   */
  afterSubmitAccepted(
    hook: ((accepted: { transaction_id: number; order_num?: string }) => Promise<void> | void) | null,
  ): void;
  /** Clear every fault. */
  reset(): void;
}

export interface ApruvdSandbox {
  /** Base URL, e.g. http://127.0.0.1:1234 (use as the client's baseUrl). */
  url: string;
  close(): Promise<void>;
  createAccount(opts?: CreateAccountOptions): SandboxAccountCredentials;
  /** Make an account's credentials invalid ("Invalid or disabled credentials"). */
  disableAccount(account: SandboxAccountCredentials | string): void;
  /** The account's Submitted-by-default setting (see CreateAccountOptions.submittedByDefault). */
  setSubmittedByDefault(account: SandboxAccountCredentials | string, on: boolean): void;
  /** The account's "Are order numbers unique?" setting (`enforce_unique_order_num`). */
  setEnforceUniqueOrderNum(account: SandboxAccountCredentials | string, enforce: boolean): void;
  /** Snapshot of every transaction, oldest first. */
  transactions(): SandboxTransaction[];
  /** Request log (no bodies, no query strings). */
  requests(): SandboxRequestLogEntry[];
  /** Callback deliveries (review-complete and settings-update) so far. */
  callbacks(): SandboxCallbackDelivery[];
  faults: SandboxFaults;
  /** Decide a transaction now (cancels a scheduled decision) and deliver its callback. */
  decide(transactionId: number, status: SandboxDecision, notes?: string): Promise<void>;
  /** POST the settings payload to the account's settings_url. */
  settingsPush(account: SandboxAccountCredentials | string): Promise<void>;
  /** Set a chargeback's claim status as Apruvd staff would (e.g. "Accepted, Paid"). */
  setChargebackStatus(orderNum: string, claimStatus: string, denialReason?: string | null): void;
  /** Resolves when no decision is scheduled and no callback is in flight. */
  idle(): Promise<void>;
}
