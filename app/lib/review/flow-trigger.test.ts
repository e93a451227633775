/**
 * The app's extensions agree with the app: the Flow trigger's fields with
 * flowTriggerPayload, the order block's strings with its locales (English and French),
 * the theme embed with the app proxy route and the cart attribute the review mapping
 * reads. (The extensions are built by Shopify CLI; these checks need no network.)
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_ID_ATTRIBUTE_KEYS } from "./mapping";
import { SESSION_ID_ATTRIBUTE } from "../merchant/storefront/storefront-session.server";
import { FLOW_FIELD_KEYS, FLOW_TRIGGER_HANDLE, flowTriggerPayload } from "./flow-trigger";

const ext = (...parts: string[]) => path.resolve("extensions", ...parts);
const read = (...parts: string[]) => fs.readFileSync(ext(...parts), "utf8");

/** The `[[settings.fields]]` tables of a flow trigger TOML, as key/value maps. */
function tomlTables(text: string, header: string): Array<Record<string, string>> {
  const tables: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#") || line === "") continue;
    if (line.startsWith("[")) {
      current = line === `[[${header}]]` ? {} : null;
      if (current) tables.push(current);
      continue;
    }
    const match = /^([\w.]+)\s*=\s*"([^"]*)"$/.exec(line);
    if (match && current) current[match[1]] = match[2];
  }
  return tables;
}

function topLevel(text: string, key: string): string | undefined {
  return new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(text)?.[1];
}

function flatKeys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    flatKeys(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe("Flow trigger extension", () => {
  const toml = read("apruvd-flow-review-completed", "shopify.extension.toml");

  it("is the trigger flowTriggerPayload names, with fields matching the payload keys", () => {
    const [extension] = tomlTables(toml, "extensions");
    expect(extension).toMatchObject({
      type: "flow_trigger",
      handle: FLOW_TRIGGER_HANDLE,
      name: "Apruvd review completed",
    });
    expect(extension.handle.length).toBeLessThanOrEqual(30);
    const fields = tomlTables(toml, "settings.fields");
    expect(fields.map((f) => f.type)).toEqual(["order_reference", "single_line_text_field", "single_line_text_field"]);
    const customKeys = fields.filter((f) => f.key).map((f) => f.key);
    expect(customKeys.sort()).toEqual(Object.values(FLOW_FIELD_KEYS).sort());
    const body = flowTriggerPayload({ orderId: "gid://shopify/Order/123", status: "Approved", riskGrade: "A" });
    // order_reference → order_id; every custom field → its key; nothing else.
    expect(Object.keys(body!.payload).sort()).toEqual(["order_id", ...customKeys].sort());
  });
});

describe("admin order block extension", () => {
  const toml = read("apruvd-order-block", "shopify.extension.toml");
  const source = read("apruvd-order-block", "src", "BlockExtension.tsx");
  const en = JSON.parse(read("apruvd-order-block", "locales", "en.default.json")) as Record<string, unknown>;
  const fr = JSON.parse(read("apruvd-order-block", "locales", "fr.json")) as Record<string, unknown>;

  it("targets the order details block with a module that exists", () => {
    expect(topLevel(toml, "target")).toBe("admin.order-details.block.render");
    expect(topLevel(toml, "type")).toBe("ui_extension");
    // The current extension API: Preact and Polaris web components (2025-07 was the last with React).
    expect(topLevel(toml, "api_version")).toBe("2026-10");
    const module = topLevel(toml, "module")!;
    expect(fs.existsSync(ext("apruvd-order-block", module))).toBe(true);
    expect(source).toContain('import "@shopify/ui-extensions/preact"');
    // The target is bound in the TOML (above); the module renders through its default export.
    expect(source).toMatch(/export default (async )?(function|\()/);
  });

  it("has every string in English and French, and every key it uses exists", () => {
    expect(flatKeys(fr).sort()).toEqual(flatKeys(en).sort());
    const keys = new Set(flatKeys(en));
    const used = [...source.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(5);
    for (const key of used) expect(keys.has(key), key).toBe(true);
    // Template keys: every status and action the route can return.
    for (const status of [
      "none",
      "pending",
      "Submitted",
      "Reviewing",
      "Approved",
      "Declined",
      "error",
      "excluded",
      "skipped",
      "cancelled",
    ]) {
      expect(keys.has(`statuses.${status}`), status).toBe(true);
    }
    for (const action of ["submit", "elevate", "open"]) expect(keys.has(`actions.${action}`)).toBe(true);
    for (const done of ["submit", "elevate"]) expect(keys.has(`done.${done}`)).toBe(true);
    expect(topLevel(toml, "name")).toBe("t:name");
  });

  it("calls the app's authenticated resource route", () => {
    expect(source).toContain("/api/order-block");
    expect(fs.existsSync(path.resolve("app/routes/api.order-block.tsx"))).toBe(true);
  });
});

describe("theme app extension (app embed)", () => {
  const liquid = read("apruvd-theme", "blocks", "apruvd-embed.liquid");
  const js = read("apruvd-theme", "assets", "apruvd-dropin.js");
  const schema = JSON.parse(/{% schema %}([\s\S]*?){% endschema %}/.exec(liquid)![1]) as {
    name: string;
    target: string;
    settings: Array<{ id: string; label: string; info?: string }>;
  };

  it("is an app embed whose translated strings exist", () => {
    expect(topLevel(read("apruvd-theme", "shopify.extension.toml"), "type")).toBe("theme");
    expect(schema.target).toBe("body");
    expect(schema.settings.map((s) => s.id)).toEqual(["page_id"]);
    for (const locale of ["en.default.schema.json", "fr.schema.json"]) {
      const keys = new Set(flatKeys(JSON.parse(read("apruvd-theme", "locales", locale))));
      for (const ref of [schema.name, ...schema.settings.flatMap((s) => [s.label, s.info ?? ""])].filter((r) =>
        r.startsWith("t:"),
      )) {
        expect(keys.has(ref.slice(2)), `${locale}: ${ref}`).toBe(true);
      }
    }
  });

  it("asks the app proxy for the session id and writes the attribute the review mapping reads", () => {
    expect(liquid).toContain("/apps/apruvd/session");
    expect(fs.existsSync(path.resolve("app/routes/proxy.session.tsx"))).toBe(true);
    expect(liquid).toContain(`cart.attributes.${SESSION_ID_ATTRIBUTE}`);
    expect(DEFAULT_SESSION_ID_ATTRIBUTE_KEYS).toContain(SESSION_ID_ATTRIBUTE);
    expect(js).toContain('"_apruvd_session_id"');
    expect(js).toContain("cart/update.js");
    expect(liquid).toMatch(/<noscript>[\s\S]*format=noscript[\s\S]*<\/noscript>/);
    // The storefront never gets a secret: only the proxy's answer is used.
    expect(liquid + js).not.toMatch(/SHOPIFY_API_SECRET|hmac_sha256|api_secret|APRUVD_ENCRYPTION_KEY/i);
  });
});
