/**
 * "Needs you" in SQL: review-state.ts's NEEDS_MERCHANT_RULES as conditions on a range of
 * one status (the (shop, status, createdAt) index), for the dashboard's figure and its tab.
 * The same rules decide `needsMerchant` for one review (needs-action.test.ts checks that
 * both agree on every seeded review).
 */
import type { PrismaClient } from "@prisma/client";
import { SqlParams, dialectOf, indexedBy } from "../../platform/database/sql-dialect";
import { REVIEW_SHOP_STATUS_CREATED_INDEX, toNumber } from "../../platform/database/sql.server";
import { NEEDS_MERCHANT_RULES, type NeedsMerchantRule } from "../../review/review-state";

/** Open holds of this app on the review's order (indexed by reviewId). */
export const OPEN_HOLDS_SQL = `(SELECT COUNT(*) FROM "FulfillmentHold" AS "h" WHERE "h"."reviewId" = "Review"."id" AND "h"."releasedAt" IS NULL)`;

/** The rule's conditions beyond its status, with their parameters added to `p`. */
export function ruleConditions(rule: NeedsMerchantRule, p: SqlParams, now: Date): string[] {
  const conditions: string[] = [];
  if (rule.unchangedForMs !== undefined)
    conditions.push(`"updatedAt" < ${p.addDate(new Date(now.getTime() - rule.unchangedForMs))}`);
  if (rule.held) conditions.push(`${OPEN_HOLDS_SQL} > 0`);
  if (rule.noRuleFired) conditions.push(`"elevationReasons" = '[]'`);
  return conditions;
}

/** How many of the shop's reviews need the merchant now, any date: one indexed count per rule. */
export async function countNeedsMerchant(prisma: PrismaClient, shop: string, now: Date = new Date()): Promise<number> {
  const dialect = dialectOf(prisma);
  const p = new SqlParams(dialect);
  const parts = (NEEDS_MERCHANT_RULES as readonly NeedsMerchantRule[]).map((rule, i) => {
    const where = [`"shop" = ${p.add(shop)}`, `"status" = ${p.add(rule.status)}`, ...ruleConditions(rule, p, now)];
    return `(SELECT COUNT(*) FROM "Review"${indexedBy(dialect, REVIEW_SHOP_STATUS_CREATED_INDEX)} WHERE ${where.join(" AND ")}) AS "c${i}"`;
  });
  const rows = await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT ${parts.join(", ")}`, ...p.values);
  const row = rows[0] ?? {};
  return NEEDS_MERCHANT_RULES.reduce((sum, _, i) => sum + toNumber(row[`c${i}`]), 0);
}
