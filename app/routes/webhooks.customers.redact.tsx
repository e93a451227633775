import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { receiveComplianceWebhook } from "../lib/receive/compliance-webhook.server";
import { authenticate } from "../shopify.server";

// Compliance topic customers/redact (and no other): recorded in the inbox, carried out by the worker.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveComplianceWebhook(prisma, request, authenticate.webhook, "customers/redact");
