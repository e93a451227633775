/**
 * How the simulator resolves a document against the store: a field is read from the
 * property of the same name on its parent object (model/types.ts) unless a resolver table
 * computes it; a missing property is "not implemented" (an error naming it, never a
 * silent null); connections are paged; abstract types resolve by `__typename`.
 *
 * The computed fields, by area: orders.ts (reading orders), fulfillment-orders.ts (holds),
 * order-changes.ts (tags, risk assessments, update, cancel, Flow triggers).
 */
import {
  executeSync,
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  parse,
  validate,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from "graphql";
import { isConnectionType } from "../cost";
import type { Store } from "../store";
import { paginate, PAGINATION_ARGS, providedArgs } from "./connections";
import { checkFieldAccess } from "./access";
import type { ResolverContext, ResolverTable } from "./context";
import { NOT_IMPLEMENTED, notImplemented } from "./errors";
import { FULFILLMENT_ORDER_RESOLVERS } from "./fulfillment-orders";
import { ORDER_CHANGE_RESOLVERS } from "./order-changes";
import { ORDER_RESOLVERS } from "./orders";

function mergeResolverTables(...tables: ResolverTable[]): ResolverTable {
  const merged: ResolverTable = {};
  for (const table of tables) {
    for (const [typeName, fields] of Object.entries(table)) merged[typeName] = { ...merged[typeName], ...fields };
  }
  return merged;
}

const COMPUTED = mergeResolverTables(ORDER_RESOLVERS, FULFILLMENT_ORDER_RESOLVERS, ORDER_CHANGE_RESOLVERS);

export const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  const typeName = info.parentType.name;
  checkFieldAccess(args, ctx, info);
  const computed = COMPUTED[typeName]?.[info.fieldName];
  if (computed) return computed(source, args, ctx, info);
  const value =
    source !== null && typeof source === "object" ? (source as Record<string, unknown>)[info.fieldName] : undefined;
  if (value === undefined) throw notImplemented(typeName, info.fieldName);
  if (typeof value === "function")
    return (value as (a: unknown, c: ResolverContext, i: GraphQLResolveInfo) => unknown)(args, ctx, info);
  const named = getNamedType(info.returnType);
  const given = providedArgs(info);
  if (isConnectionType(named)) {
    const extra = given.filter((a) => !PAGINATION_ARGS.has(a));
    if (extra.length) throw notImplemented(typeName, info.fieldName, `argument ${extra.join(", ")}`);
    if (!Array.isArray(value)) throw notImplemented(typeName, info.fieldName, "not backed by a list");
    return paginate(value, args);
  }
  if (given.length) {
    const list = isListType(getNullableType(info.returnType));
    const extra = given.filter((a) => !(list && a === "first"));
    if (extra.length) throw notImplemented(typeName, info.fieldName, `argument ${extra.join(", ")}`);
    if (Array.isArray(value) && typeof args.first === "number") return value.slice(0, args.first);
  }
  return value;
};

export const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value, _ctx, info, abstractType) => {
  const t = (value as { __typename?: unknown } | null)?.__typename;
  if (typeof t === "string") return t;
  throw new GraphQLError(
    `The Shopify simulator cannot resolve the concrete type of ${abstractType.name} at ${info.fieldName}.`,
    { extensions: { code: NOT_IMPLEMENTED } },
  );
};

/**
 * Answers a document for one shop of `store` in this process, as the simulator would over
 * HTTP but without authentication, cost or throttling, as the seeded app. Returns `data`;
 * a document that does not validate, or any error in the answer, throws.
 */
export function executeOnStore(
  schema: GraphQLSchema,
  store: Store,
  shopDomain: string,
  query: string,
  variables?: Record<string, unknown>,
): Record<string, unknown> {
  const document = parse(query);
  const invalid = validate(schema, document);
  if (invalid.length) throw new Error(`Invalid document: ${invalid.map((e) => e.message).join("; ")}`);
  const shop = store.shop(shopDomain);
  const context: ResolverContext = { store, shop, app: shop._app, extensions: {} };
  const result = executeSync({
    schema,
    document,
    rootValue: {},
    contextValue: context,
    variableValues: variables,
    fieldResolver,
    typeResolver,
  });
  if (result.errors?.length)
    throw new Error(`The simulator answered with errors: ${result.errors.map((e) => e.message).join("; ")}`);
  return result.data as Record<string, unknown>;
}
