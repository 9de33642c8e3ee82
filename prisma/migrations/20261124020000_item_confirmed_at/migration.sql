-- AlterTable
ALTER TABLE "FeedbackItem" ADD COLUMN "confirmedAt" DATETIME;

-- Items stored before this migration were confirmed (or needed no confirmation) when they were filed.
UPDATE "FeedbackItem" SET "confirmedAt" = "updatedAt";

-- CreateIndex
CREATE INDEX "FeedbackItem_status_confirmedAt_idx" ON "FeedbackItem"("status", "confirmedAt");
