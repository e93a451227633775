import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { config } from "../lib/platform/config/config.server";
import { receiveCloudWebhook, webhookFromEventBridge } from "../lib/receive/cloud-delivery.server";

// Amazon EventBridge API destination (rule on the Shopify partner event bus), API key in X-Api-Key.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveCloudWebhook(prisma, request, {
    expectedSecret: config().cloudWebhooks.eventBridgeApiKey,
    givenSecret: request.headers.get("x-api-key"),
    parse: webhookFromEventBridge,
  });
