/** Fulfillment orders: QueryRoot.fulfillmentOrder, holds and releases, and the computed fields of a FulfillmentOrder and a FulfillmentHold. */
import type { FulfillmentHold, FulfillmentOrder } from "../model/types";
import { supportedActionsFor } from "../model/fulfillment-orders";
import type { ResolverTable } from "./context";
import { notImplemented, requireGid, userErrors } from "./errors";

export const FULFILLMENT_ORDER_RESOLVERS: ResolverTable = {
  QueryRoot: {
    fulfillmentOrder: (_s, { id }, ctx) => (
      requireGid(id),
      ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, id) ?? null
    ),
  },
  Mutation: {
    fulfillmentOrderHold: (_s, { id, fulfillmentHold }, ctx) => {
      if (
        Array.isArray(fulfillmentHold.fulfillmentOrderLineItems) &&
        fulfillmentHold.fulfillmentOrderLineItems.length > 0
      ) {
        throw notImplemented(
          "Mutation",
          "fulfillmentOrderHold",
          "partial holds via fulfillmentHold.fulfillmentOrderLineItems",
        );
      }
      const r = ctx.store.holdFulfillmentOrder(ctx.shop.myshopifyDomain, requireGid(id), fulfillmentHold, ctx.app.id);
      return {
        fulfillmentHold: r.fulfillmentHold,
        fulfillmentOrder: r.fulfillmentOrder,
        remainingFulfillmentOrder: null,
        userErrors: userErrors(r.userErrors),
      };
    },
    fulfillmentOrderReleaseHold: (_s, { id, holdIds }, ctx) => {
      const r = ctx.store.releaseFulfillmentOrderHold(
        ctx.shop.myshopifyDomain,
        requireGid(id),
        holdIds ?? null,
        ctx.app.id,
      );
      return { fulfillmentOrder: r.fulfillmentOrder, userErrors: userErrors(r.userErrors) };
    },
  },
  FulfillmentOrder: {
    supportedActions: (fo: FulfillmentOrder) =>
      supportedActionsFor(fo).map((action) => ({ action, externalUrl: null })),
    order: (fo: FulfillmentOrder, _a, ctx) => ctx.store.order(ctx.shop.myshopifyDomain, fo._orderId),
    destination: () => {
      throw notImplemented("FulfillmentOrder", "destination");
    },
  },
  FulfillmentHold: {
    heldByRequestingApp: (h: FulfillmentHold, _a, ctx) => h._appId === ctx.app.id,
    heldByApp: (h: FulfillmentHold, _a, ctx) => ctx.store.apps.get(h._appId) ?? null,
    heldBy: (h: FulfillmentHold, _a, ctx) => ctx.store.apps.get(h._appId)?.title ?? null,
  },
};
