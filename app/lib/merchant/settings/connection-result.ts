import { type Message, translateFields, translateMessage } from "../i18n/message";
import type { Translate } from "../i18n/translate";
import type { CredentialsErrors } from "./settings-form";

/** A connect/test result as the keys card shows it: the server's messages in the merchant's language. */
export function connectionResultText(
  t: Translate,
  result: { intent: string; ok: boolean; message?: Message; errors?: CredentialsErrors } | null | undefined,
): { intent: string; ok: boolean; message?: string; errors?: { keyId?: string; secret?: string } } | null {
  if (!result) return null;
  return {
    intent: result.intent,
    ok: result.ok,
    message: result.message ? translateMessage(t, result.message) : undefined,
    errors: translateFields(t, result.errors),
  };
}
