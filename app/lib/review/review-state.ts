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
/**
 * Not sent to Apruvd and nothing more happens on its own: failed, excluded by the shop's
 * rules, not submitted (automatic submission off), or released by the merchant without
 * review. A merchant's "submit" restarts them. (Which of them need the merchant is
 * `needsMerchant` below.)
 */
export const NOT_SENT_STATUSES = ["error", "excluded", "skipped", "released"] as const;
/** @deprecated the statuses not sent to Apruvd: NOT_SENT_STATUSES; what needs the merchant is `needsMerchant`. */
export const NEEDS_ACTION_STATUSES = NOT_SENT_STATUSES;
/** The merchant released the hold and let the order ship without Apruvd's review. */
export const RELEASED_STATUS = "released";
/** Waiting to submit while Apruvd refuses the shop's API keys: held, resumed by itself once they work. */
export const PAUSED_STATUS = "paused";
export const CANCELLED_STATUS = "cancelled";

export const REVIEW_STATUSES = [
  PENDING_STATUS,
  PAUSED_STATUS,
  ...APRUVD_STATUSES,
  ...NOT_SENT_STATUSES,
  CANCELLED_STATUS,
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** Waiting to submit (or paused) or waiting for Apruvd's decision: the order is held. */
export const UNDER_REVIEW_STATUSES = [PENDING_STATUS, PAUSED_STATUS, ...AWAITING_DECISION_STATUSES] as const;
/** States in which nothing more happens on its own (a merchant action restarts them). */
export const SETTLED_STATUSES = [...FINAL_STATUSES, ...NOT_SENT_STATUSES, CANCELLED_STATUS] as const;

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
  // Released by the merchant without review: shown like an order Apruvd did not review.
  if (status === RELEASED_STATUS) return "not_reviewed";
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
  /** Holds this app placed that are still open; unknown (undefined) offers no hold action. */
  openHolds?: number;
}

/** Statuses whose hold the merchant may release to ship the order anyway (confirmed first). */
const RELEASABLE_STATUSES: readonly string[] = ["error", PENDING_STATUS, PAUSED_STATUS, "Declined"];
/** Statuses whose order the merchant may cancel in Shopify from the app (confirmed first). */
const ORDER_CANCELLABLE_STATUSES: readonly string[] = ["error", "skipped", PAUSED_STATUS, "Declined"];

export function availableActions(review: ReviewActionState): MerchantAction[] {
  const actions: MerchantAction[] = [];
  const submitted = review.transactionId !== null;
  const cancelled = Boolean(review.apruvdCancelledAt) || review.status === CANCELLED_STATUS;
  const held = (review.openHolds ?? 0) > 0;
  // Paused reviews resume by themselves once the keys work: no submit.
  const submittable = [...NOT_SENT_STATUSES, PENDING_STATUS] as readonly string[];
  if (!submitted && !cancelled && submittable.includes(review.status)) actions.push("submit");
  if (submitted && !cancelled && review.status === "Submitted") actions.push("elevate");
  if (submitted) actions.push("resync");
  if (submitted && !cancelled) actions.push("cancel");
  if (held && !cancelled && RELEASABLE_STATUSES.includes(review.status)) actions.push("release");
  if (!cancelled && ORDER_CANCELLABLE_STATUSES.includes(review.status) && (review.status !== "Declined" || held)) {
    actions.push("cancel-order");
  }
  return actions;
}

// ---------------------------------------------------------------------------
// What needs the merchant
// ---------------------------------------------------------------------------

/** How long an order may wait to be submitted (since its review last changed) before it needs the merchant. */
export const WAITING_TOO_LONG_MS = 15 * 60_000;

export type NeedsMerchantReason =
  "failed" | "not_submitted" | "waiting" | "paused" | "declined_held" | "awaiting_choice";

/**
 * One reason a review needs the merchant, as a condition on its stored columns, so that
 * `needsMerchant` (one review) and the dashboard's queries (figure, tab: see
 * merchant/dashboard/needs-action.server.ts) are the same definition.
 */
export interface NeedsMerchantRule {
  reason: NeedsMerchantReason;
  status: ReviewStatus;
  /** Only when the review has not changed for this long (updatedAt). */
  unchangedForMs?: number;
  /** Only while one of this app's holds is open on the order. */
  held?: boolean;
  /** Only when the elevation rules were checked and none fired (elevationReasons "[]"). */
  noRuleFired?: boolean;
}

/**
 * Needs the merchant: failed, not submitted (automatic submission off), waiting to submit
 * too long, paused (Apruvd refuses the keys), declined and still held, and Submitted
 * without review in a submit-then-elevate shop that keeps the hold (elevate or cancel).
 */
export const NEEDS_MERCHANT_RULES = [
  { reason: "failed", status: "error" },
  { reason: "not_submitted", status: "skipped" },
  { reason: "waiting", status: PENDING_STATUS, unchangedForMs: WAITING_TOO_LONG_MS },
  { reason: "paused", status: PAUSED_STATUS },
  { reason: "declined_held", status: "Declined", held: true },
  { reason: "awaiting_choice", status: "Submitted", held: true, noRuleFired: true },
] as const satisfies readonly NeedsMerchantRule[];

export interface NeedsMerchantFacts {
  status: string;
  updatedAt: Date | string;
  /** Holds this app placed that are still open. */
  openHolds: number;
  elevationReasons: string | null;
}

/** Why this review needs the merchant now, or null when it does not. */
export function needsMerchant(review: NeedsMerchantFacts, now: Date = new Date()): NeedsMerchantReason | null {
  const rule = (NEEDS_MERCHANT_RULES as readonly NeedsMerchantRule[]).find(
    (r) =>
      r.status === review.status &&
      (r.unchangedForMs === undefined || now.getTime() - new Date(review.updatedAt).getTime() > r.unchangedForMs) &&
      (!r.held || review.openHolds > 0) &&
      (!r.noRuleFired || review.elevationReasons === "[]"),
  );
  return rule?.reason ?? null;
}
