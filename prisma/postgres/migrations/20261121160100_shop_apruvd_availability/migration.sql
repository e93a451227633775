-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "apruvdLastError" TEXT,
ADD COLUMN     "apruvdUnavailableSince" TIMESTAMP(3);
