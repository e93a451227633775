/**
 * Review statuses as the merchant sees them: labels (i18n keys), badge tones, the table's status
 * tabs and the wording of the actions. Presentation only: the statuses themselves,
 * their groups and the actions each allows are defined in review/review-state.ts.
 * Pure, shared by the server modules, the routes and the order block resource route.
 */
import type { MerchantAction } from "../../receive/merchant-actions.server";
import { NEEDS_MERCHANT_RULES, type ReviewStatus } from "../../review/review-state";
import { translator, type MessageKey, type Translate } from "../i18n/translate";
import { NEEDS_ACTION_FIGURE, STATUS_FIGURES } from "./figure-definitions";

const ENGLISH = translator("en");

export type BadgeTone = "success" | "critical" | "attention" | "info" | "warning" | "new" | undefined;

/** Each status's words (i18n keys, English and French in en.json / fr.json). */
export const STATUS_LABELS: Record<ReviewStatus, MessageKey> = {
  pending: "status.pending",
  paused: "status.paused",
  Submitted: "status.Submitted",
  Reviewing: "status.Reviewing",
  Approved: "status.Approved",
  Declined: "status.Declined",
  error: "status.error",
  excluded: "status.excluded",
  skipped: "status.skipped",
  released: "status.released",
  cancelled: "status.cancelled",
};

export const STATUS_TONES: Record<ReviewStatus, BadgeTone> = {
  pending: "info",
  paused: "warning",
  Submitted: "info",
  Reviewing: "attention",
  Approved: "success",
  Declined: "critical",
  error: "critical",
  excluded: undefined,
  skipped: "warning",
  released: undefined,
  cancelled: undefined,
};

/** A status in the merchant's words (English by default: the order block's resource route and tests). */
export function statusLabel(status: string, t: Translate = ENGLISH): string {
  const key = (STATUS_LABELS as Record<string, MessageKey | undefined>)[status];
  return key ? t(key) : status;
}

export function statusTone(status: string): BadgeTone {
  return (STATUS_TONES as Record<string, BadgeTone>)[status];
}

/**
 * The table's tabs, one per figure (figure-definitions.ts). Each is a fixed set of statuses
 * (so every query can use an index); "Needs you" narrows its statuses by the needs-merchant
 * rules (review-state.ts). `satisfies` checks each is a review status.
 */
export const STATUS_TABS = [
  { id: "all", label: "tab.all", statuses: null, needsMerchant: false },
  {
    id: NEEDS_ACTION_FIGURE.id,
    label: NEEDS_ACTION_FIGURE.label,
    statuses: NEEDS_MERCHANT_RULES.map((rule) => rule.status),
    needsMerchant: true,
  },
  ...STATUS_FIGURES.map((figure) => ({
    id: figure.id,
    label: figure.label,
    statuses: figure.statuses,
    needsMerchant: false,
  })),
] as const satisfies ReadonlyArray<{
  id: string;
  label: MessageKey;
  statuses: readonly ReviewStatus[] | null;
  needsMerchant: boolean;
}>;
export type StatusTabId = (typeof STATUS_TABS)[number]["id"];

export function statusTab(id: string | null | undefined): (typeof STATUS_TABS)[number] {
  return STATUS_TABS.find((tab) => tab.id === id) ?? STATUS_TABS[0];
}

/** The row menu's words for each action (i18n keys). */
export const ACTION_LABELS: Record<MerchantAction, MessageKey> = {
  submit: "action.submit",
  elevate: "action.elevate",
  resync: "action.resync",
  cancel: "action.cancel",
  release: "action.release",
  "cancel-order": "action.cancel-order",
};

/** Actions that cannot be undone: confirmed on the review page first. */
export const CONFIRMED_ACTIONS: readonly MerchantAction[] = ["cancel", "release", "cancel-order"];

/** What the merchant is told once an action is queued (i18n keys). */
export const ACTION_DONE: Record<MerchantAction, MessageKey> = {
  submit: "actionDone.submit",
  elevate: "actionDone.elevate",
  resync: "actionDone.resync",
  cancel: "actionDone.cancel",
  release: "actionDone.release",
  "cancel-order": "actionDone.cancel-order",
};

/** 93_000 → "1 min 33 s"; 5_400_000 → "1 h 30 min"; null → "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${days} d ${rest} h` : `${days} d`;
}

/** "gid://shopify/Order/123" or "123" → "123" (for admin links), or null. */
export function numericOrderId(orderId: string): string | null {
  const match = /^(?:gid:\/\/shopify\/Order\/)?(\d+)$/.exec(orderId.trim());
  return match ? match[1] : null;
}

/** Link that opens the order in the Shopify admin from inside the embedded app. */
export function adminOrderUrl(orderId: string): string | null {
  const id = numericOrderId(orderId);
  return id ? `shopify://admin/orders/${id}` : null;
}
