/**
 * The settings form: what the merchant edits (automation switches, review mode,
 * exclusion rules, tags…), how it is read from a submitted form and validated.
 *
 * Pure: no database, no Remix. `parseSettingsForm` turns submitted fields into either
 * one Prisma update (saved atomically by save-settings.server.ts) or inline errors
 * keyed by field name, so every field can show its own message. Errors are messages
 * (i18n key + parameters): the page shows them in the merchant's language.
 */
import type { ExclusionRules } from "../../review/exclusions";
import { type Message, message } from "../i18n/message";
import type { MessageKey } from "../i18n/translate";
import {
  ELEVATION_BOOLEAN_FIELDS,
  ELEVATION_DEFAULTS,
  ELEVATION_TEXT_FIELDS,
  type ElevationSettings,
  type SubmittedOrderHandling,
  elevationFormValuesOf,
  parseElevationFields,
} from "./elevation-form";

export const REVIEW_MODES = ["review_all", "submit_then_elevate"] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];
export const ORDER_NUMBER_SOURCES = ["name", "id"] as const;
export type OrderNumberSource = (typeof ORDER_NUMBER_SOURCES)[number];

/** Switches in the order the settings page shows them. */
export const BOOLEAN_FIELDS = [
  "autoSubmit",
  "holdWhileReviewing",
  "releaseHoldOnApproval",
  "tagOrders",
  "riskAssessments",
  "cancelDeclined",
  "cancelRestock",
  "cancelRefund",
  "cancelNotifyCustomer",
  "applyCorrectedEmail",
  "excludeB2B",
  "excludeTestOrders",
  ...ELEVATION_BOOLEAN_FIELDS,
] as const;
export type BooleanField = (typeof BOOLEAN_FIELDS)[number];

export const TEXT_FIELDS = [
  "tagReviewing",
  "tagApproved",
  "tagDeclined",
  "tagNotReviewed",
  "reviewMode",
  "orderNumberSource",
  "highRiskProductTag",
  "gateways",
  "salesChannels",
  "minTotal",
  "maxTotal",
  "customerTags",
  "orderTags",
  ...ELEVATION_TEXT_FIELDS,
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** The form as the page holds it: switches as booleans, everything else as typed text. */
export type SettingsFormValues = Record<BooleanField, boolean> & Record<TextField, string>;
export type SettingsField = BooleanField | TextField;
export type SettingsErrors = Partial<Record<SettingsField | "form", Message>>;
/** The same errors as the page shows them, in the merchant's language. */
export type SettingsErrorTexts = Partial<Record<SettingsField | "form", string>>;

/** The columns of ShopSettings that the form writes (one update). */
export interface SettingsUpdate extends ElevationSettings {
  submittedOrders: SubmittedOrderHandling;
  autoSubmit: boolean;
  holdWhileReviewing: boolean;
  releaseHoldOnApproval: boolean;
  tagOrders: boolean;
  tagReviewing: string;
  tagApproved: string;
  tagDeclined: string;
  riskAssessments: boolean;
  orderNumberSource: OrderNumberSource;
  reviewMode: ReviewMode;
  highRiskProductTag: string | null;
  exclusionRules: string;
  cancelDeclined: boolean;
  cancelRestock: boolean;
  cancelRefund: boolean;
  cancelNotifyCustomer: boolean;
  applyCorrectedEmail: boolean;
}

export type ParseResult =
  { ok: true; update: SettingsUpdate; values: SettingsFormValues } | { ok: false; errors: SettingsErrors };

/** The order tags of each review state (each its own, when tagging is on). */
const STATUS_TAG_FIELDS = ["tagReviewing", "tagApproved", "tagDeclined", "tagNotReviewed"] as const;

/** Shopify order/customer/product tags are at most 40 characters; the admin rejects commas inside one tag. */
export const MAX_TAG_LENGTH = 40;
export const MAX_LIST_ENTRIES = 50;
export const MAX_LIST_ENTRY_LENGTH = 100;
export const MAX_TOTAL = 1_000_000_000;

/** The subset of ShopSettings this module reads (so tests need no database row): the update's columns, choices as stored text. */
export type SettingsSource = Omit<SettingsUpdate, "orderNumberSource" | "reviewMode" | "submittedOrders"> & {
  orderNumberSource: string;
  reviewMode: string;
  submittedOrders: string;
};

function readRules(json: string): ExclusionRules {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as ExclusionRules) : {};
  } catch {
    return {};
  }
}

function listText(value: unknown): string {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").join(", ");
  return typeof value === "string" ? value : "";
}

function amountText(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" ? value : "";
}

/** Stored settings → the values the form starts from. */
export function formValuesOf(settings: SettingsSource): SettingsFormValues {
  const rules = readRules(settings.exclusionRules);
  return {
    autoSubmit: settings.autoSubmit,
    holdWhileReviewing: settings.holdWhileReviewing,
    releaseHoldOnApproval: settings.releaseHoldOnApproval,
    tagOrders: settings.tagOrders,
    riskAssessments: settings.riskAssessments,
    cancelDeclined: settings.cancelDeclined,
    cancelRestock: settings.cancelRestock,
    cancelRefund: settings.cancelRefund,
    cancelNotifyCustomer: settings.cancelNotifyCustomer,
    applyCorrectedEmail: settings.applyCorrectedEmail,
    excludeB2B: rules.excludeB2B === true,
    excludeTestOrders: rules.excludeTestOrders === true,
    tagReviewing: settings.tagReviewing,
    tagApproved: settings.tagApproved,
    tagDeclined: settings.tagDeclined,
    tagNotReviewed: settings.tagNotReviewed,
    reviewMode: settings.reviewMode,
    orderNumberSource: settings.orderNumberSource,
    highRiskProductTag: settings.highRiskProductTag ?? "",
    gateways: listText(rules.gateways),
    salesChannels: listText(rules.salesChannels),
    minTotal: amountText(rules.minTotal),
    maxTotal: amountText(rules.maxTotal),
    customerTags: listText(rules.customerTags),
    orderTags: listText(rules.orderTags),
    ...elevationFormValuesOf(settings),
  };
}

/** The defaults of the schema (every automatic step on, destructive ones off). */
export const DEFAULT_SETTINGS: SettingsSource = {
  autoSubmit: true,
  holdWhileReviewing: true,
  releaseHoldOnApproval: true,
  tagOrders: true,
  tagReviewing: "apruvd-reviewing",
  tagApproved: "apruvd-approved",
  tagDeclined: "apruvd-declined",
  riskAssessments: true,
  orderNumberSource: "name",
  reviewMode: "review_all",
  highRiskProductTag: null,
  exclusionRules: "{}",
  cancelDeclined: false,
  cancelRestock: true,
  cancelRefund: false,
  cancelNotifyCustomer: false,
  applyCorrectedEmail: false,
  ...ELEVATION_DEFAULTS,
};

/** Values → the fields a form submits (booleans as "true"/"false", so a missing one is detectable). */
export function formFieldsOf(values: SettingsFormValues): Record<SettingsField, string> {
  const fields = {} as Record<SettingsField, string>;
  for (const name of BOOLEAN_FIELDS) fields[name] = values[name] ? "true" : "false";
  for (const name of TEXT_FIELDS) fields[name] = values[name];
  return fields;
}

type FieldSource = FormData | URLSearchParams | Record<string, unknown>;

function getField(source: FieldSource, name: string): unknown {
  if (source instanceof FormData || source instanceof URLSearchParams) {
    return source.has(name) ? source.get(name) : undefined;
  }
  return source[name];
}

function parseBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === "boolean") return raw;
  if (typeof raw !== "string") return undefined;
  const v = raw.trim().toLowerCase();
  if (v === "true" || v === "on" || v === "1") return true;
  if (v === "false" || v === "off" || v === "0" || v === "") return false;
  return undefined;
}

function hasControlChars(value: string): boolean {
  // Control characters are exactly what this looks for.
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(value);
}

function validateTag(value: string, label: MessageKey, required: boolean): Message | undefined {
  const field = message(label);
  if (value === "") return required ? message("settingsError.tagRequired", { field }) : undefined;
  if (value.includes(",")) return message("settingsError.tagComma", { field });
  if (value.length > MAX_TAG_LENGTH) return message("settingsError.tagTooLong", { field, max: MAX_TAG_LENGTH });
  if (hasControlChars(value)) return message("settingsError.tagCharacters", { field });
  return undefined;
}

/**
 * "a, b,,c" → ["a","b","c"], de-duplicated case-insensitively, or an error. `label` names
 * one entry, with plural forms (settingsList.*).
 */
export function parseList(raw: string, label: MessageKey): { values: string[] } | { error: Message } {
  const seen = new Set<string>();
  const values: string[] = [];
  for (const part of raw.split(/[,\n]/)) {
    const value = part.trim();
    if (value === "") continue;
    if (value.length > MAX_LIST_ENTRY_LENGTH)
      return {
        error: message("settingsError.listEntryTooLong", {
          entry: message(label, { count: 1 }),
          max: MAX_LIST_ENTRY_LENGTH,
        }),
      };
    if (hasControlChars(value)) return { error: message("settingsError.listEntryCharacters", { value }) };
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(value);
  }
  if (values.length > MAX_LIST_ENTRIES)
    return {
      error: message("settingsError.listTooLong", {
        max: MAX_LIST_ENTRIES,
        entries: message(label, { count: MAX_LIST_ENTRIES }),
      }),
    };
  return { values };
}

/** "", "25", "25.5", "1,000.00" → number | null, or an error. `label` names the amount (settingsField.*). */
export function parseAmount(raw: string, label: MessageKey): { value: number | null } | { error: Message } {
  const text = raw.trim().replace(/,/g, "");
  if (text === "") return { value: null };
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return { error: message("settingsError.amount", { field: message(label) }) };
  const value = Number(text);
  if (value > MAX_TOTAL) return { error: message("settingsError.amountTooLarge", { field: message(label) }) };
  return { value };
}

/**
 * Reads and validates a submitted settings form. Every field must be present (a
 * partial form would silently switch steps off); every error is reported at once.
 */
export function parseSettingsForm(source: FieldSource): ParseResult {
  const errors: SettingsErrors = {};
  const bools = {} as Record<BooleanField, boolean>;
  const texts = {} as Record<TextField, string>;
  const missing: string[] = [];

  for (const name of BOOLEAN_FIELDS) {
    const raw = getField(source, name);
    if (raw === undefined || raw === null) {
      missing.push(name);
      continue;
    }
    const value = parseBoolean(raw);
    if (value === undefined) errors[name] = message("settingsError.onOrOff");
    else bools[name] = value;
  }
  for (const name of TEXT_FIELDS) {
    const raw = getField(source, name);
    if (raw === undefined || raw === null) {
      missing.push(name);
      continue;
    }
    if (typeof raw !== "string") {
      errors[name] = message("settingsError.text");
      continue;
    }
    texts[name] = raw.trim();
  }
  if (missing.length > 0) {
    errors.form = message("settingsError.incomplete", { fields: missing.join(", ") });
    return { ok: false, errors };
  }

  const tagOrders = bools.tagOrders ?? true;
  const tagLabels: Record<(typeof STATUS_TAG_FIELDS)[number], MessageKey> = {
    tagReviewing: "settingsField.tagReviewing",
    tagApproved: "settingsField.tagApproved",
    tagDeclined: "settingsField.tagDeclined",
    tagNotReviewed: "settingsField.tagNotReviewed",
  };
  for (const name of STATUS_TAG_FIELDS) {
    const error = validateTag(texts[name], tagLabels[name], tagOrders);
    if (error) errors[name] = error;
  }
  if (STATUS_TAG_FIELDS.every((name) => !errors[name]) && tagOrders) {
    const seen = new Map<string, string>();
    for (const name of STATUS_TAG_FIELDS) {
      const key = texts[name].toLowerCase();
      if (seen.has(key)) errors[name] = message("settingsError.tagShared");
      else seen.set(key, name);
    }
  }

  if (!(REVIEW_MODES as readonly string[]).includes(texts.reviewMode))
    errors.reviewMode = message("settingsError.reviewMode");
  if (!(ORDER_NUMBER_SOURCES as readonly string[]).includes(texts.orderNumberSource)) {
    errors.orderNumberSource = message("settingsError.orderNumberSource");
  }

  const highRiskError = validateTag(texts.highRiskProductTag, "settingsField.highRiskProductTag", false);
  if (highRiskError) errors.highRiskProductTag = highRiskError;

  const lists = {} as Record<"gateways" | "salesChannels" | "customerTags" | "orderTags", string[]>;
  const listLabels = {
    gateways: "settingsList.gateway",
    salesChannels: "settingsList.salesChannel",
    customerTags: "settingsList.customerTag",
    orderTags: "settingsList.orderTag",
  } as const;
  for (const name of ["gateways", "salesChannels", "customerTags", "orderTags"] as const) {
    const parsed = parseList(texts[name], listLabels[name]);
    if ("error" in parsed) errors[name] = parsed.error;
    else lists[name] = parsed.values;
  }

  const min = parseAmount(texts.minTotal, "settingsField.minTotal");
  const max = parseAmount(texts.maxTotal, "settingsField.maxTotal");
  if ("error" in min) errors.minTotal = min.error;
  if ("error" in max) errors.maxTotal = max.error;
  if ("value" in min && "value" in max && min.value !== null && max.value !== null && min.value > max.value) {
    errors.maxTotal = message("settingsError.maxBelowMin");
  }

  const elevation = parseElevationFields(bools, texts, {
    parseList,
    parseAmount,
    highRiskProductTag: texts.highRiskProductTag,
  });
  Object.assign(errors, elevation.errors);

  if (Object.keys(errors).length > 0 || !elevation.update) return { ok: false, errors };

  const minTotal = "value" in min ? min.value : null;
  const maxTotal = "value" in max ? max.value : null;
  const rules: ExclusionRules = {};
  if (lists.gateways.length) rules.gateways = lists.gateways;
  if (lists.salesChannels.length) rules.salesChannels = lists.salesChannels;
  if (minTotal !== null) rules.minTotal = minTotal;
  if (maxTotal !== null) rules.maxTotal = maxTotal;
  if (lists.customerTags.length) rules.customerTags = lists.customerTags;
  if (lists.orderTags.length) rules.orderTags = lists.orderTags;
  if (bools.excludeB2B) rules.excludeB2B = true;
  if (bools.excludeTestOrders) rules.excludeTestOrders = true;

  const update: SettingsUpdate = {
    autoSubmit: bools.autoSubmit,
    holdWhileReviewing: bools.holdWhileReviewing,
    releaseHoldOnApproval: bools.releaseHoldOnApproval,
    tagOrders: bools.tagOrders,
    tagReviewing: texts.tagReviewing || "apruvd-reviewing",
    tagApproved: texts.tagApproved || "apruvd-approved",
    tagDeclined: texts.tagDeclined || "apruvd-declined",
    tagNotReviewed: texts.tagNotReviewed || ELEVATION_DEFAULTS.tagNotReviewed,
    riskAssessments: bools.riskAssessments,
    orderNumberSource: texts.orderNumberSource as OrderNumberSource,
    reviewMode: texts.reviewMode as ReviewMode,
    highRiskProductTag: texts.highRiskProductTag === "" ? null : texts.highRiskProductTag,
    exclusionRules: JSON.stringify(rules),
    cancelDeclined: bools.cancelDeclined,
    cancelRestock: bools.cancelRestock,
    cancelRefund: bools.cancelRefund,
    cancelNotifyCustomer: bools.cancelNotifyCustomer,
    applyCorrectedEmail: bools.applyCorrectedEmail,
    elevationRules: JSON.stringify(elevation.update),
    submittedOrders: texts.submittedOrders as SubmittedOrderHandling,
  };
  return { ok: true, update, values: formValuesOf(update) };
}

/** Whether two form states differ (drives the contextual save bar). */
export function isDirty(a: SettingsFormValues, b: SettingsFormValues): boolean {
  return [...BOOLEAN_FIELDS, ...TEXT_FIELDS].some((name) => a[name] !== b[name]);
}

export interface CredentialsErrors {
  keyId?: Message;
  secret?: Message;
}

/** API key form (onboarding and the keys card). */
export function parseCredentialsForm(
  source: FieldSource,
): { ok: true; keyId: string; secret: string } | { ok: false; errors: CredentialsErrors } {
  const keyId = String(getField(source, "keyId") ?? "").trim();
  const secret = String(getField(source, "secret") ?? "").trim();
  const errors: CredentialsErrors = {};
  if (!keyId) errors.keyId = message("credentialsError.keyIdRequired");
  else if (keyId.length > 200 || /\s/.test(keyId)) errors.keyId = message("credentialsError.keyIdSpaces");
  if (!secret) errors.secret = message("credentialsError.secretRequired");
  else if (secret.length > 500 || /\s/.test(secret)) errors.secret = message("credentialsError.secretSpaces");
  if (errors.keyId || errors.secret) return { ok: false, errors };
  return { ok: true, keyId, secret };
}
