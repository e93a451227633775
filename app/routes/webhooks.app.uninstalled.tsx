import type { ActionFunctionArgs } from "@remix-run/node";
import { answerWebhookRequest } from "../lib/receive/webhook-endpoints.server";

// app/uninstalled: confirmed with Shopify (the shop's token no longer works) before the shop's work stops.
// The server answers this path ahead of Remix with the same endpoint (lib/receive/webhook-fast-path.server.ts).
export const action = ({ request }: ActionFunctionArgs) => answerWebhookRequest("/webhooks/app/uninstalled", request);
