import { describe, expect, it } from "vitest";
import { REVIEW_STATUSES } from "../../review/review-state";
import { translate, translator } from "../i18n/translate";
import { nextSteps, outcomeOf } from "./next-steps";
import { transactionFieldLabel } from "./transaction-labels";

const en = (key: Parameters<typeof translate>[1]) => translate("en", key);

const facts = (status: string, openHolds: number) => ({ status, openHolds, elevatedBy: null, errorMessage: null });

describe("what happens to the order, in words", () => {
  it("every status says whether the order is held, released or cancelled", () => {
    for (const status of REVIEW_STATUSES) {
      for (const holds of [0, 1]) {
        expect(en(outcomeOf(facts(status, holds)).title), `${status} ${holds}`).toMatch(
          /^(Held: this order will not ship|Released|Not reviewed|Cancelled)/,
        );
      }
    }
  });

  it("a failed, held order will not ship; its next steps: submit again, release without review, cancel the order", () => {
    expect(en(outcomeOf({ ...facts("error", 1), errorMessage: "Apruvd refused" }).title)).toBe(
      "Held: this order will not ship: it could not be sent to Apruvd.",
    );
    expect(
      nextSteps({ status: "error", transactionId: null, openHolds: 1 }).map((step) => ({
        ...step,
        label: en(step.label),
      })),
    ).toEqual([
      { action: "submit", label: "Submit again", confirm: false, destructive: false },
      { action: "cancel-order", label: "Cancel order", confirm: true, destructive: true },
      { action: "release", label: "Release and ship without review", confirm: true, destructive: false },
    ]);
  });

  it("a declined order still held: cancel the order first, or release and ship anyway (both confirmed)", () => {
    expect(en(outcomeOf(facts("Declined", 1)).title)).toBe("Held: this order will not ship: Apruvd declined it.");
    expect(translate("fr", outcomeOf(facts("Declined", 1)).title)).toBe(
      "Bloquée : cette commande ne sera pas expédiée : Apruvd l’a refusée.",
    );
    const steps = nextSteps({ status: "Declined", transactionId: 5, openHolds: 1 });
    expect(steps[0]).toMatchObject({ action: "cancel-order", confirm: true });
    expect(steps.map((s) => en(s.label))).toContain("Release and ship anyway");
    expect(steps.find((s) => s.action === "release")?.confirm).toBe(true);
  });

  it("paused orders wait for the keys: no submit", () => {
    expect(en(outcomeOf(facts("paused", 1)).body)).toMatch(/Fix your Apruvd API keys/);
    expect(nextSteps({ status: "paused", transactionId: null, openHolds: 1 }).map((s) => s.action)).not.toContain(
      "submit",
    );
  });

  it("transaction fields carry words, not API names", () => {
    expect(transactionFieldLabel("first_six")).toBe("Card number (first digits)");
    expect(transactionFieldLabel("avs")).toBe("Address check (AVS)");
    expect(transactionFieldLabel("billing_postal")).toBe("Billing postal code");
    expect(transactionFieldLabel("shipping_address_2")).toBe("Shipping address line 2");
    expect(transactionFieldLabel("something_new")).toBe("Something new");
    const fr = translator("fr");
    expect(transactionFieldLabel("avs", fr)).toBe("Vérification de l’adresse (AVS)");
    expect(transactionFieldLabel("billing_postal", fr)).toBe("Code postal de facturation");
  });
});
