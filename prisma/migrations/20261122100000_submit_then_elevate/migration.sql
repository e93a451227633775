-- "Submit then elevate": elevation rules, what becomes of orders left Submitted, and
-- the rules that fired on each review.
ALTER TABLE "ShopSettings" ADD COLUMN "elevationRules" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "ShopSettings" ADD COLUMN "submittedOrders" TEXT NOT NULL DEFAULT 'keep';
ALTER TABLE "ShopSettings" ADD COLUMN "tagNotReviewed" TEXT NOT NULL DEFAULT 'apruvd-not-reviewed';
ALTER TABLE "ShopSettings" ADD COLUMN "apruvdReviewsAllSince" DATETIME;
ALTER TABLE "Review" ADD COLUMN "elevationReasons" TEXT;
