/**
 * The "submit every order, elevate the suspicious ones" part of the settings form: the
 * elevation rules (review/elevation-rules.ts), what becomes of orders left Submitted and
 * their tag. Pure, like settings-form.ts, which composes it into the one form and the
 * one atomic update.
 */
import { DEFAULT_EXPEDITED_KEYWORDS, type ElevationRules, parseElevationRules } from "../../review/elevation-rules";
import { type Message, message } from "../i18n/message";
import type { MessageKey } from "../i18n/translate";

export const SUBMITTED_ORDER_HANDLINGS = ["keep", "release"] as const;
export type SubmittedOrderHandling = (typeof SUBMITTED_ORDER_HANDLINGS)[number];

export const ELEVATION_BOOLEAN_FIELDS = [
  "elevateHighRiskProduct",
  "elevateCountriesDiffer",
  "elevateGiftCard",
  "elevateExpeditedShipping",
  "elevateFirstOrder",
] as const;
export const ELEVATION_TEXT_FIELDS = ["elevateTotalOver", "expeditedKeywords", "submittedOrders"] as const;
export type ElevationBooleanField = (typeof ELEVATION_BOOLEAN_FIELDS)[number];
export type ElevationTextField = (typeof ELEVATION_TEXT_FIELDS)[number];
export type ElevationFormValues = Record<ElevationBooleanField, boolean> & Record<ElevationTextField, string>;

/** The ShopSettings columns this part reads and writes (tagNotReviewed is validated with the other tags). */
export interface ElevationSettings {
  elevationRules: string;
  submittedOrders: string;
  tagNotReviewed: string;
}

export const ELEVATION_DEFAULTS: ElevationSettings = {
  elevationRules: "{}",
  submittedOrders: "keep",
  tagNotReviewed: "apruvd-not-reviewed",
};

export function elevationFormValuesOf(settings: ElevationSettings): ElevationFormValues {
  const rules = parseElevationRules(settings.elevationRules);
  return {
    elevateTotalOver: rules.totalOver === undefined ? "" : String(rules.totalOver),
    elevateHighRiskProduct: rules.highRiskProduct === true,
    elevateCountriesDiffer: rules.countriesDiffer === true,
    elevateGiftCard: rules.giftCard === true,
    elevateExpeditedShipping: (rules.expeditedShipping?.length ?? 0) > 0,
    expeditedKeywords: (rules.expeditedShipping ?? DEFAULT_EXPEDITED_KEYWORDS).join(", "),
    elevateFirstOrder: rules.firstOrder === true,
    submittedOrders: settings.submittedOrders,
  };
}

type ParsedList = { values: string[] } | { error: Message };
type ParsedAmount = { value: number | null } | { error: Message };

/** What parsing the elevation fields needs from the settings form's own readers. */
export interface ElevationParseTools {
  parseList(raw: string, label: MessageKey): ParsedList;
  parseAmount(raw: string, label: MessageKey): ParsedAmount;
  /** The high-risk product tag as submitted (the rule needs one). */
  highRiskProductTag: string;
}

export function parseElevationFields(
  bools: Record<ElevationBooleanField, boolean>,
  texts: Record<ElevationTextField, string>,
  tools: ElevationParseTools,
): { errors: Partial<Record<ElevationBooleanField | ElevationTextField, Message>>; update?: ElevationRules } {
  const errors: Partial<Record<ElevationBooleanField | ElevationTextField, Message>> = {};
  const total = tools.parseAmount(texts.elevateTotalOver, "settingsField.elevateTotalOver");
  if ("error" in total) errors.elevateTotalOver = total.error;
  const keywords = tools.parseList(texts.expeditedKeywords, "settingsList.shippingKeyword");
  if ("error" in keywords) errors.expeditedKeywords = keywords.error;
  else if (bools.elevateExpeditedShipping && keywords.values.length === 0) {
    errors.expeditedKeywords = message("settingsError.expeditedKeywords");
  }
  if (bools.elevateHighRiskProduct && tools.highRiskProductTag.trim() === "") {
    errors.elevateHighRiskProduct = message("settingsError.highRiskProductTagNeeded");
  }
  if (!(SUBMITTED_ORDER_HANDLINGS as readonly string[]).includes(texts.submittedOrders)) {
    errors.submittedOrders = message("settingsError.submittedOrders");
  }
  if (Object.keys(errors).length > 0) return { errors };

  const rules: ElevationRules = {};
  if ("value" in total && total.value !== null) rules.totalOver = total.value;
  if (bools.elevateHighRiskProduct) rules.highRiskProduct = true;
  if (bools.elevateCountriesDiffer) rules.countriesDiffer = true;
  if (bools.elevateGiftCard) rules.giftCard = true;
  if (bools.elevateExpeditedShipping && "values" in keywords) rules.expeditedShipping = keywords.values;
  if (bools.elevateFirstOrder) rules.firstOrder = true;
  return { errors, update: rules };
}
