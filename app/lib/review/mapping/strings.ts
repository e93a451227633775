/**
 * Free text as the API takes it: well-formed UTF-16, trimmed, cut to a limit without
 * splitting a surrogate pair, empty → left out; email addresses and numeric ids.
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

/**
 * Cuts to at most `max` UTF-16 code units without splitting a surrogate pair.
 * (Counting code units is the strict reading: it is never more than the number of
 * characters, so the result also fits a limit counted in characters.)
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= 0) return "";
  let end = max;
  if (isHighSurrogate(value.charCodeAt(end - 1)) && isLowSurrogate(value.charCodeAt(end))) end -= 1;
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
  if (text === undefined || text.length > max || !EMAIL_RE.test(text)) return undefined;
  return text;
}

/** "gid://shopify/OrderTransaction/123" → "123"; plain values pass through. */
export function numericIdFromGid(value: unknown): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  const match = /\/(\d+)(?:\?.*)?$/.exec(text);
  return match ? match[1] : text;
}

/** The last `n` UTF-16 units of a value (never starting inside a surrogate pair), trimmed. */
export function lastCharacters(value: unknown, n: number): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  let start = Math.max(0, text.length - n);
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start += 1;
  return cleanString(text.slice(start));
}
