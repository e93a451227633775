import { logger } from "../../platform/logger.server";
import {
  type CostExtension,
  QueryCostExceedsBucketError,
  type ShopifyCostGovernor,
  operationNameOf,
} from "./cost-governor";

/**
 * The one shape in which domain code talks to the Admin GraphQL API: a function that
 * takes a document and variables and resolves to `data`, or throws a typed error.
 * Routes and the worker build it from the Shopify library's admin client; tests build
 * it against the local Shopify simulator.
 */
export type AdminGraphql = <TData>(
  query: string,
  variables?: Record<string, unknown>,
  options?: ReadOptions,
) => Promise<TData>;

/** A field Shopify withheld from a read (ACCESS_DENIED), as a path without list indices, e.g. "order.customer". */
export interface WithheldField {
  path: string;
  /** What Shopify says is required (an access scope or protected customer data level), when it says. */
  requiredAccess?: string;
}

export interface ReadOptions {
  /**
   * Paths (as in WithheldField) the caller can do without. Shopify answers a field the
   * app may not read with an ACCESS_DENIED error naming it and the rest of the data
   * (https://shopify.dev/changelog/new-error-messages-for-graphql-operations-without-necessary-access-scopes);
   * when every error is such a denial of one of these (or a field inside one), the read
   * returns the data with those fields missing instead of failing.
   */
  optionalFields?: readonly string[];
  /** Told which optional fields were withheld, when a read went on without them. */
  onWithheld?: (fields: WithheldField[]) => void;
}

export interface GraphqlErrorDetail {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

export class AdminGraphqlError extends Error {
  override name = "AdminGraphqlError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly errors: GraphqlErrorDetail[] = [],
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Shopify answers throttling with HTTP 200 and a THROTTLED error; the library does not retry it. */
export class AdminThrottledError extends AdminGraphqlError {
  override name = "AdminThrottledError";
  constructor(readonly retryAfterMs: number) {
    super("Shopify Admin API throttled the request", true);
  }
}

/** A mutation answered with userErrors: Shopify refused the change. */
export class UserErrorsError extends Error {
  override name = "UserErrorsError";
  constructor(
    readonly mutation: string,
    readonly userErrors: { field?: readonly string[] | null; message: string; code?: string | null }[],
  ) {
    super(`${mutation} failed: ${userErrors.map((e) => e.message).join("; ")}`);
  }
}

export function assertNoUserErrors(
  mutation: string,
  payload:
    { userErrors: { field?: readonly string[] | null; message: string; code?: string | null }[] } | null | undefined,
): void {
  if (!payload) throw new AdminGraphqlError(`${mutation} returned no payload`, false);
  if (payload.userErrors.length > 0) throw new UserErrorsError(mutation, payload.userErrors);
}

interface GraphqlBody {
  data?: unknown;
  // Shopify answers an array; the library re-wraps it as { message, graphQLErrors }.
  errors?: GraphqlErrorDetail[] | string | { message?: string; graphQLErrors?: GraphqlErrorDetail[] };
  extensions?: { cost?: CostExtension };
}

/** The error's field path without list indices ("order.lineItems.nodes.product"), or null without a path. */
function fieldPathOf(error: GraphqlErrorDetail): string | null {
  if (!Array.isArray(error.path) || error.path.length === 0) return null;
  return error.path.filter((part) => typeof part === "string").join(".");
}

function isUnder(path: string, optional: string): boolean {
  return path === optional || path.startsWith(`${optional}.`);
}

/** The withheld optional fields when every error is an ACCESS_DENIED on one of them; null otherwise. */
function withheldOptionalFields(
  errors: GraphqlErrorDetail[],
  data: unknown,
  options: ReadOptions | undefined,
): WithheldField[] | null {
  const optional = options?.optionalFields ?? [];
  if (errors.length === 0 || optional.length === 0 || !data || typeof data !== "object") return null;
  const withheld: WithheldField[] = [];
  for (const error of errors) {
    const path = fieldPathOf(error);
    if (error.extensions?.code !== "ACCESS_DENIED" || !path || !optional.some((o) => isUnder(path, o))) return null;
    const required = error.extensions.requiredAccess;
    if (!withheld.some((w) => w.path === path)) {
      withheld.push({ path, ...(typeof required === "string" ? { requiredAccess: required } : {}) });
    }
  }
  return withheld;
}

/** Turns a raw GraphQL HTTP answer into data or a typed error. */
export function readGraphqlBody<TData>(
  body: GraphqlBody,
  status = 200,
  options?: ReadOptions,
  operation = "The query",
): TData {
  const errors = errorList(body.errors);
  if (status === 429 || errors.some((e) => e.extensions?.code === "THROTTLED")) {
    const cost = body.extensions?.cost;
    const requested = cost?.requestedQueryCost;
    const maximum = cost?.throttleStatus?.maximumAvailable;
    // Dearer than the whole bucket: no wait would ever let it through.
    if (typeof requested === "number" && typeof maximum === "number" && requested > maximum) {
      throw new QueryCostExceedsBucketError(operation, requested, maximum);
    }
    const needed = (cost?.requestedQueryCost ?? 0) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
    const rate = cost?.throttleStatus?.restoreRate ?? 50;
    throw new AdminThrottledError(Math.max(1000, Math.ceil((needed / rate) * 1000)));
  }
  if (status >= 500) throw new AdminGraphqlError(`Shopify Admin API answered ${status}`, true, errors, status);
  if (status === 401 || status === 403) {
    throw new AdminGraphqlError(`Shopify Admin API refused the access token (${status})`, false, errors, status);
  }
  if (status >= 400) throw new AdminGraphqlError(`Shopify Admin API answered ${status}`, false, errors, status);
  const withheld = withheldOptionalFields(errors, body.data, options);
  if (withheld) {
    // Field names only: never the customer's data.
    logger.warn("Shopify withheld optional fields", { fields: withheld.map((w) => w.path).join(", ") });
    options?.onWithheld?.(withheld);
    return body.data as TData;
  }
  if (errors.length > 0) {
    throw new AdminGraphqlError(`GraphQL errors: ${errors.map((e) => e.message).join("; ")}`, false, errors, status);
  }
  return body.data as TData;
}

function errorList(errors: GraphqlBody["errors"]): GraphqlErrorDetail[] {
  if (!errors) return [];
  if (typeof errors === "string") return [{ message: errors }];
  if (Array.isArray(errors)) return errors;
  if (errors.graphQLErrors && errors.graphQLErrors.length > 0) return errors.graphQLErrors;
  return [{ message: errors.message ?? "GraphQL request failed" }];
}

interface LibraryAdminClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

/**
 * Adapts the admin client of @shopify/shopify-app-remix (which throws on GraphQL errors).
 * With a governor, calls for the shop are paced by the cost Shopify reports.
 */
export function adminGraphqlFrom(
  admin: LibraryAdminClient,
  pacing?: { shop: string; governor: ShopifyCostGovernor },
): AdminGraphql {
  return async <TData>(query: string, variables?: Record<string, unknown>, options?: ReadOptions) => {
    const operation = operationNameOf(query);
    const settle = pacing ? await pacing.governor.acquire(pacing.shop, operation) : undefined;
    let body: GraphqlBody;
    let status: number;
    try {
      const response = await admin.graphql(query, variables ? { variables } : undefined);
      status = response.status;
      body = (await response.json()) as GraphqlBody;
    } catch (error) {
      settle?.(costOfLibraryError(error));
      // The library throws on any GraphQL error, partial answers included: read its body ourselves.
      const answered = graphqlBodyOf(error);
      if (answered) return readGraphqlBody<TData>(answered.body, answered.status, options, operation);
      throw fromLibraryError(error);
    }
    settle?.(body.extensions?.cost);
    return readGraphqlBody<TData>(body, status, options, operation);
  };
}

/** The GraphQL answer a library error carries (GraphqlQueryError: HTTP 200 with errors), if it carries one. */
function graphqlBodyOf(error: unknown): { body: GraphqlBody; status: number } | null {
  if (!error || typeof error !== "object" || error instanceof Response || !("body" in error)) return null;
  const carrier = error as { body?: unknown; response?: { status?: number; code?: number } };
  const status = carrier.response?.status ?? carrier.response?.code ?? 200;
  if (status !== 200 || !carrier.body || typeof carrier.body !== "object") return null;
  return { body: carrier.body as GraphqlBody, status };
}

function costOfLibraryError(error: unknown): CostExtension | undefined {
  if (!error || typeof error !== "object") return undefined;
  const body = (error as { body?: GraphqlBody }).body;
  return body && typeof body === "object" ? body.extensions?.cost : undefined;
}

function fromLibraryError(error: unknown): Error {
  if (error instanceof Response) {
    return new AdminGraphqlError(
      `Shopify Admin API answered ${error.status}`,
      error.status >= 500 || error.status === 429,
      [],
      error.status,
    );
  }
  // GraphqlQueryError carries the GraphQL body; HttpResponseError carries the HTTP status.
  if (error && typeof error === "object" && ("body" in error || "response" in error)) {
    const carrier = error as { body?: unknown; response?: { code?: number; body?: unknown } };
    const status = typeof carrier.response?.code === "number" ? carrier.response.code : 200;
    const body = carrier.body ?? carrier.response?.body;
    try {
      readGraphqlBody(body && typeof body === "object" ? (body as GraphqlBody) : {}, status);
    } catch (typed) {
      return typed as Error;
    }
  }
  if (error instanceof TypeError) {
    // fetch() network failures surface as TypeError: worth another try later.
    return new AdminGraphqlError(`Shopify Admin API unreachable: ${error.message}`, true);
  }
  return error instanceof Error ? error : new Error(String(error));
}
