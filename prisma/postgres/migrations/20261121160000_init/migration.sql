-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "emailVerified" BOOLEAN,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL,
    "callbackKey" TEXT NOT NULL,
    "callbackUsername" TEXT NOT NULL,
    "callbackPasswordEnc" TEXT NOT NULL,
    "apruvdKeyIdEnc" TEXT,
    "apruvdSecretEnc" TEXT,
    "credentialsVerifiedAt" TIMESTAMP(3),
    "callbacksRegisteredAt" TIMESTAMP(3),
    "autoSubmit" BOOLEAN NOT NULL DEFAULT true,
    "holdWhileReviewing" BOOLEAN NOT NULL DEFAULT true,
    "releaseHoldOnApproval" BOOLEAN NOT NULL DEFAULT true,
    "tagOrders" BOOLEAN NOT NULL DEFAULT true,
    "tagReviewing" TEXT NOT NULL DEFAULT 'apruvd-reviewing',
    "tagApproved" TEXT NOT NULL DEFAULT 'apruvd-approved',
    "tagDeclined" TEXT NOT NULL DEFAULT 'apruvd-declined',
    "tagCancelled" TEXT NOT NULL DEFAULT 'apruvd-cancelled',
    "riskAssessments" BOOLEAN NOT NULL DEFAULT true,
    "orderNumberSource" TEXT NOT NULL DEFAULT 'name',
    "reviewMode" TEXT NOT NULL DEFAULT 'review_all',
    "highRiskProductTag" TEXT,
    "exclusionRules" TEXT NOT NULL DEFAULT '{}',
    "cancelDeclined" BOOLEAN NOT NULL DEFAULT false,
    "cancelRestock" BOOLEAN NOT NULL DEFAULT true,
    "cancelRefund" BOOLEAN NOT NULL DEFAULT false,
    "cancelNotifyCustomer" BOOLEAN NOT NULL DEFAULT false,
    "applyCorrectedEmail" BOOLEAN NOT NULL DEFAULT false,
    "servicePlan" TEXT,
    "enforceUniqueOrderNum" BOOLEAN,
    "jsUrl" TEXT,
    "uninstalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "orderKey" TEXT,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lockedBy" TEXT,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "orderNum" TEXT,
    "transactionId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "apruvdCancelledAt" TIMESTAMP(3),
    "round" INTEGER NOT NULL DEFAULT 0,
    "writtenBackStatus" TEXT,
    "fingerprint" TEXT,
    "sentFieldHashes" TEXT,
    "riskGrade" TEXT,
    "errorMessage" TEXT,
    "notes" TEXT,
    "total" TEXT,
    "currency" TEXT,
    "submittedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewEvent" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FulfillmentHold" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "fulfillmentOrderId" TEXT NOT NULL,
    "holdId" TEXT NOT NULL,
    "placedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),

    CONSTRAINT "FulfillmentHold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "ShopSettings_callbackKey_key" ON "ShopSettings"("callbackKey");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_dedupeKey_key" ON "InboxEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "InboxEvent_status_runAt_idx" ON "InboxEvent"("status", "runAt");

-- CreateIndex
CREATE INDEX "InboxEvent_shop_orderKey_status_idx" ON "InboxEvent"("shop", "orderKey", "status");

-- CreateIndex
CREATE INDEX "Review_shop_transactionId_idx" ON "Review"("shop", "transactionId");

-- CreateIndex
CREATE INDEX "Review_shop_status_createdAt_idx" ON "Review"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Review_shop_createdAt_idx" ON "Review"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_shop_orderId_key" ON "Review"("shop", "orderId");

-- CreateIndex
CREATE INDEX "ReviewEvent_reviewId_createdAt_idx" ON "ReviewEvent"("reviewId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FulfillmentHold_holdId_key" ON "FulfillmentHold"("holdId");

-- CreateIndex
CREATE INDEX "FulfillmentHold_reviewId_idx" ON "FulfillmentHold"("reviewId");

-- AddForeignKey
ALTER TABLE "ReviewEvent" ADD CONSTRAINT "ReviewEvent_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FulfillmentHold" ADD CONSTRAINT "FulfillmentHold_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

