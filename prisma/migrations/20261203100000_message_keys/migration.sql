-- History lines and review errors as i18n keys with parameters, shown in the merchant's
-- language (app/lib/merchant/i18n/history-lines.ts). Rows written before keep their English text.
ALTER TABLE "ReviewEvent" ADD COLUMN "messageKey" TEXT;
ALTER TABLE "ReviewEvent" ADD COLUMN "messageParams" TEXT;
ALTER TABLE "Review" ADD COLUMN "errorKey" TEXT;
ALTER TABLE "Review" ADD COLUMN "errorParams" TEXT;
