// How an item is written as rows (the item, its tags, its flags) and read
// back as an outcome: shared by the pipeline's bulk insert, its write-ahead
// and its retries.
import { createHash } from 'node:crypto';
import type { TagKind, TriageResult } from '../triage/types.js';
import { insertRows, type SqlValue } from '../store/bulk-insert.js';
import type { ClusterAssigner, IntakeOutcome, IntakeRequest, Tx } from './types.js';

/** An item about to be inserted: triaged, or redacted only and `failed`. */
export interface Fresh {
  id: number;
  request: IntakeRequest;
  triage: TriageResult;
  failed?: string;
}

export const TAG_COLUMNS = ['itemId', 'kind', 'label', 'confidence', 'matched', 'origin', 'actorId', 'createdAt'];
export const FLAG_COLUMNS = ['itemId', 'flag', 'reasons', 'createdAt'];

/** The tag rows of a triage result (TAG_COLUMNS). */
export function tagRows(itemId: number, triage: TriageResult, at: number): SqlValue[][] {
  return triage.tags.map((tag) => [itemId, tag.kind, tag.label, tag.confidence, JSON.stringify(tag.reasons), tag.origin, null, at]);
}

/** The flag rows of a triage result (FLAG_COLUMNS). */
export function flagRows(itemId: number, triage: TriageResult, at: number): SqlValue[][] {
  return triage.flags.map((f) => [itemId, f.flag, JSON.stringify(f.reasons), at]);
}

/** The product the reporter picked when filing, as a human tag (TAG_COLUMNS). */
export function humanProductRow(itemId: number, request: IntakeRequest, at: number): SqlValue[] {
  return [itemId, 'product', request.product!, 1, '[]', 'human', request.reporterId ?? null, at];
}

/** Writes items, tags and flags with multi-row statements: bulk imports stay fast. */
export async function insertItems(tx: Tx, fresh: Fresh[], assigned: Map<number, number>, now: Date): Promise<void> {
  if (fresh.length === 0) return;
  const at = now.getTime();
  await insertRows(tx, 'FeedbackItem', itemColumns, fresh.map(({ id, request: r, triage: t, failed }) => [
    id, r.intakeKey, r.source,
    r.slack?.teamId ?? null, r.slack?.channelId ?? null, r.slack?.messageTs ?? null, r.slack?.threadTs ?? null, r.slack?.permalink ?? null,
    r.reporterId ?? null, r.authorId ?? null, r.branch ?? null, r.region ?? null, r.channelType ?? 'other', r.customerImpact ?? null,
    t.redacted, JSON.stringify(t.redactions), contentHash(t.folded || t.redacted), t.script,
    r.receivedAt.getTime(), at, at, failed ? 'failed' : 'triaged', 1, failed ?? null, t.unclassified ? 1 : 0,
    assigned.get(id) ?? null, at,
  ]));
  const tags = fresh.flatMap(({ id, request, triage }) => [
    ...tagRows(id, triage, at),
    ...(request.product ? [humanProductRow(id, request, at)] : []),
  ]);
  await insertRows(tx, 'TagAssignment', TAG_COLUMNS, tags);
  await insertRows(tx, 'MustDoFlag', FLAG_COLUMNS, fresh.flatMap(({ id, triage }) => flagRows(id, triage, at)));
}

export async function storedOutcome(prisma: Tx, clusters: Pick<ClusterAssigner, 'summary'>, intakeKey: string, now: Date): Promise<IntakeOutcome> {
  const row = await prisma.feedbackItem.findUniqueOrThrow({
    where: { intakeKey },
    include: { tags: true, flags: true },
  });
  return {
    itemId: row.id,
    created: false,
    status: row.status === 'failed' ? 'failed' : 'triaged',
    triage: {
      redacted: row.text,
      redactions: JSON.parse(row.redactions) as TriageResult['redactions'],
      script: row.language as TriageResult['script'],
      tags: row.tags.map((t) => ({
        kind: t.kind as TagKind,
        label: t.label,
        confidence: t.confidence,
        reasons: JSON.parse(t.matched) as string[],
        origin: t.origin as 'rule' | 'model' | 'human',
      })),
      flags: row.flags.map((f) => ({ flag: f.flag as TriageResult['flags'][number]['flag'], reasons: JSON.parse(f.reasons) as string[] })),
      unclassified: row.unclassified,
      concepts: [],
      folded: '',
      tokens: [],
    },
    cluster: row.clusterId === null ? null : await clusters.summary(prisma, row.clusterId, now),
  };
}

export const itemColumns = [
  'id', 'intakeKey', 'source',
  'slackTeamId', 'slackChannelId', 'slackMessageTs', 'slackThreadTs', 'permalink',
  'reporterId', 'authorId', 'branch', 'region', 'channelType', 'customerImpact',
  'text', 'redactions', 'contentHash', 'language',
  'receivedAt', 'createdAt', 'updatedAt', 'status', 'attempts', 'lastError', 'unclassified',
  'clusterId', 'confirmedAt',
] as const;

export function contentHash(folded: string): string {
  return createHash('sha256').update(folded).digest('hex');
}
