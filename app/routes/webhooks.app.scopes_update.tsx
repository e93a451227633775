import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { receiveScopesUpdate } from "../lib/receive/lifecycle-webhook.server";
import { authenticate } from "../shopify.server";

// app/scopes_update (and no other topic): the granted scopes onto the shop's sessions.
export const action = ({ request }: ActionFunctionArgs) => receiveScopesUpdate(prisma, request, authenticate.webhook);
