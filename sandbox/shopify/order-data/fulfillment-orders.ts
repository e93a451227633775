/**
 * The fulfillment orders of a built order, as its spec describes them (default: one open,
 * merchant-managed fulfillment order for every line item).
 */
import type { Store } from "../store";
import type { FulfillmentOrder, FulfillmentOrderStatus, StoreOrder } from "../model/types";
import type { FulfillmentOrderSpec } from "./spec";

export function buildFulfillmentOrders(
  store: Store,
  order: StoreOrder,
  specs: FulfillmentOrderSpec[] | undefined,
): FulfillmentOrder[] {
  const { lineItems, createdAt, processedAt, id: orderId, name } = order;
  const built: FulfillmentOrder[] = [];
  const foSpecs: FulfillmentOrderSpec[] = specs ?? (lineItems.length ? [{}] : []);
  const used = new Set<number>();
  for (const f of foSpecs) for (const i of f.lineItems ?? []) used.add(i);
  let defaultTaken = false;
  for (const f of foSpecs) {
    let idx = f.lineItems;
    if (!idx) {
      if (defaultTaken) throw new Error("only one fulfillment order spec may omit lineItems");
      defaultTaken = true;
      idx = lineItems.map((_, i) => i).filter((i) => !used.has(i));
    }
    const fulfilled = f.fulfilled ?? false;
    const status: FulfillmentOrderStatus = f.status ?? (order.cancelledAt || fulfilled ? "CLOSED" : "OPEN");
    const serviceType = f.serviceType ?? "merchant";
    const fo: FulfillmentOrder = {
      __typename: "FulfillmentOrder",
      id: store.newGid("FulfillmentOrder"),
      status,
      requestStatus:
        f.requestStatus ??
        (serviceType === "third_party" && status === "IN_PROGRESS" ? "ACCEPTED" : fulfilled ? "CLOSED" : "UNSUBMITTED"),
      createdAt,
      updatedAt: createdAt,
      fulfillAt: createdAt,
      fulfillBy: null,
      orderId,
      orderName: name,
      orderProcessedAt: processedAt,
      assignedLocation: {
        __typename: "FulfillmentOrderAssignedLocation",
        name: f.locationName ?? (serviceType === "third_party" ? "3PL Warehouse" : "Shop location"),
        address1: "150 Elgin Street",
        address2: null,
        city: "Ottawa",
        province: "Ontario",
        zip: "K2P 1L4",
        countryCode: "CA",
        phone: null,
      },
      fulfillmentHolds: [],
      lineItems: idx.map((i) => {
        const li = lineItems[i];
        if (!li) throw new Error(`fulfillment order refers to line item ${i}, which does not exist`);
        return {
          __typename: "FulfillmentOrderLineItem" as const,
          id: store.newGid("FulfillmentOrderLineItem"),
          lineItem: li,
          totalQuantity: li.quantity,
          remainingQuantity: fulfilled ? 0 : li.quantity,
          productTitle: li.title,
          variantTitle: li.variantTitle,
          sku: li.sku,
          vendor: li.vendor,
          requiresShipping: li.requiresShipping,
        };
      }),
      _releasedHolds: [],
      _serviceType: serviceType,
      _statusBeforeHold: null,
      _orderId: orderId,
    };
    if (fulfilled) for (const fli of fo.lineItems) fli.lineItem.unfulfilledQuantity = 0;
    built.push(fo);
  }
  return built;
}
