import { translate, type MessageKey, type Translate } from "./translate";

/**
 * What the server tells the merchant, as data: an i18n key and its parameters, rendered by
 * the page in the admin user's language (never English text built on the server).
 *
 * A parameter is shown as is (a number, or words that are not ours: Apruvd's own message, a
 * tag, an order number) or is itself a message, translated first (a field's label inside a
 * validation error, a status inside a history line); a list of those is joined with "; ".
 */
export type MessageParam = string | number | Message | ReadonlyArray<string | Message>;
export interface Message {
  key: MessageKey;
  params?: Readonly<Record<string, MessageParam>>;
}

export function message(key: MessageKey, params?: Readonly<Record<string, MessageParam>>): Message {
  return params ? { key, params } : { key };
}

/** The message in the language of `t` (the page's useI18n().t, or translator("fr") on the server). */
export function translateMessage(t: Translate, value: Message): string {
  if (!value.params) return t(value.key);
  const vars: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(value.params)) {
    vars[name] =
      typeof param !== "object" ? param : isList(param) ? translateList(t, param) : translateMessage(t, param);
  }
  return t(value.key, vars);
}

function isList(param: MessageParam): param is ReadonlyArray<string | Message> {
  return Array.isArray(param);
}

function translateList(t: Translate, items: ReadonlyArray<string | Message>): string {
  return items.map((item) => translateText(t, item)).join("; ");
}

/** A message, or text that is shown as it is (words that are not ours, or written before keys). */
export function translateText(t: Translate, value: string | Message): string {
  return typeof value === "string" ? value : translateMessage(t, value);
}

/** Its English text: for logs, tests and the columns that keep the English beside the key. */
export function englishOf(value: Message): string {
  return translateMessage((key, vars) => translate("en", key, vars), value);
}

/** Each field's message in the language of `t` (a form's inline errors). */
export function translateFields<K extends string>(
  t: Translate,
  fields: Partial<Record<K, Message>> | undefined,
): Partial<Record<K, string>> {
  const texts: Partial<Record<K, string>> = {};
  for (const [name, value] of Object.entries(fields ?? {}) as Array<[K, Message | undefined]>) {
    if (value) texts[name] = translateMessage(t, value);
  }
  return texts;
}
