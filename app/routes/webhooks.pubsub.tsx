import type { ActionFunctionArgs } from "@remix-run/node";
import { answerWebhookRequest } from "../lib/receive/webhook-endpoints.server";

// Google Cloud Pub/Sub push subscription: https://<app>/webhooks/pubsub?token=<PUBSUB_PUSH_TOKEN>
// The server answers this path ahead of Remix with the same endpoint (lib/receive/webhook-fast-path.server.ts).
export const action = ({ request }: ActionFunctionArgs) => answerWebhookRequest("/webhooks/pubsub", request);
