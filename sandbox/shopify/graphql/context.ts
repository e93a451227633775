/** What every resolver of the simulator's GraphQL API is handed: the store, the calling shop and app. */
import type { GraphQLResolveInfo } from "graphql";
import type { Store } from "../store";
import type { GrantedAccess } from "../access-scopes";
import type { App, StoreShop } from "../model/types";

export interface ResolverContext {
  store: Store;
  shop: StoreShop;
  app: App;
  /** Extra top-level `extensions` of the answer (e.g. search warnings), by key. */
  extensions: Record<string, unknown[]>;
  /** What the shop granted the calling app (scopes, protected customer data); computed on first use. */
  access?: GrantedAccess;
}

/**
 * A field computed from its parent object rather than read from a property of the same
 * name. Source and arguments are whatever the schema says they are at that field (typed by
 * each resolver), hence `any`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type ComputedField = (
  source: any,
  args: Record<string, any>,
  ctx: ResolverContext,
  info: GraphQLResolveInfo,
) => unknown;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Computed fields by GraphQL type name, then field name. */
export type ResolverTable = Record<string, Record<string, ComputedField>>;
