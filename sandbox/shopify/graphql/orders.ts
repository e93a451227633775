/** Reading orders: QueryRoot's order, orders (search, sort, pages), node and nodes, and the computed fields of an Order. */
import type { StoreOrder } from "../model/types";
import { displayFulfillmentStatus, supportedActionsFor } from "../model/fulfillment-orders";
import { formatDecimal, moneyBag } from "../model/values";
import { canReadFulfillmentOrder } from "./access";
import { paginate } from "./connections";
import type { ResolverContext, ResolverTable } from "./context";
import { notImplemented, requireGid } from "./errors";
import { filterOrders, highestRisk, ORDER_SORTS } from "./order-search";

function visibleOrder(ctx: ResolverContext, id: string): StoreOrder | null {
  const order = ctx.store.findOrder(ctx.shop.myshopifyDomain, id);
  return order && ctx.store.isVisible(ctx.shop.myshopifyDomain, order) ? order : null;
}

function visibleNode(ctx: ResolverContext, id: string): unknown {
  const n = ctx.shop._nodes.get(id);
  if (!n) return null;
  if (n.__typename === "Order") return visibleOrder(ctx, id);
  if (n.__typename === "FulfillmentOrder") return ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, id) ?? null;
  return n;
}

function riskSummary(order: StoreOrder) {
  const top = highestRisk(order);
  return {
    __typename: "OrderRiskSummary",
    assessments: order._riskAssessments,
    recommendation:
      top === "HIGH"
        ? "CANCEL"
        : top === "MEDIUM"
          ? "INVESTIGATE"
          : top === "LOW" || top === "NONE"
            ? "ACCEPT"
            : "NONE",
  };
}

function paidMinor(order: StoreOrder): number {
  return order.transactions
    .filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"))
    .reduce((s, t) => s + Math.round(Number(t.amountSet.shopMoney.amount) * 100), 0);
}

export const ORDER_RESOLVERS: ResolverTable = {
  QueryRoot: {
    order: (_s, { id }, ctx) => (requireGid(id), visibleOrder(ctx, id)),
    orders: (_s, args, ctx, info) => {
      const { orders, warnings } = filterOrders(ctx.store.visibleOrders(ctx.shop.myshopifyDomain), args.query);
      if (warnings.length)
        (ctx.extensions.search ??= []).push({
          path: info.path.key ? [String(info.path.key)] : ["orders"],
          query: args.query,
          warnings,
        });
      if (args.savedSearchId != null) throw notImplemented("QueryRoot", "orders", "savedSearchId");
      const sortKey = (args.sortKey as string | undefined) ?? "ID";
      const keyFn = ORDER_SORTS[sortKey];
      if (!keyFn) throw notImplemented("QueryRoot", "orders", `sortKey ${sortKey}`);
      const sorted = [...orders].sort((a, b) => {
        const ka = keyFn(a);
        const kb = keyFn(b);
        return ka < kb ? -1 : ka > kb ? 1 : Number(a.legacyResourceId) - Number(b.legacyResourceId);
      });
      return paginate(sorted, args);
    },
    node: (_s, { id }, ctx) => (requireGid(id), visibleNode(ctx, id)),
    nodes: (_s, { ids }, ctx) => (ids as string[]).map((id) => (requireGid(id), visibleNode(ctx, id))),
    shop: (_s, _a, ctx) => ctx.shop,
    app: (_s, { id }, ctx) => (id == null ? ctx.app : (ctx.store.apps.get(requireGid(id)) ?? null)),
  },
  Order: {
    requiresShipping: (o: StoreOrder) => o.lineItems.some((li) => li.requiresShipping),
    displayFulfillmentStatus: (o: StoreOrder) => displayFulfillmentStatus(o),
    risk: (o: StoreOrder) => riskSummary(o),
    fulfillmentOrders: (o: StoreOrder, args, ctx) => {
      // `displayable` is accepted: the simulator has no hidden (merged/moved) fulfillment orders.
      if (args.query != null) throw notImplemented("Order", "fulfillmentOrders", "query argument");
      // "An API client will only receive a subset of the fulfillment orders which belong to an
      // order if they don't have the necessary access scopes" (objects/FulfillmentOrder).
      return paginate(
        o.fulfillmentOrders.filter((fo) => canReadFulfillmentOrder(ctx, fo)),
        args,
      );
    },
    transactions: (o: StoreOrder, args) => {
      if (args.manuallyResolvable != null) throw notImplemented("Order", "transactions", "manuallyResolvable argument");
      let list = o.transactions;
      if (args.capturable) list = list.filter((t) => t.kind === "AUTHORIZATION" && t.status === "SUCCESS");
      return args.first != null ? list.slice(0, args.first) : list;
    },
    transactionsCount: (o: StoreOrder) => ({ __typename: "Count", count: o.transactions.length, precision: "EXACT" }),
    statusPageUrl: (o: StoreOrder) =>
      `https://${o._shop}/${o.legacyResourceId}/orders/${(o.checkoutToken ?? o.legacyResourceId).slice(0, 32)}/authenticate`,
    discountCode: (o: StoreOrder) => o.discountCodes[0] ?? null,
    customerLocale: (o: StoreOrder) => o._customerLocale,
    billingAddressMatchesShippingAddress: (o: StoreOrder) => {
      const pick = (a: StoreOrder["billingAddress"]) =>
        a ? [a.address1, a.address2, a.city, a.zip, a.provinceCode, a.countryCodeV2].join("|").toLowerCase() : null;
      return pick(o.billingAddress) !== null && pick(o.billingAddress) === pick(o.shippingAddress);
    },
    subtotalLineItemsQuantity: (o: StoreOrder) => o.lineItems.reduce((s, li) => s + li.quantity, 0),
    currentSubtotalLineItemsQuantity: (o: StoreOrder) => o.lineItems.reduce((s, li) => s + li.currentQuantity, 0),
    currentSubtotalPriceSet: (o: StoreOrder) => o._currentSubtotalPriceSet ?? o.subtotalPriceSet,
    currentTotalDiscountsSet: (o: StoreOrder) => o.totalDiscountsSet,
    currentTotalTaxSet: (o: StoreOrder) => o.totalTaxSet,
    currentShippingPriceSet: (o: StoreOrder) => o.totalShippingPriceSet,
    totalReceivedSet: (o: StoreOrder) => moneyBag((paidMinor(o) / 100).toFixed(2), o.currencyCode),
    totalOutstandingSet: (o: StoreOrder) =>
      moneyBag(
        (Math.max(0, Math.round(Number(o.totalPriceSet.shopMoney.amount) * 100) - paidMinor(o)) / 100).toFixed(2),
        o.currencyCode,
        undefined,
        o.presentmentCurrencyCode,
      ),
    totalRefundedSet: (o: StoreOrder) => moneyBag("0.00", o.currencyCode, "0.00", o.presentmentCurrencyCode),
    fullyPaid: (o: StoreOrder) => o.displayFinancialStatus === "PAID",
    unpaid: (o: StoreOrder) => o.displayFinancialStatus === "PENDING" || o.displayFinancialStatus === "AUTHORIZED",
    capturable: (o: StoreOrder) => !o.cancelledAt && o.displayFinancialStatus === "AUTHORIZED",
    edited: (o: StoreOrder) => o._editedAt !== undefined,
    fulfillable: (o: StoreOrder) =>
      !o.cancelledAt && o.fulfillmentOrders.some((f) => supportedActionsFor(f).includes("CREATE_FULFILLMENT")),
    merchantEditable: (o: StoreOrder) => !o.cancelledAt,
    taxLines: () => [],
    refunds: () => [],
    fulfillments: () => [],
  },
  LineItem: {
    discountAllocations: (li: { discountAllocations?: unknown[] }) => li.discountAllocations ?? [],
    taxLines: () => [],
    duties: () => [],
  },
  ShippingLine: {
    discountAllocations: (line: { discountAllocations?: unknown[] }) => line.discountAllocations ?? [],
    taxLines: () => [],
  },
  MoneyV2: {
    amount: (m: { amount: string }) => formatDecimal(m.amount),
  },
};
