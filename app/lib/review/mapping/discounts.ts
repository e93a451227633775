/** Discount applications → discount_codes. */
import type { ApruvdDiscountCode } from "../../clients/apruvd/types";
import { DISCOUNT_CODE_LIMITS, EXTRA_VALUE_LIMIT } from "./limits";
import { decimalString } from "./money";
import { cleanString } from "./strings";
import type { ReviewOrder } from "./types";

export function mapDiscountCodes(order: ReviewOrder): ApruvdDiscountCode[] {
  const nodes = (order.discountApplications?.nodes ?? []).filter((n) => n != null);
  const onlyOne = nodes.length === 1;
  const orderDiscountTotal = order.totalDiscountsSet?.presentmentMoney;
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

    const perLine = String(node.allocationMethod) === "EACH";
    if (value?.__typename === "MoneyV2") {
      const amount = decimalString(value.amount);
      if (amount !== undefined) {
        // EACH applies the value to every entitled line: the order total is unknown here.
        if (perLine) extra.amount_per_line = amount;
        else discount.amount = amount;
      }
    } else if (value?.__typename === "PricingPercentageValue") {
      const pct =
        typeof value.percentage === "number" && Number.isFinite(value.percentage) ? value.percentage : undefined;
      if (pct !== undefined) extra.percentage = String(pct);
      // The amount of a percentage is only known when it is the order's only discount
      // (then it is the order's total discount) and applies to line items.
      if (onlyOne && !isShipping) {
        const total = decimalString(orderDiscountTotal?.amount);
        if (total !== undefined) discount.amount = total;
      }
    }
    if (Object.keys(extra).length > 0) discount.extra = extra;
    out.push(discount);
  }
  return out;
}
