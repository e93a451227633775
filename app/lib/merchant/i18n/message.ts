import { DICTIONARIES, isMessageKey, translate, type MessageKey, type Translate } from "./translate";

/**
 * What the server tells the merchant, as data: an i18n key and its parameters, rendered by
 * the page in the admin user's language (never English text built on the server).
 *
 * A parameter is shown as is (a number, or words that are not ours: Apruvd's own message, a
 * tag, an order number) or is itself a message, translated first (a field's label inside a
 * validation error, a status inside a history line).
 */
export type MessageParam = string | number | Message;
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
    vars[name] = typeof param === "object" ? translateMessage(t, param) : param;
  }
  return t(value.key, vars);
}

/** Its English text: for logs, tests and the columns that keep the English beside the key. */
export function englishOf(value: Message): string {
  return translateMessage((key, vars) => translate("en", key, vars), value);
}

/** A message read back from storage or the network: the key must be one of ours, params flat or messages. */
export function parseMessage(value: unknown, depth = 0): Message | null {
  if (value === null || typeof value !== "object" || Array.isArray(value) || depth > 3) return null;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== "string" || !isMessageKey(key)) return null;
  if (params === undefined) return { key };
  if (params === null || typeof params !== "object" || Array.isArray(params)) return null;
  const parsed: Record<string, MessageParam> = {};
  for (const [name, param] of Object.entries(params as Record<string, unknown>)) {
    if (typeof param === "string" || (typeof param === "number" && Number.isFinite(param))) parsed[name] = param;
    else {
      const nested = parseMessage(param, depth + 1);
      if (!nested) return null;
      parsed[name] = nested;
    }
  }
  return { key, params: parsed };
}

/** Every key a message uses, its own and its nested parameters' (for the dictionaries' test). */
export function keysOf(value: Message): MessageKey[] {
  const nested = Object.values(value.params ?? {}).flatMap((p) => (typeof p === "object" ? keysOf(p) : []));
  return [value.key, ...nested];
}

/** Whether every language has the key (or its plural forms). */
export function isKeyInEveryLanguage(key: string): boolean {
  return Object.values(DICTIONARIES).every((d) => key in d || `${key}_other` in d);
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
