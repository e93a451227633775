/**
 * Small helpers for the dashboard's raw SQL. Prisma (libsql adapter) stores DateTime
 * columns in SQLite as fixed-width ISO text ("2026-11-21T16:41:01.243+00:00"), so
 * comparing them as text keeps the (shop, status, createdAt) / (shop, createdAt)
 * indexes usable; parameters must be written the same way.
 */

/** A Date as Prisma stores it in SQLite. */
export function sqlDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** A stored DateTime (text, number or Date, depending on driver) → Date. */
export function fromSqlDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "string") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

export function toNumber(value: unknown): number {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return 0;
}

/** Index names Prisma generated for the Review model (prisma/migrations). */
export const REVIEW_SHOP_CREATED_INDEX = "Review_shop_createdAt_idx";
export const REVIEW_SHOP_STATUS_CREATED_INDEX = "Review_shop_status_createdAt_idx";
