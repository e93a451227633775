/** A test's view of an order: tags, holds (active and released, by app), fulfillment order states, risk assessments. */
import type { Store } from "../store";
import { supportedActionsFor } from "./fulfillment-orders";
import type {
  FulfillmentHold,
  FulfillmentHoldReason,
  FulfillmentOrder,
  FulfillmentOrderRequestStatus,
  FulfillmentOrderStatus,
  RiskAssessmentResult,
  RiskFactSentiment,
  StoreOrder,
} from "./types";

export interface OrderInspection {
  id: string;
  legacyResourceId: string;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  cancelledAt: string | null;
  cancelReason: string | null;
  closed: boolean;
  updatedAt: string;
  displayFinancialStatus: string | null;
  fulfillmentOrders: {
    id: string;
    status: FulfillmentOrderStatus;
    requestStatus: FulfillmentOrderRequestStatus;
    supportedActions: string[];
    holds: InspectedHold[];
    releasedHolds: InspectedHold[];
  }[];
  holds: { active: InspectedHold[]; released: InspectedHold[] };
  riskAssessments: {
    riskLevel: RiskAssessmentResult;
    facts: { description: string; sentiment: RiskFactSentiment }[];
    provider: string | null;
    createdAt: string;
  }[];
  order: StoreOrder;
}

export interface InspectedHold {
  id: string;
  fulfillmentOrderId: string;
  handle: string | null;
  reason: FulfillmentHoldReason;
  reasonNotes: string | null;
  /** Title of the app that placed it. */
  app: string;
  appId: string;
  notifyMerchant: boolean;
  createdAt: string;
  releasedAt: string | null;
}

export function inspectOrder(store: Store, domain: string, idOrName: string | number): OrderInspection {
  const order = store.order(domain, idOrName);
  const holdView = (fo: FulfillmentOrder, h: FulfillmentHold): InspectedHold => ({
    id: h.id,
    fulfillmentOrderId: fo.id,
    handle: h.handle,
    reason: h.reason,
    reasonNotes: h.reasonNotes,
    app: store.apps.get(h._appId)?.title ?? h._appId,
    appId: h._appId,
    notifyMerchant: h._notifyMerchant,
    createdAt: h._createdAt,
    releasedAt: h._releasedAt,
  });
  const fos = order.fulfillmentOrders.map((fo) => ({
    id: fo.id,
    status: fo.status,
    requestStatus: fo.requestStatus,
    supportedActions: supportedActionsFor(fo),
    holds: fo.fulfillmentHolds.map((h) => holdView(fo, h)),
    releasedHolds: fo._releasedHolds.map((h) => holdView(fo, h)),
  }));
  return {
    id: order.id,
    legacyResourceId: order.legacyResourceId,
    name: order.name,
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: [...order.tags],
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closed: order.closed,
    updatedAt: order.updatedAt,
    displayFinancialStatus: order.displayFinancialStatus,
    fulfillmentOrders: fos,
    holds: { active: fos.flatMap((f) => f.holds), released: fos.flatMap((f) => f.releasedHolds) },
    riskAssessments: order._riskAssessments.map((a) => ({
      riskLevel: a.riskLevel,
      facts: a.facts.map((f) => ({ description: f.description, sentiment: f.sentiment })),
      provider: a._appId ? (store.apps.get(a._appId)?.title ?? a._appId) : null,
      createdAt: a._createdAt,
    })),
    order,
  };
}
