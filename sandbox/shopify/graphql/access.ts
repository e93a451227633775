/**
 * Access scopes and protected customer data, enforced as Shopify does while resolving: a
 * field the installed app may not read (or a mutation it may not run) resolves to null and
 * the answer carries an error with the field's `path` (partial data), shaped like
 * Shopify's (https://shopify.dev/changelog/new-error-messages-for-graphql-operations-without-necessary-access-scopes):
 *
 *   { message: "Access denied for staffMember field. Required access: `read_users` access scope. Also: ...",
 *     locations, path: ["order", "staffMember"],
 *     extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes",
 *                   requiredAccess: "`read_users` access scope. Also: ..." } }
 *
 * Protected customer data not granted answers "This app is not approved to access the
 * MailingAddress object." / "This app is not approved to use the email field." (code
 * ACCESS_DENIED), as apps without the approval see it.
 */
import { getNamedType, GraphQLError, type GraphQLResolveInfo } from "graphql";
import {
  FULFILLMENT_ORDER_SCOPES,
  hasScope,
  MUTATION_SCOPES,
  PROTECTED_FIELDS,
  PROTECTED_SOURCE,
  PROTECTED_TYPES,
  requiredAccessText,
  satisfies,
  TAGGABLE_WRITE_SCOPES,
  typeRule,
  type AccessRule,
  type GrantedAccess,
} from "../access-scopes";
import type { FulfillmentOrder } from "../model/types";
import { parseGid } from "../model/values";
import type { ResolverContext } from "./context";

export const ACCESS_DENIED = "ACCESS_DENIED";
const SCOPES_DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";

export function accessDenied(fieldName: string, rule: AccessRule): GraphQLError {
  const requiredAccess = requiredAccessText(rule);
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    extensions: { code: ACCESS_DENIED, documentation: SCOPES_DOCUMENTATION, requiredAccess },
  });
}

function protectedDataDenied(what: string): GraphQLError {
  return new GraphQLError(`This app is not approved to ${what}. See ${PROTECTED_SOURCE} for more details.`, {
    extensions: { code: ACCESS_DENIED, documentation: PROTECTED_SOURCE },
  });
}

export function grantedAccess(ctx: ResolverContext): GrantedAccess {
  ctx.access ??= ctx.store.accessOf(ctx.shop.myshopifyDomain, ctx.app.id);
  return ctx.access;
}

/** Whether the app may see this fulfillment order at all (Order.fulfillmentOrders filters by kind). */
export function canReadFulfillmentOrder(ctx: ResolverContext, fo: FulfillmentOrder): boolean {
  return hasScope(grantedAccess(ctx).scopes, FULFILLMENT_ORDER_SCOPES[fo._serviceType].read);
}

const FULFILLMENT_ORDER_MUTATIONS = new Set([
  "fulfillmentOrderHold",
  "fulfillmentOrderReleaseHold",
  "fulfillmentOrderSplit",
  "fulfillmentOrderMove",
]);

/** The scope a mutation needs for the resource its arguments name, when that is known. */
function specificMutationRule(
  fieldName: string,
  args: Record<string, unknown>,
  ctx: ResolverContext,
): AccessRule | undefined {
  const rule = MUTATION_SCOPES[fieldName];
  if (!rule) return undefined;
  if ((fieldName === "tagsAdd" || fieldName === "tagsRemove") && typeof args.id === "string") {
    const type = parseGid(args.id)?.type;
    const scope = type ? TAGGABLE_WRITE_SCOPES[type] : undefined;
    return scope ? { ...rule, anyOf: [scope] } : rule;
  }
  if (FULFILLMENT_ORDER_MUTATIONS.has(fieldName) && typeof args.id === "string") {
    const fo = ctx.store.findFulfillmentOrder(ctx.shop.myshopifyDomain, args.id);
    if (fo) return { ...rule, anyOf: [FULFILLMENT_ORDER_SCOPES[fo._serviceType].write] };
  }
  return rule;
}

/** Throws the error Shopify answers when the installed app may not resolve this field. */
export function checkFieldAccess(args: Record<string, unknown>, ctx: ResolverContext, info: GraphQLResolveInfo): void {
  const granted = grantedAccess(ctx);
  const parent = info.parentType.name;
  if (parent === "Mutation") {
    const rule = specificMutationRule(info.fieldName, args, ctx);
    if (rule && !satisfies(granted.scopes, rule)) throw accessDenied(info.fieldName, rule);
  }
  const returned = getNamedType(info.returnType).name;
  const rule = typeRule(returned);
  if (rule && !satisfies(granted.scopes, rule)) throw accessDenied(info.fieldName, rule);
  const level = PROTECTED_TYPES[returned.replace(/(Connection|Edge)$/, "")];
  if (level && granted.protectedCustomerData < level)
    throw protectedDataDenied(`access the ${returned.replace(/(Connection|Edge)$/, "")} object`);
  const fieldLevel = PROTECTED_FIELDS[`${parent}.${info.fieldName}`];
  if (fieldLevel && granted.protectedCustomerData < fieldLevel)
    throw protectedDataDenied(`use the ${info.fieldName} field`);
}
