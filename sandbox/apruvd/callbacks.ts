/**
 * Callbacks: registering the account's callback and settings URLs (with the Basic auth
 * credentials Apruvd sends back), the review-complete and settings-update payloads, their
 * delivery with retries, and the trigger endpoints.
 */
import {
  DEPRECATED_SETTINGS_FIELDS,
  type CallbackRegistrationResponse,
  type ReviewCompleteCallback,
  type SettingsCallbackPayload,
} from "./contract";
import { badRequest, errorCode, jsonBody, type Reply, type RequestContext } from "./http";
import type { Account, SandboxState, Transaction } from "./state";
import type { SandboxCallbackDelivery } from "./types";

export function registerCallbacks(state: SandboxState, ctx: RequestContext): Reply {
  const body = jsonBody(ctx);
  const acct = ctx.account;
  const next = {
    callback_url: acct.callback_url,
    settings_url: acct.settings_url,
    callback_api_key_id: acct.callback_api_key_id,
    callback_api_key_secret: acct.callback_api_key_secret,
  };
  for (const field of ["callback_url", "settings_url"] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (v === null || v === "") {
      next[field] = null;
      continue;
    }
    let ok = false;
    if (typeof v === "string" && v.length <= 2000) {
      try {
        ok = ["http:", "https:"].includes(new URL(v).protocol);
      } catch {
        ok = false;
      }
    }
    if (!ok) throw badRequest(`${field}: Enter a valid URL.`);
    next[field] = v as string;
  }
  for (const field of ["callback_api_key_id", "callback_api_key_secret"] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (v === null || v === "") {
      next[field] = null;
      continue;
    }
    if (typeof v !== "string") throw badRequest(`${field}: Not a valid string.`);
    if (v.length > 255) throw badRequest(`${field}: Ensure this field has no more than 255 characters.`);
    next[field] = v;
  }
  Object.assign(acct, next);
  state.emit("callbacks registered");
  const response: CallbackRegistrationResponse = {
    service_plan: acct.servicePlan,
    enforce_unique_order_num: acct.enforceUniqueOrderNum,
    ...next,
  };
  return { status: 200, json: response };
}

export function trigger(state: SandboxState, ctx: RequestContext): Reply {
  const body = jsonBody(ctx);
  const acct = ctx.account;
  if (ctx.params[0] === "review-complete") {
    if (body.transaction_id === undefined || body.transaction_id === null) {
      throw badRequest("transaction_id: This field is required.");
    }
    const id = body.transaction_id;
    if (!(typeof id === "number" && Number.isInteger(id)) && !(typeof id === "string" && /^\d+$/.test(id))) {
      throw badRequest("transaction_id: A valid integer is required.");
    }
    const tx = state.ownTransaction(acct, id);
    const payload = reviewPayload(state, tx);
    if (acct.callback_url) void state.track(deliver(state, acct, "review-complete", acct.callback_url, payload, tx));
    return { status: 200, json: payload };
  }
  const payload = settingsPayload(state, acct);
  if (acct.settings_url) void state.track(deliver(state, acct, "settings-update", acct.settings_url, payload));
  return { status: 200, json: payload };
}

export function settingsPayload(state: SandboxState, acct: Account): SettingsCallbackPayload {
  return {
    service_plan: acct.servicePlan,
    enforce_unique_order_num: acct.enforceUniqueOrderNum,
    js_url: `${state.url}/mjs/${acct.jsHash}/entry.js`,
    ...DEPRECATED_SETTINGS_FIELDS,
    basic_rules: [],
  };
}

export function reviewPayload(state: SandboxState, tx: Transaction): ReviewCompleteCallback {
  return {
    transaction_id: tx.id,
    ...(typeof tx.data.order_num === "string" ? { order_num: tx.data.order_num } : {}),
    status: tx.status,
    ...(tx.notes === undefined ? {} : { notes: tx.notes }),
  };
}

/** POST a callback with the account's callback credentials, retrying per callbackRetryDelaysMs. */
export async function deliver(
  state: SandboxState,
  acct: Account,
  kind: SandboxCallbackDelivery["kind"],
  url: string,
  payload: unknown,
  tx?: Transaction,
): Promise<void> {
  const record: SandboxCallbackDelivery = {
    kind,
    account: acct.keyId,
    url,
    ...(tx ? { transaction_id: tx.id, status: tx.status } : {}),
    attempts: 0,
    delivered: false,
  };
  state.deliveries.push(record);
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/json;charset=UTF-8",
    "User-Agent": "apruvd-sandbox",
  };
  if (acct.callback_api_key_id !== null && acct.callback_api_key_secret !== null) {
    headers.Authorization = `Basic ${Buffer.from(`${acct.callback_api_key_id}:${acct.callback_api_key_secret}`).toString("base64")}`;
  }
  const body = JSON.stringify(payload);
  const delays = state.opts.callbackRetryDelaysMs;
  const label = tx ? `${kind} tx=${tx.id}` : kind;
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await state.wait(delays[attempt - 1]);
    if (state.closed) return;
    record.attempts++;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.any([state.closing.signal, AbortSignal.timeout(state.opts.callbackTimeoutMs)]),
        redirect: "manual",
      });
      await res.arrayBuffer().catch(() => undefined);
      record.lastStatus = res.status;
      record.lastError = undefined;
      state.emit(`callback ${label} → ${res.status} (attempt ${record.attempts})`);
      if (res.ok) {
        record.delivered = true;
        return;
      }
    } catch (error) {
      if (state.closed) return;
      record.lastError = errorCode(error);
      state.emit(`callback ${label} → ${record.lastError} (attempt ${record.attempts})`);
    }
  }
}
