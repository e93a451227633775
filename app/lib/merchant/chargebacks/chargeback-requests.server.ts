/**
 * The chargeback pages' actions, from the request: size-check the upload before
 * reading it, parse and validate the form, then call Apruvd with the shop's client.
 */
import type { PrismaClient } from "@prisma/client";
import { MAX_REQUEST_BYTES, parseCreateForm, parseUpdateForm, type ChargebackErrors } from "./chargeback-form";
import type { ApruvdClientFactory } from "../../clients/apruvd/client-factory";
import { type Message, message } from "../i18n/message";
import {
  apruvdClientForShop,
  chargebackClients,
  deleteChargeback,
  fileChargeback,
  updateChargeback,
  type ChargebackView,
} from "./chargebacks.server";

export type ChargebackActionResult =
  | {
      ok: true;
      intent: "create" | "update" | "delete";
      orderNum: string;
      claim: ChargebackView | null;
      message: Message;
    }
  | { ok: false; intent: string; errors: ChargebackErrors };

async function readForm(request: Request): Promise<FormData | ChargebackErrors> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_REQUEST_BYTES) return { form: message("chargebackError.requestTooLarge") };
  try {
    return await request.formData();
  } catch {
    return { form: message("chargebackError.unreadable") };
  }
}

export async function chargebackAction(
  prisma: PrismaClient,
  shop: string,
  request: Request,
  options: { orderNum?: string; currentStatus?: string; factory?: ApruvdClientFactory } = {},
): Promise<ChargebackActionResult> {
  const form = await readForm(request);
  if (!(form instanceof FormData)) return { ok: false, intent: "unknown", errors: form };
  const intent = String(form.get("intent") ?? "create");
  const client = await apruvdClientForShop(prisma, shop, options.factory ?? chargebackClients);
  if (!client) return { ok: false, intent, errors: { form: message("chargebackError.connectFirst") } };

  if (intent === "create") {
    const parsed = await parseCreateForm(form);
    if (!parsed.ok) return { ok: false, intent, errors: parsed.errors };
    const result = await fileChargeback(client, parsed.input);
    return result.ok
      ? {
          ok: true,
          intent,
          orderNum: parsed.input.order_num,
          claim: result.claim,
          message: message("chargebacks.filed", { order: parsed.input.order_num }),
        }
      : { ok: false, intent, errors: result.errors };
  }
  const orderNum = options.orderNum ?? String(form.get("order_num") ?? "");
  if (!orderNum) return { ok: false, intent, errors: { form: message("chargebackError.orderNumMissing") } };
  if (intent === "delete") {
    const result = await deleteChargeback(client, orderNum);
    return result.ok
      ? { ok: true, intent, orderNum, claim: null, message: message("chargebacks.deleted", { order: orderNum }) }
      : { ok: false, intent, errors: result.errors };
  }
  if (intent === "update") {
    form.set("order_num", orderNum);
    const parsed = await parseUpdateForm(form, options.currentStatus);
    if (!parsed.ok) return { ok: false, intent, errors: parsed.errors };
    const result = await updateChargeback(client, orderNum, parsed.input);
    return result.ok
      ? { ok: true, intent, orderNum, claim: result.claim, message: message("chargebacks.detail.updated") }
      : { ok: false, intent, errors: result.errors };
  }
  return { ok: false, intent, errors: { form: message("chargebackError.unknownAction") } };
}
