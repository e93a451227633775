/**
 * Shopify order (the OrderForReview Admin query) → Apruvd transaction.
 *
 * Every field of the Apruvd "Transaction Objects" table is covered here, one file per
 * concern (strings, money, ip, card, gift cards, cart, discounts, addresses; the
 * assembly in transaction.ts); the merchant-readable version of the mapping is
 * docs/mapping.md. Rules that hold for every output (lengths, integer fields, enums,
 * JSON structures) are the transaction contract's (sandbox/apruvd/contract.ts), which
 * the tests check over thousands of generated orders with `transactionViolations`
 * (sandbox/apruvd/conventions.ts).
 *
 * The mapper never throws for a missing optional field: orders without a card
 * (net terms / B2B, bank deposit, COD, POS cash, pure gift card, zero total) map to
 * a transaction with the card fields left out. It throws `MappingError` only when
 * the order has no usable total or currency.
 */
export {
  DEFAULT_SESSION_ID_ATTRIBUTE_KEYS,
  DEFAULT_TRANSACTION_TYPE,
  MappingError,
  type MappingErrorCode,
  type MappingOptions,
  type ReviewAddress,
  type ReviewCardPaymentDetails,
  type ReviewDiscountApplication,
  type ReviewLineItem,
  type ReviewOrder,
  type ReviewTransaction,
} from "./types";
export {
  ADDITIONAL_TEXT_LIMIT,
  CART_ITEM_LIMITS,
  DISCOUNT_CODE_LIMITS,
  EXTRA_VALUE_LIMIT,
  GIFT_CARD_LIMITS,
} from "./limits";
export {
  characterLength,
  cleanEmail,
  cleanString,
  isWellFormed,
  lastCharacters,
  numericIdFromGid,
  toWellFormed,
  truncate,
} from "./strings";
export { amountIn, decimalNumber, decimalString, sumDecimals } from "./money";
export { expandIPv6, isIPv4, isIPv6, normalizeIp } from "./ip";
export {
  AUTH_KINDS,
  countAuthAttempts,
  isCardDetails,
  normalizeAvs,
  normalizeCvv,
  parseBin,
  parseLastFour,
  selectCardTransaction,
  splitCardholderName,
} from "./card";
export { giftCardRecipient, mapGiftCards, parseReceipt } from "./gift-cards";
export { mapCartItem, productLink } from "./cart";
export { appliedAmounts, mapDiscountCodes } from "./discounts";
export { mapAddress } from "./addresses";
export { mapOrderToTransaction, orderNumber } from "./transaction";
