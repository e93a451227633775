/**
 * Apruvd's transaction fields in the merchant's words, for the review page (the API names
 * such as first_six or avs mean nothing to a merchant). The words are i18n keys
 * (transaction.field.*, transaction.part.*), English and French.
 */
import { isMessageKey, translator, type MessageKey, type Translate } from "../i18n/translate";

const ENGLISH = translator("en");

const PREFIXES: Array<[string, MessageKey]> = [
  ["billing_", "transaction.billing"],
  ["shipping_", "transaction.shipping"],
];

/**
 * "billing_postal" → "Billing postal code" ("Code postal de facturation"); an unknown
 * field → its words ("foo_bar" → "Foo bar").
 */
export function transactionFieldLabel(field: string, t: Translate = ENGLISH): string {
  const known = `transaction.field.${field}`;
  if (isMessageKey(known)) return t(known);
  for (const [prefix, key] of PREFIXES) {
    if (field.startsWith(prefix)) {
      const rest = field.slice(prefix.length);
      const part = `transaction.part.${rest}`;
      return t(key, { part: isMessageKey(part) ? t(part) : rest.replace(/_/g, " ") });
    }
  }
  const words = field.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
