import type { ActionFunctionArgs } from "@remix-run/node";
import { answerWebhookRequest } from "../lib/receive/webhook-endpoints.server";

// Amazon EventBridge API destination (rule on the Shopify partner event bus), API key in X-Api-Key.
// The server answers this path ahead of Remix with the same endpoint (lib/receive/webhook-fast-path.server.ts).
export const action = ({ request }: ActionFunctionArgs) => answerWebhookRequest("/webhooks/eventbridge", request);
