/** The Apruvd sandbox's in-memory state: accounts, transactions, OAuth tokens, chargeback files, request and callback logs, work in flight. */
import { randomBytes } from "node:crypto";
import type { Changelog, ChargebackFileField, Status } from "./contract";
import { notFound } from "./http";
import type {
  ApruvdSandboxOptions,
  SandboxAccountCredentials,
  SandboxCallbackDelivery,
  SandboxRequestLogEntry,
} from "./types";

export interface Account {
  keyId: string;
  secret: string;
  disabled: boolean;
  enforceUniqueOrderNum: boolean;
  /** New transactions without an approve/decline trigger stay Submitted until elevated. */
  submittedByDefault: boolean;
  servicePlan: string;
  jsHash: string;
  callback_url: string | null;
  settings_url: string | null;
  callback_api_key_id: string | null;
  callback_api_key_secret: string | null;
  chargebacks: Map<string, StoredChargeback>;
}

export interface Transaction {
  id: number;
  account: Account;
  data: Record<string, unknown>;
  status: Status;
  riskGrade: string;
  canceled: boolean;
  notes?: string;
  changelog: Changelog;
  createdAt: Date;
  decidedAt?: Date;
  timer?: NodeJS.Timeout;
}

export interface StoredFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface StoredChargeback {
  order_num: string;
  timestamp: string;
  claim_status: string;
  claim_amount_currency: string;
  claim_amount: string;
  denial_reason: string | null;
  files: Partial<Record<ChargebackFileField, string>>; // field → media id
}

export interface Token {
  keyId: string;
  expiresAt: number;
}

/** The options with their defaults filled in (see startApruvdSandbox). */
export type SandboxSettings = Required<Omit<ApruvdSandboxOptions, "port" | "host" | "log">>;

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export class SandboxState {
  /** Base URL once listening (links in chargebacks and the settings payload use it). */
  url = "";
  closed = false;
  /** Aborted on close: cancels callback deliveries in flight. */
  readonly closing = new AbortController();
  readonly accounts = new Map<string, Account>();
  readonly txs = new Map<number, Transaction>();
  readonly accessTokens = new Map<string, Token>();
  readonly refreshTokens = new Map<string, Token>();
  readonly media = new Map<string, StoredFile>();
  readonly log: SandboxRequestLogEntry[] = [];
  readonly deliveries: SandboxCallbackDelivery[] = [];
  readonly inFlight = new Set<Promise<void>>();
  readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  nextId = 1;

  constructor(
    readonly opts: SandboxSettings,
    private readonly logLine: ((line: string) => void) | undefined,
  ) {}

  emit(line: string): void {
    this.logLine?.(`[apruvd-sandbox] ${line}`);
  }

  accountOf(account: SandboxAccountCredentials | string): Account {
    const keyId = typeof account === "string" ? account : account.keyId;
    const acct = this.accounts.get(keyId);
    if (!acct) throw new Error("Sandbox: unknown account");
    return acct;
  }

  ownTransaction(account: Account, id: unknown): Transaction {
    const n = typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id;
    const tx = typeof n === "number" ? this.txs.get(n) : undefined;
    if (!tx || tx.account !== account) throw notFound();
    return tx;
  }

  track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.waits.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.waits.add(entry);
    });
  }
}
