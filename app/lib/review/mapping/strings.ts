/**
 * Free text as the API takes it: well-formed UTF-16, trimmed, cut to a limit counted in
 * characters (Unicode code points: Apruvd's `string(n)`) without splitting a character,
 * empty → left out; email addresses and numeric ids.
 */

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Replaces unpaired surrogates with U+FFFD so the string is valid UTF-16 (and valid UTF-8 once encoded). */
export function toWellFormed(value: string): string {
  let out = "";
  let changed = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isHighSurrogate(code)) {
      if (i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
        out += value[i] + value[i + 1];
        i++;
        continue;
      }
      out += "\uFFFD";
      changed = true;
    } else if (isLowSurrogate(code)) {
      out += "\uFFFD";
      changed = true;
    } else {
      out += value[i];
    }
  }
  return changed ? out : value;
}

/** True when the string has no unpaired surrogate. */
export function isWellFormed(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isHighSurrogate(code)) {
      if (i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      return false;
    }
    if (isLowSurrogate(code)) return false;
  }
  return true;
}

/** The number of characters (code points) of a string: what Apruvd's `string(n)` counts. */
export function characterLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Cuts to at most `max` characters (code points). The cut falls between user-perceived
 * characters (grapheme clusters), so neither an astral-plane letter nor an emoji (a flag,
 * a skin tone, a family joined by ZWJ) is ever split; a value that fits is never cut.
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max || characterLength(value) <= max) return value;
  if (max <= 0) return "";
  let end = 0;
  let count = 0;
  for (const { segment, index } of graphemes.segment(value)) {
    const size = characterLength(segment);
    if (count + size > max) break;
    count += size;
    end = index + segment.length;
  }
  return value.slice(0, end);
}

/**
 * Normalises a free-text value: non-strings (and numbers) are stringified, unpaired
 * surrogates replaced, whitespace trimmed, empty → undefined, then cut to `max`.
 */
export function cleanString(value: unknown, max?: number): string | undefined {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (typeof value === "bigint") text = value.toString();
  else return undefined;
  text = toWellFormed(text).trim();
  if (max !== undefined) text = truncate(text, max).trimEnd();
  return text === "" ? undefined : text;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

/**
 * An email address as the API validates it: trimmed, at most `max` characters, one
 * "@" with something on each side, no whitespace. Anything else → undefined (an
 * address cut short would be a different, wrong address, so it is dropped instead).
 */
export function cleanEmail(value: unknown, max = 254): string | undefined {
  const text = cleanString(value);
  if (text === undefined || characterLength(text) > max || !EMAIL_RE.test(text)) return undefined;
  return text;
}

/** "gid://shopify/OrderTransaction/123" → "123"; plain values pass through. */
export function numericIdFromGid(value: unknown): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  const match = /\/(\d+)(?:\?.*)?$/.exec(text);
  return match ? match[1] : text;
}

/** The last `n` characters (code points) of a value, trimmed. */
export function lastCharacters(value: unknown, n: number): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  return cleanString(Array.from(text).slice(-n).join(""));
}
