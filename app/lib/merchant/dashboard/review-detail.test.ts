import { translate } from "../i18n/translate";
import { transactionFieldLabel } from "./transaction-labels";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { flowTriggerPayload, FLOW_TRIGGER_HANDLE } from "../../review/flow-trigger";
import { findReviewByOrder, getReviewDetail, maskTransaction, maskValue } from "./review-detail.server";
import { availableActions } from "../../review/review-state";
import { adminOrderUrl, formatDuration, numericOrderId, statusLabel, statusTab } from "./statuses";

const SHOP = "detail.myshopify.com";

beforeEach(async () => {
  await prisma.review.deleteMany();
});

const sent = {
  type: "Ecommerce",
  total: "123.45",
  currency: "USD",
  order_num: "1001",
  ip: "112.118.212.218",
  email: "jane.doe@example.com",
  billing_phone: "+1 (480) 555-1234",
  cc_name: "JANE",
  first_six: "417420",
  last_four: "1234",
  billing_first_name: "Jane",
  billing_address_1: "123 N Main St.",
  billing_postal: "10001",
  billing_city: "New York",
  shipping_country: "US",
  gift_cards: [
    { merchant_payment_id: "GC1", amount: "5.00", recipient_email: "kid@example.org", recipient_name: "Kid" },
  ],
  cart_contents: [{ item: "Widget", quantity: 1, unit_price: "100.00" }],
};

describe("maskTransaction", () => {
  it("masks every personal field, nested ones included, and keeps the order facts", () => {
    const pairs = Object.fromEntries(maskTransaction(sent));
    const text = JSON.stringify(pairs);
    for (const secret of [
      "jane.doe",
      "example.com",
      "555-1234",
      "JANE",
      "417420",
      "123 N Main",
      "10001",
      "112.118",
      "kid@",
      'Kid"',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(pairs.email).toBe("j•••@•••.com");
    expect(pairs.billing_phone).toBe("•••34");
    expect(pairs.first_six).toBe("••••••");
    expect(pairs.ip).toBe("112.•••");
    expect(pairs.billing_postal).toBe("10•••");
    expect(pairs.total).toBe("123.45");
    expect(pairs.last_four).toBe("1234");
    expect(pairs.billing_city).toBe("New York");
    expect(pairs.cart_contents).toContain("Widget");
  });

  it("maskValue never returns the value", () => {
    for (const [field, value] of [
      ["email", "a@b.co"],
      ["shipping_address_1", "1 Road"],
      ["cc_name_2", "Doe"],
      ["ip", "::1"],
    ]) {
      expect(maskValue(field, value)).not.toBe(value);
    }
    expect(maskValue("email", "")).toBe("");
  });
});

describe("getReviewDetail", () => {
  it("returns the history in order, the masked transaction, notes and actions; never another shop's review", async () => {
    const review = await prisma.review.create({
      data: {
        shop: SHOP,
        orderId: "gid://shopify/Order/42",
        orderName: "#1001",
        transactionId: 77,
        status: "Declined",
        riskGrade: "D",
        notes: "Billing and shipping mismatch",
        submittedAt: new Date("2026-01-01T10:00:00Z"),
        decidedAt: new Date("2026-01-01T10:45:00Z"),
      },
    });
    await prisma.reviewEvent.createMany({
      data: [
        {
          reviewId: review.id,
          type: "submitted",
          message: "Submitted to Apruvd: Reviewing",
          detail: JSON.stringify({ transactionId: 77, status: "Reviewing", transaction: sent }),
          createdAt: new Date("2026-01-01T10:00:00Z"),
        },
        {
          reviewId: review.id,
          type: "decision",
          message: "Apruvd decision: Declined",
          detail: JSON.stringify({ transactionId: 77, status: "Declined" }),
          createdAt: new Date("2026-01-01T10:45:00Z"),
        },
        {
          reviewId: review.id,
          type: "hold_placed",
          message: "Fulfillment hold placed",
          detail: JSON.stringify({
            fulfillmentOrderId: "gid://shopify/FulfillmentOrder/9",
            holdId: "gid://shopify/FulfillmentHold/1",
          }),
          createdAt: new Date("2026-01-01T10:00:01Z"),
        },
      ],
    });
    const detail = await getReviewDetail(prisma, SHOP, review.id);
    expect(detail).not.toBeNull();
    expect(detail!.events.map((e) => e.type)).toEqual(["submitted", "hold_placed", "decision"]);
    // No raw Shopify ids on the page.
    expect(JSON.stringify(detail!.events)).not.toContain("gid://");
    expect(detail!.events[0].facts.map((f) => ({ ...f, label: translate("en", f.label) }))).toEqual([
      { label: "Transaction", value: "77" },
      { label: "Status", value: "Reviewing" },
    ]);
    expect(detail!.decisionMs).toBe(45 * 60_000);
    expect(detail!.notes).toBe("Billing and shipping mismatch");
    expect(JSON.stringify(detail)).not.toContain("jane.doe@example.com");
    // Fields in words, never Apruvd's API names.
    const shown = detail!.sentTransaction!.map(([field, value]) => [transactionFieldLabel(field), value]);
    expect(shown).toContainEqual(["Customer email", "j•••@•••.com"]);
    for (const [label] of shown) expect(label).not.toMatch(/_|^(avs|cvv|ip|email)$/);
    expect(detail!.actions).toEqual(["resync", "cancel"]);
    // Declined, not held (no hold recorded): released, and says so.
    expect(translate("en", detail!.outcome.title)).toMatch(/^Released although Apruvd declined it/);
    expect(await getReviewDetail(prisma, "other.myshopify.com", review.id)).toBeNull();
    expect((await findReviewByOrder(prisma, SHOP, "42"))?.id).toBe(review.id);
    expect((await findReviewByOrder(prisma, SHOP, "gid://shopify/Order/42"))?.id).toBe(review.id);
    expect(await findReviewByOrder(prisma, SHOP, "not-an-id")).toBeNull();
  });

  it("has no transaction section when no event kept one", async () => {
    const review = await prisma.review.create({
      data: { shop: SHOP, orderId: "gid://shopify/Order/43", status: "excluded" },
    });
    const detail = await getReviewDetail(prisma, SHOP, review.id);
    expect(detail!.sentTransaction).toBeNull();
    expect(detail!.actions).toEqual(["submit"]);
  });
});

describe("statuses", () => {
  it("offers only the actions that make sense", () => {
    expect(availableActions({ status: "error", transactionId: null })).toEqual(["submit", "cancel-order"]);
    // Held after a failure: fix and resubmit, release and ship without review, or cancel the order.
    expect(availableActions({ status: "error", transactionId: null, openHolds: 1 })).toEqual([
      "submit",
      "release",
      "cancel-order",
    ]);
    expect(availableActions({ status: "skipped", transactionId: null })).toEqual(["submit", "cancel-order"]);
    // Waiting to submit gets "Submit"; paused waits for the keys (no submit), but can be released or cancelled.
    expect(availableActions({ status: "pending", transactionId: null })).toEqual(["submit"]);
    expect(availableActions({ status: "paused", transactionId: null, openHolds: 1 })).toEqual([
      "release",
      "cancel-order",
    ]);
    // Declined and still held: cancel the order or release it; once released, neither.
    expect(availableActions({ status: "Declined", transactionId: 5, openHolds: 2 })).toEqual([
      "resync",
      "cancel",
      "release",
      "cancel-order",
    ]);
    expect(availableActions({ status: "Declined", transactionId: 5, openHolds: 0 })).toEqual(["resync", "cancel"]);
    expect(availableActions({ status: "released", transactionId: null })).toEqual(["submit"]);
    expect(availableActions({ status: "Submitted", transactionId: 5 })).toEqual(["elevate", "resync", "cancel"]);
    expect(availableActions({ status: "Approved", transactionId: 5 })).toEqual(["resync", "cancel"]);
    expect(availableActions({ status: "Approved", transactionId: 5, apruvdCancelledAt: new Date() })).toEqual([
      "resync",
    ]);
    expect(availableActions({ status: "cancelled", transactionId: 5 })).toEqual(["resync"]);
  });

  it("formats durations and order links", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(93_000)).toBe("1 min 33 s");
    expect(formatDuration(5_400_000)).toBe("1 h 30 min");
    expect(formatDuration(3 * 86_400_000 + 3_600_000)).toBe("3 d 1 h");
    expect(numericOrderId("gid://shopify/Order/820982911946154508")).toBe("820982911946154508");
    expect(adminOrderUrl("gid://shopify/Order/12")).toBe("shopify://admin/orders/12");
    expect(adminOrderUrl("gid://shopify/Product/12")).toBeNull();
    expect(statusLabel("Reviewing")).toBe("Under review");
    expect(statusTab("bogus").id).toBe("all");
  });
});

describe("flowTriggerPayload", () => {
  it("builds the trigger body for completed reviews only", () => {
    // Flow's order_id is a JSON number: an id beyond 2^53 could not be sent exactly.
    expect(
      flowTriggerPayload({ orderId: "gid://shopify/Order/820982911946154508", status: "Approved", riskGrade: "A+" }),
    ).toBeNull();
    expect(
      flowTriggerPayload({ orderId: "gid://shopify/Order/4503599627370495", status: "Declined", riskGrade: " D " }),
    ).toEqual({
      handle: FLOW_TRIGGER_HANDLE,
      payload: { order_id: 4503599627370495, Status: "Declined", "Risk grade": "D" },
    });
    expect(flowTriggerPayload({ orderId: "123", status: "Approved", riskGrade: null })).toEqual({
      handle: FLOW_TRIGGER_HANDLE,
      payload: { order_id: 123, Status: "Approved", "Risk grade": "" },
    });
    expect(flowTriggerPayload({ orderId: "123", status: "Reviewing" })).toBeNull();
    expect(flowTriggerPayload({ orderId: "gid://shopify/Customer/1", status: "Approved" })).toBeNull();
  });
});
