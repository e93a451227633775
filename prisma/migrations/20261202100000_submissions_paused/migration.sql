-- Submissions paused while Apruvd refuses the shop's API keys (ShopSettings).
ALTER TABLE "ShopSettings" ADD COLUMN "apruvdKeysRefusedAt" DATETIME;
ALTER TABLE "ShopSettings" ADD COLUMN "apruvdKeysRefusedMessage" TEXT;
ALTER TABLE "ShopSettings" ADD COLUMN "apruvdKeysProbedAt" DATETIME;
