// Relabel, dismiss, merge and unmerge a cluster, and tag one unclassified item.
// Relabels become human TagAssignments (origin 'human'), which the classifier
// learns from (`frontline taxonomy suggest`, retraining).
import { appendAudit, type Db } from '../store/audit.js';
import { liveCluster, type ActionDeps } from './deps.js';
import { ActionError } from './errors.js';
import { TAG_KINDS } from '../triage/types.js';

export interface Labels {
  product?: string | null | undefined;
  issue?: string | null | undefined;
}

/** Writes human labels on items, replacing earlier human labels of the same kind. */
export async function labelItems(db: Db, itemIds: number[], labels: Labels, actorId: string, at: Date): Promise<void> {
  for (const kind of TAG_KINDS) {
    const label = labels[kind];
    if (!label) continue;
    await db.tagAssignment.deleteMany({ where: { itemId: { in: itemIds }, kind, origin: 'human', label: { not: label } } });
    for (const itemId of itemIds) {
      await db.tagAssignment.upsert({
        where: { itemId_kind_label_origin: { itemId, kind, label, origin: 'human' } },
        create: { itemId, kind, label, origin: 'human', confidence: 1, matched: '[]', actorId, createdAt: at },
        update: { actorId, confidence: 1 },
      });
    }
  }
  if (itemIds.length > 0) await db.feedbackItem.updateMany({ where: { id: { in: itemIds } }, data: { unclassified: false } });
}

export async function relabelCluster(
  deps: ActionDeps,
  actorId: string,
  clusterId: number,
  labels: Labels,
): Promise<{ clusterId: number; items: number; followedFrom?: number }> {
  await deps.roles.authorize(actorId, 'relabel', `cluster:${clusterId}`);
  if (!labels.product && !labels.issue) throw new ActionError('invalid', 'Choose a product or an issue.', { product: 'Choose a product or an issue.' });
  const cluster = await liveCluster(deps.prisma, clusterId);
  const at = deps.now();
  const items = await deps.prisma.$transaction(async (tx) => {
    const itemIds = (await tx.feedbackItem.findMany({ where: { clusterId: cluster.id, status: { not: 'deleted' } }, select: { id: true } })).map((i) => i.id);
    const after = { product: labels.product || cluster.product, issue: labels.issue || cluster.issue };
    await tx.cluster.update({ where: { id: cluster.id }, data: { ...after, pinned: true } });
    await labelItems(tx, itemIds, labels, actorId, at);
    await appendAudit(tx, {
      actorId,
      action: 'relabel',
      subject: `cluster:${cluster.id}`,
      before: { product: cluster.product, issue: cluster.issue },
      after: { ...after, items: itemIds.length },
      at,
    });
    return itemIds.length;
  });
  return { clusterId: cluster.id, items, ...(cluster.followedFrom !== undefined ? { followedFrom: cluster.followedFrom } : {}) };
}

/** "Tag as…" from the unclassified queue: a human label on one item. */
export async function tagItem(deps: ActionDeps, actorId: string, itemId: number, labels: Labels): Promise<void> {
  await deps.roles.authorize(actorId, 'item.tag', `item:${itemId}`);
  if (!labels.product && !labels.issue) throw new ActionError('invalid', 'Choose a product or an issue.', { product: 'Choose a product or an issue.' });
  const at = deps.now();
  await deps.prisma.$transaction(async (tx) => {
    const item = await tx.feedbackItem.findUnique({ where: { id: itemId }, include: { tags: true } });
    if (!item || item.status === 'deleted') throw new ActionError('stale', `Item #${itemId} no longer exists.`);
    await labelItems(tx, [itemId], labels, actorId, at);
    await appendAudit(tx, {
      actorId,
      action: 'item.tag',
      subject: `item:${itemId}`,
      before: { unclassified: item.unclassified, tags: item.tags.map((t) => `${t.kind}:${t.label}`) },
      after: { product: labels.product ?? null, issue: labels.issue ?? null },
      at,
    });
  });
}

export const DISMISS_REASONS = ['noise', 'already_known', 'wont_fix', 'not_actionable', 'other'] as const;

/**
 * Dismisses a cluster: it leaves future digests unless it comes back with at
 * least twice `dismissedVolume`, the number of its items received since `weekStart`.
 */
export async function dismissCluster(
  deps: ActionDeps,
  actorId: string,
  clusterId: number,
  input: { reason: string; note?: string | undefined; weekStart: Date },
): Promise<{ clusterId: number; dismissedVolume: number; followedFrom?: number }> {
  await deps.roles.authorize(actorId, 'dismiss', `cluster:${clusterId}`);
  if (!(DISMISS_REASONS as readonly string[]).includes(input.reason)) {
    throw new ActionError('invalid', 'Choose a reason.', { reason: 'Choose a reason.' });
  }
  const cluster = await liveCluster(deps.prisma, clusterId);
  if (cluster.status === 'dismissed') throw new ActionError('conflict', `Cluster ${cluster.id} is already dismissed.`);
  const at = deps.now();
  const reason = input.note?.trim() ? `${input.reason}: ${input.note.trim().slice(0, 500)}` : input.reason;
  const volume = await deps.prisma.$transaction(async (tx) => {
    const dismissedVolume = await tx.feedbackItem.count({
      where: { clusterId: cluster.id, status: { not: 'deleted' }, receivedAt: { gte: input.weekStart } },
    });
    await tx.cluster.update({
      where: { id: cluster.id },
      data: { status: 'dismissed', dismissedReason: reason, dismissedVolume, dismissedAt: at, pinned: true },
    });
    await appendAudit(tx, {
      actorId,
      action: 'dismiss',
      subject: `cluster:${cluster.id}`,
      before: { status: cluster.status },
      after: { status: 'dismissed', reason, dismissedVolume },
      at,
    });
    return dismissedVolume;
  });
  return { clusterId: cluster.id, dismissedVolume: volume, ...(cluster.followedFrom !== undefined ? { followedFrom: cluster.followedFrom } : {}) };
}

function ops(deps: ActionDeps) {
  if (!deps.clusterOps) throw new Error('cluster operations are not wired (ActionDeps.clusterOps)');
  return deps.clusterOps;
}

/** Merges source into target (both followed to their survivors); the result's mergeRecordId is what Unmerge takes. */
export async function mergeClusters(deps: ActionDeps, actorId: string, sourceId: number, targetId: number) {
  await deps.roles.authorize(actorId, 'merge', `cluster:${sourceId}`);
  const source = await liveCluster(deps.prisma, sourceId);
  const target = await liveCluster(deps.prisma, targetId);
  if (source.id === target.id) {
    throw new ActionError('conflict', `Cluster ${sourceId} and cluster ${targetId} are already one cluster (${source.id}).`, { target: 'Choose another cluster.' });
  }
  const outcome = await ops(deps).merge(source.id, target.id, actorId);
  await appendAudit(deps.prisma, {
    actorId,
    action: 'merge',
    subject: `cluster:${source.id}`,
    before: { status: source.status, title: source.title },
    after: { mergedInto: target.id, mergeRecordId: outcome.mergeRecordId, items: outcome.movedItemIds.length },
    at: deps.now(),
  });
  return { ...outcome, sourceTitle: source.title, targetTitle: target.title };
}

export async function unmergeClusters(deps: ActionDeps, actorId: string, mergeRecordId: number) {
  await deps.roles.authorize(actorId, 'unmerge', `merge:${mergeRecordId}`);
  const record = await deps.prisma.clusterMergeRecord.findUnique({ where: { id: mergeRecordId } });
  if (!record) throw new ActionError('stale', `Merge ${mergeRecordId} no longer exists.`);
  if (record.undoneAt) throw new ActionError('conflict', `That merge was already undone.`);
  const outcome = await ops(deps).unmerge(mergeRecordId, actorId);
  await appendAudit(deps.prisma, {
    actorId,
    action: 'unmerge',
    subject: `cluster:${outcome.sourceId}`,
    before: { mergedInto: outcome.targetId },
    after: { status: 'open', items: outcome.restoredItemIds.length, mergeRecordId },
    at: deps.now(),
  });
  return outcome;
}

/** Other open clusters for the Merge modal's external select, searchable by title. */
export async function mergeTargets(db: Db, excludeId: number, query: string, limit = 20) {
  const q = query.trim();
  return db.cluster.findMany({
    where: { status: 'open', id: { not: excludeId }, ...(q ? { OR: [{ title: { contains: q } }, ...(/^\d+$/.test(q) ? [{ id: Number(q) }] : [])] } : {}) },
    orderBy: [{ lastSeen: 'desc' }],
    take: limit,
    select: { id: true, title: true, itemCount: true },
  });
}
