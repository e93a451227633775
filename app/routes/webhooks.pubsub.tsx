import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { config } from "../lib/platform/config/config.server";
import { receiveCloudWebhook, webhookFromPubSubPush } from "../lib/receive/cloud-delivery.server";

// Google Cloud Pub/Sub push subscription: https://<app>/webhooks/pubsub?token=<PUBSUB_PUSH_TOKEN>
export const action = ({ request }: ActionFunctionArgs) =>
  receiveCloudWebhook(prisma, request, {
    expectedSecret: config().cloudWebhooks.pubSubPushToken,
    givenSecret: new URL(request.url).searchParams.get("token"),
    parse: webhookFromPubSubPush,
  });
