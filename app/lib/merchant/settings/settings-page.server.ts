/**
 * What the settings and onboarding pages load and do: the form values, the Apruvd
 * connection (keys shown masked), the callback identity (password masked), and the
 * three intents — save the form, connect with new keys, test the saved keys.
 */
import type { PrismaClient } from "@prisma/client";
import { maskSecret } from "../../platform/crypto/secret-box.server";
import {
  type ApruvdClientFactory,
  connectApruvd,
  defaultApruvdClientFactory,
} from "../onboarding/connect-apruvd.server";
import { apruvdCredentialsOf, callbackCredentialsOf, callbackUrlsOf, ensureShopSettings } from "./shop-settings.server";
import { saveShopSettings } from "./save-settings.server";
import { type Message, message } from "../i18n/message";
import {
  type CredentialsErrors,
  type SettingsErrors,
  type SettingsFormValues,
  formValuesOf,
  parseCredentialsForm,
} from "./settings-form";

export interface ConnectionView {
  connected: boolean;
  hasCredentials: boolean;
  keyIdMasked: string | null;
  verifiedAt: string | null;
  callbacksRegisteredAt: string | null;
  servicePlan: string | null;
  jsUrl: string | null;
}

export interface CallbackView {
  callbackUrl: string;
  settingsUrl: string;
  username: string;
  passwordMasked: string;
}

export interface SettingsPageData {
  values: SettingsFormValues;
  /**
   * When the shop chose "submit then elevate" but Apruvd answered Reviewing to a
   * submission: the merchant's Apruvd account reviews every order (the account decides
   * the mode), so the app behaves as "review every order". Null otherwise.
   */
  accountReviewsEveryOrderSince: string | null;
  connection: ConnectionView;
  callback: CallbackView;
}

export async function loadSettingsPage(prisma: PrismaClient, shop: string): Promise<SettingsPageData> {
  const settings = await ensureShopSettings(prisma, shop);
  const credentials = apruvdCredentialsOf(settings);
  const callback = callbackCredentialsOf(settings);
  const urls = callbackUrlsOf(settings);
  return {
    values: formValuesOf(settings),
    accountReviewsEveryOrderSince:
      settings.reviewMode === "submit_then_elevate" ? (settings.apruvdReviewsAllSince?.toISOString() ?? null) : null,
    connection: {
      connected: Boolean(settings.credentialsVerifiedAt && credentials),
      hasCredentials: Boolean(credentials),
      keyIdMasked: credentials ? maskSecret(credentials.keyId) : null,
      verifiedAt: settings.credentialsVerifiedAt?.toISOString() ?? null,
      callbacksRegisteredAt: settings.callbacksRegisteredAt?.toISOString() ?? null,
      servicePlan: settings.servicePlan,
      jsUrl: settings.jsUrl,
    },
    callback: {
      callbackUrl: urls.callback_url,
      settingsUrl: urls.settings_url,
      username: callback.username,
      passwordMasked: maskSecret(callback.password),
    },
  };
}

/** What the page shows after an intent: messages (key + parameters), in the merchant's language. */
export type SettingsActionResult =
  | { intent: "save"; ok: true; message: Message }
  | { intent: "save"; ok: false; errors: SettingsErrors }
  | { intent: "connect" | "test"; ok: true; message: Message }
  | { intent: "connect" | "test"; ok: false; message: Message; errors?: CredentialsErrors };

const connected = (plan: string | null): Message =>
  plan ? message("connect.connectedPlan", { plan }) : message("connect.connected");
const works = (plan: string | null): Message =>
  plan ? message("connect.worksPlan", { plan }) : message("connect.works");

export async function settingsAction(
  prisma: PrismaClient,
  shop: string,
  form: FormData,
  clientFactory: ApruvdClientFactory = defaultApruvdClientFactory,
): Promise<SettingsActionResult> {
  const intent = String(form.get("intent") ?? "save");
  if (intent === "connect") {
    const parsed = parseCredentialsForm(form);
    if (!parsed.ok) return { intent, ok: false, message: message("connect.bothKeys"), errors: parsed.errors };
    const result = await connectApruvd(prisma, shop, { keyId: parsed.keyId, secret: parsed.secret }, clientFactory);
    return result.ok
      ? { intent, ok: true, message: connected(result.servicePlan) }
      : { intent, ok: false, message: result.reason };
  }
  if (intent === "test") {
    const result = await connectApruvd(prisma, shop, null, clientFactory);
    return result.ok
      ? { intent, ok: true, message: works(result.servicePlan) }
      : { intent, ok: false, message: result.reason };
  }
  const saved = await saveShopSettings(prisma, shop, form);
  return saved.ok
    ? { intent: "save", ok: true, message: message("settings.saved") }
    : { intent: "save", ok: false, errors: saved.errors };
}
