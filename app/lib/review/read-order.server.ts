import type {
  OrderDiscountApplicationsPageQuery,
  OrderForReviewQuery,
  OrderFulfillmentOrdersPageQuery,
  OrderLineItemsPageQuery,
  OrderTransactionsQuery,
} from "../../types/admin.generated";
import { type AdminGraphql, AdminGraphqlError, type WithheldField } from "../clients/shopify/admin-graphql";
import {
  FIRST_PAGE,
  ORDER_DISCOUNT_APPLICATIONS_PAGE_QUERY,
  ORDER_FOR_REVIEW_OPTIONAL_FIELDS,
  ORDER_FOR_REVIEW_QUERY,
  ORDER_FULFILLMENT_ORDERS_PAGE_QUERY,
  ORDER_LINE_ITEMS_PAGE_QUERY,
  ORDER_TRANSACTIONS_MAX,
  ORDER_TRANSACTIONS_QUERY,
} from "../clients/shopify/graphql/order-for-review.query";
import { type HistoryLine, historyLine } from "../merchant/i18n/history-lines";
import type { ReviewOrder } from "./mapping";

/**
 * Reads a whole order for review: OrderForReview first (one request for an ordinary
 * order), then, only for a connection that says `hasNextPage`, its next pages until the
 * last, and all the transactions when `transactionsCount` says the first request did not
 * hold them all. Every request goes through `admin`, so the shop's cost governor paces
 * the follow-ups like any other call.
 *
 * Nothing is cut silently. The one bound is Shopify's: `Order.transactions` has no cursor,
 * so at most ORDER_TRANSACTIONS_MAX are read; an order with more comes back with
 * `incomplete` naming it, and the review records it.
 */

type FirstPage = NonNullable<OrderForReviewQuery["order"]>;
type PageInfo = { hasNextPage: boolean; endCursor?: string | null };

export interface WholeOrderRead {
  order: ReviewOrder | null;
  /** Optional fields Shopify withheld (protected customer data the shop has not granted): the mapping leaves them out. */
  withheld: WithheldField[];
  /** What could not be read whole, as history lines for the review page (no customer data). */
  incomplete: HistoryLine[];
  /** Admin requests it took. */
  requests: number;
}

/** One connection read to the end: `first` is what OrderForReview brought, `next` asks for the page after a cursor. */
async function restOf<Node>(
  first: { pageInfo: PageInfo; nodes: Node[] },
  next: (after: string) => Promise<{ pageInfo: PageInfo; nodes: Node[] } | null | undefined>,
  count: () => void,
): Promise<Node[]> {
  const nodes = [...first.nodes];
  let pageInfo = first.pageInfo;
  while (pageInfo.hasNextPage) {
    if (!pageInfo.endCursor) throw new AdminGraphqlError("Shopify said there is a next page but gave no cursor", true);
    count();
    const page = await next(pageInfo.endCursor);
    // The order vanished between two pages (deleted): the caller reads it again later.
    if (!page) throw new AdminGraphqlError("The order disappeared while its pages were read", true);
    nodes.push(...page.nodes);
    pageInfo = page.pageInfo;
  }
  return nodes;
}

export async function readWholeOrder(admin: AdminGraphql, orderId: string): Promise<WholeOrderRead> {
  const withheld: WithheldField[] = [];
  const incomplete: HistoryLine[] = [];
  let requests = 1;
  const count = () => {
    requests += 1;
  };
  const first = await admin<OrderForReviewQuery>(
    ORDER_FOR_REVIEW_QUERY,
    { id: orderId },
    { optionalFields: ORDER_FOR_REVIEW_OPTIONAL_FIELDS, onWithheld: (fields) => withheld.push(...fields) },
  );
  const page: FirstPage | null | undefined = first.order;
  if (!page) return { order: null, withheld, incomplete, requests };

  const page2 = <T>(query: string, after: string) => admin<T>(query, { id: orderId, after });
  const lineItems = await restOf(
    page.lineItems,
    async (after) => (await page2<OrderLineItemsPageQuery>(ORDER_LINE_ITEMS_PAGE_QUERY, after)).order?.lineItems,
    count,
  );
  const discountApplications = await restOf(
    page.discountApplications,
    async (after) =>
      (await page2<OrderDiscountApplicationsPageQuery>(ORDER_DISCOUNT_APPLICATIONS_PAGE_QUERY, after)).order
        ?.discountApplications,
    count,
  );
  const fulfillmentOrders = await restOf(
    page.fulfillmentOrders,
    async (after) =>
      (await page2<OrderFulfillmentOrdersPageQuery>(ORDER_FULFILLMENT_ORDERS_PAGE_QUERY, after)).order
        ?.fulfillmentOrders,
    count,
  );

  let transactions = page.transactions;
  const transactionCount = page.transactionsCount?.count ?? transactions.length;
  if (transactionCount > transactions.length && transactions.length >= FIRST_PAGE.transactions) {
    count();
    const all = await admin<OrderTransactionsQuery>(
      ORDER_TRANSACTIONS_QUERY,
      { id: orderId, first: Math.min(transactionCount, ORDER_TRANSACTIONS_MAX) },
      { optionalFields: ORDER_FOR_REVIEW_OPTIONAL_FIELDS, onWithheld: (fields) => withheld.push(...fields) },
    );
    if (!all.order) throw new AdminGraphqlError("The order disappeared while its transactions were read", true);
    transactions = all.order.transactions;
  }
  if (transactionCount > transactions.length) {
    incomplete.push(
      historyLine("history.transactionsIncomplete", { read: transactions.length, total: transactionCount }),
    );
  }

  const { transactionsCount: _count, ...rest } = page;
  void _count;
  return {
    order: {
      ...rest,
      lineItems: { nodes: lineItems },
      discountApplications: { nodes: discountApplications },
      fulfillmentOrders: { nodes: fulfillmentOrders },
      transactions,
    },
    withheld: dedupe(withheld),
    incomplete,
    requests,
  };
}

function dedupe(fields: WithheldField[]): WithheldField[] {
  const seen = new Map<string, WithheldField>();
  for (const field of fields) if (!seen.has(field.path)) seen.set(field.path, field);
  return [...seen.values()];
}

/** All the order's fulfillment orders (paged), for holding the ones that appeared after the review began. */
export async function readFulfillmentOrders(
  admin: AdminGraphql,
  orderId: string,
): Promise<ReviewOrder["fulfillmentOrders"]["nodes"] | null> {
  const first = await admin<OrderFulfillmentOrdersPageQuery>(ORDER_FULFILLMENT_ORDERS_PAGE_QUERY, {
    id: orderId,
    after: null,
  });
  const connection = first.order?.fulfillmentOrders;
  if (!connection) return null;
  return restOf(
    connection,
    async (after) =>
      (await admin<OrderFulfillmentOrdersPageQuery>(ORDER_FULFILLMENT_ORDERS_PAGE_QUERY, { id: orderId, after })).order
        ?.fulfillmentOrders,
    () => undefined,
  );
}
