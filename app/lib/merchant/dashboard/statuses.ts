/**
 * Review statuses as the merchant sees them: labels, badge tones, the table's status
 * tabs and the wording of the actions. Presentation only: the statuses themselves,
 * their groups and the actions each allows are defined in review/review-state.ts.
 * Pure, shared by the server modules, the routes and the order block resource route.
 */
import type { MerchantAction } from "../../receive/merchant-actions.server";
import { NEEDS_ACTION_STATUSES, UNDER_REVIEW_STATUSES, type ReviewStatus } from "../../review/review-state";

export type BadgeTone = "success" | "critical" | "attention" | "info" | "warning" | "new" | undefined;

export const STATUS_LABELS: Record<ReviewStatus, string> = {
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

export const STATUS_TONES: Record<ReviewStatus, BadgeTone> = {
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
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

export function statusTone(status: string): BadgeTone {
  return (STATUS_TONES as Record<string, BadgeTone>)[status];
}

/** The table's tabs: each is a fixed set of statuses (so every query can use an index); `satisfies` checks each is a review status. */
export const STATUS_TABS = [
  { id: "all", label: "All", statuses: null },
  { id: "under_review", label: "Under review", statuses: UNDER_REVIEW_STATUSES },
  { id: "approved", label: "Approved", statuses: ["Approved"] },
  { id: "declined", label: "Declined", statuses: ["Declined"] },
  { id: "needs_action", label: "Needs action", statuses: NEEDS_ACTION_STATUSES },
  { id: "cancelled", label: "Cancelled", statuses: ["cancelled"] },
] as const satisfies ReadonlyArray<{ id: string; label: string; statuses: readonly ReviewStatus[] | null }>;
export type StatusTabId = (typeof STATUS_TABS)[number]["id"];

export function statusTab(id: string | null | undefined): (typeof STATUS_TABS)[number] {
  return STATUS_TABS.find((tab) => tab.id === id) ?? STATUS_TABS[0];
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
