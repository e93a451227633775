/**
 * What the SQLite lease worker claims first: the hold-first topics (inbox/priority.ts)
 * before older events of other topics, and no more than its per-shop share of slots for
 * one shop, so a burst on one shop leaves room for another shop's events.
 */
import type { InboxEvent } from "@prisma/client";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { insertInboxRow } from "../inbox/inbox.server";
import { SqliteLeaseWorker } from "./sqlite-lease-worker.server";

let seq = 0;
async function enqueue(shop: string, topic: string, orderKey: string): Promise<void> {
  seq++;
  await insertInboxRow(prisma, { dedupeKey: `c${seq}`, shop, topic, orderKey, payload: { orderKey } });
  // Distinct receivedAt, in insertion order.
  await new Promise((r) => setTimeout(r, 2));
}

beforeEach(async () => {
  await prisma.inboxEvent.deleteMany();
});

describe("SqliteLeaseWorker claim order", () => {
  it("claims orders/create (the hold-first step) before older events of other topics", async () => {
    for (let i = 0; i < 3; i++) await enqueue("a.myshopify.com", "system/review-order", `r${i}`);
    for (let i = 0; i < 2; i++) await enqueue("a.myshopify.com", "orders/create", `c${i}`);
    const ran: string[] = [];
    const record = async (e: InboxEvent) => void ran.push(`${e.topic}:${e.orderKey}`);
    const worker = new SqliteLeaseWorker({
      prisma,
      concurrency: 1,
      handlers: { "orders/create": record, "system/review-order": record },
    });
    await worker.drain();
    expect(ran).toEqual([
      "orders/create:c0",
      "orders/create:c1",
      "system/review-order:r0",
      "system/review-order:r1",
      "system/review-order:r2",
    ]);
  });

  it("keeps slots for other shops while one shop has a backlog", async () => {
    for (let i = 0; i < 6; i++) await enqueue("burst.myshopify.com", "orders/create", `b${i}`);
    await enqueue("quiet.myshopify.com", "orders/create", "q0");
    const started: string[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const worker = new SqliteLeaseWorker({
      prisma,
      concurrency: 4,
      handlers: {
        "orders/create": async (e) => {
          started.push(e.shop);
          // Nothing finishes before three events have started: the first claims decide.
          if (started.length >= 3) open();
          await gate;
        },
      },
    });
    await worker.drain();
    expect(started).toHaveLength(7);
    expect(started.slice(0, 3)).toContain("quiet.myshopify.com");
  });
});
