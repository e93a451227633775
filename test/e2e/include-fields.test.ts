/**
 * The orders subscriptions' include_fields (shopify.app.toml), as the Shopify simulator
 * applies them: the receive path gets everything it keeps or hashes (the order id, the
 * fingerprint over what Apruvd compares, so an edit is still seen), and none of the
 * customer data it never uses.
 */
import { describe, expect, it } from "vitest";
import { ORDER_VARIANTS, generateOrder, orderWebhookPayload } from "../../sandbox/shopify/orders";
import { Store } from "../../sandbox/shopify/store";
import { createOrder } from "../../sandbox/shopify/orders";
import { applyIncludeFields, webhookSubscriptionsFromAppToml } from "../../sandbox/shopify/subscriptions";
import { editOrderQuantities } from "../../sandbox/shopify/model/order-edits";
import { webhookFingerprint } from "../../app/lib/review/order-changes";

const SHOP = "include-fields.myshopify.com";
const KEY = "include-fields-test-key";
type Json = Parameters<typeof applyIncludeFields>[0];

function includeFieldsOf(topic: string): string[] {
  const subscription = webhookSubscriptionsFromAppToml().find((s) => s.topics.includes(topic));
  expect(subscription, `${topic} is subscribed`).toBeDefined();
  return subscription?.includeFields ?? [];
}

describe.each(["orders/create", "orders/updated", "orders/cancelled"] as const)("%s include_fields", (topic) => {
  it("are set, and keep the order id and the fingerprint of every generated variant", () => {
    const fields = includeFieldsOf(topic);
    expect(fields.length).toBeGreaterThan(0);
    const store = new Store();
    store.seedShop(SHOP, { accessToken: "t" });
    for (let i = 0; i < 40; i++) {
      const order = createOrder(store, SHOP, generateOrder(ORDER_VARIANTS[i % ORDER_VARIANTS.length]!, 7, i));
      const full = orderWebhookPayload(order, topic) as Record<string, unknown>;
      const sent = applyIncludeFields(full as Json, fields) as Record<string, unknown>;
      expect(sent.admin_graphql_api_id).toBe(full.admin_graphql_api_id);
      expect(webhookFingerprint(sent, KEY)).toBe(webhookFingerprint(full, KEY));
      for (const personal of ["customer", "client_details", "browser_ip", "note", "note_attributes"]) {
        expect(sent, personal).not.toHaveProperty(personal);
      }
    }
  });
});

it("an order edit still changes what orders/updated carries", () => {
  const store = new Store();
  store.seedShop(SHOP, { accessToken: "t" });
  const order = createOrder(store, SHOP, {
    lineItems: [
      { title: "Cup", price: "10.00", quantity: 3 },
      { title: "Saucer", price: "5.00", quantity: 1 },
    ],
  });
  const fields = includeFieldsOf("orders/updated");
  const before = webhookFingerprint(
    applyIncludeFields(orderWebhookPayload(order, "orders/updated") as Json, fields),
    KEY,
  );
  editOrderQuantities(store, SHOP, order.id, [{ lineItem: 0, quantity: 1 }]);
  const after = webhookFingerprint(
    applyIncludeFields(orderWebhookPayload(order, "orders/updated") as Json, fields),
    KEY,
  );
  expect(after).not.toBe(before);
});
