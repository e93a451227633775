import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { receiveFulfillmentOrderWebhook } from "../lib/receive/fulfillment-order-webhook.server";
import { authenticate } from "../shopify.server";

// fulfillment_orders/moved (and no other topic) → the durable inbox; the worker holds new fulfillment orders.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveFulfillmentOrderWebhook(prisma, request, authenticate.webhook, "fulfillment_orders/moved");
