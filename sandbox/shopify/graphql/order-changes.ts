/**
 * The changes an app makes to an order (tags, risk assessments, orderUpdate, orderCancel
 * and its job) and Shopify Flow triggers.
 */
import type { OrderRiskAssessment } from "../model/types";
import type { Store } from "../store";
import type { ResolverTable } from "./context";
import { notImplemented, requireGid, userErrors } from "./errors";

export interface FlowTriggerRecord {
  shop: string;
  handle: string;
  payload: unknown;
}

// Flow triggers received, per store (the store is the simulator's state).
const flowTriggersByStore = new WeakMap<Store, FlowTriggerRecord[]>();
export function flowTriggersOf(store: Store): FlowTriggerRecord[] {
  let list = flowTriggersByStore.get(store);
  if (!list) flowTriggersByStore.set(store, (list = []));
  return list;
}

export const ORDER_CHANGE_RESOLVERS: ResolverTable = {
  QueryRoot: {
    job: (_s, { id }, ctx) => (requireGid(id), ctx.store.findJob(ctx.shop.myshopifyDomain, id) ?? null),
  },
  Mutation: {
    tagsAdd: (_s, { id, tags }, ctx) => {
      const r = ctx.store.tagsAdd(ctx.shop.myshopifyDomain, requireGid(id), tags);
      return { node: r.node, userErrors: userErrors(r.userErrors) };
    },
    tagsRemove: (_s, { id, tags }, ctx) => {
      const r = ctx.store.tagsRemove(ctx.shop.myshopifyDomain, requireGid(id), tags);
      return { node: r.node, userErrors: userErrors(r.userErrors) };
    },
    orderRiskAssessmentCreate: (_s, { orderRiskAssessmentInput }, ctx) => {
      requireGid(orderRiskAssessmentInput.orderId);
      const r = ctx.store.createRiskAssessment(ctx.shop.myshopifyDomain, orderRiskAssessmentInput, ctx.app.id);
      return { orderRiskAssessment: r.orderRiskAssessment, userErrors: userErrors(r.userErrors) };
    },
    orderUpdate: (_s, { input }, ctx) => {
      for (const k of ["shippingAddress", "metafields", "localizedFields", "localizationExtensions"]) {
        if (input[k] !== undefined) throw notImplemented("Mutation", "orderUpdate", `input.${k}`);
      }
      const r = ctx.store.updateOrder(ctx.shop.myshopifyDomain, { ...input, id: requireGid(input.id) });
      return { order: r.order, userErrors: r.userErrors.map((e) => ({ field: e.field, message: e.message })) };
    },
    flowTriggerReceive: (_s, { handle, payload }, ctx) => {
      if (!handle) return { userErrors: [{ field: ["handle"], message: "Handle can't be blank" }] };
      if (JSON.stringify(payload ?? {}).length > 50_000)
        return { userErrors: [{ field: ["payload"], message: "Payload is too large (maximum is 50 KB)" }] };
      flowTriggersOf(ctx.store).push({ shop: ctx.shop.myshopifyDomain, handle, payload: payload ?? {} });
      return { userErrors: [] };
    },
    orderCancel: (_s, args, ctx) => {
      if (args.refundMethod?.storeCreditRefund)
        throw notImplemented("Mutation", "orderCancel", "refundMethod.storeCreditRefund");
      const r = ctx.store.cancelOrder(ctx.shop.myshopifyDomain, {
        ...args,
        orderId: requireGid(args.orderId),
      } as Parameters<Store["cancelOrder"]>[1]);
      const errors = r.userErrors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? null }));
      return {
        job: r.job,
        jobResult: r.job
          ? {
              __typename: "OrderCancelJobResult",
              id: r.job.id,
              done: false,
              status: "STARTED",
              errors: [],
              order: r.order,
            }
          : null,
        orderCancelUserErrors: errors,
        userErrors: errors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
  },
  OrderRiskAssessment: {
    provider: (a: OrderRiskAssessment, _x, ctx) => (a._appId ? (ctx.store.apps.get(a._appId) ?? null) : null),
  },
  Job: {
    query: () => ({}),
  },
  OrderCancelJobResult: {
    done: (r: { id: string }, _a, ctx) => ctx.store.findJob(ctx.shop.myshopifyDomain, r.id)?.done ?? false,
    status: (r: { id: string }, _a, ctx) =>
      ctx.store.findJob(ctx.shop.myshopifyDomain, r.id)?.done ? "SUCCEEDED" : "STARTED",
  },
};
