import type { PrismaClient, ShopSettings } from "@prisma/client";
import type { ApruvdClientFactory } from "../../clients/apruvd/client-factory";
import { merchantApruvdClients } from "../../clients/apruvd/client-for-shop.server";
import { ApruvdAuthenticationError, isApruvdError } from "../../clients/apruvd/errors";
import { resumePausedSubmissions } from "../../jobs/submissions-paused.server";
import { config } from "../../platform/config/config.server";
import { type Message, englishOf, message } from "../i18n/message";
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

/**
 * A failure carries `reason`, what the page shows in the merchant's language, and
 * `message`, its English text (for scripts and logs).
 */
export type ConnectResult =
  { ok: true; settings: ShopSettings; servicePlan: string | null } | { ok: false; message: string; reason: Message };

const failed = (reason: Message) => ({ ok: false as const, message: englishOf(reason), reason });

export async function connectApruvd(
  prisma: PrismaClient,
  shop: string,
  credentials: ApruvdCredentials | null,
  clientFor: ApruvdClientFactory = defaultApruvdClientFactory,
  appUrl: string = config().shopify.appUrl,
): Promise<ConnectResult> {
  let settings = await ensureShopSettings(prisma, shop);
  const keys = credentials ?? apruvdCredentialsOf(settings);
  if (!keys) return failed(message("connect.keysFirst"));
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
    // Apruvd's own message is shown as Apruvd wrote it, inside the merchant's language.
    if (error instanceof ApruvdAuthenticationError) {
      return failed(
        error.apruvdMessage
          ? message("connect.rejected", { apruvdMessage: error.apruvdMessage })
          : message("connect.rejectedNoDetail"),
      );
    }
    if (isApruvdError(error)) {
      return failed(message("connect.unreachable", { detail: error.apruvdMessage ?? error.message }));
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
): Promise<{ ok: true } | { ok: false; message: string; reason: Message }> {
  const settings = await ensureShopSettings(prisma, shop);
  const keys = apruvdCredentialsOf(settings);
  if (!keys) return failed(message("connect.keysFirst"));
  try {
    await clientFor(keys).triggerCallback("settings-update");
    return { ok: true };
  } catch (error) {
    if (isApruvdError(error))
      return failed(message("connect.settingsPushFailed", { detail: error.apruvdMessage ?? error.message }));
    throw error;
  }
}
