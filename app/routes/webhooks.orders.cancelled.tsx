import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { receiveOrderWebhook } from "../lib/receive/webhook.server";
import { authenticate } from "../shopify.server";

// orders/cancelled (and no other topic) → the durable inbox; the worker does the rest.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveOrderWebhook(prisma, request, authenticate.webhook, "orders/cancelled");
