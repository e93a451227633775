/**
 * Review statuses as the merchant sees them: labels, badge tones, the table's status
 * tabs and which actions make sense for a review. Pure, shared by the server
 * modules, the routes and the order block resource route.
 */
import type { MerchantAction } from "../../receive/merchant-actions.server";

export const REVIEW_STATUSES = ["pending", "Submitted", "Reviewing", "Approved", "Declined", "error", "excluded", "skipped", "cancelled"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export type BadgeTone = "success" | "critical" | "attention" | "info" | "warning" | "new" | undefined;

export const STATUS_LABELS: Record<string, string> = {
  pending: "Waiting to submit",
  Submitted: "Submitted",
  Reviewing: "Under review",
  Approved: "Approved",
  Declined: "Declined",
  error: "Failed",
  excluded: "Excluded",
  skipped: "Not submitted",
  cancelled: "Cancelled",
};

export const STATUS_TONES: Record<string, BadgeTone> = {
  pending: "info",
  Submitted: "info",
  Reviewing: "attention",
  Approved: "success",
  Declined: "critical",
  error: "critical",
  excluded: undefined,
  skipped: "warning",
  cancelled: undefined,
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

export function statusTone(status: string): BadgeTone {
  return STATUS_TONES[status];
}

/** The table's tabs: each is a fixed set of statuses (so every query can use an index). */
export const STATUS_TABS = [
  { id: "all", label: "All", statuses: null },
  { id: "under_review", label: "Under review", statuses: ["pending", "Submitted", "Reviewing"] },
  { id: "approved", label: "Approved", statuses: ["Approved"] },
  { id: "declined", label: "Declined", statuses: ["Declined"] },
  { id: "needs_action", label: "Needs action", statuses: ["error", "excluded", "skipped"] },
  { id: "cancelled", label: "Cancelled", statuses: ["cancelled"] },
] as const satisfies ReadonlyArray<{ id: string; label: string; statuses: readonly ReviewStatus[] | null }>;
export type StatusTabId = (typeof STATUS_TABS)[number]["id"];

export function statusTab(id: string | null | undefined): (typeof STATUS_TABS)[number] {
  return STATUS_TABS.find((tab) => tab.id === id) ?? STATUS_TABS[0];
}

/** What a review offers, given its stored state. */
export interface ReviewActionState {
  status: string;
  transactionId: number | null;
  apruvdCancelledAt?: Date | string | null;
}

export function availableActions(review: ReviewActionState): MerchantAction[] {
  const actions: MerchantAction[] = [];
  const submitted = review.transactionId !== null;
  const cancelled = Boolean(review.apruvdCancelledAt) || review.status === "cancelled";
  if (!submitted && (review.status === "excluded" || review.status === "error" || review.status === "skipped")) actions.push("submit");
  if (submitted && !cancelled && review.status === "Submitted") actions.push("elevate");
  if (submitted) actions.push("resync");
  if (submitted && !cancelled) actions.push("cancel");
  return actions;
}

export const ACTION_LABELS: Record<MerchantAction, string> = {
  submit: "Submit for review",
  elevate: "Elevate for review",
  resync: "Re-sync status",
  cancel: "Cancel Apruvd transaction",
};

export const ACTION_DONE: Record<MerchantAction, string> = {
  submit: "Order queued for submission to Apruvd",
  elevate: "Elevation requested",
  resync: "Status re-sync requested",
  cancel: "Cancellation requested",
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
