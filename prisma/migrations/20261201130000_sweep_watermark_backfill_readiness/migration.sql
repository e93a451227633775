-- The sweep's watermark and the backfill at install (ShopSettings), the readiness probe.
ALTER TABLE "ShopSettings" ADD COLUMN "sweptThrough" DATETIME;
ALTER TABLE "ShopSettings" ADD COLUMN "backfillFrom" DATETIME;
ALTER TABLE "ShopSettings" ADD COLUMN "backfillUntil" DATETIME;
ALTER TABLE "ShopSettings" ADD COLUMN "backfillPosition" DATETIME;
ALTER TABLE "ShopSettings" ADD COLUMN "backfillQueued" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ShopSettings" ADD COLUMN "backfillListedAt" DATETIME;

-- CreateTable
CREATE TABLE "ReadinessProbe" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "writtenAt" DATETIME NOT NULL
);
