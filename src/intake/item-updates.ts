// What happens to a stored item after it was filed: the Slack message was
// edited (new text, re-triaged), deleted (its text removed), or answered in
// its thread (context); and items whose processing failed are retried from
// the database. Everything runs in the pipeline's queue, in order with filing.
import type { Logger } from '../log.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { TriageResult } from '../triage/types.js';
import type { ChannelType } from './channel-type.js';
import { contentHash, type ClusterAssigner, type IntakePipeline, type Triager } from './pipeline.js';
import type { IntakeSource } from './types.js';

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

  /** Re-runs triage and clustering on items stored as failed (their stored text is already redacted). */
  retryFailed(limit = 200): Promise<RetryResult> {
    return this.pipeline.exclusive(async () => {
      await this.clusters.reloadIfStale(this.prisma);
      const rows = await this.prisma.feedbackItem.findMany({ where: { status: 'failed' }, orderBy: { id: 'asc' }, take: limit });
      const result: RetryResult = { retried: rows.length, recovered: 0, stillFailing: 0 };
      for (const row of rows) {
        const now = new Date();
        try {
          const triage = this.triager.triage(row.text);
          const request = {
            intakeKey: row.intakeKey,
            source: row.source as IntakeSource,
            text: row.text,
            receivedAt: row.receivedAt,
            branch: row.branch ?? undefined,
            channelType: row.channelType as ChannelType,
          };
          const assigned = row.clusterId === null ? this.clusters.assign([{ itemId: row.id, triage, request }]) : new Map<number, number>();
          try {
            await this.prisma.$transaction(async (tx) => {
              await this.clusters.persist(tx, new Set(assigned.values()), now);
              await tx.tagAssignment.deleteMany({ where: { itemId: row.id, origin: { not: 'human' } } });
              await tx.mustDoFlag.deleteMany({ where: { itemId: row.id } });
              const tags = tagRows(row.id, triage, now);
              if (tags.length > 0) await tx.tagAssignment.createMany({ data: tags });
              const flags = flagRows(row.id, triage, now);
              if (flags.length > 0) await tx.mustDoFlag.createMany({ data: flags });
              await tx.feedbackItem.update({
                where: { id: row.id },
                data: {
                  status: 'triaged',
                  lastError: null,
                  attempts: row.attempts + 1,
                  unclassified: triage.unclassified,
                  contentHash: contentHash(triage.folded || triage.redacted),
                  language: triage.script,
                  clusterId: assigned.get(row.id) ?? row.clusterId,
                  updatedAt: now,
                },
              });
            });
          } catch (error) {
            this.clusters.forget([row.id]);
            throw error;
          }
          result.recovered += 1;
          this.log.info({ itemId: row.id, attempts: row.attempts + 1 }, 'a failed item was processed on retry');
        } catch (error) {
          result.stillFailing += 1;
          const message = error instanceof Error ? error.message : String(error);
          this.log.error({ itemId: row.id, attempts: row.attempts + 1, err: message }, 'retrying a failed item failed again');
          await this.prisma.feedbackItem.update({ where: { id: row.id }, data: { attempts: row.attempts + 1, lastError: message } }).catch(() => undefined);
        }
      }
      return result;
    });
  }
}

function tagRows(itemId: number, triage: TriageResult, now: Date) {
  return triage.tags.map((tag) => ({ itemId, kind: tag.kind, label: tag.label, confidence: tag.confidence, matched: JSON.stringify(tag.reasons), origin: tag.origin, createdAt: now }));
}

function flagRows(itemId: number, triage: TriageResult, now: Date) {
  return triage.flags.map((f) => ({ itemId, flag: f.flag, reasons: JSON.stringify(f.reasons), createdAt: now }));
}
