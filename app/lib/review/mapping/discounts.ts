/**
 * Discount applications → discount_codes. Each discount's `amount` ("the total discount
 * amount applied to the order") is what Shopify allocated of it: the sum of its discount
 * allocations on the line items and the shipping line, in presentment money
 * (https://shopify.dev/docs/api/admin-graphql/latest/objects/DiscountAllocation), so a
 * percentage, a fixed amount and a shipping discount each carry their own applied amount
 * in the transaction's currency, whatever else is on the order.
 */
import type { ApruvdDiscountCode } from "../../clients/apruvd/types";
import { DISCOUNT_CODE_LIMITS, EXTRA_VALUE_LIMIT } from "./limits";
import { amountIn, sumDecimals } from "./money";
import { cleanString } from "./strings";
import type { ReviewOrder } from "./types";

type Allocation = {
  allocatedAmountSet?: { presentmentMoney?: { amount?: unknown; currencyCode?: unknown } | null } | null;
  discountApplication?: { index?: unknown } | null;
};

/**
 * Applied amount per discount application index, in `currency`. An application with an
 * allocation in another currency (or an unreadable one) gets no amount rather than a
 * wrong one. Line items an order edit removed (currentQuantity 0) no longer count.
 */
export function appliedAmounts(order: ReviewOrder, currency: string): Map<number, string> {
  const allocations: Allocation[] = [
    ...(order.lineItems?.nodes ?? [])
      .filter((item) => item != null && item.currentQuantity !== 0)
      .flatMap((item) => (item.discountAllocations ?? []) as Allocation[]),
    ...((order.shippingLine?.discountAllocations ?? []) as Allocation[]),
  ];
  const terms = new Map<number, string[]>();
  const unusable = new Set<number>();
  for (const allocation of allocations) {
    const index = allocation?.discountApplication?.index;
    if (typeof index !== "number") continue;
    const money = allocation.allocatedAmountSet?.presentmentMoney;
    const amount = amountIn(money, currency);
    if (amount === undefined) unusable.add(index);
    else terms.set(index, [...(terms.get(index) ?? []), amount]);
  }
  const out = new Map<number, string>();
  for (const [index, amounts] of terms) if (!unusable.has(index)) out.set(index, sumDecimals(amounts));
  return out;
}

/** `currency` is the transaction's. */
export function mapDiscountCodes(order: ReviewOrder, currency: string): ApruvdDiscountCode[] {
  const nodes = (order.discountApplications?.nodes ?? []).filter((n) => n != null);
  const applied = appliedAmounts(order, currency);
  const out: ApruvdDiscountCode[] = [];
  for (const node of nodes) {
    const discount: ApruvdDiscountCode = {};
    const extra: Record<string, string> = {};
    switch (node.__typename) {
      case "DiscountCodeApplication": {
        const code = cleanString(node.code, DISCOUNT_CODE_LIMITS.code);
        if (code !== undefined) discount.code = code;
        extra.application = "code";
        break;
      }
      case "ManualDiscountApplication": {
        const description =
          cleanString(node.title, DISCOUNT_CODE_LIMITS.description) ??
          cleanString(node.description, DISCOUNT_CODE_LIMITS.description);
        if (description !== undefined) discount.description = description;
        const reason = cleanString(node.description, EXTRA_VALUE_LIMIT);
        if (reason !== undefined && reason !== description) extra.reason = reason;
        extra.application = "manual";
        break;
      }
      case "AutomaticDiscountApplication":
      case "ScriptDiscountApplication": {
        const description = cleanString(node.title, DISCOUNT_CODE_LIMITS.description);
        if (description !== undefined) discount.description = description;
        extra.application = node.__typename === "AutomaticDiscountApplication" ? "automatic" : "script";
        break;
      }
      default:
        break;
    }
    const value = node.value;
    const isShipping = String(node.targetType) === "SHIPPING_LINE";
    if (isShipping) discount.discount_type = "Free Shipping";
    else if (value?.__typename === "PricingPercentageValue") discount.discount_type = "Percent";
    else if (value?.__typename === "MoneyV2") discount.discount_type = "Fixed";

    if (value?.__typename === "PricingPercentageValue") {
      const pct =
        typeof value.percentage === "number" && Number.isFinite(value.percentage) ? value.percentage : undefined;
      if (pct !== undefined) extra.percentage = String(pct);
    }
    const amount = typeof node.index === "number" ? applied.get(node.index) : undefined;
    if (amount !== undefined) discount.amount = amount;
    if (Object.keys(extra).length > 0) discount.extra = extra;
    out.push(discount);
  }
  return out;
}
