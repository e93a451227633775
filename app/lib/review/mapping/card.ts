/** The card that paid: which transaction is reported, its BIN, last four, holder name, AVS/CVV, attempts. */
import {
  AVS_CODES,
  CVV_CODES,
  TRANSACTION_STRING_LIMITS,
  type AvsCode,
  type CvvCode,
} from "../../clients/apruvd/types";
import { decimalNumber } from "./money";
import { cleanString } from "./strings";
import type { ReviewCardPaymentDetails, ReviewTransaction } from "./types";

/** Transaction kinds that are an authorization attempt against a card. */
export const AUTH_KINDS: readonly string[] = ["AUTHORIZATION", "SALE", "EMV_AUTHORIZATION"];

export function isCardDetails(details: ReviewTransaction["paymentDetails"]): details is ReviewCardPaymentDetails {
  return details != null && details.__typename === "CardPaymentDetails";
}

/** The gift card "gateway" (a gift card payment, not a card). */
export function isGiftCardGateway(gateway: unknown): boolean {
  return typeof gateway === "string" && gateway.trim().toLowerCase() === "gift_card";
}

/** First six/eight digits of the card as an integer; anything but 6 or 8 digits (or a leading 0) → undefined. */
export function parseBin(value: unknown): number | undefined {
  const text = cleanString(value)?.replace(/[\s-]/g, "");
  if (text === undefined || !/^[1-9](\d{5}|\d{7})$/.test(text)) return undefined;
  return Number(text);
}

/** Last four digits of a masked card number ("•••• •••• •••• 4242", "**** 4242", "xxxx-4242") as an integer. */
export function parseLastFour(value: unknown): number | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  const match = /(\d{4})\D*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Card holder "John Q. Public" → ["John", "Q. Public"], each cut to 50. */
export function splitCardholderName(value: unknown): { first?: string; last?: string } {
  const text = cleanString(value);
  if (text === undefined) return {};
  const words = text.split(/\s+/);
  const first = cleanString(words[0], TRANSACTION_STRING_LIMITS.cc_name);
  const last = cleanString(words.slice(1).join(" "), TRANSACTION_STRING_LIMITS.cc_name_2);
  return { ...(first ? { first } : {}), ...(last ? { last } : {}) };
}

export function normalizeAvs(value: unknown): AvsCode {
  const code = cleanString(value)?.toUpperCase() ?? "";
  return (AVS_CODES as readonly string[]).includes(code) ? (code as AvsCode) : "";
}

/**
 * A documented CVV result (M, N, P, S, U), uppercased; anything else (a wallet without a
 * CVV check, an undocumented gateway code, none) → undefined, and `cvv` is left out: the
 * reference's '' belongs to the AVS column, not the CVV column.
 */
export function normalizeCvv(value: unknown): CvvCode | undefined {
  const code = cleanString(value)?.toUpperCase() ?? "";
  return (CVV_CODES as readonly string[]).includes(code) ? (code as CvvCode) : undefined;
}

function processedTime(tx: ReviewTransaction): number {
  const t = typeof tx.processedAt === "string" ? Date.parse(tx.processedAt) : NaN;
  return Number.isFinite(t) ? t : -Infinity;
}

/** Stable "latest" ordering: processedAt, then position in the list. */
function latest<T extends { tx: ReviewTransaction; index: number }>(items: T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (
      best === undefined ||
      processedTime(item.tx) > processedTime(best.tx) ||
      (processedTime(item.tx) === processedTime(best.tx) && item.index > best.index)
    ) {
      best = item;
    }
  }
  return best;
}

/**
 * The transaction whose card data is reported: among authorization-kind card
 * transactions the successful one (the largest if several cards succeeded, then the
 * latest), else the latest attempt; a card CAPTURE only when no authorization-kind
 * card transaction exists.
 */
export function selectCardTransaction(
  transactions: readonly ReviewTransaction[] | null | undefined,
): ReviewTransaction | undefined {
  const indexed = (transactions ?? [])
    .map((tx, index) => ({ tx, index }))
    .filter(({ tx }) => tx != null && isCardDetails(tx.paymentDetails));
  const auths = indexed.filter(({ tx }) => AUTH_KINDS.includes(String(tx.kind)));
  const pool = auths.length > 0 ? auths : indexed.filter(({ tx }) => String(tx.kind) === "CAPTURE");
  if (pool.length === 0) return undefined;
  const successful = pool.filter(({ tx }) => String(tx.status) === "SUCCESS");
  if (successful.length > 0) {
    const amountOf = (tx: ReviewTransaction) => decimalNumber(tx.amountSet?.presentmentMoney?.amount) ?? 0;
    const top = Math.max(...successful.map(({ tx }) => amountOf(tx)));
    return latest(successful.filter(({ tx }) => amountOf(tx) === top))?.tx;
  }
  return latest(pool)?.tx;
}

/**
 * Authorization attempts against cards: AUTHORIZATION, SALE and EMV_AUTHORIZATION
 * transactions of any status (failed and errored included) that carry card details,
 * plus such transactions without any payment details (a declined attempt may have
 * none) unless they are gift-card or manual-gateway payments. Non-card wallets
 * (PayPal, local methods, Shop Pay Installments) are not card attempts.
 */
export function countAuthAttempts(transactions: readonly ReviewTransaction[] | null | undefined): number {
  return (transactions ?? []).filter(
    (tx) =>
      tx != null &&
      AUTH_KINDS.includes(String(tx.kind)) &&
      (isCardDetails(tx.paymentDetails) ||
        (tx.paymentDetails == null && !isGiftCardGateway(tx.gateway) && tx.manualPaymentGateway !== true)),
  ).length;
}
