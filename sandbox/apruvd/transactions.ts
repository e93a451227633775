/**
 * Transactions: submit (validated against the contract, unique order_num per account),
 * status, update (with its changelog), cancel and elevate; the simulated review that
 * decides a transaction after `reviewDelayMs` by the documented test triggers, then sends
 * the review-complete callback.
 */
import { deliver, reviewPayload } from "./callbacks";
import { TEST_TRIGGERS, type Status, type StatusResponse, type TestTriggerOutcome } from "./contract";
import { badRequest, jsonBody, notFound, type Reply, type RequestContext } from "./http";
import type { Account, SandboxState, Transaction } from "./state";
import type { SandboxDecision } from "./types";
import { pickTransactionFields, validateTransaction } from "./validate";

export const DECLINE_NOTES = "Billing and shipping mismatch";

/** The documented test triggers (contract.ts TEST_TRIGGERS) the data matches, in table order. */
function triggersOf(data: Record<string, unknown>): TestTriggerOutcome[] {
  return TEST_TRIGGERS.filter((trigger) => {
    const raw = data[trigger.key];
    if (raw === undefined || raw === null) return false;
    const value = String(raw).trim().toLowerCase();
    return trigger.operator === "startsWith" ? value.startsWith(trigger.value) : value === trigger.value;
  }).map((trigger) => trigger.outcome);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2020-Mar-15 10:28 AM" (UTC), the reference's changelog key format. */
function changelogKey(d: Date): string {
  const h = d.getUTCHours();
  const hh = String(h % 12 === 0 ? 12 : h % 12).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${d.getUTCFullYear()}-${MONTHS[d.getUTCMonth()]}-${String(d.getUTCDate()).padStart(2, "0")} ${hh}:${mm} ${h < 12 ? "AM" : "PM"}`;
}

function findDuplicate(state: SandboxState, account: Account, orderNum: unknown, exceptId?: number): boolean {
  if (typeof orderNum !== "string" || orderNum === "") return false;
  for (const tx of state.txs.values()) {
    if (tx.account === account && tx.id !== exceptId && tx.data.order_num === orderNum) return true;
  }
  return false;
}

export function submit(state: SandboxState, ctx: RequestContext): Reply {
  const body = jsonBody(ctx);
  const problem = validateTransaction(body, "create");
  if (problem) throw badRequest(problem);
  if (ctx.account.enforceUniqueOrderNum && findDuplicate(state, ctx.account, body.order_num)) {
    throw badRequest(`A transaction with order_num ${String(body.order_num)} already exists.`);
  }
  const data = pickTransactionFields(body);
  const tx: Transaction = {
    id: state.nextId++,
    account: ctx.account,
    data,
    status: initialStatus(ctx.account, data),
    riskGrade: gradeFor(state, data),
    canceled: false,
    changelog: {},
    createdAt: new Date(),
  };
  state.txs.set(tx.id, tx);
  state.emit(`transaction ${tx.id} ${tx.status}`);
  if (tx.status === "Reviewing") scheduleReview(state, tx);
  return {
    status: 201,
    json: {
      transaction_id: tx.id,
      status: tx.status,
      risk_grade: tx.riskGrade,
      ...(typeof data.order_num === "string" ? { order_num: data.order_num } : {}),
    },
  };
}

/**
 * The status a new transaction starts in: Submitted when the first matching test trigger
 * says so, else Reviewing. An account configured to "default into the Submitted status
 * instead of Reviewing" (reference, "Elevate a Submitted Transaction") answers Submitted
 * unless an approve/decline test trigger forces a review.
 */
function initialStatus(account: Account, data: Record<string, unknown>): Status {
  const first = triggersOf(data)[0];
  if (first === "Submitted") return "Submitted";
  return account.submittedByDefault && first === undefined ? "Submitted" : "Reviewing";
}

/** The decision a review will reach: first approve/decline trigger, else the default. */
function outcomeFor(
  state: SandboxState,
  data: Record<string, unknown>,
): { status: SandboxDecision; byTrigger: boolean } {
  const decided = triggersOf(data).find((t): t is SandboxDecision => t !== "Submitted");
  return decided ? { status: decided, byTrigger: true } : { status: state.opts.defaultDecision, byTrigger: false };
}

function gradeFor(state: SandboxState, data: Record<string, unknown>): string {
  const { status, byTrigger } = outcomeFor(state, data);
  if (byTrigger) return status === "Approved" ? "A+" : "F";
  return status === "Approved" ? "B" : "D";
}

export function scheduleReview(state: SandboxState, tx: Transaction): void {
  if (tx.timer) clearTimeout(tx.timer);
  tx.timer = undefined;
  const delay = state.opts.reviewDelayMs;
  if (!Number.isFinite(delay) || state.closed) return;
  tx.timer = setTimeout(
    () => {
      tx.timer = undefined;
      const { status } = outcomeFor(state, tx.data);
      void finishReview(state, tx, status, status === "Declined" ? DECLINE_NOTES : undefined, false);
    },
    Math.max(0, delay),
  );
}

export async function finishReview(
  state: SandboxState,
  tx: Transaction,
  status: SandboxDecision,
  notes: string | undefined,
  manual: boolean,
): Promise<void> {
  if (state.closed) return;
  if (tx.canceled && !manual) return;
  tx.status = status;
  tx.notes = notes;
  tx.decidedAt = new Date();
  if (!manual || outcomeFor(state, tx.data).status === status) tx.riskGrade = gradeFor(state, tx.data);
  else tx.riskGrade = status === "Approved" ? "B" : "D";
  state.emit(`transaction ${tx.id} ${status}`);
  if (tx.canceled) return; // no callbacks for canceled transactions
  const acct = tx.account;
  if (!acct.callback_url) return;
  await state.track(deliver(state, acct, "review-complete", acct.callback_url, reviewPayload(state, tx), tx));
}

function statusOf(state: SandboxState, tx: Transaction): StatusResponse {
  return {
    transaction_id: tx.id,
    ...(typeof tx.data.order_num === "string" ? { order_num: tx.data.order_num } : {}),
    status: tx.status,
    canceled: tx.canceled,
    risk_grade: tx.riskGrade,
  };
}

export function status(state: SandboxState, ctx: RequestContext): Reply {
  const id = ctx.url.searchParams.get("transaction_id");
  const orderNum = ctx.url.searchParams.get("order_num");
  if (id !== null) {
    if (!/^\d+$/.test(id)) throw badRequest("transaction_id: A valid integer is required.");
    return { status: 200, json: statusOf(state, state.ownTransaction(ctx.account, id)) };
  }
  if (orderNum !== null) {
    const map: Record<string, StatusResponse> = {};
    for (const tx of state.txs.values()) {
      if (tx.account === ctx.account && tx.data.order_num === orderNum) map[String(tx.id)] = statusOf(state, tx);
    }
    return { status: 200, json: map };
  }
  throw badRequest("transaction_id or order_num is required.");
}

export function update(state: SandboxState, ctx: RequestContext): Reply {
  const tx = state.ownTransaction(ctx.account, ctx.params[0]);
  const body = jsonBody(ctx);
  if (tx.canceled) throw badRequest("Transaction has been canceled.");
  const problem = validateTransaction(body, "update");
  if (problem) throw badRequest(problem);
  const incoming = pickTransactionFields(body);
  if (
    ctx.account.enforceUniqueOrderNum &&
    incoming.order_num !== tx.data.order_num &&
    findDuplicate(state, ctx.account, incoming.order_num, tx.id)
  ) {
    throw badRequest(`A transaction with order_num ${String(incoming.order_num)} already exists.`);
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(incoming)) {
    const from = tx.data[field];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from: from ?? null, to };
  }
  if (Object.keys(changes).length > 0) {
    const key = changelogKey(new Date());
    tx.changelog[key] = { ...tx.changelog[key], ...changes };
    for (const [field, { to }] of Object.entries(changes)) {
      if (to === null) delete tx.data[field];
      else tx.data[field] = to;
    }
    tx.riskGrade = gradeFor(state, tx.data);
    if (tx.status !== "Submitted") {
      tx.status = "Reviewing";
      tx.notes = undefined;
      tx.decidedAt = undefined;
      scheduleReview(state, tx);
    }
    state.emit(`transaction ${tx.id} updated (${Object.keys(changes).length} fields) → ${tx.status}`);
  }
  return { status: 200, json: { transaction_id: tx.id, status: tx.status, changelog: tx.changelog } };
}

export function cancel(state: SandboxState, ctx: RequestContext): Reply {
  const tx = state.ownTransaction(ctx.account, ctx.params[0]);
  tx.canceled = true;
  if (tx.timer) clearTimeout(tx.timer);
  tx.timer = undefined;
  state.emit(`transaction ${tx.id} canceled`);
  return { status: 200, json: { transaction_id: tx.id, status: tx.status, canceled: true } };
}

export function elevate(state: SandboxState, ctx: RequestContext): Reply {
  const body = jsonBody(ctx);
  let targets: Transaction[];
  if (body.transaction_id !== undefined && body.transaction_id !== null) {
    const id = body.transaction_id;
    if (!(typeof id === "number" && Number.isInteger(id)) && !(typeof id === "string" && /^\d+$/.test(id))) {
      throw badRequest("transaction_id: A valid integer is required.");
    }
    targets = [state.ownTransaction(ctx.account, id)];
  } else if (typeof body.order_num === "string" && body.order_num !== "") {
    targets = [...state.txs.values()].filter((t) => t.account === ctx.account && t.data.order_num === body.order_num);
    if (targets.length === 0) throw notFound();
  } else {
    throw badRequest("transaction_id or order_num is required.");
  }
  let shown = targets[0];
  let elevatedOne = false;
  for (const tx of targets) {
    if (tx.status !== "Submitted" || tx.canceled) continue;
    tx.status = "Reviewing";
    scheduleReview(state, tx);
    state.emit(`transaction ${tx.id} elevated`);
    if (!elevatedOne) shown = tx;
    elevatedOne = true;
  }
  return {
    status: 200,
    json: {
      transaction_id: shown.id,
      ...(typeof shown.data.order_num === "string" ? { order_num: shown.data.order_num } : {}),
      status: shown.status,
    },
  };
}
