/** The customer's IP address: IPv4, IPv6 (≤ 39 characters), IPv4-mapped IPv6 as IPv4. */
import { TRANSACTION_STRING_LIMITS } from "../../clients/apruvd/types";
import { cleanString } from "./strings";

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(value: string): boolean {
  return IPV4_RE.test(value);
}

/** An IPv6 address (no zone id) as its eight 16-bit groups, or null when invalid. */
export function expandIPv6(value: string): number[] | null {
  if (value.length < 2 || value.length > 45) return null;
  const halves = value.split("::");
  if (halves.length > 2) return null;
  const parseGroups = (part: string, allowIpv4Tail: boolean): number[] | null => {
    if (part === "") return [];
    const pieces = part.split(":");
    const groups: number[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (allowIpv4Tail && i === pieces.length - 1 && piece.includes(".")) {
        if (!isIPv4(piece)) return null;
        const [a, b, c, d] = piece.split(".").map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  if (halves.length === 2) {
    const head = parseGroups(halves[0], false);
    const tail = parseGroups(halves[1], true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const groups = parseGroups(value, true);
  return groups !== null && groups.length === 8 ? groups : null;
}

export function isIPv6(value: string): boolean {
  return expandIPv6(value) !== null;
}

/**
 * The customer's IP for `ip`: a valid IPv4 or IPv6 address of at most 39 characters.
 * IPv4-mapped IPv6 ("::ffff:203.0.113.7") is reported as the IPv4 address; zone ids,
 * ports, lists and anything else invalid → undefined.
 */
export function normalizeIp(value: unknown): string | undefined {
  const text = cleanString(value);
  if (text === undefined) return undefined;
  if (isIPv4(text)) return text;
  const groups = expandIPv6(text);
  if (groups === null) return undefined;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
  }
  return text.length <= TRANSACTION_STRING_LIMITS.ip ? text.toLowerCase() : undefined;
}
