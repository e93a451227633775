import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ApiVersion } from "@shopify/shopify-api";
import { ADMIN_API_VERSION, APP_SCOPES, APP_SCOPES_CSV } from "./shopify-app";

const toml = fs.readFileSync(path.resolve("shopify.app.toml"), "utf8");

/** The `key = "value"` line of a `[table]` of shopify.app.toml (the file keeps both on one line each). */
function tomlString(table: string, key: string): string {
  const start = toml.indexOf(`\n[${table}]\n`);
  expect(start, `[${table}] in shopify.app.toml`).toBeGreaterThanOrEqual(0);
  const body = toml.slice(start + table.length + 3).split(/\n\[/)[0];
  const match = new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m").exec(body);
  expect(match, `${key} in [${table}]`).not.toBeNull();
  return match![1];
}

describe("the app as Shopify knows it", () => {
  it("asks for exactly the scopes of shopify.app.toml", () => {
    const declared = tomlString("access_scopes", "scopes")
      .split(",")
      .map((scope) => scope.trim());
    expect([...APP_SCOPES].sort()).toEqual([...declared].sort());
    expect(APP_SCOPES_CSV).toBe(APP_SCOPES.join(","));
  });

  it("speaks the Admin API version of its webhooks and of the schema its documents are typed against", () => {
    expect(tomlString("webhooks", "api_version")).toBe(ADMIN_API_VERSION);
    expect(Object.values(ApiVersion)).toContain(ADMIN_API_VERSION);
  });
});
