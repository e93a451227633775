import type { InboxTopic } from "./contract";

/**
 * Topics the runners claim before any other due event: orders/create is the hold-first
 * step (jobs/hold-first.server.ts), a cheap read and a hold, so under a burst every new
 * order is held before earlier orders are read whole, submitted and tagged.
 */
export const FIRST_TOPICS: readonly InboxTopic[] = ["orders/create"];
