-- AlterTable
ALTER TABLE "FeedbackItem" ADD COLUMN "clusterLocked" BOOLEAN NOT NULL DEFAULT false;
