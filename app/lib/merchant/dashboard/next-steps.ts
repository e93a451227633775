/**
 * What happens to the order, in words, and what the merchant can do next: for the review
 * page, the dashboard's rows and the banner. Pure; every sentence is here (one place, to
 * move into the i18n layer when it lands). The states come from review-state.ts.
 */
import type { MerchantAction } from "../../receive/merchant-actions.server";
import { type NeedsMerchantReason, availableActions } from "../../review/review-state";

/** Why a review is in "Needs you", in a few words (dashboard rows). */
export const NEEDS_LABELS: Record<NeedsMerchantReason, string> = {
  failed: "Needs you: submission failed",
  not_submitted: "Needs you: not submitted",
  waiting: "Needs you: waiting too long to be sent",
  paused: "Needs you: paused, Apruvd refuses your API keys",
  declined_held: "Needs you: declined and held",
  awaiting_choice: "Needs you: elevate or release",
};

export interface OrderOutcome {
  tone: "critical" | "warning" | "success" | "info";
  /** What happens to the order, in one sentence. */
  title: string;
  /** Why, and what follows. */
  body: string;
}

export interface OutcomeFacts {
  status: string;
  openHolds: number;
  /** The elevation rules that fired; null when not checked. */
  elevatedBy: string[] | null;
  errorMessage: string | null;
}

const HELD = "Held: this order will not ship";

/** The order's fate in words, from the review's state and this app's holds on it. */
export function outcomeOf(review: OutcomeFacts): OrderOutcome {
  const held = review.openHolds > 0;
  switch (review.status) {
    case "pending":
      return { tone: "info", title: `${HELD} while it is sent to Apruvd.`, body: "This takes a few seconds." };
    case "paused":
      return {
        tone: "critical",
        title: `${HELD}: Apruvd refuses your API keys.`,
        body: "Submissions are paused for your shop. Fix your Apruvd API keys in Settings: this order is then sent by itself, with the others waiting, oldest first.",
      };
    case "Submitted":
      if (!held)
        return {
          tone: "info",
          title: "Released: this order can ship.",
          body: "Submitted to Apruvd without review, by your settings: Apruvd does not guarantee it unless you elevate it.",
        };
      return review.elevatedBy && review.elevatedBy.length === 0
        ? {
            tone: "warning",
            title: `${HELD} until you choose.`,
            body: "No elevation rule matched. Elevate it for Apruvd's review, or cancel it.",
          }
        : { tone: "info", title: `${HELD} while Apruvd reviews it.`, body: "It is released when Apruvd approves it." };
    case "Reviewing":
      return {
        tone: "info",
        title: `${HELD} while Apruvd reviews it.`,
        body: "It is released when Apruvd approves it.",
      };
    case "Approved":
      return { tone: "success", title: "Released: this order can ship.", body: "Apruvd approved it." };
    case "Declined":
      return held
        ? {
            tone: "critical",
            title: `${HELD}: Apruvd declined it.`,
            body: "Cancel the order (you choose restock, refund and the customer email), or release it and ship anyway, without Apruvd's guarantee.",
          }
        : {
            tone: "warning",
            title: "Released although Apruvd declined it: this order can ship.",
            body: "Apruvd does not guarantee it.",
          };
    case "error":
      return held
        ? {
            tone: "critical",
            title: `${HELD}: it could not be sent to Apruvd.`,
            body: "Fix what Apruvd says below and submit it again, release the hold and ship it without review, or cancel the order.",
          }
        : {
            tone: "critical",
            title: "Not reviewed: it could not be sent to Apruvd, and it is not held.",
            body: "Fix what Apruvd says below and submit it again, or cancel the order.",
          };
    case "skipped":
      return {
        tone: "warning",
        title: "Not reviewed: automatic submission is off.",
        body: "Submit it to Apruvd, or cancel the order.",
      };
    case "excluded":
      return {
        tone: "info",
        title: "Not reviewed: your exclusion rules left it out. It can ship.",
        body: "Submit it if you want Apruvd to review it.",
      };
    case "released":
      return {
        tone: "warning",
        title: "Released without review: this order can ship.",
        body: "You released it without Apruvd's review: Apruvd does not guarantee it.",
      };
    case "cancelled":
      return { tone: "info", title: "Cancelled.", body: "The review was withdrawn; this app holds nothing on it." };
    default:
      return { tone: "info", title: review.status, body: "" };
  }
}

/** The next steps the review page offers, first the one most merchants take. */
export interface NextStep {
  action: MerchantAction;
  label: string;
  /** Confirmed on the page before it is sent. */
  confirm: boolean;
  destructive: boolean;
}

const STEP_LABELS: Record<MerchantAction, string> = {
  submit: "Submit to Apruvd",
  elevate: "Elevate for review",
  resync: "Re-sync status",
  cancel: "Cancel Apruvd transaction",
  release: "Release hold and ship",
  "cancel-order": "Cancel order",
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
        ? "Submit again"
        : review.status === "Declined" && action === "release"
          ? "Release and ship anyway"
          : review.transactionId === null && action === "release"
            ? "Release and ship without review"
            : STEP_LABELS[action],
    confirm: action === "release" || action === "cancel-order" || action === "cancel",
    destructive: action === "cancel-order" || action === "cancel",
  }));
}

/** The confirmation for an action that cannot be undone. */
export const CONFIRMATIONS = {
  release: {
    title: (order: string) => `Release the hold on ${order} and let it ship?`,
    body: "The order can be fulfilled at once. Apruvd does not guarantee it: a chargeback for fraud is yours.",
    confirm: "Release and ship",
  },
  "cancel-order": {
    title: (order: string) => `Cancel order ${order} in Shopify?`,
    body: "The order is cancelled with the reason Fraud. Choose what else happens:",
    confirm: "Cancel order",
    restock: "Restock the items",
    refund: "Refund the payment to the original payment method",
    notify: "Email the customer",
  },
  cancel: {
    title: (order: string) => `Cancel the Apruvd transaction for ${order}?`,
    body: "Apruvd stops reviewing this order and its fraud guarantee ends. The order itself stays open in Shopify.",
    confirm: "Cancel transaction",
  },
  keep: "Keep it",
} as const;
