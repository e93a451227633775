/** Gift cards: those that paid (gift_cards) and the recipient of one bought (egc_recipient). */
import type { ApruvdGiftCard } from "../../clients/apruvd/types";
import { TRANSACTION_STRING_LIMITS } from "../../clients/apruvd/types";
import { isGiftCardGateway } from "./card";
import { GIFT_CARD_LIMITS } from "./limits";
import { amountIn } from "./money";
import { cleanEmail, cleanString, lastCharacters, numericIdFromGid } from "./strings";
import type { ReviewOrder } from "./types";

/** receiptJson as an object: accepts an object or a JSON string; anything else → {}. */
export function parseReceipt(receipt: unknown): Record<string, unknown> {
  let value = receipt;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Gift card payments; an amount is sent only in the transaction's `currency` (and says so). */
export function mapGiftCards(order: ReviewOrder, currency: string): ApruvdGiftCard[] {
  const cards: ApruvdGiftCard[] = [];
  for (const tx of order.transactions ?? []) {
    if (tx == null || !isGiftCardGateway(tx.gateway)) continue;
    if (!["SALE", "CAPTURE"].includes(String(tx.kind)) || String(tx.status) !== "SUCCESS") continue;
    const receipt = parseReceipt(tx.receiptJson);
    const id =
      cleanString(receipt.gift_card_id, GIFT_CARD_LIMITS.merchant_payment_id) ??
      cleanString(numericIdFromGid(tx.id), GIFT_CARD_LIMITS.merchant_payment_id);
    if (id === undefined) continue;
    const card: ApruvdGiftCard = { merchant_payment_id: id };
    const amount = amountIn(tx.amountSet?.presentmentMoney, currency);
    if (amount !== undefined) {
      card.amount = amount;
      card.currency = currency;
    }
    const lastFour = lastCharacters(receipt.gift_card_last_characters, GIFT_CARD_LIMITS.last_four);
    if (lastFour !== undefined) card.last_four = lastFour;
    card.type = "electronic";
    cards.push(card);
  }
  return cards;
}

/** "Recipient email", "recipient_email", "_recipient-email" → "recipient email". */
function normalizeKey(key: unknown): string {
  return typeof key === "string"
    ? key
        .trim()
        .toLowerCase()
        .replace(/^_+/, "")
        .replace(/[\s_-]+/g, " ")
    : "";
}

const RECIPIENT_EMAIL_KEYS = ["recipient email", "gift card recipient email", "recipient"];

/**
 * egc_recipient: when the order buys a gift card and names a recipient email (in the
 * order's custom attributes) that is not the buyer's own email.
 */
export function giftCardRecipient(order: ReviewOrder, buyerEmail: string | undefined): string | undefined {
  const giftCardItems = (order.lineItems?.nodes ?? []).filter((item) => item?.isGiftCard === true);
  if (giftCardItems.length === 0) return undefined;
  // Shopify keeps the recipient on the gift card line item's properties; older themes put it on the order.
  const attributes = [
    ...giftCardItems.flatMap((item) => item.customAttributes ?? []),
    ...(order.customAttributes ?? []),
  ];
  for (const attr of attributes) {
    if (!RECIPIENT_EMAIL_KEYS.includes(normalizeKey(attr?.key))) continue;
    const email = cleanEmail(attr?.value, TRANSACTION_STRING_LIMITS.egc_recipient);
    if (email === undefined) continue;
    if (buyerEmail !== undefined && email.toLowerCase() === buyerEmail.toLowerCase()) return undefined;
    return email;
  }
  return undefined;
}
