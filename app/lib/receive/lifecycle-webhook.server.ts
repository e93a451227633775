import type { PrismaClient } from "@prisma/client";
import type { AppInstallationCheckQuery } from "../../types/admin.generated";
import { type AdminGraphql, AdminGraphqlError } from "../clients/shopify/admin-graphql";
import { APP_INSTALLATION_QUERY } from "../clients/shopify/graphql/app-installation.query";
import { logger } from "../platform/logger.server";
import { bodyNamesShop } from "./compliance-webhook.server";
import { type WebhookHandler, answered } from "./webhook.server";

/**
 * app/uninstalled and app/scopes_update: handled at once by their routes, never queued.
 *
 * An uninstall stops all of a shop's work (its next orders are not reviewed or held), so
 * the app acts on one only when (1) the signed body (the Shop resource) names the header's
 * shop in `myshopify_domain` and (2) Shopify confirms it: after an uninstall the shop's
 * access token is revoked, and an Admin call with it answers 401
 * (https://shopify.dev/docs/apps/build/authentication-authorization/app-installation/uninstall-app-api-request).
 */

export type Installation = "uninstalled" | "installed" | "unknown";

/** Thrown by `adminFor` when the shop has no stored offline session (the library's SessionNotFoundError). */
export type IsMissingSession = (error: unknown) => boolean;

/** Asks Shopify whether the app is still installed on `shop`, with the shop's stored token. */
export function installationCheck(
  adminFor: (shop: string) => Promise<AdminGraphql>,
  isMissingSession: IsMissingSession,
): (shop: string) => Promise<Installation> {
  return async (shop) => {
    try {
      const admin = await adminFor(shop);
      await admin<AppInstallationCheckQuery>(APP_INSTALLATION_QUERY);
      return "installed";
    } catch (error) {
      // No token left to try: nothing of the shop's can run, whatever Shopify would say.
      if (isMissingSession(error)) return "uninstalled";
      if (error instanceof AdminGraphqlError && error.status === 401) return "uninstalled";
      if (statusOf(error) === 401) return "uninstalled";
      return "unknown";
    }
  };
}

/** The HTTP status of the library's HttpResponseError (a token refresh that Shopify refused), if any. */
function statusOf(error: unknown): number | undefined {
  const code = (error as { response?: { code?: unknown } } | null)?.response?.code;
  return typeof code === "number" ? code : undefined;
}

export interface UninstallDeps {
  installationOf: (shop: string) => Promise<Installation>;
  /** Drops whatever the process keeps about the shop in memory (cached sessions). */
  forgetShop: (shop: string) => void;
}

export function appUninstalledHandler(prisma: PrismaClient, deps: UninstallDeps): WebhookHandler<"app/uninstalled"> {
  return async (context) => {
    const { shop } = context;
    const body = (context.payload && typeof context.payload === "object" ? context.payload : {}) as {
      myshopify_domain?: unknown;
    };
    if (!bodyNamesShop(body.myshopify_domain, shop)) {
      return answered(400, "The body's myshopify_domain is not X-Shopify-Shop-Domain");
    }
    const installation = await deps.installationOf(shop);
    if (installation === "unknown") {
      // Shopify retries the webhook: the uninstall is confirmed on a later delivery.
      logger.warn("app/uninstalled not confirmed yet: Shopify could not be asked", { shop });
      return answered(503, "Could not confirm the uninstall with Shopify");
    }
    if (installation === "installed") {
      logger.warn("app/uninstalled ignored: the shop's access token still works", {
        shop,
        webhookId: context.webhookId,
      });
      return answered(200);
    }
    // The token is revoked: drop the sessions so no Admin API call is attempted, and stop the shop's work.
    await prisma.$transaction([
      prisma.session.deleteMany({ where: { shop } }),
      prisma.shopSettings.updateMany({ where: { shop }, data: { uninstalledAt: new Date() } }),
    ]);
    deps.forgetShop(shop);
    logger.info("app uninstalled", { shop, webhookId: context.webhookId });
    return answered(200);
  };
}

/** app/scopes_update: the granted scopes, as the signed body lists them. */
export function scopesUpdateHandler(prisma: PrismaClient): WebhookHandler<"app/scopes_update"> {
  return async (context) => {
    const current = (context.payload as { current?: unknown } | null)?.current;
    if (Array.isArray(current)) {
      await prisma.session.updateMany({
        where: { shop: context.shop },
        data: { scope: current.map(String).join(",") },
      });
    }
    return answered(200);
  };
}
