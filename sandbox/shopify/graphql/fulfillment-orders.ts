/** Fulfillment orders: QueryRoot.fulfillmentOrder, holds and releases, and the computed fields of a FulfillmentOrder and a FulfillmentHold. */
import type { FulfillmentHold, FulfillmentOrder } from "../model/types";
import { supportedActionsFor } from "../model/fulfillment-orders";
import { createFulfillment, moveFulfillmentOrder, splitFulfillmentOrder } from "../model/fulfillment-lifecycle";
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
    // Shipping: refused while the fulfillment order is on hold (model/fulfillment-lifecycle.ts).
    fulfillmentCreate: (_s, { fulfillment }, ctx) => {
      const groups = fulfillment.lineItemsByFulfillmentOrder as {
        fulfillmentOrderId: string;
        fulfillmentOrderLineItems?: unknown[];
      }[];
      if (groups.some((g) => g.fulfillmentOrderLineItems?.length))
        throw notImplemented("Mutation", "fulfillmentCreate", "partial fulfillment (fulfillmentOrderLineItems)");
      for (const g of groups) {
        const fo = ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, requireGid(g.fulfillmentOrderId));
        if (fo && !supportedActionsFor(fo).includes("CREATE_FULFILLMENT")) {
          const r = createFulfillment(ctx.store, ctx.shop.myshopifyDomain, fo.id);
          return {
            fulfillment: null,
            userErrors: userErrors(r.userErrors).map(({ field, message }) => ({ field, message })),
          };
        }
      }
      const errors = groups.flatMap(
        (g) => createFulfillment(ctx.store, ctx.shop.myshopifyDomain, g.fulfillmentOrderId).userErrors,
      );
      if (errors.length)
        return { fulfillment: null, userErrors: errors.map((e) => ({ field: e.field, message: e.message })) };
      return {
        fulfillment: { __typename: "Fulfillment", id: ctx.store.newGid("Fulfillment"), status: "SUCCESS" },
        userErrors: [],
      };
    },
    fulfillmentOrderSplit: (_s, { fulfillmentOrderSplits }, ctx) => {
      const splits = [];
      for (const split of fulfillmentOrderSplits as {
        fulfillmentOrderId: string;
        fulfillmentOrderLineItems: { id: string; quantity: number }[];
      }[]) {
        const original = ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, requireGid(split.fulfillmentOrderId));
        const r = splitFulfillmentOrder(
          ctx.store,
          ctx.shop.myshopifyDomain,
          split.fulfillmentOrderId,
          split.fulfillmentOrderLineItems,
        );
        if (r.userErrors.length) return { fulfillmentOrderSplits: null, userErrors: userErrors(r.userErrors) };
        splits.push({
          fulfillmentOrder: original,
          remainingFulfillmentOrder: r.created[0],
          replacementFulfillmentOrder: null,
        });
      }
      return { fulfillmentOrderSplits: splits, userErrors: [] };
    },
    fulfillmentOrderMove: (_s, { id, newLocationId, fulfillmentOrderLineItems }, ctx) => {
      if (fulfillmentOrderLineItems?.length)
        throw notImplemented("Mutation", "fulfillmentOrderMove", "moving some line items (fulfillmentOrderLineItems)");
      const original = ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, requireGid(id));
      const r = moveFulfillmentOrder(ctx.store, ctx.shop.myshopifyDomain, id, String(newLocationId));
      return {
        movedFulfillmentOrder: r.created[0] ?? null,
        originalFulfillmentOrder: original ?? null,
        remainingFulfillmentOrder: null,
        userErrors: userErrors(r.userErrors),
      };
    },
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
