import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import fr from "./fr.json";
import { createFormatters } from "./format";
import { merchantLocale, parseLocaleTag } from "./locale";
import { translate } from "./translate";

/** The app's own source files (tests excluded). */
function appSources(): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "app"], { encoding: "utf8" })
    .split("\n")
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && fs.existsSync(f))
    .map((file) => fs.readFileSync(path.resolve(file), "utf8"));
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("have the same keys in English and French, none empty, with the same placeholders", () => {
    const enKeys = Object.keys(en).sort();
    const frKeys = Object.keys(fr).sort();
    expect(
      frKeys.filter((k) => !(k in en)),
      "only in fr.json",
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !(k in fr)),
      "missing in fr.json",
    ).toEqual([]);
    for (const [key, message] of Object.entries(en)) {
      expect(message.trim(), key).not.toBe("");
      expect((fr as Record<string, string>)[key]?.trim(), key).not.toBe("");
      expect(placeholders((fr as Record<string, string>)[key] ?? ""), key).toEqual(placeholders(message));
    }
  });

  it('hold every key the app\'s code asks for (t("…"), pageTitle("…"), key props)', () => {
    // Every string literal in app/ that looks like a message key must be in en.json.
    const asked = new Set<string>();
    for (const source of appSources()) {
      for (const match of source.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) asked.add(match[1]!);
      for (const match of source.matchAll(/pageTitle\(\s*"([a-zA-Z0-9_.]+)"/g)) asked.add(match[1]!);
    }
    const known = (key: string) => key in en || `${key}_other` in en;
    expect([...asked].filter((key) => !known(key)).sort()).toEqual([]);
    expect(asked.size).toBeGreaterThan(100);
  });

  it("hold, in English and French, every key the server can send a page (messages, history lines, labels)", () => {
    // The server sends keys, not text: in messages (message("…")), history lines
    // (historyLine("…")), label tables and typed unions. Any string literal in app/ in one
    // of the dictionaries' namespaces ("settingsError.…", "history.…") is such a key, and
    // must be in both languages: a key used in code and missing from a file fails here.
    const namespaces = new Set(Object.keys(en).map((key) => key.split(".")[0]!));
    const emitted = new Set<string>();
    for (const source of appSources()) {
      for (const match of source.matchAll(/["'`]([a-zA-Z][\w-]*\.[\w.-]+)["'`]/g)) {
        if (namespaces.has(match[1]!.split(".")[0]!)) emitted.add(match[1]!);
      }
    }
    for (const [language, dictionary] of [
      ["en", en],
      ["fr", fr],
    ] as const) {
      const has = (key: string) => key in dictionary || `${key}_other` in dictionary;
      expect(
        [...emitted].filter((key) => !has(key)).sort(),
        `keys used in app/ but missing in ${language}.json`,
      ).toEqual([]);
    }
    // The scan sees the server's messages (settings, connection, chargebacks, history).
    for (const key of [
      "settingsError.tagRequired",
      "connect.rejected",
      "chargebackError.fileType",
      "history.submitted",
    ])
      expect(emitted).toContain(key);
    expect(emitted.size).toBeGreaterThan(500);
  });
});

describe("translate", () => {
  it("fills placeholders and picks plurals by each language's rules", () => {
    expect(translate("en", "settings.errorsTitle", { count: 1 })).toBe("To save your settings, fix 1 error");
    expect(translate("en", "settings.errorsTitle", { count: 3 })).toBe("To save your settings, fix 3 errors");
    expect(translate("fr", "settings.errorsTitle", { count: 3 })).toBe(
      "Pour enregistrer vos paramètres, corrigez 3 erreurs",
    );
    expect(translate("fr", "chargebacks.filed", { order: "1001" })).toBe(
      "Rétrofacturation déclarée pour la commande 1001",
    );
  });
});

describe("locale", () => {
  it("takes Shopify's locale parameter, the shop's zone and currency, and falls back safely", () => {
    expect(merchantLocale({ locale: "fr", timeZone: "Europe/Paris", currency: "EUR" })).toEqual({
      locale: "fr",
      language: "fr",
      timeZone: "Europe/Paris",
      currency: "EUR",
    });
    expect(merchantLocale({ locale: "pt-BR" }).language).toBe("en");
    expect(merchantLocale({ locale: "fr-CA" }).language).toBe("fr");
    expect(merchantLocale({ locale: "<script>", timeZone: "Mars/Olympus", currency: "euro" })).toEqual({
      locale: "en",
      language: "en",
      timeZone: "UTC",
      currency: null,
    });
    expect(parseLocaleTag("en_us")).toBe("en-US");
  });
});

// Intl separates thousands and units with (narrow) no-break spaces.
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("formatters", () => {
  const instant = "2026-11-30T23:30:00.000Z";
  it("write money, numbers and dates in the merchant's locale and the shop's zone and currency", () => {
    const fr = createFormatters({ locale: "fr", timeZone: "Europe/Paris", currency: "EUR" });
    expect(spaced(fr.money("1249.00"))).toBe("1 249,00 €");
    expect(spaced(fr.number(12000))).toBe("12 000");
    // 23:30 UTC is already 1 December in Paris.
    expect(spaced(fr.dateTime(instant))).toBe("1 déc. 2026, 00:30");
    expect(spaced(fr.percent(0.873, 1))).toBe("87,3 %");
    const us = createFormatters({ locale: "en-US", timeZone: "America/Los_Angeles", currency: "USD" });
    expect(us.money("1249")).toBe("$1,249.00");
    expect(us.money("1249", "EUR")).toBe("€1,249.00");
    expect(spaced(us.dateTime(instant))).toBe("Nov 30, 2026, 3:30 PM");
    expect(us.money(null)).toBe("—");
    expect(spaced(us.money("1.5", "XYZ"))).toBe("XYZ 1.50");
  });
});
