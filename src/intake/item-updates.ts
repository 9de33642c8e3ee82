// What happens to a stored item after it was filed: the Slack message was
// edited (new text, re-triaged), deleted (its text removed), or answered in
// its thread (context); and items whose processing failed are retried from
// the database. Everything runs in the pipeline's queue, in order with filing.
import type { Logger } from '../log.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { TriageResult } from '../triage/types.js';
import type { ChannelType } from './channel-type.js';
import { contentHash } from './item-rows.js';
import type { IntakePipeline } from './pipeline.js';
import type { ClusterAssigner, Triager } from './types.js';
import type { AwaitingText, IntakeSource, OwedConfirmation } from './types.js';

export interface ContextReply {
  /** Intake key of the reply itself: the same reply delivered twice is kept once. */
  intakeKey: string;
  /** Slack ts of the reply. */
  ts: string;
  text: string;
  authorId?: string | undefined;
  at: Date;
}

export interface RetryResult {
  retried: number;
  recovered: number;
  stillFailing: number;
}

export class ItemUpdates {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pipeline: IntakePipeline,
    private readonly triager: Triager,
    private readonly clusters: ClusterAssigner,
    private readonly log: Logger,
  ) {}

  /** New text for the item of `intakeKey` (redacted, re-tagged; human labels stay). False when no such item. */
  edit(intakeKey: string, text: string, at: Date): Promise<boolean> {
    return this.pipeline.exclusive(async () => {
      const item = await this.prisma.feedbackItem.findUnique({ where: { intakeKey }, select: { id: true, status: true } });
      if (!item || item.status === 'deleted') return false;
      if (item.status === 'pending' || item.status === 'awaiting_text') {
        // Not processed yet (its capture is still under way): it is filed with the new text, cluster included.
        await this.pipeline.completeNow(item.id, { text, replaceText: true });
        return true;
      }
      let triage: TriageResult;
      let failed: string | undefined;
      try {
        triage = this.triager.triage(text);
      } catch (error) {
        failed = error instanceof Error ? error.message : String(error);
        triage = { ...this.triager.redactOnly(text), tags: [], flags: [], unclassified: true, concepts: [], folded: '', tokens: [] };
      }
      await this.prisma.$transaction(async (tx) => {
        await tx.tagAssignment.deleteMany({ where: { itemId: item.id, origin: { not: 'human' } } });
        await tx.mustDoFlag.deleteMany({ where: { itemId: item.id } });
        const human = await tx.tagAssignment.count({ where: { itemId: item.id } });
        await tx.feedbackItem.update({
          where: { id: item.id },
          data: {
            text: triage.redacted,
            redactions: JSON.stringify(triage.redactions),
            contentHash: contentHash(triage.folded || triage.redacted),
            language: triage.script,
            unclassified: human === 0 && triage.unclassified,
            status: failed ? 'failed' : 'triaged',
            lastError: failed ?? null,
            updatedAt: at,
          },
        });
        const tags = tagRows(item.id, triage, at);
        if (tags.length > 0) await tx.tagAssignment.createMany({ data: tags });
        const flags = flagRows(item.id, triage, at);
        if (flags.length > 0) await tx.mustDoFlag.createMany({ data: flags });
      });
      return true;
    });
  }

  /** The Slack message was deleted: its text (and thread context) is removed; the item stays as a count. */
  erase(intakeKey: string, at: Date): Promise<boolean> {
    return this.pipeline.exclusive(async () => {
      const item = await this.prisma.feedbackItem.findUnique({ where: { intakeKey }, select: { id: true } });
      if (!item) return false;
      await this.prisma.$transaction(async (tx) => {
        await tx.feedbackReply.deleteMany({ where: { itemId: item.id } });
        await tx.feedbackItem.update({ where: { id: item.id }, data: { text: '', redactions: '{}', status: 'deleted', lastError: null, updatedAt: at } });
      });
      return true;
    });
  }

  /** A thread reply under the item of `parentKey`, stored redacted. False when there is no such item. */
  addContext(parentKey: string, reply: ContextReply): Promise<boolean> {
    return this.pipeline.exclusive(async () => {
      const item = await this.prisma.feedbackItem.findUnique({ where: { intakeKey: parentKey }, select: { id: true, status: true } });
      if (!item || item.status === 'deleted') return false;
      const redacted = this.triager.redactOnly(reply.text).redacted;
      await this.prisma.feedbackReply.upsert({
        where: { itemId_slackTs: { itemId: item.id, slackTs: reply.ts } },
        create: { itemId: item.id, slackTs: reply.ts, authorId: reply.authorId ?? null, text: redacted, createdAt: reply.at },
        update: { text: redacted },
      });
      return true;
    });
  }

  /** A written-ahead item still `pending` after this long is taken as orphaned by a crash and completed by the retry. */
  pendingGraceMs = 5_000;
  private owedHandler: ((owed: OwedConfirmation[]) => Promise<void>) | undefined;
  private awaitingHandler: ((waiting: AwaitingText[]) => Promise<void>) | undefined;

  /** Who confirms items whose confirmation is still owed (the Slack app); called after each retry pass. */
  onOwed(handler: (owed: OwedConfirmation[]) => Promise<void>): void {
    this.owedHandler = handler;
  }

  /** Who reads the text of items written ahead without it (the Slack app); called in each retry pass. */
  onAwaitingText(handler: (waiting: AwaitingText[]) => Promise<void>): void {
    this.awaitingHandler = handler;
  }

  /**
   * Items still `awaiting_text` after the grace period (the app stopped before
   * it read their message), at most `limit` (each is a Slack read). A row
   * whose reads failed waits longer each time: the grace period doubled per
   * failure, up to about 20 minutes.
   */
  async awaitingText(limit = 20): Promise<AwaitingText[]> {
    const now = Date.now();
    const rows = await this.prisma.feedbackItem.findMany({
      where: { status: 'awaiting_text', updatedAt: { lt: new Date(now - this.pendingGraceMs) } },
      orderBy: { updatedAt: 'asc' },
      take: 500,
    });
    const due = rows.filter((row) => row.updatedAt.getTime() <= now - this.pendingGraceMs * 2 ** Math.min(row.attempts, 8)).slice(0, limit);
    return due.flatMap((row) =>
      row.slackChannelId && row.slackMessageTs
        ? [{
            accepted: { itemId: row.id, intakeKey: row.intakeKey, created: true },
            source: row.source as IntakeSource,
            reporterId: row.reporterId ?? undefined,
            teamId: row.slackTeamId ?? undefined,
            channelId: row.slackChannelId,
            messageTs: row.slackMessageTs,
            attempts: row.attempts,
          }]
        : [],
    );
  }

  /** Reading an awaiting item's message failed: counted and shown (`items --failed`); the next pass tries again. */
  async awaitingFailed(itemId: number, reason: string): Promise<void> {
    await this.prisma.feedbackItem.updateMany({
      where: { id: itemId, status: 'awaiting_text' },
      data: { attempts: { increment: 1 }, lastError: reason, updatedAt: new Date() },
    });
  }

  /**
   * Completes items stored as failed, and written-ahead items left `pending`
   * (the app stopped between its ack and their processing): triage and
   * clustering on the stored, already redacted text. Then hands the
   * confirmations still owed to the onOwed handler.
   */
  async retryFailed(limit = 200): Promise<RetryResult> {
    const processed: number[] = [];
    const result = await this.pipeline.exclusive(async () => {
      const cutoff = new Date(Date.now() - this.pendingGraceMs);
      const rows = await this.prisma.feedbackItem.findMany({
        where: { OR: [{ status: 'failed' }, { status: 'pending', updatedAt: { lt: cutoff } }] },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true, status: true, attempts: true },
      });
      const result: RetryResult = { retried: rows.length, recovered: 0, stillFailing: 0 };
      for (const row of rows) {
        let outcome;
        try {
          outcome = await this.pipeline.completeNow(row.id);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.log.error({ itemId: row.id, err: message }, 'retrying an item failed');
          result.stillFailing += 1;
          continue;
        }
        if (outcome) processed.push(row.id);
        if (outcome?.status === 'triaged') {
          result.recovered += 1;
          this.log.info({ itemId: row.id, was: row.status, attempts: row.attempts + 1 }, row.status === 'pending' ? 'an item left pending by a stop was processed' : 'a failed item was processed on retry');
        } else if (outcome) {
          result.stillFailing += 1;
          this.log.error({ itemId: row.id, attempts: row.attempts + 1 }, 'retrying an item failed again');
        }
      }
      return result;
    });
    if (this.awaitingHandler) {
      const waiting = await this.awaitingText();
      if (waiting.length > 0) await this.awaitingHandler(waiting);
    }
    if (this.owedHandler) {
      const owed = await this.owed(limit, processed);
      if (owed.length > 0) await this.owedHandler(owed);
    }
    return result;
  }

  /**
   * Processed items (triaged or failed) from Slack whose reporter was never
   * confirmed: those this retry pass just processed, and any left unconfirmed
   * for longer than the grace period (the live path confirms within it).
   */
  async owed(limit = 200, justProcessed: readonly number[] = []): Promise<OwedConfirmation[]> {
    const rows = await this.prisma.feedbackItem.findMany({
      where: {
        status: { in: ['triaged', 'failed'] },
        confirmedAt: null,
        reporterId: { not: null },
        source: { in: [...SLACK_SOURCES] },
        OR: [{ id: { in: [...justProcessed] } }, { updatedAt: { lt: new Date(Date.now() - this.pendingGraceMs) } }],
      },
      orderBy: { id: 'asc' },
      take: limit,
    });
    const owed: OwedConfirmation[] = [];
    for (const row of rows) {
      owed.push({
        outcome: { ...(await this.pipeline.outcomeOf(row.intakeKey)), created: true },
        source: row.source as IntakeSource,
        reporterId: row.reporterId!,
        channelId: row.slackChannelId ?? undefined,
        messageTs: row.slackMessageTs ?? undefined,
        permalink: row.permalink ?? undefined,
      });
    }
    return owed;
  }

  /** True for the one caller that may send the item's confirmation (an atomic claim). */
  async claimConfirmation(itemId: number): Promise<boolean> {
    const claimed = await this.prisma.feedbackItem.updateMany({ where: { id: itemId, confirmedAt: null }, data: { confirmedAt: new Date() } });
    return claimed.count === 1;
  }

  /** A send failed: the confirmation is owed again. */
  async releaseConfirmation(itemId: number): Promise<void> {
    await this.prisma.feedbackItem.updateMany({ where: { id: itemId }, data: { confirmedAt: null } });
  }
}

/** Sources whose reporter is confirmed in Slack. */
const SLACK_SOURCES: readonly IntakeSource[] = ['slash_command', 'modal', 'shortcut', 'watched_channel', 'reaction', 'dm', 'mention'];

function tagRows(itemId: number, triage: TriageResult, now: Date) {
  return triage.tags.map((tag) => ({ itemId, kind: tag.kind, label: tag.label, confidence: tag.confidence, matched: JSON.stringify(tag.reasons), origin: tag.origin, createdAt: now }));
}

function flagRows(itemId: number, triage: TriageResult, now: Date) {
  return triage.flags.map((f) => ({ itemId, flag: f.flag, reasons: JSON.stringify(f.reasons), createdAt: now }));
}
