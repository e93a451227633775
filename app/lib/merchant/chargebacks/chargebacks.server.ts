/**
 * The shop's chargeback claims at Apruvd: list (one page at a time, following
 * `next`), file, update and delete, with the client built from the shop's own
 * decrypted API keys. Every Apruvd failure becomes a message the page can show inline.
 */
import type { PrismaClient } from "@prisma/client";
import type { ApruvdClient } from "../../clients/apruvd/client";
import type { ApruvdClientFactory } from "../../clients/apruvd/client-factory";
import { merchantApruvdClients } from "../../clients/apruvd/client-for-shop.server";
import {
  ApruvdAuthenticationError,
  ApruvdInvalidRequestError,
  ApruvdNotFoundError,
  isApruvdError,
} from "../../clients/apruvd/errors";
import type { ApruvdChargeback, ChargebackCreateInput, ChargebackUpdateInput } from "../../clients/apruvd/types";
import { type Message, message } from "../i18n/message";
import { apruvdCredentialsOf } from "../settings/shop-settings.server";
import { apruvdFieldErrors, type ChargebackErrors } from "./chargeback-form";

/** The chargeback pages' clients: the one factory's `chargebacks` policy (20 s per attempt, one retry, no breaker). */
export const chargebackClients: ApruvdClientFactory = merchantApruvdClients("chargebacks");

/** The shop's Apruvd client, or null when no keys are saved. */
export async function apruvdClientForShop(
  prisma: PrismaClient,
  shop: string,
  factory: ApruvdClientFactory = chargebackClients,
): Promise<ApruvdClient | null> {
  const settings = await prisma.shopSettings.findUnique({ where: { shop } });
  if (!settings) return null;
  const credentials = apruvdCredentialsOf(settings);
  return credentials ? factory(credentials) : null;
}

export interface ChargebackView {
  orderNum: string;
  timestamp: string;
  status: string;
  amount: string;
  currency: string;
  denialReason: string | null;
  files: Array<{ field: string; url: string }>;
}

function view(cb: ApruvdChargeback): ChargebackView {
  return {
    orderNum: cb.order_num,
    timestamp: cb.timestamp,
    status: cb.claim_status,
    amount: cb.claim_amount,
    currency: cb.claim_amount_currency,
    denialReason: cb.denial_reason,
    files: (["claim_file", "claim_file_2", "claim_file_3", "appeal_file"] as const)
      .map((field) => ({ field, url: cb[field] }))
      .filter(
        (f): f is { field: (typeof f)["field"]; url: string } =>
          typeof f.url === "string" && /^https?:\/\//.test(f.url),
      ),
  };
}

/** What went wrong, for the merchant (a message shown in their language). */
export function chargebackErrorMessage(error: unknown): Message {
  if (error instanceof ApruvdAuthenticationError) return message("chargebackError.keysRejected");
  if (error instanceof ApruvdNotFoundError) return message("chargebackError.noClaim");
  if (isApruvdError(error))
    return message("chargebackError.unreachable", { detail: error.apruvdMessage ?? error.code });
  return message("chargebackError.unexpected");
}

export type ListResult =
  | { ok: true; claims: ChargebackView[]; next: string | null; previous: string | null }
  | { ok: false; message: Message; needsSetup?: boolean };

/** One page; `page` is a `next`/`previous` URL from an earlier page (checked by the client to stay on Apruvd's host). */
export async function listChargebacks(client: ApruvdClient | null, page?: string | null): Promise<ListResult> {
  if (!client)
    return {
      ok: false,
      needsSetup: true,
      message: message("chargebackError.connectToSee"),
    };
  try {
    const result = await client.chargebacks.list(page || undefined);
    return { ok: true, claims: result.results.map(view), next: result.next, previous: result.previous };
  } catch (error) {
    return { ok: false, message: chargebackErrorMessage(error) };
  }
}

export type WriteResult = { ok: true; claim: ChargebackView | null } | { ok: false; errors: ChargebackErrors };

async function write(run: () => Promise<ApruvdChargeback | void>): Promise<WriteResult> {
  try {
    const claim = await run();
    return { ok: true, claim: claim ? view(claim) : null };
  } catch (error) {
    if (error instanceof ApruvdInvalidRequestError)
      return { ok: false, errors: apruvdFieldErrors(error.apruvdMessage) };
    return { ok: false, errors: { form: chargebackErrorMessage(error) } };
  }
}

export function fileChargeback(client: ApruvdClient, input: ChargebackCreateInput): Promise<WriteResult> {
  return write(() => client.chargebacks.create(input));
}

/** PATCH: only the given fields change. */
export function updateChargeback(
  client: ApruvdClient,
  orderNum: string,
  input: ChargebackUpdateInput,
): Promise<WriteResult> {
  return write(() => client.chargebacks.patch(orderNum, input));
}

export function deleteChargeback(client: ApruvdClient, orderNum: string): Promise<WriteResult> {
  return write(() => client.chargebacks.delete(orderNum));
}

export type GetResult =
  { ok: true; claim: ChargebackView } | { ok: false; message: Message; notFound?: boolean; needsSetup?: boolean };

export async function getChargeback(client: ApruvdClient | null, orderNum: string): Promise<GetResult> {
  if (!client) return { ok: false, needsSetup: true, message: message("chargebackError.connectFirst") };
  try {
    return { ok: true, claim: view(await client.chargebacks.get(orderNum)) };
  } catch (error) {
    return { ok: false, notFound: error instanceof ApruvdNotFoundError, message: chargebackErrorMessage(error) };
  }
}
