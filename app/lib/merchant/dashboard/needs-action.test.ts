/**
 * "Needs you" counted and listed in SQL agrees with `needsMerchant` on every review, and
 * the figure opens exactly that list. Real, migrated SQLite database (test/setup/env.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { REVIEW_STATUSES, needsMerchant } from "../../review/review-state";
import { loadDashboard } from "./dashboard.server";
import { countNeedsMerchant } from "./needs-action.server";
import { decodeCursor, listReviews } from "./reviews-table.server";

const SHOP = "needs-you.myshopify.com";
const NOW = new Date("2026-06-01T12:00:00Z");
const expected: string[] = [];

beforeAll(async () => {
  let n = 0;
  for (const status of REVIEW_STATUSES) {
    for (const ageMin of [2, 90]) {
      for (const held of [false, true]) {
        for (const elevationReasons of [null, "[]", '[{"rule":"giftCard","label":"Gift card"}]']) {
          n++;
          const at = new Date(NOW.getTime() - ageMin * 60_000 - n);
          const review = await prisma.review.create({
            data: {
              shop: SHOP,
              orderId: `gid://shopify/Order/${9000 + n}`,
              orderName: `#${9000 + n}`,
              status,
              elevationReasons,
              createdAt: at,
              holds: {
                create: [
                  // A released hold never counts; an open one does.
                  { fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${n}`, holdId: `r-${n}`, releasedAt: at },
                  ...(held ? [{ fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${n}`, holdId: `h-${n}` }] : []),
                ],
              },
            },
          });
          // updatedAt is set by Prisma on write: age it as the case says.
          await prisma.$executeRaw`UPDATE "Review" SET "updatedAt" = ${at} WHERE "id" = ${review.id}`;
          const facts = { status, updatedAt: at, openHolds: held ? 1 : 0, elevationReasons };
          if (needsMerchant(facts, NOW)) expected.push(review.id);
        }
      }
    }
  }
  // Another shop's reviews never count.
  await prisma.review.create({
    data: { shop: "other.myshopify.com", orderId: "gid://shopify/Order/1", status: "error" },
  });
});

describe("needs you", () => {
  it("has cases on both sides", () => {
    expect(expected.length).toBeGreaterThan(20);
  });

  it("the count is the reviews needsMerchant names", async () => {
    expect(await countNeedsMerchant(prisma, SHOP, NOW)).toBe(expected.length);
  });

  it("the tab lists exactly them, page by page", async () => {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page = await listReviews(
        prisma,
        SHOP,
        { tab: "needs_action", from: null, to: null, query: "" },
        { after: decodeCursor(after), limit: 7 },
        NOW,
      );
      expect(page.rows.every((row) => row.needs !== null)).toBe(true);
      ids.push(...page.rows.map((r) => r.id));
      after = page.nextCursor;
    } while (after);
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it("the dashboard's figure says the same", async () => {
    const data = await loadDashboard(prisma, SHOP, new URL("https://app/app?tab=needs_action"), NOW);
    expect(data.figures.needsAction).toBe(expected.length);
    expect(Object.values(data.figures.parts).reduce((a, b) => a + b, 0)).toBe(data.figures.orders);
  });
});
