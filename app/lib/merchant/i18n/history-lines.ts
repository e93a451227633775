import en from "./en.json";
import { message, type Message, type MessageParam } from "./message";
import { isMessageKey, type MessageKey } from "./translate";

/**
 * The lines of a review's history (and the error a review shows), as i18n keys with typed
 * parameters: stored as key + JSON parameters (ReviewEvent.messageKey/messageParams,
 * Review.errorKey/errorParams) and rendered in the admin user's language. The English text
 * is stored beside them (ReviewEvent.message, Review.errorMessage) for logs and reports.
 *
 * Each key lists its parameters and their kind:
 * - "text": shown as is: words that are not ours (Apruvd's own message, a tag, a gateway)
 *   or identifiers;
 * - "number": a number (`count` also chooses the plural form);
 * - "status": a review status, shown in the merchant's words (status.* keys) on the page
 *   and as Apruvd names it in the English text;
 * - "list": names joined with commas (field names);
 * - "lines": other lines' English texts joined with "; " (the elevation rules that fired),
 *   each read back as its line on the page.
 */
type ParamKind = "text" | "number" | "status" | "list" | "lines";

export const HISTORY_LINES = {
  "history.callbackUnconfirmedNoKeys": { claimed: "status" },
  "history.callbackUnconfirmed": { claimed: "status", reported: "status" },
  "history.paused": {},
  "history.keysRefused": { apruvdMessage: "text" },
  "history.keysRefusedNoDetail": {},
  "history.notDoneKeysRefused": { apruvdMessage: "text" },
  "history.notDoneKeysRefusedNoDetail": {},
  "history.decision": { status: "status" },
  "history.cancelNoKeys": {},
  "history.apruvdCancelled": {},
  "history.cancelledByApruvd": {},
  "history.cancelledByMerchant": {},
  "history.cancelledInShopify": {},
  "history.cancelledBeforeSubmit": {},
  "history.elevateSkipped": { status: "status" },
  "history.elevated": { status: "status" },
  "history.elevatedByRules": { rules: "lines", status: "status" },
  "history.resyncSkipped": {},
  "history.statusChecked": { status: "status" },
  "history.statusCheckedCancelled": { status: "status" },
  "history.fieldsWithheld": { fields: "list", count: "number" },
  "history.transactionsIncomplete": { read: "number", total: "number" },
  "history.autoSubmitOff": {},
  "history.keysNotSetUp": {},
  "history.orderNotFound": {},
  "history.excluded.testOrder": {},
  "history.excluded.b2b": {},
  "history.excluded.b2bCompany": { company: "text" },
  "history.excluded.gateway": { gateway: "text" },
  "history.excluded.gateways": { gateways: "text" },
  "history.excluded.salesChannel": { channel: "text" },
  "history.excluded.belowMinimum": { total: "text", minimum: "text" },
  "history.excluded.aboveMaximum": { total: "text", maximum: "text" },
  "history.excluded.orderTag": { tag: "text" },
  "history.excluded.customerTag": { tag: "text" },
  "history.cannotMap.missingTotal": {},
  "history.cannotMap.missingCurrency": {},
  "history.cannotMap.invalidCurrency": { currency: "text" },
  "history.cannotMap.invalidTotal": { total: "text" },
  "history.refused": { apruvdMessage: "text" },
  "history.submittedBefore": { status: "status" },
  "history.submitted": { status: "status" },
  "history.alreadyKnown": { status: "status" },
  "history.retry": { reason: "text" },
  "history.retryUnreachable": {},
  "history.retryTimeout": {},
  "history.retryServerError": { status: "number" },
  "history.retryRateLimited": {},
  "history.retryPaused": {},
  "history.releasedDeclined": {},
  "history.released": {},
  "history.releaseSkipped": { status: "status" },
  "history.cancelSkipped": { status: "status" },
  "history.orderCancelledByMerchant": {},
  "history.declinedOrderCancelled": {},
  "history.holdPlaced": {},
  "history.holdReleased": {},
  "history.writtenBack.underReview": {},
  "history.writtenBack.approved": {},
  "history.writtenBack.declined": {},
  "history.writtenBack.cancelled": {},
  "history.writtenBack.notReviewed": {},
  "history.notElevatedReleased": {},
  "history.notElevatedHeld": {},
  "history.updated": { fields: "list", status: "status" },
  "history.sessionIdNoCartToken": {},
  "history.sessionIdNotIssued": {},
  "elevationRule.totalOver": { amount: "text" },
  "elevationRule.highRiskProduct": { tag: "text" },
  "elevationRule.countriesDiffer": {},
  "elevationRule.giftCard": {},
  "elevationRule.expeditedShipping": { word: "text" },
  "elevationRule.firstOrder": {},
} as const satisfies { readonly [K in MessageKey]?: Readonly<Record<string, ParamKind>> };

type Spec = typeof HISTORY_LINES;
export type HistoryKey = keyof Spec;
type ValueOf<Kind> = Kind extends "number" ? number : Kind extends "list" ? readonly string[] : string;
export type HistoryParams<K extends HistoryKey> = { readonly [P in keyof Spec[K]]: ValueOf<Spec[K][P]> };
/** One history line: its key and exactly the parameters that key takes. */
export type HistoryLine = {
  [K in HistoryKey]: keyof Spec[K] extends never ? { key: K } : { key: K; params: HistoryParams<K> };
}[HistoryKey];

/** A typed line: `historyLine("history.submitted", { status })`, `historyLine("history.paused")`. */
export function historyLine<K extends HistoryKey>(
  key: K,
  ...params: keyof Spec[K] extends never ? [] : [HistoryParams<K>]
): HistoryLine {
  return (params[0] ? { key, params: params[0] } : { key }) as HistoryLine;
}

export const HISTORY_KEYS = Object.keys(HISTORY_LINES) as HistoryKey[];

function isHistoryKey(key: string): key is HistoryKey {
  return Object.hasOwn(HISTORY_LINES, key);
}

function paramsOf(line: HistoryLine): Readonly<Record<string, string | number | readonly string[]>> {
  return "params" in line ? line.params : {};
}

/**
 * The line as a message for the page: statuses become their status.* label, lists are
 * joined (a status the app does not know, e.g. a new one from Apruvd, is shown as is).
 */
export function historyMessage(line: HistoryLine): Message {
  const spec: Readonly<Record<string, ParamKind>> = HISTORY_LINES[line.key];
  const params: Record<string, MessageParam> = {};
  for (const [name, value] of Object.entries(paramsOf(line))) {
    if (spec[name] === "status" && typeof value === "string") {
      const key = `status.${value}`;
      params[name] = isMessageKey(key) ? message(key) : value;
    } else if (spec[name] === "lines" && typeof value === "string") {
      params[name] = value.split(LINES_SEPARATOR).map(textMessage);
    } else params[name] = typeof value === "object" ? value.join(", ") : value;
  }
  return message(line.key, params);
}

const ENGLISH = en as Record<string, string>;
const LINES_SEPARATOR = "; ";

/** Stored English text of a line (e.g. a fired elevation rule's label) → its message, or the text itself. */
export function textMessage(text: string): Message | string {
  const line = legacyLine(text);
  return line ? historyMessage(line) : text;
}

function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}

/** The English text stored beside the key: statuses as Apruvd names them (as the lines always read). */
export function historyEnglish(line: HistoryLine): string {
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(paramsOf(line))) {
    vars[name] = typeof value === "object" ? value.join(", ") : value;
  }
  const count = vars.count;
  const template =
    (typeof count === "number"
      ? (ENGLISH[`${line.key}_${new Intl.PluralRules("en").select(count)}`] ?? ENGLISH[`${line.key}_other`])
      : undefined) ?? ENGLISH[line.key];
  return fill(template ?? line.key, vars);
}

/** The columns that store a line: key, JSON parameters (null when it has none) and English text. */
export function storedLine(line: HistoryLine): { key: string; params: string | null; english: string } {
  const params = paramsOf(line);
  return {
    key: line.key,
    params: Object.keys(params).length > 0 ? JSON.stringify(params) : null,
    english: historyEnglish(line),
  };
}

function valueOfKind(kind: ParamKind, value: unknown): string | number | readonly string[] | undefined {
  if (kind === "number") return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  if (kind === "list")
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
  return typeof value === "string" ? value : undefined;
}

/** A stored line read back: null unless the key is a history line and the parameters are exactly its own. */
export function parseStoredLine(key: string | null, paramsJson: string | null): HistoryLine | null {
  if (!key || !isHistoryKey(key)) return null;
  let raw: unknown = {};
  if (paramsJson) {
    try {
      raw = JSON.parse(paramsJson);
    } catch {
      return null;
    }
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return null;
  const spec: Readonly<Record<string, ParamKind>> = HISTORY_LINES[key];
  const given = raw as Record<string, unknown>;
  if (Object.keys(given).some((name) => !(name in spec))) return null;
  const params: Record<string, string | number | readonly string[]> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const value = valueOfKind(kind, given[name]);
    if (value === undefined) return null;
    params[name] = value;
  }
  return (Object.keys(spec).length > 0 ? { key, params } : { key }) as HistoryLine;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Each English template as a pattern, the most literal first (so "… (cancelled)" wins over "…"). */
const LEGACY_PATTERNS: Array<{ key: HistoryKey; names: string[]; pattern: RegExp; literal: number }> =
  HISTORY_KEYS.flatMap((key) =>
    [key, `${key}_one`, `${key}_other`]
      .filter((variant) => ENGLISH[variant] !== undefined)
      .map((variant) => {
        const template = ENGLISH[variant]!;
        const spec: Readonly<Record<string, ParamKind>> = HISTORY_LINES[key];
        const names: string[] = [];
        const source = template
          .split(/(\{\w+\})/)
          .map((part) => {
            const name = /^\{(\w+)\}$/.exec(part)?.[1];
            if (!name) return escapeRegExp(part);
            names.push(name);
            return spec[name] === "number" ? "(\\d+)" : "(.+?)";
          })
          .join("");
        return {
          key,
          names,
          pattern: new RegExp(`^${source}$`, "s"),
          literal: template.replace(/\{\w+\}/g, "").length,
        };
      }),
  ).sort((a, b) => b.literal - a.literal);

/**
 * A row written before lines had keys, when its English text is exactly one of today's
 * lines: read back as that line (so it is shown in the merchant's language too). Null
 * otherwise: the page shows the text as it was written.
 */
export function legacyLine(text: string): HistoryLine | null {
  for (const { key, names, pattern } of LEGACY_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const spec: Readonly<Record<string, ParamKind>> = HISTORY_LINES[key];
    const params: Record<string, string | number | readonly string[]> = {};
    names.forEach((name, i) => {
      const value = match[i + 1]!;
      params[name] = spec[name] === "number" ? Number(value) : spec[name] === "list" ? value.split(", ") : value;
    });
    // A template without {count} whose key counts (plural forms): the count is the list's length.
    for (const [name, kind] of Object.entries(spec)) {
      if (params[name] !== undefined) continue;
      const list = Object.values(params).find((v): v is readonly string[] => Array.isArray(v));
      if (kind === "number" && name === "count" && list) params[name] = list.length;
      else return null;
    }
    const line = parseStoredLine(key, JSON.stringify(params));
    if (line && historyEnglish(line) === text) return line;
  }
  return null;
}

/**
 * What the page shows for a stored line: its key and parameters when they are valid, else
 * the stored English text read back as a line (rows written before lines had keys), else
 * null (the page shows the text as it was written).
 *
 * `keyFollowsText`: the key is used only while the English text beside it is still its
 * own (Review.errorMessage is also written and cleared where no key is set).
 */
export function displayedLine(
  stored: { key: string | null; params: string | null; text: string | null },
  options: { keyFollowsText?: boolean } = {},
): Message | null {
  const line = parseStoredLine(stored.key, stored.params);
  if (line && (!options.keyFollowsText || historyEnglish(line) === stored.text)) return historyMessage(line);
  const legacy = stored.text ? legacyLine(stored.text) : null;
  return legacy ? historyMessage(legacy) : null;
}
