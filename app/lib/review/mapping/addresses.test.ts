/** Mapping tests: Billing and shipping addresses. */
import { describe, expect, it } from "vitest";
import { mapOrderToTransaction, type MappingOptions, type ReviewOrder } from "./index";
import {
  address,
  b2bNetTermsOrder,
  cardOrder,
  digitalOnlyOrder,
  multiCurrencyOrder,
  posCashOrder,
} from "../../../../test/support/order-fixtures";

const OPTIONS: MappingOptions = {
  orderNumberSource: "name",
  highRiskProductTag: "high-risk",
  storefrontUrl: "https://shop.example.com",
};

const map = (order: ReviewOrder, options: Partial<MappingOptions> = {}) =>
  mapOrderToTransaction(order, { ...OPTIONS, ...options });

describe("billing address", () => {
  it("maps every billing field", () => {
    expect(map(b2bNetTermsOrder())).toMatchObject({
      billing_first_name: "Pat",
      billing_last_name: "Lee",
      billing_company: "Acme Industrial Supply",
      billing_address_1: "500 Commerce Way",
      billing_city: "Minneapolis",
      billing_postal: "55401",
      billing_state: "MN",
      billing_region: "Minnesota",
      billing_country: "United States",
    });
    expect(map(cardOrder()).billing_address_2).toBe("Ste 300");
  });
  it("billing_state is the province code (the reference's example sends NY), billing_region its name", () => {
    const tx = map(
      cardOrder({ billingAddress: address({ province: "Ontario", provinceCode: "ON", country: "Canada" }) }),
    );
    expect(tx).toMatchObject({ billing_state: "ON", billing_region: "Ontario", billing_country: "Canada" });
    const onlyCode = map(cardOrder({ billingAddress: address({ province: null, provinceCode: "QC" }) }));
    expect(onlyCode).toMatchObject({ billing_state: "QC", billing_region: "QC" });
    const onlyName = map(cardOrder({ billingAddress: address({ province: "Bavaria", provinceCode: null }) }));
    expect(onlyName).toMatchObject({ billing_state: "Bavaria", billing_region: "Bavaria" });
  });
  it("billing_country falls back to the country code", () => {
    expect(map(cardOrder({ billingAddress: address({ country: null }) })).billing_country).toBe("US");
  });
  it("omits empty fields and the whole block without an address", () => {
    const tx = map(b2bNetTermsOrder());
    expect(tx).not.toHaveProperty("billing_address_2");
    const none = map(posCashOrder());
    for (const key of Object.keys(none)) expect(key.startsWith("billing_")).toBe(false);
  });
  it("cuts each field to its limit", () => {
    const tx = map(
      cardOrder({
        billingAddress: address({
          firstName: "F".repeat(150),
          address1: "A".repeat(300),
          zip: "Z".repeat(30),
          province: "P".repeat(60),
          provinceCode: "C".repeat(60),
          city: "C".repeat(120),
        }),
      }),
    );
    expect(tx.billing_first_name).toHaveLength(100);
    expect(tx.billing_address_1).toHaveLength(255);
    expect(tx.billing_postal).toHaveLength(25);
    expect(tx.billing_state).toHaveLength(50);
    expect(tx.billing_region).toHaveLength(50);
    expect(tx.billing_city).toHaveLength(100);
  });
});

describe("shipping address", () => {
  it("maps every shipping field", () => {
    expect(map(cardOrder())).toMatchObject({
      shipping_phone: "+1 212-555-0199",
      shipping_first_name: "John",
      shipping_last_name: "Cooper",
      shipping_address_1: "321 S Main St.",
      shipping_address_2: "#200",
      shipping_city: "New York",
      shipping_postal: "10002",
      shipping_state: "NY",
      shipping_region: "New York",
      shipping_country: "United States",
    });
    expect(map(b2bNetTermsOrder()).shipping_company).toBe("Acme Industrial Supply");
  });
  it("omits the block without a shipping address, and absent fields", () => {
    const digital = map(digitalOnlyOrder());
    for (const key of Object.keys(digital)) expect(key.startsWith("shipping_")).toBe(false);
    expect(map(b2bNetTermsOrder())).not.toHaveProperty("shipping_phone");
    expect(map(multiCurrencyOrder())).not.toHaveProperty("shipping_state");
  });
});
