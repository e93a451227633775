-- "Submit then elevate": elevation rules, what becomes of orders left Submitted, and
-- the rules that fired on each review.
ALTER TABLE "ShopSettings" ADD COLUMN "elevationRules" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN "submittedOrders" TEXT NOT NULL DEFAULT 'keep',
ADD COLUMN "tagNotReviewed" TEXT NOT NULL DEFAULT 'apruvd-not-reviewed',
ADD COLUMN "apruvdReviewsAllSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Review" ADD COLUMN "elevationReasons" TEXT;
