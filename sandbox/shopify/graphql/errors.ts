/**
 * The simulator's GraphQL errors, shaped and coded the way Shopify's server (graphql-ruby)
 * answers: a field the simulator does not implement, an invalid global id, validation
 * failures.
 */
import { GraphQLError } from "graphql";
import type { StoreUserError } from "../model/types";
import { parseGid } from "../model/values";

export const NOT_IMPLEMENTED = "NOT_IMPLEMENTED_BY_SIMULATOR";

export function notImplemented(typeName: string, fieldName: string, detail?: string): GraphQLError {
  return new GraphQLError(
    `The Shopify simulator does not implement ${typeName}.${fieldName}${detail ? ` (${detail})` : ""}.`,
    {
      extensions: { code: NOT_IMPLEMENTED, typeName, fieldName },
    },
  );
}

export function invalidGlobalId(id: unknown): GraphQLError {
  return new GraphQLError(`Invalid global id '${String(id)}'`, {
    extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
  });
}

export function requireGid(id: unknown): string {
  if (typeof id !== "string" || !parseGid(id)) throw invalidGlobalId(id);
  return id;
}

/** graphql-js validation messages → the codes Shopify's (graphql-ruby) server uses. */
export function validationCode(message: string): string {
  const rules: [RegExp, string][] = [
    [/^Cannot query field/, "undefinedField"],
    [/^Unknown argument/, "argumentNotAccepted"],
    [/argument .* is required, but it was not provided/, "missingRequiredArguments"],
    [/^Field .* of required type .* was not provided/, "missingRequiredInputObjectAttribute"],
    [/^Unknown type/, "undefinedType"],
    [/^Variable .* is never used/, "variableNotUsed"],
    [/^Variable .* is not defined/, "variableNotDefined"],
    [/^Variable .* of type .* used in position expecting/, "variableMismatch"],
    [/^Unknown fragment/, "undefinedFragment"],
    [/^Fragment .* is never used/, "useAndDefineFragment"],
    [/must have a selection of subfields|must not have a selection since/, "selectionMismatch"],
    [/^Fragment .* cannot be spread here/, "fragmentSpreadTypeMismatch"],
    [/^(Expected value of type|.* cannot represent)/, "argumentLiteralsIncompatible"],
    [/^There can be only one/, "duplicate"],
    [/^Unknown directive/, "undefinedDirective"],
    [/^Fields .* conflict/, "fieldConflict"],
  ];
  for (const [re, code] of rules) if (re.test(message)) return code;
  return "GRAPHQL_VALIDATION_FAILED";
}

export function formatError(e: GraphQLError, fallbackCode: string): Record<string, unknown> {
  const json = e.toJSON() as unknown as Record<string, unknown> & { extensions?: Record<string, unknown> };
  const extensions = { ...(json.extensions ?? {}) };
  if (!extensions.code) extensions.code = fallbackCode;
  return { ...json, extensions };
}

/** A refused mutation's userErrors, as the API answers them (`code` null when there is none). */
export function userErrors(
  errors: StoreUserError[],
): { field: string[] | null; message: string; code: string | null }[] {
  return errors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? null }));
}
