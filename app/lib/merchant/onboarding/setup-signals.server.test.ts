import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { ensureShopSettings } from "../settings/shop-settings.server";
import { setupProgress } from "./setup-progress";
import { recordSetupSignal, setupStatus, storefrontEmbedDeepLink } from "./setup-signals.server";

const SHOP = "setup-signals.myshopify.com";

beforeEach(async () => {
  await prisma.shopSettings.deleteMany({ where: { shop: SHOP } });
  await ensureShopSettings(prisma, SHOP);
});

describe("first-run progress", () => {
  it("starts at 0% and counts only steps the merchant has done", () => {
    expect(setupProgress({ connected: false, embedSeen: false, blockSeen: false })).toEqual({
      done: 0,
      total: 3,
      percent: 0,
    });
    expect(setupProgress({ connected: true, embedSeen: false, blockSeen: false }).percent).toBe(33);
    expect(setupProgress({ connected: true, embedSeen: true, blockSeen: true }).percent).toBe(100);
  });

  it("links to the theme editor with the app embed switched on", () => {
    expect(storefrontEmbedDeepLink("demo.myshopify.com", "abc123")).toBe(
      "https://demo.myshopify.com/admin/themes/current/editor?context=apps&template=index&activateAppId=abc123/apruvd-embed",
    );
  });
});

describe("setup signals", () => {
  it("marks the embed and the block as seen, at most once an hour", async () => {
    expect(await setupStatus(prisma, SHOP)).toEqual({ storefrontEmbedSeenAt: null, orderBlockSeenAt: null });
    const first = new Date("2026-12-01T10:00:00Z");
    await recordSetupSignal(prisma, SHOP, "storefrontEmbed", first);
    await recordSetupSignal(prisma, SHOP, "storefrontEmbed", new Date("2026-12-01T10:30:00Z"));
    expect(await setupStatus(prisma, SHOP)).toEqual({
      storefrontEmbedSeenAt: first.toISOString(),
      orderBlockSeenAt: null,
    });
    const later = new Date("2026-12-01T11:30:00Z");
    await recordSetupSignal(prisma, SHOP, "storefrontEmbed", later);
    await recordSetupSignal(prisma, SHOP, "orderBlock", later);
    expect(await setupStatus(prisma, SHOP)).toEqual({
      storefrontEmbedSeenAt: later.toISOString(),
      orderBlockSeenAt: later.toISOString(),
    });
  });
});
