-- First run: when the storefront embed and the order block were last seen (ShopSettings).
ALTER TABLE "ShopSettings" ADD COLUMN "storefrontEmbedSeenAt" TIMESTAMP(3);
ALTER TABLE "ShopSettings" ADD COLUMN "orderBlockSeenAt" TIMESTAMP(3);
