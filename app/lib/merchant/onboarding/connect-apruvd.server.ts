import type { PrismaClient, ShopSettings } from "@prisma/client";
import type { ApruvdClientFactory } from "../../clients/apruvd/client-factory";
import { merchantApruvdClients } from "../../clients/apruvd/client-for-shop.server";
import { ApruvdAuthenticationError, isApruvdError } from "../../clients/apruvd/errors";
import { resumePausedSubmissions } from "../../jobs/submissions-paused.server";
import { config } from "../../platform/config/config.server";
import {
  type ApruvdCredentials,
  apruvdCredentialsOf,
  callbackCredentialsOf,
  callbackUrlsOf,
  ensureShopSettings,
  saveApruvdCredentials,
} from "../settings/shop-settings.server";

/**
 * Onboarding: check the merchant's Apruvd API keys with a real call and register this
 * shop's callback and settings URLs (with its generated callback credentials) at once,
 * since registering is itself that real call.
 */

export type { ApruvdClientFactory };

/** The onboarding and settings pages' clients: the one factory's `onboarding` policy (Basic auth, no breaker). */
export const defaultApruvdClientFactory: ApruvdClientFactory = merchantApruvdClients("onboarding");

export type ConnectResult =
  { ok: true; settings: ShopSettings; servicePlan: string | null } | { ok: false; message: string };

export async function connectApruvd(
  prisma: PrismaClient,
  shop: string,
  credentials: ApruvdCredentials | null,
  clientFor: ApruvdClientFactory = defaultApruvdClientFactory,
  appUrl: string = config().shopify.appUrl,
): Promise<ConnectResult> {
  let settings = await ensureShopSettings(prisma, shop);
  const keys = credentials ?? apruvdCredentialsOf(settings);
  if (!keys) return { ok: false, message: "Enter your Apruvd API key ID and secret first." };
  const callback = callbackCredentialsOf(settings);
  try {
    const registration = await clientFor(keys).registerCallbacks({
      ...callbackUrlsOf(settings, appUrl),
      callback_api_key_id: callback.username,
      callback_api_key_secret: callback.password,
    });
    if (credentials) settings = await saveApruvdCredentials(prisma, shop, credentials);
    const now = new Date();
    settings = await prisma.shopSettings.update({
      where: { shop },
      data: {
        credentialsVerifiedAt: now,
        callbacksRegisteredAt: now,
        servicePlan: registration.service_plan ?? settings.servicePlan,
        enforceUniqueOrderNum: registration.enforce_unique_order_num ?? settings.enforceUniqueOrderNum,
      },
    });
    // The keys work again: submissions paused while Apruvd refused them resume now, oldest first.
    if (settings.apruvdKeysRefusedAt) settings = await resumePausedSubmissions(prisma, shop);
    return { ok: true, settings, servicePlan: settings.servicePlan };
  } catch (error) {
    if (error instanceof ApruvdAuthenticationError) {
      return {
        ok: false,
        message: `Apruvd rejected these API keys (${error.apruvdMessage ?? "invalid or disabled credentials"}). Check the key ID and secret in your Apruvd profile.`,
      };
    }
    if (isApruvdError(error)) {
      return {
        ok: false,
        message: `Apruvd could not be reached or refused the request: ${error.apruvdMessage ?? error.message}. Try again in a moment.`,
      };
    }
    throw error;
  }
}

/**
 * "Re-sync" from the settings page: asks Apruvd to push the account's settings (service
 * plan, unique order numbers, the JavaScript drop-in URL) to this shop's settings URL.
 */
export async function requestSettingsPush(
  prisma: PrismaClient,
  shop: string,
  clientFor: ApruvdClientFactory = defaultApruvdClientFactory,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const settings = await ensureShopSettings(prisma, shop);
  const keys = apruvdCredentialsOf(settings);
  if (!keys) return { ok: false, message: "Enter your Apruvd API key ID and secret first." };
  try {
    await clientFor(keys).triggerCallback("settings-update");
    return { ok: true };
  } catch (error) {
    if (isApruvdError(error))
      return { ok: false, message: `Apruvd did not re-send the settings: ${error.apruvdMessage ?? error.message}` };
    throw error;
  }
}
