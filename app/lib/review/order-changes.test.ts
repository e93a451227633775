import { afterEach, describe, expect, it } from "vitest";
import type { ApruvdTransaction } from "../clients/apruvd/types";
import { fieldHashKeyOf } from "../platform/crypto/key-derivation";
import { changedFields, fieldHashes } from "./order-changes";

const MASTER = process.env.APRUVD_ENCRYPTION_KEY!;
const OLD_MASTER = "ef".repeat(32);

const sent: ApruvdTransaction = {
  type: "Ecommerce",
  total: 120,
  currency: "USD",
  email: "shopper@example.com",
  billing_city: "Ottawa",
} as ApruvdTransaction;

afterEach(() => {
  delete process.env.APRUVD_ENCRYPTION_KEY_PREVIOUS;
});

describe("order-field hashes and keys", () => {
  it("keys new hashes with the derived field-hash key, not the master key", () => {
    expect(fieldHashes(sent)).toEqual(fieldHashes(sent, fieldHashKeyOf(MASTER)));
    expect(fieldHashes(sent).email).not.toBe(fieldHashes(sent, MASTER).email);
  });

  it("compares hashes stored before the keys were separated (keyed with the master key) as equal", () => {
    const storedBefore = fieldHashes(sent, MASTER);
    expect(changedFields(sent, storedBefore)).toEqual({});
    expect(changedFields({ ...sent, billing_city: "Montréal" }, storedBefore)).toEqual({ billing_city: "Montréal" });
  });

  it("compares hashes made under the previous key while a rotation is under way", () => {
    const storedBefore = fieldHashes(sent, fieldHashKeyOf(OLD_MASTER));
    expect(Object.keys(changedFields(sent, storedBefore)).length).toBeGreaterThan(0);
    process.env.APRUVD_ENCRYPTION_KEY_PREVIOUS = OLD_MASTER;
    expect(changedFields(sent, storedBefore)).toEqual({});
    expect(changedFields({ ...sent, email: "other@example.com" }, storedBefore)).toEqual({
      email: "other@example.com",
    });
  });

  it("accepts no constant key", () => {
    const underConstant = fieldHashes(sent, "apruvd-field-hash");
    expect(changedFields(sent, underConstant)).toMatchObject({
      email: sent.email,
      total: sent.total,
      billing_city: "Ottawa",
    });
  });
});
