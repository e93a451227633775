/**
 * The sandbox rejects a transaction that violates the Apruvd reference, field by field
 * (contract.ts is the reference's table; validate.ts is what the sandbox enforces), so
 * the contract and the sandbox cannot drift apart silently. Every documented field has
 * a row: a value the reference forbids, and the answer names that field.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  CVV_CODES,
  AVS_CODES,
  TRANSACTION_FIELDS,
  TRANSACTION_FIELD_TYPES,
  TRANSACTION_STRING_LIMITS,
  characterCount,
  type TransactionField,
} from "./contract";
import { startApruvdSandbox, type ApruvdSandbox } from "./server";
import { validateTransaction } from "./validate";

/** The reference's own submit example, with a card, a cart and a discount. */
function valid(): Record<string, unknown> {
  return {
    type: "Ecommerce",
    total: 123.45,
    currency: "USD",
    order_num: "12345",
    ip: "112.118.212.218",
    email: "example@email.com",
    billing_phone: "1 (480) 555-1234",
    cc_name: "JOHN",
    cc_name_2: "DOE",
    first_six: "417420",
    last_four: "1234",
    avs: "Y",
    cvv: "M",
    auth_attempts: 1,
    billing_first_name: "John",
    billing_last_name: "Doe",
    billing_address_1: "123 N Main St.",
    billing_city: "New York",
    billing_state: "NY",
    billing_postal: "10001",
    billing_country: "United States",
    shipping_method: "Next-Day Air",
    cart_contents: [{ item: "Widget Name", quantity: 1, unit_price: "100.50", extra: { sku: "SKU-123" } }],
    discount_codes: [{ code: "5OFF", amount: "5.00", discount_type: "Fixed" }],
    gift_cards: [{ merchant_payment_id: "GC10000001", amount: "12.34" }],
    digital_only_order: false,
    additional_1: "note",
  };
}

const EMAIL_LIKE = new Set<TransactionField>(["email", "shipping_email", "egc_recipient", "rep_email"]);

/** For each documented field, a value the reference does not allow. */
function violation(field: TransactionField): unknown {
  const type = TRANSACTION_FIELD_TYPES[field];
  const limit = (TRANSACTION_STRING_LIMITS as Record<string, number>)[field];
  if (limit !== undefined) {
    if (EMAIL_LIKE.has(field)) return `${"a".repeat(limit)}@example.com`;
    if (field === "ip") return "1".repeat(limit + 1);
    return "😀".repeat(limit + 1);
  }
  switch (field) {
    case "type":
      return "Bogus";
    case "total":
      return "twelve";
    case "currency":
      return "US Dollars";
    case "first_six":
      return 41742;
    case "last_four":
      return 12345;
    case "avs":
      return "ZZ";
    case "cvv":
      return "";
    case "auth_attempts":
      return 1.5;
    case "gift_cards":
      return [{ amount: "12.34" }];
    case "cart_contents":
      return [{ quantity: 1 }];
    case "discount_codes":
      return [{ amount: "five" }];
    case "digital_only_order":
      return "yes";
    default:
      expect(type, `no violation written for ${field}`).toBe("text");
      return 42;
  }
}

describe("validateTransaction holds every field to the reference", () => {
  it("accepts the reference's example", () => {
    expect(validateTransaction(valid(), "create")).toBeNull();
  });

  it.each(TRANSACTION_FIELDS.map((field) => [field]))("rejects a violation of %s, naming it", (field) => {
    const problem = validateTransaction({ ...valid(), [field]: violation(field) }, "create");
    expect(problem).not.toBeNull();
    expect(problem!.split(":")[0].replace(/\[.*$/, "")).toBe(field);
  });

  it("cvv: only M, N, P, S, U (the empty string is the AVS column's)", () => {
    for (const code of CVV_CODES) expect(validateTransaction({ ...valid(), cvv: code }, "create")).toBeNull();
    for (const code of ["", "X", "m", "Y"]) {
      expect(validateTransaction({ ...valid(), cvv: code }, "create")).toMatch(/^cvv: /);
    }
    expect(AVS_CODES).toContain("");
    expect(validateTransaction({ ...valid(), avs: "" }, "create")).toBeNull();
  });

  it("string(n) counts characters: n emoji or astral-plane letters fit, n + 1 do not", () => {
    for (const [field, limit] of Object.entries(TRANSACTION_STRING_LIMITS)) {
      if (EMAIL_LIKE.has(field as TransactionField) || field === "ip") continue;
      for (const ch of ["😀", "𝒜", "𠀀", "é"]) {
        const fits = ch.repeat(limit);
        expect(characterCount(fits)).toBe(limit);
        expect(validateTransaction({ ...valid(), [field]: fits }, "create"), field).toBeNull();
        expect(validateTransaction({ ...valid(), [field]: fits + ch }, "create")).toMatch(new RegExp(`^${field}: `));
      }
    }
  });

  it("the JSON structures: their keys' limits in characters and their required keys", () => {
    const rejects = (patch: Record<string, unknown>, prefix: string) =>
      expect(validateTransaction({ ...valid(), ...patch }, "create")).toMatch(
        new RegExp(`^${prefix.replace(/[[\].]/g, "\\$&")}`),
      );
    rejects({ gift_cards: [{ merchant_payment_id: "😀".repeat(51) }] }, "gift_cards[0].merchant_payment_id");
    rejects({ gift_cards: [{ merchant_payment_id: "G1", last_four: "12345" }] }, "gift_cards[0].last_four");
    rejects({ gift_cards: [{ merchant_payment_id: "G1", issued_on: "25/12/2023" }] }, "gift_cards[0].issued_on");
    rejects({ gift_cards: [{ merchant_payment_id: "G1", currency: "euro" }] }, "gift_cards[0].currency");
    rejects({ cart_contents: [{ item: "😀".repeat(251) }] }, "cart_contents[0].item");
    rejects({ cart_contents: [{ item: "x", is_high_risk: "no" }] }, "cart_contents[0].is_high_risk");
    rejects({ cart_contents: [{ item: "x", quantity: 1.5 }] }, "cart_contents[0].quantity");
    rejects({ cart_contents: [{ item: "x", unit_price: "1,50" }] }, "cart_contents[0].unit_price");
    rejects({ cart_contents: [{ extra: { sku: "😀".repeat(251) } }] }, "cart_contents[0].extra.sku");
    rejects({ discount_codes: [{ code: "😀".repeat(251) }] }, "discount_codes[0].code");
    rejects({ discount_codes: [{ description: "d".repeat(251) }] }, "discount_codes[0].description");
    rejects({ discount_codes: [{ extra: "x" }] }, "discount_codes[0].extra");
    expect(
      validateTransaction(
        {
          ...valid(),
          gift_cards: [{ merchant_payment_id: "😀".repeat(50), last_four: "A1😀2" }],
          cart_contents: [{ extra: { sku: "😀".repeat(250) } }],
          discount_codes: [{ code: "😀".repeat(250) }],
        },
        "create",
      ),
    ).toBeNull();
  });

  it("type, total and currency are required on submit, not on update", () => {
    for (const field of ["type", "total", "currency"]) {
      const body = valid();
      delete body[field];
      expect(validateTransaction(body, "create")).toBe(`${field}: This field is required.`);
      expect(validateTransaction(body, "update")).toBeNull();
    }
  });
});

describe("the sandbox answers 400 to such a submission", () => {
  let sandbox: ApruvdSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it("cvv: '' and a 51-emoji cc_name are rejected over HTTP; the document's example is accepted", async () => {
    sandbox = await startApruvdSandbox({ reviewDelayMs: Infinity });
    const { keyId, secret } = sandbox.createAccount();
    const submit = async (body: Record<string, unknown>) => {
      const res = await fetch(`${sandbox!.url}/api/transactions/submit/`, {
        method: "POST",
        headers: {
          Authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString("base64")}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await submit({ ...valid(), cvv: "" })).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/^cvv: /) },
    });
    expect((await submit({ ...valid(), order_num: "2", cc_name: "😀".repeat(51) })).status).toBe(400);
    expect((await submit({ ...valid(), order_num: "3", cc_name: "😀".repeat(50) })).status).toBe(201);
    expect(sandbox.transactions()).toHaveLength(1);
  });
});
