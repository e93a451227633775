-- A submission is recorded before it is sent (app/lib/review/submission.server.ts).
ALTER TABLE "Review" ADD COLUMN "submitAttemptId" TEXT;
ALTER TABLE "Review" ADD COLUMN "submitAttemptAt" DATETIME;
ALTER TABLE "Review" ADD COLUMN "submitOrderNum" TEXT;
ALTER TABLE "Review" ADD COLUMN "submitCheckedAt" DATETIME;
