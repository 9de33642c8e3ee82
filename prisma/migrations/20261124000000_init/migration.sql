-- CreateTable
CREATE TABLE "FeedbackItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "intakeKey" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "slackTeamId" TEXT,
    "slackChannelId" TEXT,
    "slackMessageTs" TEXT,
    "slackThreadTs" TEXT,
    "permalink" TEXT,
    "reporterId" TEXT,
    "authorId" TEXT,
    "branch" TEXT,
    "region" TEXT,
    "channelType" TEXT NOT NULL DEFAULT 'other',
    "customerImpact" TEXT,
    "text" TEXT NOT NULL,
    "redactions" TEXT NOT NULL DEFAULT '{}',
    "contentHash" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'unknown',
    "receivedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "unclassified" BOOLEAN NOT NULL DEFAULT false,
    "clusterId" INTEGER,
    CONSTRAINT "FeedbackItem_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FeedbackReply" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "slackTs" TEXT NOT NULL,
    "authorId" TEXT,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FeedbackReply_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "FeedbackItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TagAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "confidence" REAL NOT NULL,
    "matched" TEXT NOT NULL DEFAULT '[]',
    "origin" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TagAssignment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "FeedbackItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MustDoFlag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "flag" TEXT NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MustDoFlag_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "FeedbackItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cluster" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "keywords" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'open',
    "mergedIntoId" INTEGER,
    "product" TEXT,
    "issue" TEXT,
    "language" TEXT NOT NULL DEFAULT 'unknown',
    "representativeItemId" INTEGER,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "firstSeen" DATETIME NOT NULL,
    "lastSeen" DATETIME NOT NULL,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "dismissedReason" TEXT,
    "dismissedVolume" INTEGER,
    "dismissedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Cluster_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Cluster" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClusterMergeRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" INTEGER NOT NULL,
    "targetId" INTEGER NOT NULL,
    "itemIds" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" DATETIME,
    CONSTRAINT "ClusterMergeRecord_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClusterMergeRecord_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BacklogItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "priority" TEXT NOT NULL DEFAULT 'medium',
    "owner" TEXT,
    "product" TEXT,
    "status" TEXT NOT NULL DEFAULT 'new',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BacklogLink" (
    "backlogItemId" INTEGER NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "linkedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("backlogItemId", "clusterId"),
    CONSTRAINT "BacklogLink_backlogItemId_fkey" FOREIGN KEY ("backlogItemId") REFERENCES "BacklogItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BacklogLink_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channelId" TEXT NOT NULL,
    "products" TEXT NOT NULL DEFAULT '[]',
    "language" TEXT NOT NULL DEFAULT 'en',
    "createdBy" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DigestPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "week" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "messageTs" TEXT,
    "messageTsList" TEXT NOT NULL DEFAULT '[]',
    "postedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SlackEvent" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "role" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WatchedChannel" (
    "channelId" TEXT NOT NULL PRIMARY KEY,
    "addedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "NotificationMute" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LoopNotification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "backlogItemId" INTEGER NOT NULL,
    "change" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "event" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "allowed" BOOLEAN NOT NULL DEFAULT true,
    "detail" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackItem_intakeKey_key" ON "FeedbackItem"("intakeKey");

-- CreateIndex
CREATE INDEX "FeedbackItem_receivedAt_idx" ON "FeedbackItem"("receivedAt");

-- CreateIndex
CREATE INDEX "FeedbackItem_clusterId_receivedAt_idx" ON "FeedbackItem"("clusterId", "receivedAt");

-- CreateIndex
CREATE INDEX "FeedbackItem_status_idx" ON "FeedbackItem"("status");

-- CreateIndex
CREATE INDEX "FeedbackItem_reporterId_receivedAt_idx" ON "FeedbackItem"("reporterId", "receivedAt");

-- CreateIndex
CREATE INDEX "FeedbackItem_slackChannelId_slackMessageTs_idx" ON "FeedbackItem"("slackChannelId", "slackMessageTs");

-- CreateIndex
CREATE INDEX "FeedbackItem_contentHash_idx" ON "FeedbackItem"("contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackReply_itemId_slackTs_key" ON "FeedbackReply"("itemId", "slackTs");

-- CreateIndex
CREATE INDEX "TagAssignment_kind_label_idx" ON "TagAssignment"("kind", "label");

-- CreateIndex
CREATE UNIQUE INDEX "TagAssignment_itemId_kind_label_origin_key" ON "TagAssignment"("itemId", "kind", "label", "origin");

-- CreateIndex
CREATE INDEX "MustDoFlag_flag_idx" ON "MustDoFlag"("flag");

-- CreateIndex
CREATE UNIQUE INDEX "MustDoFlag_itemId_flag_key" ON "MustDoFlag"("itemId", "flag");

-- CreateIndex
CREATE INDEX "Cluster_status_lastSeen_idx" ON "Cluster"("status", "lastSeen");

-- CreateIndex
CREATE INDEX "Cluster_mergedIntoId_idx" ON "Cluster"("mergedIntoId");

-- CreateIndex
CREATE INDEX "ClusterMergeRecord_sourceId_idx" ON "ClusterMergeRecord"("sourceId");

-- CreateIndex
CREATE INDEX "ClusterMergeRecord_targetId_idx" ON "ClusterMergeRecord"("targetId");

-- CreateIndex
CREATE INDEX "BacklogItem_status_idx" ON "BacklogItem"("status");

-- CreateIndex
CREATE INDEX "BacklogLink_clusterId_idx" ON "BacklogLink"("clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "DigestSubscription_channelId_key" ON "DigestSubscription"("channelId");

-- CreateIndex
CREATE UNIQUE INDEX "DigestPost_idempotencyKey_key" ON "DigestPost"("idempotencyKey");

-- CreateIndex
CREATE INDEX "DigestPost_week_idx" ON "DigestPost"("week");

-- CreateIndex
CREATE INDEX "SlackEvent_receivedAt_idx" ON "SlackEvent"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoopNotification_backlogItemId_change_reporterId_key" ON "LoopNotification"("backlogItemId", "change", "reporterId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_deliveredAt_nextAttemptAt_idx" ON "WebhookDelivery"("deliveredAt", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- The audit log is append-only: refuse edits and deletions at the database.
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
BEGIN
    SELECT RAISE(ABORT, 'AuditLog is append-only');
END;

CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog"
BEGIN
    SELECT RAISE(ABORT, 'AuditLog is append-only');
END;
