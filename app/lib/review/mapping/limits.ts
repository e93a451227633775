/**
 * The integration's limits for the nested JSON structures and the undocumented text
 * fields. The mapping cuts to them; the tests check that they are the transaction
 * contract's (sandbox/apruvd/contract.ts).
 */

/** Limits of the nested JSON structures (gift_cards, cart_contents, discount_codes). */
export const GIFT_CARD_LIMITS = {
  merchant_payment_id: 50,
  last_four: 4,
  purchaser_name: 100,
  purchaser_email: 100,
  recipient_name: 100,
  recipient_email: 100,
} as const;
export const CART_ITEM_LIMITS = { item: 250, link: 250, sku: 250 } as const;
export const DISCOUNT_CODE_LIMITS = { code: 250, description: 250, discount_type: 250 } as const;
/**
 * additional_1..3 are "text" in the API (no documented length). The bound only keeps a
 * pathological value from blowing up the request: at 100,000 characters it is far above
 * any Shopify order note, so a note is always sent whole (docs/mapping.md).
 */
export const ADDITIONAL_TEXT_LIMIT = 100_000;
/** Strings inside `extra` objects that have no documented limit. */
export const EXTRA_VALUE_LIMIT = 250;
