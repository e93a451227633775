import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { receiveReviewCallback } from "../lib/receive/apruvd-callback.server";

// Apruvd's review-complete callback (callback_url) for the shop named by the key.
export const action = ({ request, params }: ActionFunctionArgs) =>
  receiveReviewCallback(prisma, request, params.shopKey);
