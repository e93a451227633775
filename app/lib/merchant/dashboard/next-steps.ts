/**
 * What happens to the order, in words, and what the merchant can do next: for the review
 * page, the dashboard's rows and the banner. Pure; every sentence is an i18n key (English
 * and French in app/lib/merchant/i18n), translated where it is shown. The states come from
 * review-state.ts.
 */
import type { MerchantAction } from "../../receive/merchant-actions.server";
import { type NeedsMerchantReason, availableActions } from "../../review/review-state";
import type { MessageKey } from "../i18n/translate";

/** Why a review is in "Needs you", in a few words (dashboard rows). */
export const NEEDS_LABELS: Record<NeedsMerchantReason, MessageKey> = {
  failed: "needs.failed",
  not_submitted: "needs.not_submitted",
  waiting: "needs.waiting",
  paused: "needs.paused",
  declined_held: "needs.declined_held",
  awaiting_choice: "needs.awaiting_choice",
};

export interface OrderOutcome {
  tone: "critical" | "warning" | "success" | "info";
  /** What happens to the order, in one sentence (i18n key). */
  title: MessageKey;
  /** Why, and what follows (i18n key). */
  body: MessageKey;
}

export interface OutcomeFacts {
  status: string;
  openHolds: number;
  /** The elevation rules that fired; null when not checked. */
  elevatedBy: readonly unknown[] | null;
  errorMessage: string | null;
}

type OutcomeName =
  | "pending"
  | "paused"
  | "submittedReleased"
  | "awaitingChoice"
  | "reviewing"
  | "approved"
  | "declinedHeld"
  | "declinedReleased"
  | "errorHeld"
  | "errorNotHeld"
  | "skipped"
  | "excluded"
  | "released"
  | "cancelled";

const outcome = (tone: OrderOutcome["tone"], name: OutcomeName): OrderOutcome => ({
  tone,
  title: `outcome.${name}.title`,
  body: `outcome.${name}.body`,
});

/** The order's fate in words, from the review's state and this app's holds on it. */
export function outcomeOf(review: OutcomeFacts): OrderOutcome {
  const held = review.openHolds > 0;
  switch (review.status) {
    case "pending":
      return outcome("info", "pending");
    case "paused":
      return outcome("critical", "paused");
    case "Submitted":
      if (!held) return outcome("info", "submittedReleased");
      return review.elevatedBy && review.elevatedBy.length === 0
        ? outcome("warning", "awaitingChoice")
        : outcome("info", "reviewing");
    case "Reviewing":
      return outcome("info", "reviewing");
    case "Approved":
      return outcome("success", "approved");
    case "Declined":
      return held ? outcome("critical", "declinedHeld") : outcome("warning", "declinedReleased");
    case "error":
      return held ? outcome("critical", "errorHeld") : outcome("critical", "errorNotHeld");
    case "skipped":
      return outcome("warning", "skipped");
    case "excluded":
      return outcome("info", "excluded");
    case "released":
      return outcome("warning", "released");
    case "cancelled":
    default:
      // Statuses are a closed set (REVIEW_STATUSES, each named above: next-steps.test.ts walks them all).
      return outcome("info", "cancelled");
  }
}

/** The next steps the review page offers, first the one most merchants take. */
export interface NextStep {
  action: MerchantAction;
  /** i18n key. */
  label: MessageKey;
  /** Confirmed on the page before it is sent. */
  confirm: boolean;
  destructive: boolean;
}

const STEP_LABELS: Record<MerchantAction, MessageKey> = {
  submit: "step.submit",
  elevate: "step.elevate",
  resync: "step.resync",
  cancel: "step.cancel",
  release: "step.release",
  "cancel-order": "step.cancel-order",
};

/** Order of importance per state: the first is the page's primary action. */
const PRIORITY: MerchantAction[] = ["submit", "elevate", "cancel-order", "release", "resync", "cancel"];

export function nextSteps(review: {
  status: string;
  transactionId: number | null;
  apruvdCancelledAt?: string | Date | null;
  openHolds: number;
}): NextStep[] {
  const actions = availableActions(review);
  return PRIORITY.filter((action) => actions.includes(action)).map((action) => ({
    action,
    label:
      review.status === "error" && action === "submit"
        ? "step.submitAgain"
        : review.status === "Declined" && action === "release"
          ? "step.releaseAnyway"
          : review.transactionId === null && action === "release"
            ? "step.releaseWithoutReview"
            : STEP_LABELS[action],
    confirm: action === "release" || action === "cancel-order" || action === "cancel",
    destructive: action === "cancel-order" || action === "cancel",
  }));
}

/** The confirmation for an action that cannot be undone (i18n keys; titles take {order}). */
export const CONFIRMATIONS = {
  release: { title: "confirm.release.title", body: "confirm.release.body", confirm: "confirm.release.confirm" },
  "cancel-order": {
    title: "confirm.cancel-order.title",
    body: "confirm.cancel-order.body",
    confirm: "confirm.cancel-order.confirm",
  },
  cancel: { title: "confirm.cancel.title", body: "confirm.cancel.body", confirm: "confirm.cancel.confirm" },
} as const satisfies Record<string, { title: MessageKey; body: MessageKey; confirm: MessageKey }>;

/** The cancel-order confirmation's choices (i18n keys). */
export const CANCEL_ORDER_CHOICES = {
  restock: "confirm.cancel-order.restock",
  refund: "confirm.cancel-order.refund",
  notify: "confirm.cancel-order.notify",
} as const satisfies Record<string, MessageKey>;
