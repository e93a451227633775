/**
 * Query cost and leaky-bucket throttling, following Shopify's documented rules for the
 * Admin GraphQL API (https://shopify.dev/docs/api/usage/limits#cost-calculation):
 *
 * - scalar and enum fields cost 0;
 * - object fields cost 1 (interfaces and unions are priced like objects: the most
 *   expensive possible concrete type's selection is used);
 * - connection fields cost 2 + (first|last) × the cost of one node's selection;
 * - lists of objects taking a `first` argument cost first × one item's cost;
 * - a mutation's root field costs 10;
 * - the query root itself is free.
 *
 * The requested cost is computed from the document alone; the actual cost walks the
 * response the same way, with connections and `first` lists sized by what was returned.
 * The bucket is debited the requested cost up front and refunded the difference afterwards,
 * as Shopify does.
 */
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const MAX_SINGLE_QUERY_COST = 1000;

export interface ThrottleOptions {
  /** Bucket size. Default 2000 (Shopify's standard plan). */
  maximumAvailable: number;
  /** Points restored per second. Default 100. */
  restoreRate: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maximumAvailable: 2000, restoreRate: 100 };

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

// ---------------------------------------------------------------------------------------
// Cost calculation
// ---------------------------------------------------------------------------------------

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("nodes" in fields || "edges" in fields);
}

function shouldInclude(ctx: CostContext, node: { directives?: readonly DirectiveNode[] }): boolean {
  for (const d of node.directives ?? []) {
    const ifArg = d.arguments?.find((a) => a.name.value === "if");
    if (!ifArg) continue;
    const value = valueFromAST(ifArg.value, ctx.schema.getType("Boolean") as never, ctx.variables);
    if (d.name.value === "skip" && value === true) return false;
    if (d.name.value === "include" && value === false) return false;
  }
  return true;
}

function typeConditionMatches(ctx: CostContext, condition: string | undefined, runtime: GraphQLObjectType): boolean {
  if (!condition || condition === runtime.name) return true;
  const t = ctx.schema.getType(condition);
  return !!t && isAbstractType(t) && ctx.schema.isSubType(t, runtime);
}

/** Fields selected on an object of `runtime` type, grouped by response key (like graphql's collectFields). */
export function collectFieldsFor(
  ctx: CostContext,
  runtime: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  out = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const sel of selectionSet.selections) {
    if (!shouldInclude(ctx, sel)) continue;
    if (sel.kind === Kind.FIELD) {
      const key = sel.alias?.value ?? sel.name.value;
      const list = out.get(key);
      if (list) list.push(sel);
      else out.set(key, [sel]);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (typeConditionMatches(ctx, sel.typeCondition?.name.value, runtime))
        collectFieldsFor(ctx, runtime, sel.selectionSet, out, visited);
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const name = sel.name.value;
      const frag = ctx.fragments[name];
      if (!frag || visited.has(name)) continue;
      visited.add(name);
      if (typeConditionMatches(ctx, frag.typeCondition.name.value, runtime))
        collectFieldsFor(ctx, runtime, frag.selectionSet, out, visited);
    }
  }
  return out;
}

function mergedSelection(nodes: readonly FieldNode[]): SelectionSetNode | undefined {
  const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
  if (sets.length === 0) return undefined;
  if (sets.length === 1) return sets[0];
  return { kind: Kind.SELECTION_SET, selections: sets.flatMap((s) => s.selections) };
}

function argValue(ctx: CostContext, field: GraphQLField<unknown, unknown>, node: FieldNode, name: string): unknown {
  const argDef = field.args.find((a) => a.name === name);
  const argNode = node.arguments?.find((a) => a.name.value === name);
  if (!argDef || !argNode) return undefined;
  return valueFromAST(argNode.value, argDef.type, ctx.variables);
}

function pageSize(ctx: CostContext, field: GraphQLField<unknown, unknown>, node: FieldNode): number {
  const first = argValue(ctx, field, node, "first");
  const last = argValue(ctx, field, node, "last");
  const n = typeof first === "number" ? first : typeof last === "number" ? last : 0;
  return Math.max(0, n);
}

type Data = unknown;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Cost of the selection made on a value of composite type `type` (not counting the value's own 1). */
function selectionCost(
  ctx: CostContext,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode | undefined,
  data: Data,
  actual: boolean,
): number {
  if (!selectionSet) return 0;
  const runtimeTypes: GraphQLObjectType[] = isObjectType(type)
    ? [type]
    : isAbstractType(type)
      ? actual &&
        isRecord(data) &&
        typeof data.__typename === "string" &&
        isObjectType(ctx.schema.getType(data.__typename))
        ? [ctx.schema.getType(data.__typename) as GraphQLObjectType]
        : [...ctx.schema.getPossibleTypes(type)]
      : [];
  let max = 0;
  for (const runtime of runtimeTypes) {
    let sum = 0;
    const fields = collectFieldsFor(ctx, runtime, selectionSet);
    const defs = runtime.getFields();
    for (const [key, nodes] of fields) {
      const def = defs[nodes[0].name.value];
      if (!def) continue; // __typename and friends
      sum += fieldCost(ctx, def, nodes, actual ? (isRecord(data) ? data[key] : undefined) : undefined, actual);
    }
    if (sum > max) max = sum;
  }
  return max;
}

function fieldCost(
  ctx: CostContext,
  def: GraphQLField<unknown, unknown>,
  nodes: FieldNode[],
  data: Data,
  actual: boolean,
): number {
  const named = getNamedType(def.type);
  if (isLeafType(named)) return 0;
  const selection = mergedSelection(nodes);
  const node = nodes[0];

  if (isConnectionType(named)) {
    const fields = named.getFields();
    const conn = selection ? collectFieldsFor(ctx, named, selection) : new Map<string, FieldNode[]>();
    // One item = the node object (1) + its selection, through `nodes` or `edges.node`.
    const itemCost = (item: Data): number => {
      let best = 0;
      for (const sub of conn.values()) {
        const name = sub[0].name.value;
        if (name === "nodes") {
          const t = getNamedType(fields.nodes.type);
          best = Math.max(best, 1 + selectionCost(ctx, t, mergedSelection(sub), item, actual));
        } else if (name === "edges") {
          const edgeType = getNamedType(fields.edges.type) as GraphQLObjectType;
          const edgeSel = mergedSelection(sub);
          if (!edgeSel) continue;
          const edgeFields = collectFieldsFor(ctx, edgeType, edgeSel);
          for (const [, en] of edgeFields) {
            if (en[0].name.value === "node") {
              best = Math.max(
                best,
                1 + selectionCost(ctx, getNamedType(edgeType.getFields().node.type), mergedSelection(en), item, actual),
              );
            }
          }
        }
      }
      return best;
    };
    if (!actual) return 2 + pageSize(ctx, def, node) * itemCost(undefined);
    if (!isRecord(data)) return 0;
    // Items actually returned: from `nodes` or `edges[].node` (whichever was selected).
    const items: Data[] = [];
    for (const [key, sub] of conn) {
      const v = data[key];
      if (!Array.isArray(v)) continue;
      if (sub[0].name.value === "nodes") {
        v.forEach(
          (item, i) => (items[i] = { ...(isRecord(items[i]) ? items[i] : {}), ...(isRecord(item) ? item : {}) }),
        );
      } else if (sub[0].name.value === "edges") {
        const edgeSel = mergedSelection(sub);
        const edgeType = getNamedType(fields.edges.type) as GraphQLObjectType;
        const nodeKeys = edgeSel
          ? [...collectFieldsFor(ctx, edgeType, edgeSel)]
              .filter(([, en]) => en[0].name.value === "node")
              .map(([k]) => k)
          : [];
        v.forEach((edge, i) => {
          for (const k of nodeKeys) {
            const n = isRecord(edge) ? edge[k] : undefined;
            items[i] = { ...(isRecord(items[i]) ? items[i] : {}), ...(isRecord(n) ? n : {}) };
          }
        });
      }
    }
    return 2 + items.reduce<number>((sum, item) => sum + itemCost(item), 0);
  }

  const nullable = getNullableType(def.type);
  const perItem = (item: Data) => 1 + selectionCost(ctx, named, selection, item, actual);
  if (isListType(nullable)) {
    const hasFirst = def.args.some((a) => a.name === "first");
    if (!actual)
      return hasFirst && pageSize(ctx, def, node) > 0
        ? pageSize(ctx, def, node) * perItem(undefined)
        : perItem(undefined);
    if (!Array.isArray(data) || data.length === 0) return 0;
    return hasFirst ? data.reduce<number>((s, item) => s + perItem(item), 0) : Math.max(...data.map(perItem));
  }
  if (actual && (data === null || data === undefined)) return 0;
  return perItem(data);
}

function operationRootCost(ctx: CostContext, operation: OperationDefinitionNode, data: Data, actual: boolean): number {
  const root = operation.operation === "mutation" ? ctx.schema.getMutationType() : ctx.schema.getQueryType();
  if (!root) return 0;
  const fields = collectFieldsFor(ctx, root, operation.selectionSet);
  const defs = root.getFields();
  let sum = 0;
  for (const [key, nodes] of fields) {
    const def = defs[nodes[0].name.value];
    if (!def) continue;
    if (operation.operation === "mutation") {
      sum += MUTATION_COST;
      continue;
    }
    sum += fieldCost(ctx, def, nodes, actual ? (isRecord(data) ? data[key] : undefined) : undefined, actual);
  }
  return sum;
}

function costContext(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
): CostContext {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  return { schema, fragments, variables: coerced.coerced ?? {} };
}

export function findOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return ops.find((o) => o.name?.value === operationName);
  return ops.length === 1 ? ops[0] : undefined;
}

/** Requested cost of an operation (before executing it). Document must be valid. */
export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Record<string, unknown>,
): number {
  const op = findOperation(document, operationName);
  if (!op) return 0;
  return operationRootCost(costContext(schema, document, op, variables), op, undefined, false);
}

/** Actual cost of an operation given the `data` it returned. */
export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  data: unknown,
): number {
  const op = findOperation(document, operationName);
  if (!op) return 0;
  return operationRootCost(costContext(schema, document, op, variables), op, data, true);
}

// ---------------------------------------------------------------------------------------
// Leaky bucket
// ---------------------------------------------------------------------------------------

export class LeakyBucket {
  private available: number;
  private last: number;

  constructor(
    readonly options: ThrottleOptions,
    private readonly now: () => number,
  ) {
    this.available = options.maximumAvailable;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.last = t;
    this.available = Math.min(this.options.maximumAvailable, this.available + elapsed * this.options.restoreRate);
  }

  currentlyAvailable(): number {
    this.refill();
    return Math.floor(this.available);
  }

  /** Debits `cost` if available; false (nothing debited) otherwise. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.options.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    return {
      maximumAvailable: this.options.maximumAvailable,
      currentlyAvailable: this.currentlyAvailable(),
      restoreRate: this.options.restoreRate,
    };
  }
}

/** One bucket per shop. `false` disables throttling (the status then always reports a full bucket). */
export class ThrottleRegistry {
  private readonly buckets = new Map<string, LeakyBucket>();
  readonly options: ThrottleOptions | false;

  constructor(
    options: Partial<ThrottleOptions> | false | undefined,
    private readonly now: () => number,
  ) {
    this.options = options === false ? false : { ...DEFAULT_THROTTLE, ...(options ?? {}) };
  }

  bucket(shop: string): LeakyBucket | undefined {
    if (this.options === false) return undefined;
    let b = this.buckets.get(shop);
    if (!b) {
      b = new LeakyBucket(this.options, this.now);
      this.buckets.set(shop, b);
    }
    return b;
  }

  status(shop: string): ThrottleStatus {
    const b = this.bucket(shop);
    return b ? b.status() : { ...DEFAULT_THROTTLE, currentlyAvailable: DEFAULT_THROTTLE.maximumAvailable };
  }
}
