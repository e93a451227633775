import type { MetaFunction } from "@remix-run/node";
import { languageOf } from "./locale";
import { translate, type MessageKey } from "./translate";

/** A route's `meta`: its <title> in the admin user's language ("Settings · Apruvd fraud review"). */
export function pageTitle(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
    const language = languageOf(root?.locale ?? "en");
    return [{ title: `${translate(language, key)} · ${translate(language, "app.name")}` }];
  };
}
