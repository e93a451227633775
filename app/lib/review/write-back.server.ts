import type { FulfillmentHold, PrismaClient, Review, ShopSettings } from "@prisma/client";
import type {
  FulfillmentOrdersHoldMutation,
  FulfillmentOrdersReleaseHoldMutation,
  OrderCancelMutation,
  OrderNoteQuery,
  OrderReviewStateMutation,
  OrderReviewStateMutationVariables,
} from "../../types/admin.generated";
import { type AdminGraphql, UserErrorsError, assertNoUserErrors } from "../clients/shopify/admin-graphql";
import {
  FULFILLMENT_ORDERS_HOLD_MUTATION,
  FULFILLMENT_ORDERS_PER_REQUEST,
  FULFILLMENT_ORDERS_RELEASE_HOLD_MUTATION,
  ORDER_CANCEL_MUTATION,
  ORDER_NOTE_QUERY,
  ORDER_REVIEW_STATE_MUTATION,
} from "../clients/shopify/graphql/write-back.mutations";
import { flowTriggerPayload } from "./flow-trigger";
import { logger } from "../platform/logger.server";
import { type HistoryLine, historyLine } from "../merchant/i18n/history-lines";
import { recordReviewEvent } from "./review-events.server";
import type { ReviewOrder } from "./mapping";
import { type ReviewWithHolds, saveReview, withHold, withHoldsReleased } from "./review-row.server";
import {
  SHOPIFY_ORDER_STATE,
  type VisibleState,
  holdsStepApplies,
  submittedHandlingOf,
  visibleStateOf,
} from "./review-state";

/**
 * Writes a review's state back to the Shopify order: tags, fulfillment holds and the
 * order risk assessment, as review-state.ts says each state shows. Every step checks
 * what is already there first, so a replay after a crash places no second hold and
 * releases nothing twice. It works on the review it is handed (read once by the review
 * step that calls it) and returns it as stored afterwards; it never reads the row again.
 */

/** Our hold's handle: how we recognise our own holds among other apps'. */
export const HOLD_HANDLE = "apruvd-review";

export interface WriteBackDeps {
  prisma: PrismaClient;
  admin: AdminGraphql;
  settings: ShopSettings;
}

type FulfillmentOrderNode = ReviewOrder["fulfillmentOrders"]["nodes"][number];

const HOLDABLE_STATUSES = new Set(["OPEN", "ON_HOLD", "SCHEDULED"]);

/**
 * Puts the order under review: holds every open fulfillment order (recording holds of
 * ours that already exist), then tags and a PENDING risk assessment.
 */
export async function markUnderReview(
  deps: WriteBackDeps,
  review: ReviewWithHolds,
  order: ReviewOrder,
): Promise<ReviewWithHolds> {
  const held = holdsStepApplies("under_review", deps.settings)
    ? await placeHolds(deps, review, order.fulfillmentOrders.nodes)
    : review;
  return setOrderState(deps, held, "under_review");
}

/**
 * Fulfillment orders that appeared on an order already under review (split, moved, merged,
 * routed after the review began) get our hold; those we hold already are only recorded.
 */
export async function holdFulfillmentOrders(
  deps: WriteBackDeps,
  review: ReviewWithHolds,
  fulfillmentOrders: FulfillmentOrderNode[],
): Promise<ReviewWithHolds> {
  if (!holdsStepApplies("under_review", deps.settings)) return review;
  return placeHolds(deps, review, fulfillmentOrders);
}

/** What a decision may carry besides its status. */
export interface DecisionExtras {
  /** Apruvd fixed a typo in the customer's email; applied only when the shop enabled it. */
  correctedEmail?: string;
}

/** Applies the state of the review it is handed (as its caller just stored it); returns the review as stored after. */
export async function writeBackDecision(
  deps: WriteBackDeps,
  review: ReviewWithHolds,
  extras: DecisionExtras = {},
): Promise<ReviewWithHolds> {
  const state = visibleStateOf(review.status, submittedHandlingOf(deps.settings, review));
  if (!state) return review;
  const releases = SHOPIFY_ORDER_STATE[state].holds === "release" && holdsStepApplies(state, deps.settings);
  const released = releases ? await releaseHolds(deps, review) : review;
  const firstTime = released.writtenBackStatus !== state;
  const written = await setOrderState(deps, released, state, extras);
  if (state === "Declined" && firstTime && deps.settings.cancelDeclined) await cancelDeclinedOrder(deps, written);
  return written;
}

/** Opt-in: cancel a declined order (reason FRAUD) with the shop's restock, refund and notification choices. */
async function cancelDeclinedOrder(deps: WriteBackDeps, review: Review): Promise<void> {
  const { settings } = deps;
  const result = await deps.admin<OrderCancelMutation>(ORDER_CANCEL_MUTATION, {
    orderId: review.orderId,
    restock: settings.cancelRestock,
    notifyCustomer: settings.cancelNotifyCustomer,
    refundMethod: settings.cancelRefund ? { originalPaymentMethodsRefund: true } : null,
    staffNote: "Declined by Apruvd fraud review",
  });
  const errors = result.orderCancel?.orderCancelUserErrors ?? [];
  // Cancelled already (by staff, or a replay of this step) is the state we want.
  const real = errors.filter((e) => !/already (?:been )?cancel/i.test(e.message));
  if (real.length > 0) throw new UserErrorsError("orderCancel", real);
  await recordReviewEvent(deps.prisma, review.id, "order_cancelled", historyLine("history.declinedOrderCancelled"), {
    restock: settings.cancelRestock,
    refund: settings.cancelRefund,
    notifyCustomer: settings.cancelNotifyCustomer,
  });
}

/** Returns the review with the holds it now has. */
async function placeHolds(
  deps: WriteBackDeps,
  review: ReviewWithHolds,
  fulfillmentOrders: FulfillmentOrderNode[],
): Promise<ReviewWithHolds> {
  let held = review;
  const toHold: FulfillmentOrderNode[] = [];
  for (const fo of fulfillmentOrders) {
    const ours = fo.fulfillmentHolds.find((h) => h.handle === HOLD_HANDLE && h.heldByRequestingApp);
    if (ours) {
      held = withHold(held, await rememberHold(deps.prisma, review.id, fo.id, ours.id));
      continue;
    }
    const canHold = fo.supportedActions.some((a) => a.action === "HOLD");
    if (HOLDABLE_STATUSES.has(fo.status) && canHold) toHold.push(fo);
  }
  for (const chunk of chunks(toHold, FULFILLMENT_ORDERS_PER_REQUEST)) {
    const result = await deps.admin<FulfillmentOrdersHoldMutation>(FULFILLMENT_ORDERS_HOLD_MUTATION, {
      hold: {
        reason: "HIGH_RISK_OF_FRAUD",
        reasonNotes: "Held by Apruvd while the order is under fraud review.",
        handle: HOLD_HANDLE,
        notifyMerchant: false,
      },
      ...slotVariables(chunk.map((fo) => fo.id)),
    });
    const payloads = [result.hold0, result.hold1, result.hold2, result.hold3, result.hold4];
    const failures: UserErrorsError["userErrors"] = [];
    for (const [i, fo] of chunk.entries()) {
      const payload = payloads[i];
      const holdId = payload?.fulfillmentHold?.id;
      if (!payload || payload.userErrors.length > 0 || !holdId) {
        failures.push(...(payload?.userErrors ?? [{ message: `no hold returned for ${fo.id}` }]));
        continue;
      }
      // Recorded at once: a retry after a partial failure adopts these instead of holding twice.
      held = withHold(held, await rememberHold(deps.prisma, review.id, fo.id, holdId));
      await recordReviewEvent(deps.prisma, review.id, "hold_placed", historyLine("history.holdPlaced"), {
        fulfillmentOrderId: fo.id,
        holdId,
      });
    }
    if (failures.length > 0) throw new UserErrorsError("fulfillmentOrderHold", failures);
  }
  return held;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** id0…id4 and with1…with4 for a chunk; unused slots repeat the first id and are switched off. */
function slotVariables(ids: string[]): Record<string, string | boolean> {
  const variables: Record<string, string | boolean> = {};
  for (let i = 0; i < FULFILLMENT_ORDERS_PER_REQUEST; i++) {
    variables[`id${i}`] = ids[i] ?? ids[0];
    if (i > 0) variables[`with${i}`] = i < ids.length;
  }
  return variables;
}

async function rememberHold(
  prisma: PrismaClient,
  reviewId: string,
  fulfillmentOrderId: string,
  holdId: string,
): Promise<FulfillmentHold> {
  return prisma.fulfillmentHold.upsert({
    where: { holdId },
    create: { reviewId, fulfillmentOrderId, holdId },
    update: {},
  });
}

/** Releases only the holds this app placed, by id, never another app's; returns the review with them released. */
export async function releaseHolds(deps: WriteBackDeps, review: ReviewWithHolds): Promise<ReviewWithHolds> {
  let released = review;
  const open = review.holds.filter((h) => !h.releasedAt);
  const byFulfillmentOrder = new Map<string, FulfillmentHold[]>();
  for (const hold of open) {
    byFulfillmentOrder.set(hold.fulfillmentOrderId, [...(byFulfillmentOrder.get(hold.fulfillmentOrderId) ?? []), hold]);
  }
  for (const chunk of chunks([...byFulfillmentOrder.entries()], FULFILLMENT_ORDERS_PER_REQUEST)) {
    const variables: Record<string, unknown> = slotVariables(chunk.map(([fulfillmentOrderId]) => fulfillmentOrderId));
    for (let i = 0; i < FULFILLMENT_ORDERS_PER_REQUEST; i++)
      variables[`holds${i}`] = (chunk[i] ?? chunk[0])[1].map((h) => h.holdId);
    const result = await deps.admin<FulfillmentOrdersReleaseHoldMutation>(
      FULFILLMENT_ORDERS_RELEASE_HOLD_MUTATION,
      variables,
    );
    const payloads = [result.release0, result.release1, result.release2, result.release3, result.release4];
    const failures: UserErrorsError["userErrors"] = [];
    for (const [i, [fulfillmentOrderId, holds]] of chunk.entries()) {
      // A hold someone already released (or a closed fulfillment order) is not an error for us.
      const real = (payloads[i]?.userErrors ?? []).filter(
        (e) => !/not (?:on hold|found)|already|closed|cancel/i.test(e.message),
      );
      if (real.length > 0) {
        failures.push(...real);
        continue;
      }
      const releasedAt = new Date();
      const ids = holds.map((h) => h.id);
      await deps.prisma.fulfillmentHold.updateMany({ where: { id: { in: ids } }, data: { releasedAt } });
      released = withHoldsReleased(released, ids, releasedAt);
      await recordReviewEvent(deps.prisma, review.id, "hold_released", historyLine("history.holdReleased"), {
        fulfillmentOrderId,
      });
    }
    if (failures.length > 0) throw new UserErrorsError("fulfillmentOrderReleaseHold", failures);
  }
  return released;
}

function tagsFor(settings: ShopSettings, state: VisibleState): { add: string[]; remove: string[] } {
  const tagOf = (shown: VisibleState) => settings[SHOPIFY_ORDER_STATE[shown].tagSetting];
  const add = [tagOf(state)].filter(Boolean);
  const remove = (Object.keys(SHOPIFY_ORDER_STATE) as VisibleState[])
    .map(tagOf)
    .filter((tag) => tag && !add.includes(tag));
  return { add, remove };
}

/** The risk assessment of a state that writes one (Shopify needs a valid input even when it is switched off). */
function riskFor(review: Review, state: Exclude<VisibleState, "cancelled">): OrderReviewStateMutationVariables["risk"] {
  const { riskLevel } = SHOPIFY_ORDER_STATE[state];
  const grade = review.riskGrade
    ? [{ description: `Apruvd risk grade: ${review.riskGrade}`, sentiment: "NEUTRAL" as const }]
    : [];
  if (state === "under_review") {
    return {
      orderId: review.orderId,
      riskLevel,
      facts: [{ description: "Under fraud review by Apruvd", sentiment: "NEUTRAL" }],
    };
  }
  if (state === "not_reviewed") {
    return {
      orderId: review.orderId,
      riskLevel,
      facts: [{ description: "Submitted to Apruvd without review: no guarantee", sentiment: "NEUTRAL" }, ...grade],
    };
  }
  if (state === "Approved") {
    return {
      orderId: review.orderId,
      riskLevel,
      facts: [{ description: "Approved by Apruvd fraud review", sentiment: "POSITIVE" }, ...grade],
    };
  }
  const notes = review.notes
    ? [{ description: `Reviewer notes: ${review.notes.slice(0, 200)}`, sentiment: "NEGATIVE" as const }]
    : [];
  return {
    orderId: review.orderId,
    riskLevel,
    facts: [{ description: "Declined by Apruvd fraud review", sentiment: "NEGATIVE" }, ...grade, ...notes],
  };
}

const NOTES_PREFIX = "Apruvd reviewer notes:";

/** "Apruvd review completed" fires once, when a review first reaches a decided state. */
function flowVariables(review: Review, state: VisibleState) {
  const body = SHOPIFY_ORDER_STATE[state].decided ? flowTriggerPayload(review) : null;
  return body
    ? { flowHandle: body.handle, flowPayload: body.payload, withFlow: true }
    : { flowHandle: null, flowPayload: null, withFlow: false };
}

/** The order input for the reviewer's notes and a corrected email, or null when there is nothing to change. */
async function orderChanges(deps: WriteBackDeps, review: Review, state: VisibleState, extras: DecisionExtras) {
  const email = deps.settings.applyCorrectedEmail && extras.correctedEmail ? extras.correctedEmail : undefined;
  const line = SHOPIFY_ORDER_STATE[state].decided && review.notes ? `${NOTES_PREFIX} ${review.notes}` : null;
  let note: string | undefined;
  if (line) {
    const data = await deps.admin<OrderNoteQuery>(ORDER_NOTE_QUERY, { id: review.orderId });
    const existing = data.order?.note ?? "";
    if (!existing.includes(line)) note = existing ? `${existing}\n\n${line}` : line;
  }
  if (note === undefined && email === undefined) return null;
  return { id: review.orderId, ...(note !== undefined ? { note } : {}), ...(email !== undefined ? { email } : {}) };
}

/**
 * Tags, risk assessment and order note for a state, in one request; skipped when
 * already written. Returns the review as stored after.
 */
async function setOrderState(
  deps: WriteBackDeps,
  review: ReviewWithHolds,
  state: VisibleState,
  extras: DecisionExtras = {},
): Promise<ReviewWithHolds> {
  if (review.writtenBackStatus === state && !extras.correctedEmail) return review;
  const { settings } = deps;
  const tags = tagsFor(settings, state);
  const order = await orderChanges(deps, review, state, extras);
  const variables: OrderReviewStateMutationVariables = {
    id: review.orderId,
    addTags: tags.add,
    removeTags: tags.remove,
    // Cancelled orders keep the last assessment; the variable must still be a valid input.
    risk: riskFor(review, state === "cancelled" ? "under_review" : state),
    withAdd: settings.tagOrders && tags.add.length > 0,
    withRemove: settings.tagOrders && tags.remove.length > 0 && review.writtenBackStatus !== null,
    withRisk: settings.riskAssessments && SHOPIFY_ORDER_STATE[state].riskLevel !== null,
    order: order ?? { id: review.orderId },
    withOrderUpdate: order !== null,
    ...flowVariables(review, state),
  };
  // Already written (a corrected email arrived with a repeated decision): only the order update is new.
  if (review.writtenBackStatus === state) {
    Object.assign(variables, { withAdd: false, withRemove: false, withRisk: false, withFlow: false });
  }
  if (
    variables.withAdd ||
    variables.withRemove ||
    variables.withRisk ||
    variables.withOrderUpdate ||
    variables.withFlow
  ) {
    const result = await deps.admin<OrderReviewStateMutation>(ORDER_REVIEW_STATE_MUTATION, variables);
    if (variables.withRemove) assertNoUserErrors("tagsRemove", result.tagsRemove);
    if (variables.withAdd) assertNoUserErrors("tagsAdd", result.tagsAdd);
    if (variables.withRisk) assertNoUserErrors("orderRiskAssessmentCreate", result.orderRiskAssessmentCreate);
    if (variables.withOrderUpdate) assertNoUserErrors("orderUpdate", result.orderUpdate);
    // Flow is the merchant's automation, not the verdict: a trigger Flow refuses (e.g. the
    // extension is not deployed) is logged and never holds the order's write-back up.
    const flowErrors = result.flowTriggerReceive?.userErrors ?? [];
    if (variables.withFlow && flowErrors.length > 0) {
      logger.warn("Flow trigger refused", {
        shop: deps.settings.shop,
        orderId: review.orderId,
        errors: flowErrors.map((e) => e.message).join("; "),
      });
    }
  }
  const written = await saveReview(deps.prisma, review, { writtenBackStatus: state });
  await recordReviewEvent(deps.prisma, review.id, "written_back", writtenBackLine(state), {
    tagsAdded: variables.withAdd ? tags.add : [],
    riskLevel: variables.withRisk ? variables.risk.riskLevel : null,
    noteUpdated: Boolean(order && "note" in order),
    emailCorrected: Boolean(order && "email" in order),
  });
  return written;
}

const WRITTEN_BACK_LINES = {
  under_review: historyLine("history.writtenBack.underReview"),
  Approved: historyLine("history.writtenBack.approved"),
  Declined: historyLine("history.writtenBack.declined"),
  cancelled: historyLine("history.writtenBack.cancelled"),
  not_reviewed: historyLine("history.writtenBack.notReviewed"),
} satisfies Record<VisibleState, HistoryLine>;

function writtenBackLine(state: VisibleState): HistoryLine {
  return WRITTEN_BACK_LINES[state];
}
