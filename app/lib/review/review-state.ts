/**
 * The review's states, in one place: every status a review can have, which of them are
 * final or settled, what each one shows in Shopify (tag, holds, risk assessment) and
 * which merchant actions it allows. Pure (no I/O): the review service, the write-back,
 * the dashboard's figures and table, the routes and the components all read it, so a
 * new status or a changed rule is made here once.
 */
import type { ShopSettings } from "@prisma/client";
import type { ApruvdStatus } from "../clients/apruvd/types";
import type { MerchantAction } from "../receive/merchant-actions.server";

/** Before Apruvd answered: stored, being submitted, or waiting for a retry. */
export const PENDING_STATUS = "pending";
/** Apruvd's own statuses, as it answers them (submission, callback, status poll): the client's `ApruvdStatus`. */
export const APRUVD_STATUSES = [
  "Submitted",
  "Reviewing",
  "Approved",
  "Declined",
] as const satisfies readonly ApruvdStatus[];
/** Sent to Apruvd and not decided yet. */
export const AWAITING_DECISION_STATUSES = ["Submitted", "Reviewing"] as const;
/** Apruvd decided: a decision time is stored and the review is complete. */
export const FINAL_STATUSES = ["Approved", "Declined"] as const;
/** Held back by the app before reaching Apruvd; a merchant's "submit" restarts them. */
export const NEEDS_ACTION_STATUSES = ["error", "excluded", "skipped"] as const;
export const CANCELLED_STATUS = "cancelled";

export const REVIEW_STATUSES = [
  PENDING_STATUS,
  ...APRUVD_STATUSES,
  ...NEEDS_ACTION_STATUSES,
  CANCELLED_STATUS,
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** Waiting to submit or waiting for Apruvd's decision. */
export const UNDER_REVIEW_STATUSES = [PENDING_STATUS, ...AWAITING_DECISION_STATUSES] as const;
/** States in which nothing more happens on its own (a merchant action restarts them). */
export const SETTLED_STATUSES = [...FINAL_STATUSES, ...NEEDS_ACTION_STATUSES, CANCELLED_STATUS] as const;

const FINAL = new Set<string>(FINAL_STATUSES);
const SETTLED = new Set<string>(SETTLED_STATUSES);

export function isFinalStatus(status: string): status is FinalStatus {
  return FINAL.has(status);
}

export function isSettledStatus(status: string): boolean {
  return SETTLED.has(status);
}

export function isReviewStatus(status: string): status is ReviewStatus {
  return (REVIEW_STATUSES as readonly string[]).includes(status);
}

// ---------------------------------------------------------------------------
// What Shopify shows
// ---------------------------------------------------------------------------

/**
 * The state written to the Shopify order; statuses that are not sent show nothing.
 * "not_reviewed": Submitted to Apruvd, no elevation rule matched, and the shop chose to
 * release such orders (they ship without a guarantee).
 */
export type VisibleState = "under_review" | "Approved" | "Declined" | "cancelled" | "not_reviewed";

/** What a Submitted review shows: held as under review, or released as not reviewed. */
export type SubmittedHandling = "hold" | "release";

export function visibleStateOf(status: string, submitted: SubmittedHandling = "hold"): VisibleState | null {
  if (status === "Submitted" && submitted === "release") return "not_reviewed";
  if ((UNDER_REVIEW_STATUSES as readonly string[]).includes(status)) return "under_review";
  if (isFinalStatus(status) || status === CANCELLED_STATUS) return status as VisibleState;
  return null;
}

export const SUBMIT_THEN_ELEVATE = "submit_then_elevate";

/**
 * "Submit then elevate" shops that release orders left Submitted: only a review whose
 * rules were checked and none fired (`elevationReasons` "[]") is released; one not
 * checked yet, or flagged and waiting for its elevation, stays held.
 */
export function submittedHandlingOf(
  settings: Pick<ShopSettings, "reviewMode" | "submittedOrders">,
  review: { elevationReasons: string | null },
): SubmittedHandling {
  return settings.reviewMode === SUBMIT_THEN_ELEVATE &&
    settings.submittedOrders === "release" &&
    review.elevationReasons === "[]"
    ? "release"
    : "hold";
}

type SwitchSetting = { [K in keyof ShopSettings]: ShopSettings[K] extends boolean ? K : never }[keyof ShopSettings];
type TagSetting = "tagReviewing" | "tagApproved" | "tagDeclined" | "tagCancelled" | "tagNotReviewed";

export interface ShopifyOrderState {
  /** The shop setting that names this state's order tag. */
  tagSetting: TagSetting;
  /** What becomes of the fulfillment holds this app placed. */
  holds: "place" | "keep" | "release";
  /** The shop switch that must be on for `holds` to happen; null: it always happens. */
  holdsSwitch: SwitchSetting | null;
  /** The order risk assessment written; null keeps the last one. */
  riskLevel: "PENDING" | "LOW" | "HIGH" | "NONE" | null;
  /** A decision: the reviewer's notes go to the order note and the Flow trigger fires. */
  decided: boolean;
}

/** In the order of the tags a state change removes. */
export const SHOPIFY_ORDER_STATE = {
  under_review: {
    tagSetting: "tagReviewing",
    holds: "place",
    holdsSwitch: "holdWhileReviewing",
    riskLevel: "PENDING",
    decided: false,
  },
  Approved: {
    tagSetting: "tagApproved",
    holds: "release",
    holdsSwitch: "releaseHoldOnApproval",
    riskLevel: "LOW",
    decided: true,
  },
  Declined: { tagSetting: "tagDeclined", holds: "keep", holdsSwitch: null, riskLevel: "HIGH", decided: true },
  // A cancelled review leaves no hold of ours behind, whatever the switches say.
  cancelled: { tagSetting: "tagCancelled", holds: "release", holdsSwitch: null, riskLevel: null, decided: false },
  // Left Submitted and released by the shop's choice: Apruvd makes no recommendation (NONE).
  not_reviewed: {
    tagSetting: "tagNotReviewed",
    holds: "release",
    holdsSwitch: null,
    riskLevel: "NONE",
    decided: false,
  },
} as const satisfies Record<VisibleState, ShopifyOrderState>;

/** Whether the state's hold step (`holds`) runs for a shop with these settings. */
export function holdsStepApplies(state: VisibleState, settings: Pick<ShopSettings, SwitchSetting>): boolean {
  const { holdsSwitch } = SHOPIFY_ORDER_STATE[state];
  return holdsSwitch === null || settings[holdsSwitch];
}

// ---------------------------------------------------------------------------
// What the merchant may do
// ---------------------------------------------------------------------------

/** What a review offers, given its stored state. */
export interface ReviewActionState {
  status: string;
  transactionId: number | null;
  apruvdCancelledAt?: Date | string | null;
}

export function availableActions(review: ReviewActionState): MerchantAction[] {
  const actions: MerchantAction[] = [];
  const submitted = review.transactionId !== null;
  const cancelled = Boolean(review.apruvdCancelledAt) || review.status === CANCELLED_STATUS;
  if (!submitted && (NEEDS_ACTION_STATUSES as readonly string[]).includes(review.status)) actions.push("submit");
  if (submitted && !cancelled && review.status === "Submitted") actions.push("elevate");
  if (submitted) actions.push("resync");
  if (submitted && !cancelled) actions.push("cancel");
  return actions;
}
