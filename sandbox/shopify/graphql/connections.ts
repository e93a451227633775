/** Connections: Relay-style paging (first/last/after/before/reverse) over a list, with Shopify's cursor and page-size rules. */
import { GraphQLError, type GraphQLResolveInfo } from "graphql";

export const PAGINATION_ARGS = new Set(["first", "last", "after", "before", "reverse"]);
const MAX_PAGE_SIZE = 250;

function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ last_id: key })).toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "string") return parsed.last_id;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor '${cursor}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
}

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export function paginate(items: readonly unknown[], args: PageArgs): Record<string, unknown> {
  const { first, last, after, before, reverse } = args;
  if (first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, v] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (v != null && (v < 0 || v > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The value of '${name}' must be between 0 and ${MAX_PAGE_SIZE} (got ${v}).`, {
        extensions: { code: "BAD_REQUEST" },
      });
    }
  }
  const list = reverse ? [...items].reverse() : [...items];
  const keyOf = (item: unknown, i: number) => {
    const id = (item as { id?: unknown } | null)?.id;
    return typeof id === "string" ? id : `#${i}`;
  };
  const keyed = list.map((item, i) => ({ item, key: keyOf(item, i) }));
  let start = 0;
  let end = keyed.length;
  if (after) {
    const k = decodeCursor(after);
    const idx = keyed.findIndex((e) => e.key === k);
    start = idx >= 0 ? idx + 1 : keyed.length;
  }
  if (before) {
    const k = decodeCursor(before);
    const idx = keyed.findIndex((e) => e.key === k);
    end = idx >= 0 ? idx : end;
  }
  let window = keyed.slice(start, Math.max(start, end));
  let hasNextPage = end < keyed.length;
  let hasPreviousPage = start > 0;
  if (first != null) {
    hasNextPage = hasNextPage || window.length > first;
    window = window.slice(0, first);
  }
  if (last != null) {
    hasPreviousPage = hasPreviousPage || window.length > last;
    window = window.slice(Math.max(0, window.length - last));
  }
  const edges = window.map((e) => ({ cursor: encodeCursor(e.key), node: e.item }));
  return {
    edges,
    nodes: window.map((e) => e.item),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export function providedArgs(info: GraphQLResolveInfo): string[] {
  return (info.fieldNodes[0]?.arguments ?? []).map((a) => a.name.value);
}
