import { describe, expect, it } from "vitest";
import en from "./en.json";
import fr from "./fr.json";
import {
  HISTORY_KEYS,
  HISTORY_LINES,
  displayedLine,
  historyEnglish,
  historyLine,
  historyMessage,
  legacyLine,
  parseStoredLine,
  storedLine,
  textMessage,
} from "./history-lines";
import { translateMessage, translateText } from "./message";
import { translator } from "./translate";

const french = translator("fr");
const english = translator("en");
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

describe("history lines", () => {
  it("each key is in English and French, using only the parameters it declares", () => {
    for (const key of HISTORY_KEYS) {
      const variants = [key, `${key}_one`, `${key}_other`];
      for (const dictionary of [en, fr] as Array<Record<string, string>>) {
        const texts = variants.map((v) => dictionary[v]).filter((t): t is string => t !== undefined);
        expect(texts.length, key).toBeGreaterThan(0);
        const declared = Object.keys(HISTORY_LINES[key]);
        for (const text of texts)
          for (const name of placeholders(text)) expect(declared, `${key}: {${name}}`).toContain(name);
      }
    }
  });

  it("keep the English text the history always had, and read in French on a French page", () => {
    const submitted = historyLine("history.submitted", { status: "Reviewing" });
    expect(historyEnglish(submitted)).toBe("Submitted to Apruvd: Reviewing");
    expect(translateMessage(english, historyMessage(submitted))).toBe("Submitted to Apruvd: Under review");
    expect(translateMessage(french, historyMessage(submitted))).toBe("Soumise à Apruvd : En cours d’examen");

    const withheld = historyLine("history.fieldsWithheld", { fields: ["customer.email", "customer.phone"], count: 2 });
    expect(historyEnglish(withheld)).toBe(
      "Shopify withheld customer.email, customer.phone: sent to Apruvd without them.",
    );
    expect(translateMessage(french, historyMessage(withheld))).toBe(
      "Shopify n’a pas communiqué customer.email, customer.phone : envoyée à Apruvd sans ces champs.",
    );

    // Apruvd's own words stay as Apruvd wrote them; the sentence around them is translated.
    const refused = historyLine("history.refused", { apruvdMessage: "Invalid shipping_country" });
    expect(translateMessage(french, historyMessage(refused))).toBe(
      "Apruvd a refusé la transaction : Invalid shipping_country",
    );
    // A status the app does not know (a new one from Apruvd) is shown as Apruvd names it.
    expect(translateMessage(french, historyMessage(historyLine("history.decision", { status: "Escalated" })))).toBe(
      "Décision d’Apruvd : Escalated",
    );
  });

  it("are stored as key + JSON parameters and read back only when the parameters are the key's own", () => {
    const line = historyLine("history.updated", { fields: ["email"], status: "Approved" });
    const stored = storedLine(line);
    expect(stored).toEqual({
      key: "history.updated",
      params: '{"fields":["email"],"status":"Approved"}',
      english: "Order changed (email): sent to Apruvd again, now Approved",
    });
    expect(parseStoredLine(stored.key, stored.params)).toEqual(line);
    expect(storedLine(historyLine("history.holdPlaced")).params).toBeNull();
    expect(parseStoredLine("history.holdPlaced", null)).toEqual({ key: "history.holdPlaced" });
    // Unknown key, a key that is not a history line, missing, extra or mistyped parameters: not a line.
    expect(parseStoredLine("history.nope", null)).toBeNull();
    expect(parseStoredLine("review.history", null)).toBeNull();
    expect(parseStoredLine("history.updated", '{"fields":["email"]}')).toBeNull();
    expect(parseStoredLine("history.holdPlaced", '{"x":"1"}')).toBeNull();
    expect(parseStoredLine("history.updated", '{"fields":"email","status":"Approved"}')).toBeNull();
    expect(parseStoredLine("history.updated", "not json")).toBeNull();
  });

  it("read rows written before keys back as lines when their text is one, and leave other text alone", () => {
    expect(legacyLine("Apruvd decision: Declined")).toEqual(historyLine("history.decision", { status: "Declined" }));
    // The longer template wins over the shorter one it contains.
    expect(legacyLine("Apruvd status: Approved (cancelled)")).toEqual(
      historyLine("history.statusCheckedCancelled", { status: "Approved" }),
    );
    expect(legacyLine("Shopify withheld customer.email: sent to Apruvd without it.")).toEqual(
      historyLine("history.fieldsWithheld", { fields: ["customer.email"], count: 1 }),
    );
    expect(legacyLine("Payment gateway 'manual' is excluded")).toEqual(
      historyLine("history.excluded.gateway", { gateway: "manual" }),
    );
    expect(legacyLine("Something only an old version wrote")).toBeNull();

    const old = displayedLine({ key: null, params: null, text: "Fulfillment hold released" });
    expect(old && translateMessage(french, old)).toBe("Blocage du traitement levé");
    expect(displayedLine({ key: null, params: null, text: "Something only an old version wrote" })).toBeNull();
  });

  it("show the elevation rules that fired in the merchant's language, inside the history line too", () => {
    // Labels are stored in English (Review.elevationReasons) and read back as their lines.
    expect(translateText(french, textMessage("Total over 500.00 EUR"))).toBe("Total supérieur à 500.00 EUR");
    expect(translateText(french, textMessage("Expedited shipping (“express”)"))).toBe(
      "Livraison express (« express »)",
    );
    expect(textMessage("A rule an old version had")).toBe("A rule an old version had");
    const elevated = historyLine("history.elevatedByRules", {
      rules: "Gift card purchase; First order of the customer",
      status: "Reviewing",
    });
    expect(historyEnglish(elevated)).toBe(
      "Elevated for review automatically (Gift card purchase; First order of the customer): Reviewing",
    );
    expect(translateMessage(french, historyMessage(elevated))).toBe(
      "Remontée pour examen automatiquement (Achat d’une carte-cadeau; Première commande du client) : En cours d’examen",
    );
  });

  it("use a review error's key only while the English text beside it is still its own", () => {
    const stored = storedLine(historyLine("history.keysNotSetUp"));
    const current = displayedLine(
      { key: stored.key, params: stored.params, text: stored.english },
      { keyFollowsText: true },
    );
    expect(current && translateMessage(french, current)).toMatch(/^Les clés d’API Apruvd ne sont pas configurées/);
    // errorMessage was later overwritten with other text where no key is written: the stale key is not shown.
    expect(
      displayedLine({ key: stored.key, params: stored.params, text: "Apruvd says no" }, { keyFollowsText: true }),
    ).toBeNull();
  });
});
