import fs from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema, ADMIN_API_VERSION } from "../sandbox/shopify/admin-schema";
import { documentAccessViolations, scopesFromAppToml } from "../sandbox/shopify/access-scopes";
import { ADMIN_API_VERSION as APP_API_VERSION } from "../app/shopify.server";

/** Every `#graphql` document under app/, as the app sends it. */
function appDocuments(): { file: string; name: string; source: string }[] {
  const found: { file: string; name: string; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (
        /\.(ts|tsx)$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name) &&
        !full.includes(`${path.sep}types${path.sep}`)
      ) {
        const text = fs.readFileSync(full, "utf8");
        for (const match of text.matchAll(/`#graphql([\s\S]*?)`/g)) {
          const name = /(?:query|mutation)\s+(\w+)/.exec(match[1])?.[1] ?? "(anonymous)";
          found.push({ file: path.relative(process.cwd(), full), name, source: match[1] });
        }
      }
    }
  };
  walk(path.resolve("app"));
  return found;
}

describe("Admin GraphQL documents", () => {
  const documents = appDocuments();

  it("the app pins the same API version as the schema we validate against", () => {
    expect(APP_API_VERSION).toBe(ADMIN_API_VERSION);
  });

  it("finds the app's documents", () => {
    expect(documents.map((d) => d.name)).toEqual(
      expect.arrayContaining([
        "OrderForReview",
        "OrderReviewState",
        "FulfillmentOrdersHold",
        "FulfillmentOrdersReleaseHold",
        "OrderNote",
        "OrderCancel",
        "RecentOrders",
      ]),
    );
  });

  it.each(documents.map((d) => [`${d.name} (${d.file})`, d.source] as const))(
    "%s is valid against Shopify's real Admin schema",
    (_name, source) => {
      const errors = validate(adminSchema(), parse(source));
      expect(errors.map((e) => e.message)).toEqual([]);
    },
  );

  it("a document Shopify would reject is caught (the check can fail)", () => {
    const errors = validate(adminSchema(), parse(`query { order(id: "gid://shopify/Order/1") { browserIp } }`));
    expect(errors.length).toBeGreaterThan(0);
  });

  it("operation names are unique", () => {
    const names = documents.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // The installed app's grant is what shopify.app.toml asks for; protected customer data at
  // level 2 (names, addresses, phone, email), which the app must request (docs/shopify-review.md).
  const granted = { scopes: new Set(scopesFromAppToml()), protectedCustomerData: 2 as const };

  it.each(documents.map((d) => [`${d.name} (${d.file})`, d.source] as const))(
    "%s asks only for fields within the scopes of shopify.app.toml",
    (_name, source) => {
      const violations = documentAccessViolations(adminSchema(), source, granted).map(
        (v) => `${v.path.join(".")} (${v.field}) needs ${v.needs}: ${v.source}`,
      );
      expect(violations).toEqual([]);
    },
  );

  it("a field beyond the app's scopes is caught (the check can fail)", () => {
    const violations = documentAccessViolations(
      adminSchema(),
      `query { order(id: "gid://shopify/Order/1") { id staffMember { email } } }`,
      granted,
    );
    expect(violations.map((v) => v.field)).toEqual(["Order.staffMember"]);
  });
});
