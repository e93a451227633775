/**
 * The dashboard's figures, each defined once: what it counts, its label (an i18n key) and the list it
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
import type { MessageKey } from "../i18n/translate";

export const STATUS_FIGURES = [
  {
    id: "approved",
    label: "figure.approved",
    help: "figure.approved.help",
    statuses: [FINAL_STATUSES[0]],
  },
  {
    id: "declined",
    label: "figure.declined",
    help: "figure.declined.help",
    statuses: [FINAL_STATUSES[1]],
  },
  {
    id: "under_review",
    label: "figure.under_review",
    help: "figure.under_review.help",
    statuses: UNDER_REVIEW_STATUSES,
  },
  {
    id: "not_sent",
    label: "figure.not_sent",
    help: "figure.not_sent.help",
    statuses: NOT_SENT_STATUSES,
  },
  { id: "cancelled", label: "figure.cancelled", help: "figure.cancelled.help", statuses: ["cancelled"] },
] as const satisfies ReadonlyArray<{
  id: string;
  label: MessageKey;
  help: MessageKey;
  statuses: readonly ReviewStatus[];
}>;

export type StatusFigureId = (typeof STATUS_FIGURES)[number]["id"];

export const ORDERS_FIGURE = {
  id: "all",
  label: "figure.all",
  help: "figure.all.help",
  statuses: REVIEW_STATUSES,
} as const;

export const NEEDS_ACTION_FIGURE = {
  id: "needs_action",
  label: "figure.needs_action",
  help: "figure.needs_action.help",
} as const;
