// Clusters in the database, kept in step with the in-memory clustering engine
// (src/triage/cluster/). The engine decides; this module rebuilds it from the
// database at start-up and writes what changed, with the audit log, in the
// same transaction as the change.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { ClusterEngine } from '../triage/cluster/engine.js';
import { mergeClusters, moveItem, splitItems, unmergeClusters } from '../triage/cluster/operations.js';
import { recluster } from '../triage/cluster/recluster.js';
import { summarizeCluster, type ClusterTitle } from '../triage/cluster/summary.js';
import type { ClusterItemInput } from '../triage/cluster/types.js';
import type { Script, TriageResult } from '../triage/types.js';
import type { ClusterAssigner, ClusterInput } from '../intake/types.js';
import type { ClusterSummary } from '../intake/types.js';
import { appendAudit } from './audit.js';

type Db = PrismaClient | Prisma.TransactionClient;

/** Re-derives what clustering needs from a stored (redacted) text. */
export type PrepareText = (text: string) => Pick<TriageResult, 'folded' | 'tokens' | 'concepts'>;

/** "This week" for the reporter's confirmation: the last 7 days. */
const weekMs = 7 * 24 * 3600 * 1000;

function primary(triage: TriageResult, kind: 'product' | 'issue'): string | null {
  const tags = triage.tags.filter((t) => t.kind === kind).sort((a, b) => b.confidence - a.confidence);
  return tags[0]?.label ?? null;
}

export class ClusterStore implements ClusterAssigner {
  /** Database merge-record id → the engine's merge id (replay order). */
  private readonly mergeIds = new Map<number, number>();
  /** Titles last written per cluster: kept while a cluster grows a little (see summarizeCluster). */
  private readonly titles = new Map<number, ClusterTitle>();
  /** Clusters whose row exists, so items may reference them. */
  private readonly written = new Set<number>();
  /** Clusters a bulk import changed whose rows are refreshed later (flushDeferred). */
  private readonly deferred = new Set<number>();

  private constructor(
    readonly engine: ClusterEngine,
    private readonly prepare: PrepareText,
  ) {}

  /** Rebuilds the engine from stored items, merges and pins. */
  static async load(prisma: PrismaClient, prepare: PrepareText): Promise<ClusterStore> {
    const store = new ClusterStore(new ClusterEngine(), prepare);
    await store.rebuild(prisma);
    // Rows an import left stale (it refreshes them every 10,000 rows and at its end, and may have crashed between).
    if (store.deferred.size > 0) await prisma.$transaction((tx) => store.flushDeferred(tx, new Date()));
    return store;
  }

  private async rebuild(prisma: PrismaClient): Promise<void> {
    const pageSize = 5000;
    for (let after = 0; ; ) {
      const rows = await prisma.feedbackItem.findMany({
        where: { id: { gt: after }, clusterId: { not: null }, status: { not: 'deleted' } },
        orderBy: { id: 'asc' },
        take: pageSize,
        select: {
          id: true, text: true, language: true, branch: true, channelType: true, receivedAt: true,
          clusterId: true, clusterLocked: true,
          tags: { select: { kind: true, label: true, confidence: true }, where: { origin: { in: ['rule', 'model', 'human'] } } },
        },
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        const best = (kind: string) =>
          row.tags.filter((t) => t.kind === kind).sort((a, b) => b.confidence - a.confidence)[0]?.label ?? null;
        this.engine.restore(
          this.input(row.id, row.text, row.language as Script, best('product'), best('issue'), row.branch, row.channelType, row.receivedAt),
          row.clusterId!,
          row.clusterLocked,
        );
      }
      after = rows.at(-1)!.id;
    }
    for (const id of this.engine.clusters.keys()) this.written.add(id);
    const merges = await prisma.clusterMergeRecord.findMany({ orderBy: { id: 'asc' } });
    for (const m of merges) {
      const record = this.engine.restoreMerge({
        sourceId: m.sourceId,
        targetId: m.targetId,
        itemIds: JSON.parse(m.itemIds) as number[],
        undone: m.undoneAt !== null,
      });
      this.mergeIds.set(m.id, record.id);
    }
    for (const c of await prisma.cluster.findMany({ where: { pinned: true }, select: { id: true } })) this.engine.pin(c.id);
    const counts = await prisma.$queryRawUnsafe<{ id: number; itemCount: number }[]>(`SELECT "id", "itemCount" FROM "Cluster" WHERE "status" != 'merged'`);
    for (const row of counts) {
      const cluster = this.engine.clusters.get(row.id);
      if (cluster && cluster.mergedInto === null && cluster.members.size !== row.itemCount) this.deferred.add(row.id);
    }
  }

  private input(
    id: number, text: string, script: Script, product: string | null, issue: string | null,
    branch: string | null, channel: string | null, receivedAt: Date,
  ): ClusterItemInput {
    const { folded, tokens, concepts } = this.prepare(text);
    return { id, folded, tokens, concepts, text, script, product, issue, branch, channel, receivedAt };
  }

  assign(items: ClusterInput[]): Map<number, number> {
    const placed = new Map<number, number>();
    for (const { itemId, triage, request } of items) {
      const assignment = this.engine.add({
        id: itemId,
        folded: triage.folded,
        tokens: triage.tokens,
        concepts: triage.concepts,
        text: triage.redacted,
        script: triage.script,
        product: request.product ?? primary(triage, 'product'),
        issue: primary(triage, 'issue'),
        branch: request.branch ?? null,
        channel: request.channelType ?? 'other',
        receivedAt: request.receivedAt,
      });
      placed.set(itemId, assignment.clusterId);
    }
    return placed;
  }

  forget(): void {
    this.stale = true;
  }

  /** Set when a write failed after the engine changed: the next use reloads. */
  stale = false;

  async reloadIfStale(prisma: PrismaClient): Promise<void> {
    if (!this.stale) return;
    const fresh = await ClusterStore.load(prisma, this.prepare);
    (this as { engine: ClusterEngine }).engine = fresh.engine;
    this.mergeIds.clear();
    for (const [k, v] of fresh.mergeIds) this.mergeIds.set(k, v);
    this.written.clear();
    for (const id of fresh.written) this.written.add(id);
    this.stale = false;
  }

  /**
   * Creates or refreshes the rows of the given clusters, in one statement.
   * `deferExisting` (bulk imports): clusters that already have a row are only
   * noted, and refreshed by flushDeferred(); summarising the same large
   * clusters after every batch was most of an import's time.
   */
  async persist(tx: Db, clusterIds: Iterable<number>, now: Date, deferExisting = false): Promise<void> {
    const rows: unknown[][] = [];
    for (const id of new Set(clusterIds)) {
      if (deferExisting && this.written.has(id)) {
        this.deferred.add(id);
        continue;
      }
      this.written.add(id);
      const s = summarizeCluster(this.engine, id, now.getTime() - weekMs, this.titles.get(id));
      const record = this.engine.clusters.get(id);
      if (!s || !record) continue;
      if (this.titles.get(id)?.title !== s.title) {
        this.titles.set(id, { title: s.title, keywords: s.keywords, representativeItemId: s.representativeItemId, script: s.script, size: s.size });
      }
      rows.push([
        id, s.title.slice(0, 500), JSON.stringify(s.keywords), record.mergedInto === null ? 'open' : 'merged', record.mergedInto,
        record.product, record.issue, s.script, s.representativeItemId, s.size,
        s.firstSeen ?? now.getTime(), s.lastSeen ?? now.getTime(), now.getTime(), now.getTime(),
      ]);
    }
    for (let i = 0; i < rows.length; i += 60) {
      const chunk = rows.slice(i, i + 60);
      const values = chunk.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',');
      // Dismissed stays dismissed until the digest decides it resurfaced; a PM's title edits are not touched here.
      await tx.$executeRawUnsafe(
        `INSERT INTO "Cluster" ("id","title","keywords","status","mergedIntoId","product","issue","language","representativeItemId","itemCount","firstSeen","lastSeen","createdAt","updatedAt")
         VALUES ${values}
         ON CONFLICT("id") DO UPDATE SET "title"=excluded."title","keywords"=excluded."keywords",
           "status"=CASE WHEN "Cluster"."status"='dismissed' THEN 'dismissed' ELSE excluded."status" END,
           "mergedIntoId"=excluded."mergedIntoId","product"=COALESCE("Cluster"."product",excluded."product"),
           "issue"=COALESCE("Cluster"."issue",excluded."issue"),"language"=excluded."language",
           "representativeItemId"=excluded."representativeItemId","itemCount"=excluded."itemCount",
           "firstSeen"=excluded."firstSeen","lastSeen"=excluded."lastSeen","updatedAt"=excluded."updatedAt"`,
        ...chunk.flat(),
      );
    }
  }

  /** Refreshes the rows persist() deferred. */
  async flushDeferred(tx: Db, now: Date): Promise<void> {
    const ids = [...this.deferred];
    await this.persist(tx, ids, now);
    for (const id of ids) this.deferred.delete(id);
  }

  async summary(db: Db, clusterId: number, now: Date): Promise<ClusterSummary | null> {
    const id = this.engine.resolve(clusterId) ?? clusterId;
    const s = summarizeCluster(this.engine, id, now.getTime() - weekMs);
    if (s) return { id, title: s.title, weekItems: s.sizeThisWeek, weekBranches: await weekBranches(db, id, now), totalItems: s.size };
    const row = await db.cluster.findUnique({ where: { id } });
    return row ? { id, title: row.title, weekItems: 0, weekBranches: 0, totalItems: row.itemCount } : null;
  }

  /** Merges source into target, with history for unmerge, in one transaction. */
  async merge(prisma: PrismaClient, sourceId: number, targetId: number, actorId: string, now = new Date()): Promise<{ mergeId: number }> {
    const record = mergeClusters(this.engine, sourceId, targetId);
    try {
      const row = await prisma.$transaction(async (tx) => {
        await tx.feedbackItem.updateMany({ where: { id: { in: record.itemIds } }, data: { clusterId: targetId } });
        await tx.cluster.update({ where: { id: sourceId }, data: { status: 'merged', mergedIntoId: targetId, itemCount: 0 } });
        await this.persist(tx, [targetId], now);
        const created = await tx.clusterMergeRecord.create({
          data: { sourceId, targetId, itemIds: JSON.stringify(record.itemIds), actorId, createdAt: now },
        });
        await appendAudit(tx, {
          actorId, action: 'cluster.merge', subject: `cluster:${sourceId}`,
          before: { status: 'open' }, after: { status: 'merged', mergedInto: targetId, items: record.itemIds.length }, at: now,
        });
        return created;
      });
      this.mergeIds.set(row.id, record.id);
      return { mergeId: row.id };
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }

  /** Undoes a merge: the items that came from the source go back. */
  async unmerge(prisma: PrismaClient, mergeId: number, actorId: string, now = new Date()): Promise<{ sourceId: number; itemIds: number[] }> {
    const engineId = this.mergeIds.get(mergeId);
    const row = await prisma.clusterMergeRecord.findUnique({ where: { id: mergeId } });
    if (engineId === undefined || !row) throw new UnknownMergeError(mergeId);
    const moved = unmergeClusters(this.engine, engineId);
    try {
      await prisma.$transaction(async (tx) => {
        await tx.feedbackItem.updateMany({ where: { id: { in: moved } }, data: { clusterId: row.sourceId } });
        await tx.cluster.update({ where: { id: row.sourceId }, data: { status: 'open', mergedIntoId: null } });
        await tx.clusterMergeRecord.update({ where: { id: mergeId }, data: { undoneAt: now } });
        await this.persist(tx, [row.sourceId, row.targetId], now);
        await appendAudit(tx, {
          actorId, action: 'cluster.unmerge', subject: `cluster:${row.sourceId}`,
          before: { status: 'merged', mergedInto: row.targetId }, after: { status: 'open', items: moved.length }, at: now,
        });
      });
      return { sourceId: row.sourceId, itemIds: moved };
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }

  /**
   * Re-cluster pass: repairs drift from arrival order (moves misfit items,
   * merges clusters whose centroids converged), and writes the result (item
   * clusters, cluster rows, merge records undoable by a PM, one audit entry)
   * in one transaction. Clusters a PM acted on keep their id and members
   * (they may absorb others); locked items stay put. A pass that changes
   * nothing writes nothing. Callers serialise it with intake
   * (IntakePipeline.exclusive) when both run.
   */
  async recluster(prisma: PrismaClient, now = new Date()): Promise<ReclusterSummary> {
    await this.reloadIfStale(prisma);
    const engine = this.engine;
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
      this.stale = true;
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
        await this.persist(tx, [...touched].filter((id) => engine.clusters.get(id)?.mergedInto === null), now);
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
      for (const r of created) this.mergeIds.set(r.dbId, r.engineId);
      return summary;
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }

  /** Splits items out of a cluster into a new one, which keeps them (locked). */
  async split(prisma: PrismaClient, clusterId: number, itemIds: number[], actorId: string, now = new Date()): Promise<number> {
    const created = splitItems(this.engine, clusterId, itemIds);
    return this.relocate(prisma, itemIds, created.id, [clusterId, created.id], actorId, 'cluster.split', `cluster:${clusterId}`, now);
  }

  /** Moves one item to another cluster, where it stays (locked). */
  async move(prisma: PrismaClient, itemId: number, targetId: number, actorId: string, now = new Date()): Promise<number> {
    const from = this.engine.items.get(itemId)?.clusterId;
    moveItem(this.engine, itemId, targetId);
    return this.relocate(prisma, [itemId], targetId, [from ?? targetId, targetId], actorId, 'cluster.move', `item:${itemId}`, now);
  }

  private async relocate(
    prisma: PrismaClient, itemIds: number[], clusterId: number, touched: number[],
    actorId: string, action: string, subject: string, now: Date,
  ): Promise<number> {
    try {
      await prisma.$transaction(async (tx) => {
        await this.persist(tx, touched, now);
        await tx.feedbackItem.updateMany({ where: { id: { in: itemIds } }, data: { clusterId, clusterLocked: true } });
        await appendAudit(tx, { actorId, action, subject, after: { cluster: clusterId, items: itemIds }, at: now });
      });
      return clusterId;
    } catch (error) {
      this.stale = true;
      throw error;
    }
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

export class UnknownMergeError extends Error {
  constructor(mergeId: number) {
    super(`merge ${mergeId} does not exist`);
  }
}

async function weekBranches(db: Db, clusterId: number, now: Date): Promise<number> {
  const rows = await db.feedbackItem.findMany({
    where: { clusterId, receivedAt: { gte: new Date(now.getTime() - weekMs) }, branch: { not: null } },
    distinct: ['branch'],
    select: { branch: true },
  });
  return rows.length;
}

