/**
 * Fulfillment orders as Shopify runs them: which actions a fulfillment order supports in
 * its state, the order's fulfillment status derived from them, and fulfillment holds
 * (fulfillmentOrderHold's checks, releases by hold id, only an app's own holds).
 */
import type { Store } from "../store";
import type { FulfillmentHold, FulfillmentHoldReason, FulfillmentOrder, StoreOrder, StoreUserError } from "./types";
import { userError } from "./values";

/** fulfillmentOrderHold's `fulfillmentHold` input. */
export interface HoldInput {
  reason: FulfillmentHoldReason;
  reasonNotes?: string | null;
  handle?: string | null;
  notifyMerchant?: boolean | null;
  externalId?: string | null;
}

export interface HoldResult {
  fulfillmentHold: FulfillmentHold | null;
  fulfillmentOrder: FulfillmentOrder | null;
  userErrors: StoreUserError[];
}

export interface ReleaseResult {
  fulfillmentOrder: FulfillmentOrder | null;
  userErrors: StoreUserError[];
}

export const MAX_HOLDS_PER_APP = 10;
export const MAX_HOLD_HANDLE_LENGTH = 64;

const HOLD_REASON_TEXT: Record<FulfillmentHoldReason, string> = {
  AWAITING_PAYMENT: "Awaiting payment",
  AWAITING_RETURN_ITEMS: "Awaiting return items",
  HIGH_RISK_OF_FRAUD: "High risk of fraud",
  INCORRECT_ADDRESS: "Incorrect address",
  INVENTORY_OUT_OF_STOCK: "Inventory out of stock",
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: "Online store post purchase cross sell",
  OTHER: "Other",
  UNKNOWN_DELIVERY_DATE: "Unknown delivery date",
};

/** Actions a fulfillment order supports in its current state (merchant-managed or 3PL). */
export function supportedActionsFor(
  fo: Pick<FulfillmentOrder, "status" | "requestStatus" | "_serviceType" | "lineItems">,
): string[] {
  const splittable = fo.lineItems.reduce((n, li) => n + li.remainingQuantity, 0) > 1;
  switch (fo.status) {
    case "OPEN":
      if (fo._serviceType === "third_party") {
        if (
          fo.requestStatus === "UNSUBMITTED" ||
          fo.requestStatus === "REJECTED" ||
          fo.requestStatus === "CANCELLATION_ACCEPTED"
        ) {
          return ["REQUEST_FULFILLMENT", "HOLD", "MOVE", ...(splittable ? ["SPLIT"] : [])];
        }
        return ["CANCEL_FULFILLMENT_ORDER"];
      }
      return ["CREATE_FULFILLMENT", "HOLD", "MOVE", ...(splittable ? ["SPLIT"] : [])];
    case "ON_HOLD":
      return ["RELEASE_HOLD", "HOLD", "MOVE"];
    case "SCHEDULED":
      return ["MARK_AS_OPEN"];
    case "IN_PROGRESS":
      if (fo._serviceType === "third_party") return ["REQUEST_CANCELLATION"];
      return ["CREATE_FULFILLMENT", "HOLD"];
    case "INCOMPLETE":
    case "CLOSED":
    case "CANCELLED":
      return [];
  }
}

/** Order.displayFulfillmentStatus derived from the fulfillment orders, like Shopify. */
export function displayFulfillmentStatus(order: StoreOrder): string {
  const fos = order.fulfillmentOrders;
  if (fos.length === 0)
    return order.lineItems.some((li) => li.requiresShipping) ? "UNFULFILLED" : "FULFILLMENT_NOT_REQUIRED";
  if (order.cancelledAt) return "UNFULFILLED";
  const closedByFulfillment = fos.filter(
    (f) => f.status === "CLOSED" && f.lineItems.every((li) => li.remainingQuantity === 0),
  );
  if (closedByFulfillment.length === fos.length) return "FULFILLED";
  if (closedByFulfillment.length > 0 || fos.some((f) => f.status === "IN_PROGRESS")) return "PARTIALLY_FULFILLED";
  if (fos.some((f) => f.status === "ON_HOLD")) return "ON_HOLD";
  if (fos.every((f) => f.status === "SCHEDULED")) return "SCHEDULED";
  return "UNFULFILLED";
}

export function holdFulfillmentOrder(
  store: Store,
  domain: string,
  foId: string,
  input: HoldInput,
  appId: string,
): HoldResult {
  const fo = store.findFulfillmentOrder(domain, foId);
  if (!fo) {
    return {
      fulfillmentHold: null,
      fulfillmentOrder: null,
      userErrors: [userError(["id"], "The fulfillment order could not be found.", "FULFILLMENT_ORDER_NOT_FOUND")],
    };
  }
  const handle = input.handle ?? "";
  if (handle.length > MAX_HOLD_HANDLE_LENGTH) {
    return {
      fulfillmentHold: null,
      fulfillmentOrder: fo,
      userErrors: [
        userError(
          ["fulfillmentHold", "handle"],
          `Handle is too long (maximum is ${MAX_HOLD_HANDLE_LENGTH} characters)`,
          null,
        ),
      ],
    };
  }
  if (!supportedActionsFor(fo).includes("HOLD")) {
    return {
      fulfillmentHold: null,
      fulfillmentOrder: fo,
      userErrors: [
        userError(
          ["id"],
          `The fulfillment order's status (${fo.status}) does not allow it to be placed on hold.`,
          null,
        ),
      ],
    };
  }
  const mine = fo.fulfillmentHolds.filter((h) => h._appId === appId);
  if (mine.some((h) => (h.handle ?? "") === handle)) {
    return {
      fulfillmentHold: null,
      fulfillmentOrder: fo,
      userErrors: [
        userError(
          ["fulfillmentHold", "handle"],
          "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.",
          "DUPLICATE_FULFILLMENT_HOLD_HANDLE",
        ),
      ],
    };
  }
  if (mine.length >= MAX_HOLDS_PER_APP) {
    return {
      fulfillmentHold: null,
      fulfillmentOrder: fo,
      userErrors: [
        userError(
          ["id"],
          `The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to ${MAX_HOLDS_PER_APP} holds on a single fulfillment order at any one time.`,
          "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED",
        ),
      ],
    };
  }
  const hold = addHold(store, domain, fo, { ...input, handle: input.handle ?? null }, appId);
  return { fulfillmentHold: hold, fulfillmentOrder: fo, userErrors: [] };
}

/** Places a hold without the API's checks (seeding, e.g. another app's hold). */
export function addHold(
  store: Store,
  domain: string,
  fo: FulfillmentOrder,
  input: HoldInput,
  appId: string,
): FulfillmentHold {
  const now = store.nowIso();
  const hold: FulfillmentHold = {
    __typename: "FulfillmentHold",
    id: store.newGid("FulfillmentHold"),
    handle: input.handle ?? null,
    reason: input.reason,
    reasonNotes: input.reasonNotes ?? null,
    displayReason: HOLD_REASON_TEXT[input.reason] ?? input.reason,
    _appId: appId,
    _notifyMerchant: input.notifyMerchant ?? false,
    _externalId: input.externalId ?? null,
    _createdAt: now,
    _releasedAt: null,
  };
  if (fo.status !== "ON_HOLD") {
    fo._statusBeforeHold = fo.status;
    fo.status = "ON_HOLD";
  }
  fo.fulfillmentHolds.push(hold);
  fo.updatedAt = now;
  store.shop(domain)._nodes.set(hold.id, hold);
  const order = store.findOrder(domain, fo._orderId);
  if (order) store.touch(order);
  return hold;
}

export function releaseFulfillmentOrderHold(
  store: Store,
  domain: string,
  foId: string,
  holdIds: readonly string[] | null | undefined,
  appId: string,
): ReleaseResult {
  const fo = store.findFulfillmentOrder(domain, foId);
  if (!fo)
    return {
      fulfillmentOrder: null,
      userErrors: [userError(["id"], "The fulfillment order could not be found.", "FULFILLMENT_ORDER_NOT_FOUND")],
    };
  if (fo.status !== "ON_HOLD" || fo.fulfillmentHolds.length === 0) {
    return { fulfillmentOrder: fo, userErrors: [userError(["id"], "The fulfillment order is not on hold.", null)] };
  }
  let targets: FulfillmentHold[];
  if (holdIds == null) {
    targets = fo.fulfillmentHolds.filter((h) => h._appId === appId);
    if (targets.length === 0) {
      return {
        fulfillmentOrder: fo,
        userErrors: [userError(["id"], "The fulfillment order has no holds placed by this app.", "INVALID_ACCESS")],
      };
    }
  } else {
    const errors: StoreUserError[] = [];
    targets = [];
    holdIds.forEach((hid, i) => {
      const hold = fo.fulfillmentHolds.find((h) => h.id === hid);
      if (!hold) return; // Shopify: only holds that belong to this fulfillment order are released.
      if (hold._appId !== appId) {
        errors.push(
          userError(
            ["holdIds", String(i)],
            "The app doesn't have access to release this fulfillment hold: it was placed by another app.",
            "INVALID_ACCESS",
          ),
        );
        return;
      }
      targets.push(hold);
    });
    if (errors.length) return { fulfillmentOrder: fo, userErrors: errors };
  }
  const now = store.nowIso();
  for (const h of targets) {
    h._releasedAt = now;
    fo._releasedHolds.push(h);
  }
  fo.fulfillmentHolds = fo.fulfillmentHolds.filter((h) => !targets.includes(h));
  if (fo.fulfillmentHolds.length === 0) {
    fo.status = fo._statusBeforeHold && fo._statusBeforeHold !== "ON_HOLD" ? fo._statusBeforeHold : "OPEN";
    fo._statusBeforeHold = null;
  }
  fo.updatedAt = now;
  const order = store.findOrder(domain, fo._orderId);
  if (order && targets.length) store.touch(order);
  return { fulfillmentOrder: fo, userErrors: [] };
}
