/**
 * The order changes apps make, with Shopify's rules: tags (unique, sorted, limits), risk
 * assessments, orderUpdate and orderCancel.
 */
import { randomUUID } from "node:crypto";
import type { Store } from "../store";
import { displayFulfillmentStatus } from "./fulfillment-orders";
import type {
  Job,
  OrderCancelReason,
  OrderRiskAssessment,
  RiskAssessmentResult,
  RiskFactSentiment,
  StoreOrder,
  StoreUserError,
} from "./types";
import { gid, GID_PREFIX, normalizeTags, splitTags, userError } from "./values";

export const MAX_TAG_LENGTH = 255;
export const MAX_TAGS_PER_RESOURCE = 250;
export const RISK_FACT_DESCRIPTION_LIMIT = 256;

export interface TagsResult {
  node: object | null;
  userErrors: StoreUserError[];
}

/** orderRiskAssessmentCreate's input. */
export interface RiskAssessmentInput {
  orderId: string;
  riskLevel: RiskAssessmentResult;
  facts: readonly { description: string; sentiment: RiskFactSentiment }[];
}

/** orderUpdate's input (the fields the simulator implements). */
export interface OrderUpdateInput {
  id: string;
  email?: string | null;
  note?: string | null;
  phone?: string | null;
  poNumber?: string | null;
  tags?: readonly string[] | null;
  customAttributes?: readonly { key: string; value: string }[] | null;
}

/** orderCancel's arguments. */
export interface OrderCancelArgs {
  orderId: string;
  reason: OrderCancelReason;
  refund?: boolean | null;
  restock: boolean;
  notifyCustomer?: boolean | null;
  staffNote?: string | null;
}

function taggable(store: Store, domain: string, id: string): { tags: string[]; updatedAt: string } | undefined {
  const n = store.shop(domain)._nodes.get(id);
  if (!n) return undefined;
  if (n.__typename === "Order") return store.isVisible(domain, n as StoreOrder) ? (n as StoreOrder) : undefined;
  if (n.__typename === "Customer" || n.__typename === "Product")
    return n as unknown as { tags: string[]; updatedAt: string };
  return undefined;
}

export function tagsAdd(store: Store, domain: string, id: string, tags: readonly string[] | string): TagsResult {
  const target = taggable(store, domain, id);
  if (!target) return { node: null, userErrors: [userError(["id"], `Resource not found: ${id}`)] };
  const incoming = splitTags(tags);
  const tooLong = incoming.find((t) => t.length > MAX_TAG_LENGTH);
  if (tooLong)
    return {
      node: null,
      userErrors: [
        userError(["tags"], `Tag is too long (maximum is ${MAX_TAG_LENGTH} characters): ${tooLong.slice(0, 40)}…`),
      ],
    };
  const merged = normalizeTags([...target.tags, ...incoming]);
  if (merged.length > MAX_TAGS_PER_RESOURCE) {
    return {
      node: null,
      userErrors: [userError(["tags"], `Tags cannot exceed ${MAX_TAGS_PER_RESOURCE} (would be ${merged.length})`)],
    };
  }
  const changed = merged.length !== target.tags.length;
  target.tags = merged;
  if (changed) target.updatedAt = store.nowIso();
  return { node: target, userErrors: [] };
}

export function tagsRemove(store: Store, domain: string, id: string, tags: readonly string[] | string): TagsResult {
  const target = taggable(store, domain, id);
  if (!target) return { node: null, userErrors: [userError(["id"], `Resource not found: ${id}`)] };
  const remove = new Set(splitTags(tags).map((t) => t.toLowerCase()));
  const kept = target.tags.filter((t) => !remove.has(t.toLowerCase()));
  if (kept.length !== target.tags.length) target.updatedAt = store.nowIso();
  target.tags = kept;
  return { node: target, userErrors: [] };
}

export function createRiskAssessment(
  store: Store,
  domain: string,
  input: RiskAssessmentInput,
  appId: string | null,
): { orderRiskAssessment: OrderRiskAssessment | null; userErrors: StoreUserError[] } {
  const order = store.findOrder(domain, input.orderId);
  if (!order || !input.orderId.startsWith(GID_PREFIX) || !store.isVisible(domain, order)) {
    return {
      orderRiskAssessment: null,
      userErrors: [userError(["orderRiskAssessmentInput", "orderId"], "Order does not exist", "NOT_FOUND")],
    };
  }
  if (displayFulfillmentStatus(order) === "FULFILLED") {
    return {
      orderRiskAssessment: null,
      userErrors: [
        userError(
          ["orderRiskAssessmentInput", "orderId"],
          "The order is marked as fulfilled and can no longer accept new risk assessments.",
          "ORDER_ALREADY_FULFILLED",
        ),
      ],
    };
  }
  const assessment: OrderRiskAssessment = {
    __typename: "OrderRiskAssessment",
    riskLevel: input.riskLevel,
    facts: input.facts.map((f) => ({
      __typename: "RiskFact",
      description: f.description.slice(0, RISK_FACT_DESCRIPTION_LIMIT),
      sentiment: f.sentiment,
    })),
    _appId: appId,
    _createdAt: store.nowIso(),
  };
  order._riskAssessments.push(assessment);
  store.touch(order);
  return { orderRiskAssessment: assessment, userErrors: [] };
}

export function updateOrder(
  store: Store,
  domain: string,
  input: OrderUpdateInput,
): { order: StoreOrder | null; userErrors: StoreUserError[] } {
  const order = store.findOrder(domain, input.id);
  if (!order || !store.isVisible(domain, order))
    return { order: null, userErrors: [userError(["id"], "Order does not exist")] };
  if (input.email != null && input.email !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
    return { order, userErrors: [userError(["email"], "Email is invalid")] };
  }
  if (input.tags !== undefined && input.tags !== null) {
    const tags = splitTags(input.tags);
    if (tags.some((t) => t.length > MAX_TAG_LENGTH))
      return { order, userErrors: [userError(["tags"], `Tag is too long (maximum is ${MAX_TAG_LENGTH} characters)`)] };
  }
  if (input.email !== undefined) order.email = input.email === "" ? null : input.email;
  if (input.note !== undefined) order.note = input.note;
  if (input.phone !== undefined) order.phone = input.phone;
  if (input.poNumber !== undefined) order.poNumber = input.poNumber;
  if (input.tags !== undefined) order.tags = normalizeTags(splitTags(input.tags ?? []));
  if (input.customAttributes !== undefined) {
    order.customAttributes = (input.customAttributes ?? []).map((a) => ({
      __typename: "Attribute",
      key: a.key,
      value: a.value,
    }));
  }
  store.touch(order);
  return { order, userErrors: [] };
}

export function cancelOrder(
  store: Store,
  domain: string,
  args: OrderCancelArgs,
): { job: Job | null; order: StoreOrder | null; userErrors: StoreUserError[] } {
  const order = store.findOrder(domain, args.orderId);
  if (!order || !store.isVisible(domain, order))
    return { job: null, order: null, userErrors: [userError(["orderId"], "Order does not exist", "NOT_FOUND")] };
  if (order.cancelledAt)
    return { job: null, order, userErrors: [userError(["orderId"], "Order has already been cancelled", "INVALID")] };
  if (displayFulfillmentStatus(order) === "FULFILLED") {
    return {
      job: null,
      order,
      userErrors: [userError(["orderId"], "Cannot cancel an order that has been fulfilled", "INVALID")],
    };
  }
  const now = store.nowIso();
  order.cancelledAt = now;
  order.cancelReason = args.reason;
  order._staffNote = args.staffNote ?? order._staffNote;
  order._restocked = args.restock;
  if (args.refund !== false) {
    if (order.displayFinancialStatus === "PAID" || order.displayFinancialStatus === "PARTIALLY_PAID")
      order.displayFinancialStatus = "REFUNDED";
    else if (order.displayFinancialStatus === "AUTHORIZED") order.displayFinancialStatus = "VOIDED";
  }
  for (const fo of order.fulfillmentOrders) {
    if (fo.status !== "CLOSED" && fo.status !== "CANCELLED") {
      fo.status = "CLOSED";
      fo._statusBeforeHold = null;
      fo.updatedAt = now;
    }
  }
  store.touch(order);
  const job: Job = { __typename: "Job", id: gid("Job", randomUUID()), done: false, _createdAtMs: store.now() };
  store.shop(domain)._jobs.set(job.id, job);
  return { job, order, userErrors: [] };
}
