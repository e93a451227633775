import type { ActionFunctionArgs } from "@remix-run/node";
import { answerWebhookRequest } from "../lib/receive/webhook-endpoints.server";

// Compliance topic shop/redact (and no other): recorded in the inbox, carried out by the worker.
// The server answers this path ahead of Remix with the same endpoint (lib/receive/webhook-fast-path.server.ts).
export const action = ({ request }: ActionFunctionArgs) => answerWebhookRequest("/webhooks/shop/redact", request);
