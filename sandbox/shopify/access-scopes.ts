/**
 * Shopify's access rules for the Admin GraphQL fields and mutations the app uses, written
 * from shopify.dev (each entry cites the page stating it), independently of the app:
 *
 * - access scopes: an object type, or a mutation, answers only to an app granted one of
 *   its scopes; "any scope that writes a resource also grants read access to it"
 *   (https://shopify.dev/docs/api/usage/access-scopes);
 * - protected customer data: level 1 = customer data, level 2 = also name, address, phone
 *   and email fields (https://shopify.dev/docs/apps/launch/protected-customer-data).
 *
 * The simulator enforces them at run time (graphql/access.ts); `documentAccessViolations`
 * checks a document statically (what the scope test runs over the app's documents).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  getNamedType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import toml from "toml";

export interface AccessRule {
  /** Any one of these scopes grants access (a write scope also grants its read scope). */
  anyOf: string[];
  /** The shopify.dev page that states it. */
  source: string;
  /** What Shopify adds to the requirement in its error message ("Also: ..."), if anything. */
  also?: string;
}

const API = "https://shopify.dev/docs/api/admin-graphql/latest";
const FULFILLMENT_ORDER_READ = [
  "read_merchant_managed_fulfillment_orders",
  "read_assigned_fulfillment_orders",
  "read_third_party_fulfillment_orders",
  "read_marketplace_fulfillment_orders",
];

/** Object types and the scopes reading them needs, wherever they appear in a document. */
export const TYPE_SCOPES: Record<string, AccessRule> = {
  Order: {
    anyOf: ["read_orders", "read_marketplace_orders", "read_buyer_membership_orders"],
    source: `${API}/objects/Order`,
  },
  StaffMember: {
    anyOf: ["read_users"],
    source: `${API}/objects/StaffMember`,
    also:
      "The app must be a finance embedded app or installed on a Shopify Plus or Advanced store. " +
      "Contact Shopify Support to enable this scope for your app.",
  },
  Customer: { anyOf: ["read_customers"], source: `${API}/objects/Customer` },
  Product: { anyOf: ["read_products"], source: `${API}/objects/Product` },
  PaymentTerms: { anyOf: ["read_payment_terms"], source: `${API}/objects/PaymentTerms` },
  Company: {
    anyOf: ["read_customers", "read_companies"],
    source: `${API}/objects/Company`,
    also: "The API client must be installed on a Shopify Plus store.",
  },
  CompanyLocation: {
    anyOf: ["read_customers", "read_companies"],
    source: `${API}/objects/CompanyLocation`,
    also: "The API client must be installed on a Shopify Plus store.",
  },
  FulfillmentOrder: { anyOf: FULFILLMENT_ORDER_READ, source: `${API}/objects/FulfillmentOrder` },
  FulfillmentHold: { anyOf: FULFILLMENT_ORDER_READ, source: `${API}/objects/FulfillmentHold` },
};

const WRITE_FULFILLMENT_ORDERS = {
  anyOf: [
    "write_merchant_managed_fulfillment_orders",
    "write_third_party_fulfillment_orders",
    "write_marketplace_fulfillment_orders",
  ],
  also: "The user must have fulfill_and_ship_orders permission.",
};

/**
 * Mutations and the scopes they need. tagsAdd/tagsRemove depend on the tagged resource
 * (`TAGGABLE_WRITE_SCOPES`); the fulfillment-order mutations on the fulfillment order's
 * kind (`FULFILLMENT_ORDER_WRITE_SCOPES`): the simulator checks the specific one at run time.
 */
export const MUTATION_SCOPES: Record<string, AccessRule> = {
  fulfillmentOrderHold: { ...WRITE_FULFILLMENT_ORDERS, source: `${API}/mutations/fulfillmentOrderHold` },
  fulfillmentOrderReleaseHold: { ...WRITE_FULFILLMENT_ORDERS, source: `${API}/mutations/fulfillmentOrderReleaseHold` },
  fulfillmentOrderSplit: { ...WRITE_FULFILLMENT_ORDERS, source: `${API}/mutations/fulfillmentOrderSplit` },
  fulfillmentOrderMove: { ...WRITE_FULFILLMENT_ORDERS, source: `${API}/mutations/fulfillmentOrderMove` },
  fulfillmentOrderMerge: { ...WRITE_FULFILLMENT_ORDERS, source: `${API}/mutations/fulfillmentOrderMerge` },
  fulfillmentCreate: { ...WRITE_FULFILLMENT_ORDERS, source: `${API}/mutations/fulfillmentCreate` },
  orderRiskAssessmentCreate: {
    anyOf: ["write_orders"],
    source: `${API}/mutations/orderRiskAssessmentCreate`,
    also: "This mutation is only accessible to apps authenticated using offline tokens.",
  },
  orderUpdate: { anyOf: ["write_orders", "write_marketplace_orders"], source: `${API}/mutations/orderUpdate` },
  orderCancel: { anyOf: ["write_orders", "write_marketplace_orders"], source: `${API}/mutations/orderCancel` },
  orderEditBegin: { anyOf: ["write_order_edits"], source: `${API}/mutations/orderEditBegin` },
  orderEditSetQuantity: { anyOf: ["write_order_edits"], source: `${API}/mutations/orderEditSetQuantity` },
  orderEditCommit: { anyOf: ["write_order_edits"], source: `${API}/mutations/orderEditCommit` },
  // Tags: the write scope of the tagged resource ("Supported resources: Order, DraftOrder,
  // Customer, Product, Article, and DiscountNode", https://shopify.dev/docs/api/admin-graphql/latest/mutations/tagsAdd).
  tagsAdd: {
    anyOf: ["write_orders", "write_customers", "write_products", "write_draft_orders"],
    source: `${API}/mutations/tagsAdd`,
  },
  tagsRemove: {
    anyOf: ["write_orders", "write_customers", "write_products", "write_draft_orders"],
    source: `${API}/mutations/tagsRemove`,
  },
  // flowTriggerReceive names no access scope on its page; it needs a Flow trigger extension.
  flowTriggerReceive: { anyOf: [], source: `${API}/mutations/flowTriggerReceive` },
};

/** tagsAdd/tagsRemove: the write scope for the resource the id names. */
export const TAGGABLE_WRITE_SCOPES: Record<string, string> = {
  Order: "write_orders",
  Customer: "write_customers",
  Product: "write_products",
  DraftOrder: "write_draft_orders",
  Article: "write_content",
  DiscountNode: "write_discounts",
};

/** Fulfillment orders by who fulfills them: the read and write scope of each kind. */
export const FULFILLMENT_ORDER_SCOPES = {
  merchant: { read: "read_merchant_managed_fulfillment_orders", write: "write_merchant_managed_fulfillment_orders" },
  third_party: { read: "read_third_party_fulfillment_orders", write: "write_third_party_fulfillment_orders" },
} as const;

/**
 * Protected customer data (https://shopify.dev/docs/apps/launch/protected-customer-data):
 * level 1 is customer data (these objects), level 2 adds the name, address, phone and
 * email fields below. A development store grants level 2 without review.
 */
export const PROTECTED_TYPES: Record<string, 1> = { Order: 1, Customer: 1, MailingAddress: 1 };

const NAME = ["firstName", "lastName", "name", "displayName"];
const ADDRESS = ["address1", "address2", "city", "zip", "formatted", "formattedArea", "latitude", "longitude"];
export const PROTECTED_FIELDS: Record<string, 2> = Object.fromEntries(
  [
    ...["email", "phone"].map((f) => `Order.${f}`),
    ...[...NAME, "email", "phone"].map((f) => `Customer.${f}`),
    ...[...NAME, ...ADDRESS, "phone"].map((f) => `MailingAddress.${f}`),
    "CardPaymentDetails.name",
    "ShippingLine.phone",
  ].map((key) => [key, 2 as const]),
);

export type ProtectedDataLevel = 0 | 1 | 2;

/** What a shop granted an app. `scopes: null` = every scope (another app, not under test). */
export interface GrantedAccess {
  scopes: ReadonlySet<string> | null;
  protectedCustomerData: ProtectedDataLevel;
}

/** Whether `granted` includes `scope`, a write scope granting its read scope. */
export function hasScope(granted: ReadonlySet<string> | null, scope: string): boolean {
  if (granted === null || granted.has(scope)) return true;
  return scope.startsWith("read_") && granted.has(`write_${scope.slice("read_".length)}`);
}

export function satisfies(granted: ReadonlySet<string> | null, rule: AccessRule): boolean {
  return rule.anyOf.length === 0 || rule.anyOf.some((s) => hasScope(granted, s));
}

/** The rule for a field returning `typeName` (a connection or edge counts as its node type). */
export function typeRule(typeName: string): AccessRule | undefined {
  return TYPE_SCOPES[typeName.replace(/(Connection|Edge)$/, "")];
}

/** `Access denied for <field> field. Required access: ...` — Shopify's requiredAccess text. */
export function requiredAccessText(rule: AccessRule): string {
  const scopes = rule.anyOf.map((s) => `\`${s}\` access scope`);
  const joined = scopes.length <= 1 ? scopes.join("") : `${scopes.slice(0, -1).join(", ")} or ${scopes.at(-1)}`;
  return `${joined}.${rule.also ? ` Also: ${rule.also}` : ""}`;
}

// ---- the installed app's scopes ---------------------------------------------------------

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "shopify.app.toml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("shopify.app.toml not found above sandbox/shopify");
    dir = parent;
  }
  return dir;
}

/** The scopes shopify.app.toml's `[access_scopes]` asks for: what installing the app grants. */
export function scopesFromAppToml(file = path.join(repoRoot(), "shopify.app.toml")): string[] {
  const parsed = toml.parse(fs.readFileSync(file, "utf8")) as { access_scopes?: { scopes?: string } };
  return (parsed.access_scopes?.scopes ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

// ---- checking a document without running it ----------------------------------------------

export interface AccessViolation {
  /** e.g. "Order.staffMember" or "Mutation.tagsAdd". */
  field: string;
  /** Response path of the first place it is selected (aliases as written). */
  path: string[];
  /** "scope" (missing access scope) or "protected-data" (level not granted). */
  kind: "scope" | "protected-data";
  /** The scopes that would grant it, or the protected-data level needed. */
  needs: string;
  source: string;
}

/**
 * Every field of `document` that an app with `granted` access would be denied. `tagTargets`
 * names the resource type tagsAdd/tagsRemove are called on (default Order).
 */
export function documentAccessViolations(
  schema: GraphQLSchema,
  document: DocumentNode | string,
  granted: GrantedAccess,
  tagTargets: Record<string, string> = { tagsAdd: "Order", tagsRemove: "Order" },
): AccessViolation[] {
  const doc = typeof document === "string" ? parse(document) : document;
  const info = new TypeInfo(schema);
  const violations: AccessViolation[] = [];
  const stack: string[] = [];
  const seen = new Set<string>();
  const add = (v: AccessViolation) => {
    const key = `${v.field}|${v.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push(v);
  };
  visit(
    doc,
    visitWithTypeInfo(info, {
      Field: {
        enter(node) {
          stack.push(node.alias?.value ?? node.name.value);
          const parent = info.getParentType();
          const def = info.getFieldDef();
          if (!parent || !def) return;
          const field = `${parent.name}.${def.name}`;
          const at = { field, path: [...stack] };
          if (parent.name === "Mutation") {
            const rule = MUTATION_SCOPES[def.name];
            const target = tagTargets[def.name];
            const specific = target ? { ...rule, anyOf: [TAGGABLE_WRITE_SCOPES[target]] } : rule;
            if (specific && !satisfies(granted.scopes, specific))
              add({ ...at, kind: "scope", needs: specific.anyOf.join(" | "), source: specific.source });
          }
          const returned = getNamedType(def.type).name;
          const rule = typeRule(returned);
          if (rule && !satisfies(granted.scopes, rule))
            add({ ...at, kind: "scope", needs: rule.anyOf.join(" | "), source: rule.source });
          const protectedType = PROTECTED_TYPES[returned.replace(/(Connection|Edge)$/, "")];
          if (protectedType && granted.protectedCustomerData < protectedType)
            add({ ...at, kind: "protected-data", needs: `level ${protectedType}`, source: PROTECTED_SOURCE });
          const protectedField = PROTECTED_FIELDS[field];
          if (protectedField && granted.protectedCustomerData < protectedField)
            add({ ...at, kind: "protected-data", needs: `level ${protectedField}`, source: PROTECTED_SOURCE });
        },
        leave() {
          stack.pop();
        },
      },
    }),
  );
  return violations;
}

export const PROTECTED_SOURCE = "https://shopify.dev/docs/apps/launch/protected-customer-data";

/**
 * Every scope the table names: the grant of an app that may read and write everything here.
 * For tests of other semantics (scopes themselves are tested with the app's real grant).
 */
export function everyScopeInTable(): string[] {
  const all = new Set<string>();
  for (const rule of [...Object.values(TYPE_SCOPES), ...Object.values(MUTATION_SCOPES)])
    for (const scope of rule.anyOf) all.add(scope);
  return [...all];
}
