import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import type { ApruvdTransaction } from "../../clients/apruvd/types";
import { keepVerifiedSessionId } from "./session-id-check.server";
import { sessionIdForCart, verifiedSessionId } from "./storefront-session.server";

const SHOP = "session-ids.myshopify.com";
const CART = "c1-7a2abe82733a34e84aa472d57fb5c3c1";
const tx = (session_id?: string) =>
  ({ type: "Ecommerce", total: 10, currency: "USD", ...(session_id ? { session_id } : {}) }) as ApruvdTransaction;

beforeEach(async () => {
  await prisma.review.deleteMany();
});

describe("the session_id sent to Apruvd", () => {
  it("is the server's id for the order's cart; the Ajax API's ?key= part does not change it", () => {
    const issued = sessionIdForCart(SHOP, `${CART}?key=824bdj25mhg1242bdb385`);
    expect(issued).toBe(sessionIdForCart(SHOP, CART));
    expect(verifiedSessionId(SHOP, CART, issued)).toEqual({ verdict: "verified", sessionId: issued });
    expect(verifiedSessionId(SHOP, CART, undefined)).toEqual({ verdict: "absent" });
    expect(verifiedSessionId(SHOP, CART, "sess_whatever_the_shopper_typed").verdict).toBe("rejected");
    expect(verifiedSessionId(SHOP, "c1-another-cart-token", issued).verdict).toBe("rejected");
    expect(verifiedSessionId("other.myshopify.com", CART, issued).verdict).toBe("rejected");
    expect(verifiedSessionId(SHOP, null, issued).verdict).toBe("rejected");
  });

  it("leaves a shopper-written id out of the transaction and notes it on the review, without the value", async () => {
    const review = await prisma.review.create({ data: { shop: SHOP, orderId: "gid://shopify/Order/1" } });
    const forged = await keepVerifiedSessionId(
      prisma,
      review.id,
      SHOP,
      { cartToken: CART },
      tx("sess_forged_by_shopper"),
    );
    expect(forged).not.toHaveProperty("session_id");
    const events = await prisma.reviewEvent.findMany({ where: { reviewId: review.id } });
    expect(events.map((event) => [event.type, event.message])).toEqual([
      [
        "session_id_rejected",
        "The storefront session id was left out of the transaction: it is not the id the app issued for the order's cart.",
      ],
    ]);
    expect(JSON.stringify(events)).not.toContain("sess_forged_by_shopper");

    const issued = sessionIdForCart(SHOP, CART);
    expect((await keepVerifiedSessionId(prisma, review.id, SHOP, { cartToken: CART }, tx(issued))).session_id).toBe(
      issued,
    );
    expect(await keepVerifiedSessionId(prisma, review.id, SHOP, { cartToken: CART }, tx())).toEqual(tx());
    expect(await prisma.reviewEvent.count({ where: { reviewId: review.id } })).toBe(1);
  });
});
