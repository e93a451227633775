import en from "./en.json";
import fr from "./fr.json";
import { DEFAULT_LANGUAGE, type Language } from "./locale";

/**
 * The app's one translation layer: every string the merchant reads is a key of en.json,
 * with the same key in fr.json (translate.test.ts fails when one is missing).
 *
 * - `{name}` in a message is replaced by `vars.name`;
 * - a key with `_one` / `_other` variants is chosen by `vars.count` with the language's
 *   plural rules (French counts 0 as "one").
 */
type Dictionary = Record<string, string>;
export const DICTIONARIES: Record<Language, Dictionary> = { en, fr };

type PluralBase<K> = K extends `${infer Base}_one` ? Base : K extends `${infer Base}_other` ? Base : K;
export type MessageKey = PluralBase<keyof typeof en & string>;
export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

const pluralRules = new Map<Language, Intl.PluralRules>();
function pluralOf(language: Language, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(count);
}

function lookup(language: Language, key: string, vars?: MessageVars): string | undefined {
  const dictionary = DICTIONARIES[language];
  if (vars && typeof vars.count === "number") {
    const plural = dictionary[`${key}_${pluralOf(language, vars.count)}`] ?? dictionary[`${key}_other`];
    if (plural !== undefined) return plural;
  }
  return dictionary[key];
}

export function translate(language: Language, key: MessageKey, vars?: MessageVars): string {
  // A key missing in one language shows the English text rather than the key (the test keeps both complete).
  const message = lookup(language, key, vars) ?? lookup(DEFAULT_LANGUAGE, key, vars) ?? key;
  if (!vars) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}

export function translator(language: Language): Translate {
  return (key, vars) => translate(language, key, vars);
}

/** For messages whose key is chosen at run time (e.g. a status): checked, then translated. */
export function isMessageKey(key: string): key is MessageKey {
  return key in en || `${key}_other` in en;
}
