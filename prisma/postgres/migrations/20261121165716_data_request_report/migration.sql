-- CreateTable
CREATE TABLE "DataRequestReport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "dataRequestId" TEXT,
    "customerId" TEXT,
    "report" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequestReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataRequestReport_shop_createdAt_idx" ON "DataRequestReport"("shop", "createdAt");
