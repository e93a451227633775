import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { receiveSettingsCallback } from "../lib/receive/apruvd-callback.server";

// Apruvd's settings-update callback (settings_url) for the shop named by the key.
export const action = ({ request, params }: ActionFunctionArgs) =>
  receiveSettingsCallback(prisma, request, params.shopKey);
