-- The sweep's watermark and the backfill at install (ShopSettings), the readiness probe.
ALTER TABLE "ShopSettings" ADD COLUMN     "sweptThrough" TIMESTAMP(3),
ADD COLUMN     "backfillFrom" TIMESTAMP(3),
ADD COLUMN     "backfillUntil" TIMESTAMP(3),
ADD COLUMN     "backfillPosition" TIMESTAMP(3),
ADD COLUMN     "backfillQueued" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "backfillListedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ReadinessProbe" (
    "id" TEXT NOT NULL,
    "writtenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReadinessProbe_pkey" PRIMARY KEY ("id")
);
