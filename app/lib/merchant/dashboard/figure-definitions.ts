/**
 * The dashboard's figures, each defined once: what it counts, its label and the list it
 * opens (a tab of the reviews table with the same definition). Pure: the figures' queries
 * (figures.server.ts), the table's tabs (statuses.ts) and the page read it.
 *
 * The status figures split the period's orders into parts that do not overlap, so they add
 * up to "Orders" (figure-definitions.test.ts). "Needs you" cuts across them: it is the
 * one definition of review-state.ts's `needsMerchant`, counted over every date.
 */
import {
  FINAL_STATUSES,
  NOT_SENT_STATUSES,
  REVIEW_STATUSES,
  UNDER_REVIEW_STATUSES,
  type ReviewStatus,
} from "../../review/review-state";

export const STATUS_FIGURES = [
  {
    id: "approved",
    label: "Approved",
    help: "Apruvd approved them; the hold is released.",
    statuses: [FINAL_STATUSES[0]],
  },
  {
    id: "declined",
    label: "Declined",
    help: "Apruvd declined them.",
    statuses: [FINAL_STATUSES[1]],
  },
  {
    id: "under_review",
    label: "Under review",
    help: "Held while they are sent to Apruvd or reviewed.",
    statuses: UNDER_REVIEW_STATUSES,
  },
  {
    id: "not_sent",
    label: "Not sent",
    help: "Failed, excluded by your rules, not submitted or released without review.",
    statuses: NOT_SENT_STATUSES,
  },
  { id: "cancelled", label: "Cancelled", help: "Cancelled in Shopify or at Apruvd.", statuses: ["cancelled"] },
] as const satisfies ReadonlyArray<{ id: string; label: string; help: string; statuses: readonly ReviewStatus[] }>;

export type StatusFigureId = (typeof STATUS_FIGURES)[number]["id"];

export const ORDERS_FIGURE = {
  id: "all",
  label: "Orders",
  help: "Every order received in the period: the sum of the figures beside it.",
  statuses: REVIEW_STATUSES,
} as const;

export const NEEDS_ACTION_FIGURE = {
  id: "needs_action",
  label: "Needs you",
  help: "Failed, waiting too long, paused, declined and still held, or waiting for your choice. Any date.",
} as const;
