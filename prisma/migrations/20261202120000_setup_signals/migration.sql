-- First run: when the storefront embed and the order block were last seen (ShopSettings).
ALTER TABLE "ShopSettings" ADD COLUMN "storefrontEmbedSeenAt" DATETIME;
ALTER TABLE "ShopSettings" ADD COLUMN "orderBlockSeenAt" DATETIME;
