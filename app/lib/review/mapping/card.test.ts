/** Mapping tests: The card fields: holder name, BIN, last four, AVS/CVV, attempts, and which transaction is reported. */
import { describe, expect, it } from "vitest";
import {
  countAuthAttempts,
  mapOrderToTransaction,
  selectCardTransaction,
  type MappingOptions,
  type ReviewOrder,
} from "./index";
import {
  b2bNetTermsOrder,
  bankDepositOrder,
  cardOrder,
  cardTransaction,
  cashOnDeliveryOrder,
  declinedThenApprovedCardOrder,
  digitalOnlyOrder,
  giftCardPaymentOrder,
  giftCardTransaction,
  manualTransaction,
  multiCurrencyOrder,
  posCashOrder,
  shopifyPaymentTermsOrder,
  splitGiftCardAndCardOrder,
  transaction,
  zeroTotalOrder,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) =>
  mapOrderToTransaction(order, { ...OPTIONS, ...options });

const CARD_FIELDS = ["cc_name", "cc_name_2", "first_six", "last_four", "avs", "cvv", "auth_attempts"] as const;

describe("cc_name / cc_name_2", () => {
  it("split the card holder name into first word and the rest", () => {
    expect(map(cardOrder())).toMatchObject({ cc_name: "Jane", cc_name_2: "Cooper" });
    expect(map(declinedThenApprovedCardOrder())).toMatchObject({ cc_name: "Jane", cc_name_2: "Q Cooper" });
    expect(map(multiCurrencyOrder())).toMatchObject({ cc_name: "LENA", cc_name_2: "SCHMIDT" });
  });
  it("a single name fills cc_name only; no name omits both", () => {
    const single = map(cardOrder({ transactions: [cardTransaction({ card: { name: "  Cher  " } })] }));
    expect(single.cc_name).toBe("Cher");
    expect(single).not.toHaveProperty("cc_name_2");
    const none = map(cardOrder({ transactions: [cardTransaction({ card: { name: null } })] }));
    expect(none).not.toHaveProperty("cc_name");
    expect(none).not.toHaveProperty("cc_name_2");
  });
  it("are cut to 50", () => {
    const tx = map(
      cardOrder({ transactions: [cardTransaction({ card: { name: `${"A".repeat(60)} ${"B".repeat(60)}` } })] }),
    );
    expect(tx.cc_name).toBe("A".repeat(50));
    expect(tx.cc_name_2).toBe("B".repeat(50));
  });
});

describe("first_six", () => {
  it("is the 6- or 8-digit BIN as an integer", () => {
    expect(map(cardOrder()).first_six).toBe(424242);
    expect(map(splitGiftCardAndCardOrder()).first_six).toBe(55555544);
    expect(map(declinedThenApprovedCardOrder()).first_six).toBe(400000);
  });
  it("is omitted for any other BIN", () => {
    for (const bin of [null, "", "42424", "4242424", "424242424", "0424242", "012345", "4242ab", "4242 42"]) {
      const tx = map(cardOrder({ transactions: [cardTransaction({ card: { bin } })] }));
      expect(tx.first_six, String(bin)).toBe(bin === "4242 42" ? 424242 : undefined);
    }
  });
});

describe("last_four", () => {
  it("is the last four digits of the masked number as an integer", () => {
    expect(map(cardOrder()).last_four).toBe(4242);
    expect(map(digitalOnlyOrder()).last_four).toBe(1111);
    expect(map(declinedThenApprovedCardOrder()).last_four).toBe(77); // "**** 0077"
  });
  it("is omitted when the number has fewer than four trailing digits", () => {
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { number: "•••• 42" } })] }))).not.toHaveProperty(
      "last_four",
    );
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { number: null } })] }))).not.toHaveProperty(
      "last_four",
    );
  });
});

describe("avs", () => {
  it("is the documented code, uppercased", () => {
    expect(map(cardOrder()).avs).toBe("Y");
    expect(map(declinedThenApprovedCardOrder()).avs).toBe("Y"); // "y" on the approved authorization
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { avsResultCode: " i3 " } })] })).avs).toBe("I3");
  });
  it("is the empty string for a card with an undocumented or missing code", () => {
    expect(map(multiCurrencyOrder()).avs).toBe("");
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { avsResultCode: "Q9" } })] })).avs).toBe("");
  });
  it("is omitted without a card", () => {
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("avs");
  });
});

describe("cvv", () => {
  it("is the documented code, uppercased", () => {
    expect(map(cardOrder()).cvv).toBe("M");
    expect(map(declinedThenApprovedCardOrder()).cvv).toBe("M");
  });
  it("is left out for a card with an undocumented or missing code ('' is only an AVS value)", () => {
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { cvvResultCode: "X" } })] }))).not.toHaveProperty(
      "cvv",
    );
    expect(map(cardOrder({ transactions: [cardTransaction({ card: { cvvResultCode: null } })] }))).not.toHaveProperty(
      "cvv",
    );
  });
  it("is omitted without a card", () => {
    expect(map(giftCardPaymentOrder())).not.toHaveProperty("cvv");
  });
});

describe("auth_attempts", () => {
  it("counts AUTHORIZATION and SALE card attempts including failed and errored ones", () => {
    expect(map(cardOrder()).auth_attempts).toBe(1);
    expect(map(declinedThenApprovedCardOrder()).auth_attempts).toBe(3); // FAILURE + ERROR + SUCCESS, not the CAPTURE
  });
  it("does not count gift card, manual gateway or CAPTURE/REFUND transactions", () => {
    const order = cardOrder({
      transactions: [
        giftCardTransaction({ amount: "10.00" }),
        manualTransaction("Bank Deposit"),
        cardTransaction({ kind: "AUTHORIZATION", amount: "102.49" }),
        cardTransaction({ kind: "CAPTURE", amount: "102.49" }),
        cardTransaction({ kind: "REFUND", amount: "5.00" }),
        transaction({ kind: "SALE", status: "FAILURE", paymentDetails: null }),
      ],
    });
    expect(map(order).auth_attempts).toBe(2);
    expect(countAuthAttempts(order.transactions)).toBe(2);
  });
  it("is omitted without a card", () => {
    expect(map(cashOnDeliveryOrder())).not.toHaveProperty("auth_attempts");
  });
});

describe("card selection", () => {
  it("prefers the successful authorization over later failures", () => {
    const ok = cardTransaction({ kind: "AUTHORIZATION", processedAt: "2025-01-01T10:00:00Z", card: { bin: "411111" } });
    const failedLater = cardTransaction({
      kind: "AUTHORIZATION",
      status: "FAILURE",
      processedAt: "2025-01-01T11:00:00Z",
      card: { bin: "522222" },
    });
    expect(selectCardTransaction([ok, failedLater])).toBe(ok);
  });
  it("takes the latest attempt when none succeeded", () => {
    const first = cardTransaction({ status: "FAILURE", processedAt: "2025-01-01T10:00:00Z" });
    const second = cardTransaction({ status: "FAILURE", processedAt: "2025-01-01T10:05:00Z" });
    expect(selectCardTransaction([second, first])).toBe(second);
    const tx = map(cardOrder({ transactions: [first, second] }));
    expect(tx.auth_attempts).toBe(2);
  });
  it("uses a CAPTURE's card data only when no authorization-kind card transaction exists", () => {
    const capture = cardTransaction({ kind: "CAPTURE", card: { bin: "601100", number: "•••• 1117" } });
    expect(map(cardOrder({ transactions: [capture] }))).toMatchObject({
      first_six: 601100,
      last_four: 1117,
      auth_attempts: 1,
    });
  });
  it("omits every card field for orders without a card payment", () => {
    for (const build of [
      b2bNetTermsOrder,
      shopifyPaymentTermsOrder,
      bankDepositOrder,
      cashOnDeliveryOrder,
      giftCardPaymentOrder,
      zeroTotalOrder,
      posCashOrder,
    ]) {
      const tx = map(build());
      for (const field of CARD_FIELDS) expect(tx, `${build.name}.${field}`).not.toHaveProperty(field);
    }
  });
});
