/**
 * /api/v2/chargebacks/: file, list (one page, or every page following `next`), get,
 * replace, update and delete chargeback claims. Writes are multipart/form-data (claim
 * and appeal files).
 */
import {
  CHARGEBACK_FILE_FIELDS,
  type ApruvdChargeback,
  type ChargebackCreateInput,
  type ChargebackFileUpload,
  type ChargebackPage,
  type ChargebackUpdateInput,
} from "../types";
import type { ApruvdTransport } from "../transport";

const CHARGEBACKS_PATH = "/api/v2/chargebacks/";

type ChargebackWriteInput = ChargebackUpdateInput & { order_num?: string };

export class ChargebacksResource {
  constructor(private readonly transport: ApruvdTransport) {}

  /** POST /api/v2/chargebacks/ (multipart). Not retried after a timeout: it could double-file. */
  async create(input: ChargebackCreateInput): Promise<ApruvdChargeback> {
    if (!input.order_num) throw new TypeError("chargebacks.create: order_num is required");
    return this.transport.request<ApruvdChargeback>({
      method: "POST",
      path: CHARGEBACKS_PATH,
      form: () => chargebackForm(input),
      retry: "unsent",
    });
  }

  /** One page. `pageUrl` is a `next`/`previous` URL from an earlier page. */
  async list(pageUrl?: string): Promise<ChargebackPage> {
    const path = pageUrl === undefined ? CHARGEBACKS_PATH : this.transport.pagePath(pageUrl, CHARGEBACKS_PATH);
    return this.transport.request<ChargebackPage>({ method: "GET", path, retry: "safe" });
  }

  /** Every chargeback, following `next` links. */
  async *listAll(): AsyncGenerator<ApruvdChargeback, void, undefined> {
    const seen = new Set<string>();
    let page = await this.list();
    for (;;) {
      yield* page.results;
      if (!page.next || seen.has(page.next)) return;
      seen.add(page.next);
      page = await this.list(page.next);
    }
  }

  get(orderNum: string): Promise<ApruvdChargeback> {
    return this.transport.request<ApruvdChargeback>({ method: "GET", path: chargebackPath(orderNum), retry: "safe" });
  }

  put(orderNum: string, input: ChargebackUpdateInput): Promise<ApruvdChargeback> {
    return this.transport.request<ApruvdChargeback>({
      method: "PUT",
      path: chargebackPath(orderNum),
      form: () => chargebackForm(input),
      retry: "safe",
    });
  }

  patch(orderNum: string, input: ChargebackUpdateInput): Promise<ApruvdChargeback> {
    return this.transport.request<ApruvdChargeback>({
      method: "PATCH",
      path: chargebackPath(orderNum),
      form: () => chargebackForm(input),
      retry: "safe",
    });
  }

  /** DELETE → 204. A 404 on a retry (the first attempt may have deleted it) counts as success. */
  async delete(orderNum: string): Promise<void> {
    await this.transport.request<undefined>({
      method: "DELETE",
      path: chargebackPath(orderNum),
      retry: "safe",
      notFoundOnRetryIsSuccess: true,
    });
  }
}

function chargebackPath(orderNum: string): string {
  return `${CHARGEBACKS_PATH}${encodeURIComponent(orderNum)}/`;
}

function chargebackForm(input: ChargebackWriteInput): FormData {
  const form = new FormData();
  if (input.order_num !== undefined) form.append("order_num", input.order_num);
  if (input.claim_status !== undefined) form.append("claim_status", input.claim_status);
  if (input.claim_amount !== undefined) form.append("claim_amount", String(input.claim_amount));
  if (input.claim_amount_currency !== undefined) form.append("claim_amount_currency", input.claim_amount_currency);
  for (const field of CHARGEBACK_FILE_FIELDS) {
    const file = input[field];
    if (file !== undefined) form.append(field, toBlob(file), file.filename);
  }
  return form;
}

function toBlob(file: ChargebackFileUpload): Blob {
  if (file.data instanceof Blob) {
    return file.data.type === file.contentType ? file.data : new Blob([file.data], { type: file.contentType });
  }
  return new Blob([new Uint8Array(file.data)], { type: file.contentType });
}
