import type { ActionFunctionArgs } from "@remix-run/node";
import { answerWebhookRequest } from "../lib/receive/webhook-endpoints.server";

// app/scopes_update (and no other topic): the granted scopes onto the shop's sessions.
// The server answers this path ahead of Remix with the same endpoint (lib/receive/webhook-fast-path.server.ts).
export const action = ({ request }: ActionFunctionArgs) => answerWebhookRequest("/webhooks/app/scopes_update", request);
