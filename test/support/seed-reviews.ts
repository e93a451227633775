/**
 * Generates realistic review rows (no customer data) for the dashboard's tests, the
 * benchmark and the browser tests' demo shop. Deterministic for a given seed.
 */
import type { Prisma, PrismaClient } from "@prisma/client";

export interface SeedOptions {
  count: number;
  /** Reviews are spread over the `days` days before `now`. */
  days?: number;
  now?: Date;
  seed?: number;
  /** First order number (order names are "#<n>"). */
  firstOrderNumber?: number;
  /** Also record a few history events per review (slower; off for the benchmark). */
  withEvents?: boolean;
}

/** Status mix of a typical shop. */
const MIX: Array<[string, number]> = [
  ["Approved", 60],
  ["Declined", 12],
  ["Reviewing", 8],
  ["Submitted", 4],
  ["pending", 3],
  ["excluded", 5],
  ["error", 3],
  ["skipped", 2],
  ["cancelled", 3],
];
const GRADES = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "D", "F"];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number): string {
  const total = MIX.reduce((n, [, w]) => n + w, 0);
  let r = random() * total;
  for (const [status, weight] of MIX) {
    r -= weight;
    if (r < 0) return status;
  }
  return MIX[0][0];
}

export function seededReviewRows(shop: string, options: SeedOptions): Prisma.ReviewCreateManyInput[] {
  const now = options.now ?? new Date();
  const days = options.days ?? 90;
  const random = rng(options.seed ?? 42);
  const first = options.firstOrderNumber ?? 1001;
  const span = days * 86_400_000;
  const rows: Prisma.ReviewCreateManyInput[] = [];
  for (let i = 0; i < options.count; i++) {
    // Oldest first, evenly spread with jitter, never in the future.
    const createdAt = new Date(
      Math.min(now.getTime() - 1000, now.getTime() - span + ((i + random()) / options.count) * span),
    );
    const status = pick(random);
    const submitted = ["Approved", "Declined", "Reviewing", "Submitted", "cancelled"].includes(status);
    const submittedAt = submitted ? new Date(createdAt.getTime() + 2000 + Math.floor(random() * 8000)) : null;
    // Decisions take minutes to hours (log-normal-ish).
    const decisionMs = Math.floor(60_000 * Math.exp(random() * 6));
    const decided = status === "Approved" || status === "Declined";
    const orderNumber = first + i;
    const total = (5 + random() * 995).toFixed(2);
    rows.push({
      id: `rv${shop.length.toString(36)}${i.toString(36).padStart(7, "0")}${Math.floor(random() * 1e6).toString(36)}`,
      shop,
      orderId: `gid://shopify/Order/${5_000_000_000 + orderNumber}`,
      orderName: `#${orderNumber}`,
      orderNum: String(orderNumber),
      transactionId: submitted ? 100_000 + i : null,
      status,
      riskGrade: submitted ? GRADES[Math.floor(random() * GRADES.length)] : null,
      errorMessage:
        status === "error"
          ? "Apruvd refused the transaction: total: A valid number is required."
          : status === "excluded"
            ? "Payment gateway 'manual' is excluded"
            : null,
      notes: status === "Declined" ? "Billing and shipping mismatch" : null,
      total,
      currency: "USD",
      submittedAt,
      decidedAt: decided && submittedAt ? new Date(submittedAt.getTime() + decisionMs) : null,
      createdAt,
      updatedAt: createdAt,
    });
  }
  return rows;
}

/** Inserts `count` reviews in batches; returns how many were written. */
export async function seedReviews(prisma: PrismaClient, shop: string, options: SeedOptions): Promise<number> {
  const rows = seededReviewRows(shop, options);
  const batch = 2000;
  for (let i = 0; i < rows.length; i += batch) {
    await prisma.review.createMany({ data: rows.slice(i, i + batch) });
  }
  if (options.withEvents) {
    const events: Prisma.ReviewEventCreateManyInput[] = [];
    for (const row of rows) {
      const at = row.createdAt as Date;
      events.push({ reviewId: row.id!, type: "created", message: "Order received", createdAt: at });
      if (row.transactionId) {
        events.push({
          reviewId: row.id!,
          type: "submitted",
          message: `Submitted to Apruvd: Reviewing`,
          detail: JSON.stringify({ transactionId: row.transactionId, status: "Reviewing" }),
          createdAt: row.submittedAt as Date,
        });
      }
      if (row.decidedAt) {
        events.push({
          reviewId: row.id!,
          type: "decision",
          message: `Apruvd decision: ${row.status}`,
          detail: JSON.stringify({ transactionId: row.transactionId, status: row.status }),
          createdAt: row.decidedAt as Date,
        });
      }
      if (row.status === "excluded" || row.status === "error") {
        events.push({
          reviewId: row.id!,
          type: row.status,
          message: String(row.errorMessage),
          createdAt: new Date(at.getTime() + 1000),
        });
      }
    }
    for (let i = 0; i < events.length; i += batch) {
      await prisma.reviewEvent.createMany({ data: events.slice(i, i + batch) });
    }
  }
  return rows.length;
}
