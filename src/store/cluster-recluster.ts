// The re-cluster pass over the stored clusters: runs the pure pass
// (src/triage/cluster/recluster.ts) until nothing changes, with the clusters
// a person acted on pinned, and writes the result (item clusters, cluster
// rows, merge records a PM can undo, one audit entry) in one transaction.
import type { PrismaClient } from '../generated/prisma/client.js';
import { recluster } from '../triage/cluster/recluster.js';
import { appendAudit, type Db } from './audit.js';
import type { ClusterStore } from './clusters.js';


/**
 * Re-cluster pass: repairs drift from arrival order (moves misfit items,
 * merges clusters whose centroids converged). Clusters a PM acted on keep
 * their id and members (they may absorb others); locked items stay put. A
 * pass that changes nothing writes nothing.
 */
export async function reclusterStore(store: ClusterStore, prisma: PrismaClient, now: Date): Promise<ReclusterSummary> {
  await store.reloadIfStale(prisma);
  const engine = store.engine;
  const acted = await actedOnClusterIds(prisma);
  for (const id of acted) engine.pin(id);
  const before = new Map<number, number>();
  for (const [id, item] of engine.items) before.set(id, item.clusterId);
  const mergeStart = engine.merges.length;
  let rounds = 0;
  const touched = new Set<number>();
  try {
    for (; rounds < maxReclusterRounds; ) {
      const changes = recluster(engine);
      rounds += 1;
      if (changes.length === 0) break;
      for (const c of changes) {
        if (c.kind === 'move') touched.add(c.from).add(c.to);
        else touched.add(c.sourceId).add(c.targetId);
      }
    }
  } catch (error) {
    store.stale = true;
    throw error;
  }
  const byTarget = new Map<number, number[]>();
  for (const [id, item] of engine.items) {
    if (before.get(id) === item.clusterId) continue;
    const list = byTarget.get(item.clusterId) ?? [];
    list.push(id);
    byTarget.set(item.clusterId, list);
  }
  const newMerges = engine.merges.slice(mergeStart);
  const itemsMoved = [...byTarget.values()].reduce((n, l) => n + l.length, 0);
  const summary: ReclusterSummary = {
    itemsMoved,
    merges: [],
    clustersChanged: [...touched].filter((id) => engine.clusters.get(id)?.mergedInto === null).length,
    protected: acted.size,
    rounds,
  };
  if (itemsMoved === 0 && newMerges.length === 0) return summary;
  try {
    const created = await prisma.$transaction(async (tx) => {
      for (const [clusterId, itemIds] of byTarget) {
        for (let i = 0; i < itemIds.length; i += 500) {
          await tx.feedbackItem.updateMany({ where: { id: { in: itemIds.slice(i, i + 500) } }, data: { clusterId } });
        }
      }
      const rows: { dbId: number; engineId: number; sourceId: number; targetId: number; items: number }[] = [];
      for (const m of newMerges) {
        await tx.cluster.update({ where: { id: m.sourceId }, data: { status: 'merged', mergedIntoId: m.targetId, itemCount: 0 } });
        const row = await tx.clusterMergeRecord.create({
          data: { sourceId: m.sourceId, targetId: m.targetId, itemIds: JSON.stringify(m.itemIds), actorId: systemActor, createdAt: now },
        });
        rows.push({ dbId: row.id, engineId: m.id, sourceId: m.sourceId, targetId: m.targetId, items: m.itemIds.length });
      }
      await store.persist(tx, [...touched].filter((id) => engine.clusters.get(id)?.mergedInto === null), now);
      summary.merges = rows.map((r) => ({ sourceId: r.sourceId, targetId: r.targetId, mergeId: r.dbId, items: r.items }));
      await appendAudit(tx, {
        actorId: systemActor, action: 'cluster.recluster', subject: 'clusters',
        after: {
          itemsMoved, merges: rows.length, clustersChanged: summary.clustersChanged, protected: acted.size, rounds,
        },
        at: now,
      });
      return rows;
    });
    for (const r of created) store.rememberMerge(r.dbId, r.engineId);
    return summary;
  } catch (error) {
    store.stale = true;
    throw error;
  }
}

/** What one re-cluster pass changed (also the audit entry's `after`). */
export interface ReclusterSummary {
  /** Items whose cluster changed (moved, or carried along by a merge). */
  itemsMoved: number;
  /** Clusters merged into another one: each keeps a merge record a PM can undo. */
  merges: { sourceId: number; targetId: number; mergeId: number; items: number }[];
  /** Clusters that gained or lost items. */
  clustersChanged: number;
  /** Clusters a PM acted on, kept with their id and members. */
  protected: number;
  /** Rounds run until nothing changed (bounded). */
  rounds: number;
}

/** Rounds of move-then-merge a pass runs at most; one more round would change nothing after convergence. */
const maxReclusterRounds = 6;

/**
 * Ids of clusters a person acted on: pinned (promote, link, relabel, dismiss
 * pin it), linked to the backlog, dismissed, part of a merge a person made or
 * undid, or the subject of any allowed audit entry by someone other than the system.
 */
export async function actedOnClusterIds(db: Db): Promise<Set<number>> {
  const ids = new Set<number>();
  const rows = await db.cluster.findMany({
    where: { OR: [{ pinned: true }, { status: 'dismissed' }, { dismissedAt: { not: null } }] },
    select: { id: true },
  });
  for (const r of rows) ids.add(r.id);
  for (const l of await db.backlogLink.findMany({ select: { clusterId: true } })) ids.add(l.clusterId);
  const merges = await db.clusterMergeRecord.findMany({
    where: { OR: [{ actorId: null }, { actorId: { not: systemActor } }] },
    select: { sourceId: true, targetId: true },
  });
  for (const m of merges) ids.add(m.sourceId).add(m.targetId);
  const audited = await db.auditLog.findMany({
    where: { subjectType: 'cluster', allowed: true, actorId: { not: systemActor } },
    distinct: ['subjectId'],
    select: { subjectId: true },
  });
  for (const a of audited) {
    const id = Number(a.subjectId);
    if (Number.isSafeInteger(id)) ids.add(id);
  }
  return ids;
}

/** The actor of automatic passes in the audit log and on merge records. */
export const systemActor = 'system';
