import { describe, expect, it } from "vitest";
import { shopDomainOf } from "./shop-domain";

describe("shopDomainOf", () => {
  it.each([
    ["demo-store.myshopify.com", "demo-store.myshopify.com"],
    [" Demo-Store.MyShopify.com ", "demo-store.myshopify.com"],
    [`${"a".repeat(63)}.myshopify.com`, `${"a".repeat(63)}.myshopify.com`],
  ])("%j is the shop %j", (value, shop) => {
    expect(shopDomainOf(value)).toBe(shop);
  });

  it.each([
    ["a label over 63 characters", `${"a".repeat(64)}.myshopify.com`],
    ["over 255 characters", `${"a.".repeat(130)}myshopify.com`],
    ["300 characters", `${"a".repeat(286)}.myshopify.com`],
    ["another domain", "shop.example.com"],
    ["a subdomain of a shop", "x.demo.myshopify.com"],
    ["a path", "demo.myshopify.com/admin"],
    ["empty", ""],
    ["not text", 42],
  ])("%s is not a shop", (_label, value) => {
    expect(shopDomainOf(value)).toBeNull();
  });

  it("takes subdomains of the configured custom domain, and only those", () => {
    expect(shopDomainOf("shop1.shops.example.com", "shops.example.com")).toBe("shop1.shops.example.com");
    expect(shopDomainOf("shop1.shopsXexample.com", "shops.example.com")).toBeNull();
  });
});
