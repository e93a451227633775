/**
 * Chargeback claim forms: the files (PDF or image, recognised by their first bytes,
 * at most 10 MB each, three claim files and one appeal file), the amount, the
 * currency and the claim status. Pure apart from reading the uploaded File objects.
 * Errors are messages (i18n key + parameters), shown in the merchant's language; Apruvd's
 * own messages stay as Apruvd wrote them, inside a translated sentence.
 */
import type { ChargebackCreateInput, ChargebackFileUpload, ChargebackUpdateInput } from "../../clients/apruvd/types";
import { type Message, message } from "../i18n/message";
import type { MessageKey } from "../i18n/translate";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Four files plus the text fields and multipart overhead. */
export const MAX_REQUEST_BYTES = 4 * MAX_FILE_BYTES + 512 * 1024;
export const FILE_FIELDS = ["claim_file", "claim_file_2", "claim_file_3", "appeal_file"] as const;
export type FileField = (typeof FILE_FIELDS)[number];
export const FILE_LABELS: Record<FileField, MessageKey> = {
  claim_file: "chargebacks.file.claim_file",
  claim_file_2: "chargebacks.file.claim_file_2",
  claim_file_3: "chargebacks.file.claim_file_3",
  appeal_file: "chargebacks.file.appeal_file",
};
export const ACCEPTED_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export const ACCEPT_ATTRIBUTE = ACCEPTED_TYPES.join(",");

export type ChargebackField = "order_num" | "claim_amount" | "claim_amount_currency" | "claim_status" | FileField;
export type ChargebackErrors = Partial<Record<ChargebackField | "form", Message>>;

/** The real type of a file from its first bytes, or null when it is not a PDF or an image we accept. */
export function sniffType(bytes: Uint8Array): (typeof ACCEPTED_TYPES)[number] | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif"; // GIF8
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  )
    return "image/webp";
  return null;
}

function safeFilename(name: string, type: string): string {
  const ext = type === "application/pdf" ? "pdf" : type.split("/")[1] === "jpeg" ? "jpg" : type.split("/")[1];
  const base = name
    .replace(/\.[^.]*$/, "")
    .replace(/[^\w.-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${base || "document"}.${ext}`;
}

interface UploadedFile {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as UploadedFile).arrayBuffer === "function" &&
    typeof (value as UploadedFile).size === "number"
  );
}

/** One file field: absent/empty → undefined, otherwise a checked upload or an error. */
export async function readFileField(
  value: FormDataEntryValue | null,
  label: MessageKey,
): Promise<{ file?: ChargebackFileUpload; error?: Message }> {
  if (value === null || typeof value === "string" || !isUploadedFile(value)) return {};
  if (value.size === 0 && !value.name) return {};
  const document = message(label);
  if (value.size === 0) return { error: message("chargebackError.fileEmpty", { document }) };
  if (value.size > MAX_FILE_BYTES) return { error: message("chargebackError.fileTooLarge", { document }) };
  const data = new Uint8Array(await value.arrayBuffer());
  const type = sniffType(data);
  if (!type) return { error: message("chargebackError.fileType", { document }) };
  return { file: { filename: safeFilename(value.name || "document", type), contentType: type, data } };
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** "100", "100.5", "1,234.50" → "1234.50"; null when empty; error otherwise. */
export function parseClaimAmount(raw: string): { value: string | null } | { error: Message } {
  const cleaned = raw.replace(/,/g, "").trim();
  if (cleaned === "") return { value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return { error: message("chargebackError.amount") };
  const n = Number(cleaned);
  if (n <= 0) return { error: message("chargebackError.amountZero") };
  if (n > 10_000_000) return { error: message("chargebackError.amountTooLarge") };
  return { value: n.toFixed(2) };
}

export function parseCurrency(raw: string): { value: string | null } | { error: Message } {
  const code = raw.trim().toUpperCase();
  if (code === "") return { value: null };
  return /^[A-Z]{3}$/.test(code) ? { value: code } : { error: message("chargebackError.currency") };
}

export type CreateParse = { ok: true; input: ChargebackCreateInput } | { ok: false; errors: ChargebackErrors };
export type UpdateParse =
  { ok: true; orderNum: string; input: ChargebackUpdateInput } | { ok: false; errors: ChargebackErrors };

/** A new claim: order number, optional amount/currency, Reviewing or Alert, files. */
export async function parseCreateForm(form: FormData): Promise<CreateParse> {
  const errors: ChargebackErrors = {};
  const orderNum = text(form, "order_num").replace(/^#/, "");
  if (!orderNum) errors.order_num = message("chargebackError.orderNumRequired");
  else if (orderNum.length > 25 || /\s/.test(orderNum)) errors.order_num = message("chargebackError.orderNumFormat");

  const amount = parseClaimAmount(text(form, "claim_amount"));
  if ("error" in amount) errors.claim_amount = amount.error;
  const currency = parseCurrency(text(form, "claim_amount_currency"));
  if ("error" in currency) errors.claim_amount_currency = currency.error;
  const status = text(form, "claim_status") || "Reviewing";
  if (status !== "Reviewing" && status !== "Alert") errors.claim_status = message("chargebackError.status");

  const input: ChargebackCreateInput = { order_num: orderNum };
  for (const field of FILE_FIELDS) {
    const { file, error } = await readFileField(form.get(field), FILE_LABELS[field]);
    if (error) errors[field] = error;
    else if (file) input[field] = file;
  }
  if (!errors.claim_file && !input.claim_file && (input.claim_file_2 || input.claim_file_3)) {
    errors.claim_file = message("chargebackError.firstFileFirst");
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if ("value" in amount && amount.value) input.claim_amount = amount.value;
  if ("value" in currency && currency.value) input.claim_amount_currency = currency.value;
  input.claim_status = status as "Reviewing" | "Alert";
  return { ok: true, input };
}

/** An update: amount, Alert → Reviewing, extra files. At least one change. */
export async function parseUpdateForm(form: FormData, currentStatus?: string): Promise<UpdateParse> {
  const errors: ChargebackErrors = {};
  const orderNum = text(form, "order_num");
  if (!orderNum) errors.form = message("chargebackError.orderNumMissing");
  const amount = parseClaimAmount(text(form, "claim_amount"));
  if ("error" in amount) errors.claim_amount = amount.error;
  const status = text(form, "claim_status");
  if (status && status !== "Reviewing") errors.claim_status = message("chargebackError.statusMove");
  else if (status && currentStatus !== undefined && currentStatus !== "Alert" && currentStatus !== "Reviewing") {
    errors.claim_status = message("chargebackError.statusOnlyAlert");
  }
  const input: ChargebackUpdateInput = {};
  for (const field of FILE_FIELDS) {
    const { file, error } = await readFileField(form.get(field), FILE_LABELS[field]);
    if (error) errors[field] = error;
    else if (file) input[field] = file;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if ("value" in amount && amount.value) input.claim_amount = amount.value;
  if (status === "Reviewing" && currentStatus !== "Reviewing") input.claim_status = "Reviewing";
  if (Object.keys(input).length === 0)
    return { ok: false, errors: { form: message("chargebackError.nothingChanged") } };
  return { ok: true, orderNum, input };
}

/**
 * Apruvd's 400 messages ("order_num: No transaction with this order_num.; claim_file: …")
 * → inline errors on the matching fields; anything else → a form-level error.
 */
export function apruvdFieldErrors(apruvdMessage: string | undefined): ChargebackErrors {
  const errors: ChargebackErrors = {};
  const fields = new Set<string>([
    "order_num",
    "claim_amount",
    "claim_amount_currency",
    "claim_status",
    ...FILE_FIELDS,
  ]);
  const rest: string[] = [];
  for (const part of (apruvdMessage ?? "").split(/;\s*/)) {
    const match = /^(\w+):\s*(.+)$/.exec(part.trim());
    if (match && fields.has(match[1]))
      errors[match[1] as ChargebackField] = message("chargebackError.apruvdField", { apruvdMessage: match[2] });
    else if (part.trim()) rest.push(part.trim());
  }
  if (rest.length > 0 || Object.keys(errors).length === 0) {
    const said = rest.join("; ") || apruvdMessage;
    errors.form = said
      ? message("chargebackError.apruvdRefused", { apruvdMessage: said })
      : message("chargebackError.apruvdRefusedNoDetail");
  }
  return errors;
}
