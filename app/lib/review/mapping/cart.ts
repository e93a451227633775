/** Line items → cart_contents. */
import type { ApruvdCartItem } from "../../clients/apruvd/types";
import { CART_ITEM_LIMITS } from "./limits";
import { amountIn } from "./money";
import { characterLength, cleanString, numericIdFromGid } from "./strings";
import type { MappingOptions, ReviewLineItem } from "./types";

function tagsInclude(tags: unknown, tag: string): boolean {
  const wanted = tag.trim().toLowerCase();
  return Array.isArray(tags) && tags.some((t) => typeof t === "string" && t.trim().toLowerCase() === wanted);
}

/** Product link for extra.link; a link longer than 250 is left out rather than cut into a broken URL. */
export function productLink(item: ReviewLineItem, storefrontUrl: string | undefined): string | undefined {
  const handle = cleanString(item.product?.handle);
  const base = cleanString(storefrontUrl)?.replace(/\/+$/, "");
  let link: string | undefined;
  if (base && handle && /^https?:\/\/\S+$/i.test(base)) link = `${base}/products/${encodeURIComponent(handle)}`;
  else link = cleanString(item.product?.onlineStoreUrl);
  return link !== undefined && characterLength(link) <= CART_ITEM_LIMITS.link ? link : undefined;
}

/** One line item; `currency` is the transaction's: a price in another currency is left out. */
export function mapCartItem(item: ReviewLineItem, options: MappingOptions, currency: string): ApruvdCartItem {
  const out: ApruvdCartItem = {};
  const sku = cleanString(item.sku, CART_ITEM_LIMITS.sku);
  const name =
    cleanString(item.name, CART_ITEM_LIMITS.item) ??
    cleanString(item.title, CART_ITEM_LIMITS.item) ??
    (sku === undefined
      ? cleanString(`Line item ${numericIdFromGid(item.id) ?? ""}`, CART_ITEM_LIMITS.item)
      : undefined);
  if (name !== undefined) out.item = name;
  const highRiskTag = cleanString(options.highRiskProductTag);
  out.is_high_risk = highRiskTag !== undefined && tagsInclude(item.product?.tags, highRiskTag);
  if (typeof item.requiresShipping === "boolean") out.is_digital = !item.requiresShipping;
  // currentQuantity: an order edit changes it and keeps `quantity` as placed.
  const quantity = item.currentQuantity ?? item.quantity;
  if (typeof quantity === "number" && Number.isSafeInteger(quantity) && quantity >= 0) out.quantity = quantity;
  const unitPrice = amountIn(item.originalUnitPriceSet?.presentmentMoney, currency);
  if (unitPrice !== undefined) out.unit_price = unitPrice;
  const extra: NonNullable<ApruvdCartItem["extra"]> = {};
  if (sku !== undefined) extra.sku = sku;
  const link = productLink(item, options.storefrontUrl);
  if (link !== undefined) extra.link = link;
  if (item.isGiftCard === true) extra.gift_card = "true";
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}
