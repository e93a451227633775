import type { PrismaClient } from "@prisma/client";
import { ensureShopSettings } from "./shop-settings.server";
import { type ParseResult, parseSettingsForm } from "./settings-form";

/**
 * Validates a submitted settings form and, only when every field is valid, writes all
 * of it in one `update` — a half-saved settings page is impossible.
 */
export async function saveShopSettings(
  prisma: PrismaClient,
  shop: string,
  source: FormData | URLSearchParams | Record<string, unknown>,
): Promise<ParseResult> {
  const parsed = parseSettingsForm(source);
  if (!parsed.ok) return parsed;
  await ensureShopSettings(prisma, shop);
  await prisma.shopSettings.update({ where: { shop }, data: parsed.update });
  return parsed;
}
