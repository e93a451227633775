/**
 * The app's copy of the Apruvd transaction contract (the client's types and the
 * mapping's limits) is the contract the tests and the sandbox hold it to
 * (sandbox/apruvd/contract.ts, written from the API reference).
 */
import { describe, expect, it } from "vitest";
import { APRUVD_TRANSACTION_TYPES, AVS_CODES, CVV_CODES, TRANSACTION_STRING_LIMITS } from "../../clients/apruvd/types";
import * as contract from "../../../../sandbox/apruvd/contract";
import {
  ADDITIONAL_TEXT_LIMIT,
  CART_ITEM_LIMITS,
  DEFAULT_TRANSACTION_TYPE,
  DISCOUNT_CODE_LIMITS,
  EXTRA_VALUE_LIMIT,
  GIFT_CARD_LIMITS,
} from "./index";

describe("the app's limits and enums are the transaction contract's", () => {
  it("string limits, enums and transaction types", () => {
    expect(TRANSACTION_STRING_LIMITS).toEqual(contract.TRANSACTION_STRING_LIMITS);
    expect([...AVS_CODES].sort()).toEqual([...contract.AVS_CODES].sort());
    expect([...CVV_CODES].sort()).toEqual([...contract.CVV_CODES].sort());
    expect(APRUVD_TRANSACTION_TYPES).toEqual(contract.TRANSACTION_TYPES);
    expect(contract.TRANSACTION_TYPES).toContain(DEFAULT_TRANSACTION_TYPE);
  });

  it("the JSON structures' limits and the integration's own caps", () => {
    expect(GIFT_CARD_LIMITS).toEqual(contract.GIFT_CARD_LIMITS);
    expect(CART_ITEM_LIMITS).toEqual(contract.CART_ITEM_LIMITS);
    expect(DISCOUNT_CODE_LIMITS).toEqual(contract.DISCOUNT_CODE_LIMITS);
    expect(ADDITIONAL_TEXT_LIMIT).toBe(contract.INTEGRATION_LIMITS.additionalText);
    expect(EXTRA_VALUE_LIMIT).toBe(contract.INTEGRATION_LIMITS.extraValue);
  });
});
