import type { ActionFunctionArgs } from "@remix-run/node";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import prisma from "../db.server";
import { adminGraphqlFrom } from "../lib/clients/shopify/admin-graphql";
import { installationCheck, receiveAppUninstalled } from "../lib/receive/lifecycle-webhook.server";
import { authenticate, sessionStorage, unauthenticated } from "../shopify.server";

// app/uninstalled: confirmed with Shopify (the shop's token no longer works) before the shop's work stops.
const installationOf = installationCheck(
  async (shop) => adminGraphqlFrom((await unauthenticated.admin(shop)).admin),
  (error) => error instanceof SessionNotFoundError,
);

export const action = ({ request }: ActionFunctionArgs) =>
  receiveAppUninstalled(prisma, request, {
    authenticate: authenticate.webhook,
    installationOf,
    forgetShop: (shop) => sessionStorage.forgetShop(shop),
  });
