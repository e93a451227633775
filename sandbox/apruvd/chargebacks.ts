/**
 * Chargebacks (API v2): file one for a transaction's order_num with up to three claim files
 * and an appeal file, list them (paginated), read, update (amount, currency, Alert →
 * Reviewing, files) and delete; files are served back from /media/chargebacks/.
 */
import { CHARGEBACK_FILE_FIELDS, type Chargeback, type ChargebackFileField } from "./contract";
import { badRequest, formBody, HttpError, notFound, type Reply, type RequestContext } from "./http";
import { randomHex, type SandboxState, type StoredChargeback, type StoredFile } from "./state";

const PAGE_SIZE = 20;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** "2021-02-09T17:10:02.444000+00:00" */
function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "000+00:00");
}

function formatAmount(v: unknown): string {
  return Number(v).toFixed(2);
}

function chargebackJson(state: SandboxState, cb: StoredChargeback): Chargeback {
  const fileUrl = (field: ChargebackFileField): string | null => {
    const id = cb.files[field];
    const file = id ? state.media.get(id) : undefined;
    return id && file ? `${state.url}/media/chargebacks/${id}/${encodeURIComponent(file.filename)}` : null;
  };
  return {
    order_num: cb.order_num,
    timestamp: cb.timestamp,
    claim_status: cb.claim_status,
    claim_amount_currency: cb.claim_amount_currency,
    claim_amount: cb.claim_amount,
    denial_reason: cb.denial_reason,
    claim_file: fileUrl("claim_file"),
    claim_file_2: fileUrl("claim_file_2"),
    claim_file_3: fileUrl("claim_file_3"),
    appeal_file: fileUrl("appeal_file"),
  };
}

/** Validate amount/currency/status/files from a form and apply them to `cb`. */
async function applyChargebackForm(
  state: SandboxState,
  cb: StoredChargeback,
  form: Map<string, string | File>,
  creating: boolean,
): Promise<void> {
  const text = (field: string): string | undefined => {
    const v = form.get(field);
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw badRequest(`${field}: Expected a text value, not a file.`);
    return v.trim();
  };
  const status = text("claim_status");
  if (status !== undefined && status !== "") {
    if (creating) {
      if (status !== "Reviewing" && status !== "Alert") throw badRequest("claim_status: Must be Reviewing or Alert.");
    } else if (status !== cb.claim_status && !(cb.claim_status === "Alert" && status === "Reviewing")) {
      throw badRequest("claim_status: Only an Alert can be changed to Reviewing.");
    }
  }
  const amount = text("claim_amount");
  if (amount !== undefined && amount !== "" && !/^\d+(\.\d{1,2})?$/.test(amount)) {
    throw badRequest("claim_amount: A valid number with at most 2 decimal places is required.");
  }
  const currency = text("claim_amount_currency");
  if (currency !== undefined && currency !== "" && !/^[A-Z]{3}$/.test(currency)) {
    throw badRequest("claim_amount_currency: Must be a 3-letter ISO 4217 currency code.");
  }
  const files: Array<[ChargebackFileField, StoredFile]> = [];
  for (const field of CHARGEBACK_FILE_FIELDS) {
    const v = form.get(field);
    if (v === undefined || v === "") continue;
    if (typeof v === "string") throw badRequest(`${field}: The submitted data was not a file.`);
    if (v.size === 0) throw badRequest(`${field}: The submitted file is empty.`);
    if (v.size > MAX_FILE_BYTES) throw badRequest(`${field}: The submitted file is too large.`);
    files.push([
      field,
      {
        filename: v.name || `${field}.bin`,
        contentType: v.type || "application/octet-stream",
        data: Buffer.from(await v.arrayBuffer()),
      },
    ]);
  }
  if (status) cb.claim_status = status;
  if (amount) cb.claim_amount = formatAmount(amount);
  if (currency) cb.claim_amount_currency = currency;
  for (const [field, file] of files) {
    const old = cb.files[field];
    if (old) state.media.delete(old);
    const id = randomHex(16);
    state.media.set(id, file);
    cb.files[field] = id;
  }
}

export async function createChargeback(state: SandboxState, ctx: RequestContext): Promise<Reply> {
  const form = await formBody(ctx);
  const orderNum = form.get("order_num");
  if (orderNum === undefined || orderNum === "") throw badRequest("order_num: This field is required.");
  if (typeof orderNum !== "string") throw badRequest("order_num: Expected a text value, not a file.");
  const tx = [...state.txs.values()].reverse().find((t) => t.account === ctx.account && t.data.order_num === orderNum);
  if (!tx) throw badRequest("order_num: No transaction with this order_num.");
  if (ctx.account.chargebacks.has(orderNum))
    throw badRequest("order_num: A chargeback for this order_num already exists.");
  const cb: StoredChargeback = {
    order_num: orderNum,
    timestamp: timestamp(new Date()),
    claim_status: "Reviewing",
    claim_amount_currency: String(tx.data.currency),
    claim_amount: formatAmount(tx.data.total),
    denial_reason: null,
    files: {},
  };
  await applyChargebackForm(state, cb, form, true);
  ctx.account.chargebacks.set(orderNum, cb);
  state.emit(`chargeback created for transaction ${tx.id}`);
  return { status: 201, json: chargebackJson(state, cb) };
}

export function listChargebacks(state: SandboxState, ctx: RequestContext): Reply {
  const all = [...ctx.account.chargebacks.values()];
  const pageParam = ctx.url.searchParams.get("page") ?? "1";
  const page = /^\d+$/.test(pageParam) ? Number(pageParam) : NaN;
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1 || page > pages) throw new HttpError(404, { detail: "Invalid page." });
  const link = (p: number) => `${state.url}/api/v2/chargebacks/?page=${p}`;
  return {
    status: 200,
    json: {
      previous: page > 1 ? link(page - 1) : null,
      next: page < pages ? link(page + 1) : null,
      results: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((cb) => chargebackJson(state, cb)),
    },
  };
}

function ownChargeback(state: SandboxState, ctx: RequestContext): StoredChargeback {
  const cb = ctx.account.chargebacks.get(ctx.params[0]);
  if (!cb) throw notFound();
  return cb;
}

export function getChargeback(state: SandboxState, ctx: RequestContext): Reply {
  return { status: 200, json: chargebackJson(state, ownChargeback(state, ctx)) };
}

export async function writeChargeback(state: SandboxState, ctx: RequestContext): Promise<Reply> {
  const cb = ownChargeback(state, ctx);
  const form = await formBody(ctx);
  const orderNum = form.get("order_num");
  if (orderNum !== undefined && orderNum !== cb.order_num) throw badRequest("order_num: Cannot be changed.");
  await applyChargebackForm(state, cb, form, false);
  return { status: 200, json: chargebackJson(state, cb) };
}

export function deleteChargeback(state: SandboxState, ctx: RequestContext): Reply {
  const cb = ownChargeback(state, ctx);
  for (const id of Object.values(cb.files)) if (id) state.media.delete(id);
  ctx.account.chargebacks.delete(cb.order_num);
  return { status: 204 };
}

/** Sets a chargeback's claim status as Apruvd staff would (e.g. "Accepted, Paid"). */
export function setChargebackStatus(
  state: SandboxState,
  orderNum: string,
  claimStatus: string,
  denialReason: string | null = null,
): void {
  for (const acct of state.accounts.values()) {
    const cb = acct.chargebacks.get(orderNum);
    if (cb) {
      cb.claim_status = claimStatus;
      cb.denial_reason = denialReason;
      return;
    }
  }
  throw new Error("Sandbox: no chargeback for that order_num");
}
