import type { ActionFunctionArgs } from "@remix-run/node";
import { answerWebhookRequest } from "../lib/receive/webhook-endpoints.server";

// orders/cancelled (and no other topic) → the durable inbox; the worker does the rest.
// The server answers this path ahead of Remix with the same endpoint (lib/receive/webhook-fast-path.server.ts).
export const action = ({ request }: ActionFunctionArgs) => answerWebhookRequest("/webhooks/orders/cancelled", request);
