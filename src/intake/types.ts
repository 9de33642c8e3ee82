// What every intake surface hands to the pipeline, and what it gets back.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { TriageResult } from '../triage/types.js';
import type { ChannelType } from './channel-type.js';

export type IntakeSource =
  | 'slash_command'
  | 'modal'
  | 'shortcut'
  | 'watched_channel'
  | 'reaction'
  | 'dm'
  | 'mention'
  | 'import'
  | 'demo';

export interface SlackOrigin {
  teamId?: string | undefined;
  channelId?: string | undefined;
  messageTs?: string | undefined;
  threadTs?: string | undefined;
  permalink?: string | undefined;
}

export interface IntakeRequest {
  /** Idempotency key: the same key filed twice is one item. See intakeKeys. */
  intakeKey: string;
  source: IntakeSource;
  /** The text as the user wrote it; redacted before it is stored. */
  text: string;
  receivedAt: Date;
  reporterId?: string | undefined;
  authorId?: string | undefined;
  branch?: string | undefined;
  region?: string | undefined;
  channelType?: ChannelType | undefined;
  customerImpact?: string | undefined;
  /** A product the reporter chose: stored as a human tag. */
  product?: string | undefined;
  slack?: SlackOrigin | undefined;
}

export interface ClusterSummary {
  id: number;
  title: string;
  /** Items in the cluster this ISO week (UTC), including this one. */
  weekItems: number;
  /** Distinct branches among them. */
  weekBranches: number;
  totalItems: number;
}

export interface IntakeOutcome {
  itemId: number;
  /** False when the intake key was already stored (a retry or a second capture). */
  created: boolean;
  /** 'triaged', or 'failed' when it was stored and waits for a retry. */
  status: 'triaged' | 'failed';
  triage: TriageResult;
  cluster: ClusterSummary | null;
}

/** An item written ahead (stored redacted as `pending`) before its surface acknowledged. */
export interface AcceptedItem {
  itemId: number;
  intakeKey: string;
  /** False when the key was already stored (a Slack retry, a second capture of the same message). */
  created: boolean;
}

/** An item whose reporter was never told it was filed (the app stopped in between): confirm it now. */
export interface OwedConfirmation {
  outcome: IntakeOutcome;
  source: IntakeSource;
  reporterId: string;
  channelId?: string | undefined;
  messageTs?: string | undefined;
  permalink?: string | undefined;
}

/** An item written ahead without its text (a reaction's message), which the app stopped before reading. */
export interface AwaitingText {
  accepted: AcceptedItem;
  source: IntakeSource;
  reporterId?: string | undefined;
  teamId?: string | undefined;
  channelId: string;
  messageTs: string;
  /** Failed reads so far. */
  attempts: number;
}

/**
 * Durable intake for surfaces that acknowledge before working: accept() before
 * the ack (one small INSERT of the redacted item as `pending`), complete() after
 * it. A crash in between leaves a `pending` row that the periodic retry
 * completes, and its confirmation is then owed (onOwed). A confirmation is sent
 * by whoever claims it first, so never twice.
 */
export interface DurableIntake {
  /** `awaitingText`: stored without text, which complete() brings (see IntakePipeline.accept). */
  accept(request: IntakeRequest, options?: { awaitingText?: boolean }): Promise<AcceptedItem>;
  /** Triage, cluster and store in one transaction; `text` is the raw text still in memory. */
  complete(accepted: AcceptedItem, live: { text: string; permalink?: string | undefined; authorId?: string | undefined }): Promise<IntakeOutcome>;
  /** Removes a written-ahead item that turned out not to be filed (a refused channel). */
  discard(accepted: AcceptedItem): Promise<void>;
  /** True for the one caller that may send the item's confirmation. */
  claimConfirmation(itemId: number): Promise<boolean>;
  /** After a failed send: the confirmation is owed again. */
  releaseConfirmation(itemId: number): Promise<void>;
  /** Called after each retry pass with the confirmations still owed. */
  onOwed(handler: (owed: OwedConfirmation[]) => Promise<void>): void;
  /** Called in each retry pass with items whose text was never read (the app stopped first). */
  onAwaitingText(handler: (waiting: AwaitingText[]) => Promise<void>): void;
  /** Removes an item still awaiting its text (its message is gone or refused); false when another capture filled it. */
  discardAwaiting(accepted: AcceptedItem): Promise<boolean>;
  /** Reading an awaiting item's text failed: kept, counted and shown as failed. */
  awaitingFailed(itemId: number, reason: string): Promise<void>;
}

/** Intake keys: the same Slack message captured by any surface is one item. */
export const intakeKeys = {
  slackMessage: (teamId: string | undefined, channelId: string, ts: string) => `slack:${teamId ?? '-'}:${channelId}:${ts}`,
  /** A text typed straight into Frontline (slash command, modal): one per Slack trigger. */
  slackTrigger: (triggerOrEventId: string) => `slack-trigger:${triggerOrEventId}`,
  imported: (id: string) => `import:${id}`,
};

/** The pure core as the pipeline sees it. */
export interface Triager {
  triage(text: string): TriageResult;
  /** Redaction alone, for the rare item whose triage throws: it is stored redacted and retried. */
  redactOnly(text: string): Pick<TriageResult, 'redacted' | 'redactions' | 'script'>;
}

export interface ClusterInput {
  itemId: number;
  triage: TriageResult;
  request: IntakeRequest;
}

/** Cluster assignment, in memory first, then written in the item's transaction. */
export interface ClusterAssigner {
  /** Places items in clusters (mutates the in-memory index); returns item id → cluster id. */
  assign(items: ClusterInput[]): Map<number, number>;
  /** Called when the transaction after `assign` failed: the index must not keep those items. */
  forget(itemIds: number[]): void;
  /** Reloads the index from the database if a failed write left it out of step. */
  reloadIfStale(prisma: PrismaClient): Promise<void>;
  /**
   * Writes the touched clusters' rows (create or update) inside the transaction;
   * with `deferExisting`, rows that exist are refreshed later (bulk imports).
   */
  persist(tx: Tx, clusterIds: Iterable<number>, now: Date, deferExisting?: boolean): Promise<void>;
  /** Counts shown to the reporter. */
  summary(prisma: Tx, clusterId: number, now: Date): Promise<ClusterSummary | null>;
}

export type Tx = Prisma.TransactionClient;
