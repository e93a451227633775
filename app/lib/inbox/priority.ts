import type { InboxTopic } from "./contract";

/**
 * Topics the runners claim before any other due event: orders/create is the hold-first
 * step (jobs/hold-first.server.ts), a cheap read and a hold, so under a burst every new
 * order is held before earlier orders are read whole, submitted and tagged. Both runners
 * keep a quarter of their slots for the other events while any are due, so that a
 * stream of orders faster than the worker can hold never stops reviews altogether.
 */
export const FIRST_TOPICS: readonly InboxTopic[] = ["orders/create"];
