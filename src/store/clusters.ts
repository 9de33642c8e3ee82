// Clusters in the database, kept in step with the in-memory clustering engine
// (src/triage/cluster/). The engine decides; this module rebuilds it from the
// database at start-up and writes what changed, with the audit log, in the
// same transaction as the change.
import type { PrismaClient } from '../generated/prisma/client.js';
import { ClusterEngine } from '../triage/cluster/engine.js';
import { mergeClusters, moveItem, splitItems, unmergeClusters } from '../triage/cluster/operations.js';
import { summarizeCluster, type ClusterTitle } from '../triage/cluster/summary.js';
import type { ClusterItemInput } from '../triage/cluster/types.js';
import type { Script, TagKind, TriageResult } from '../triage/types.js';
import type { ClusterAssigner, ClusterInput, ClusterSummary } from '../intake/types.js';
import { appendAudit, type Db } from './audit.js';
import { reclusterStore, type ReclusterSummary } from './cluster-recluster.js';


/** Re-derives what clustering needs from a stored (redacted) text. */
export type PrepareText = (text: string) => Pick<TriageResult, 'folded' | 'tokens' | 'concepts'>;

/** "This week" for the reporter's confirmation: the last 7 days. */
const weekMs = 7 * 24 * 3600 * 1000;

function primary(triage: TriageResult, kind: TagKind): string | null {
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
   * Re-cluster pass over the whole store (see cluster-recluster.ts). Callers
   * serialise it with intake (IntakePipeline.exclusive) when both run.
   */
  recluster(prisma: PrismaClient, now = new Date()): Promise<ReclusterSummary> {
    return reclusterStore(this, prisma, now);
  }

  /** Remembers which engine merge a stored merge record is, so a PM can undo it. */
  rememberMerge(recordId: number, engineMergeId: number): void {
    this.mergeIds.set(recordId, engineMergeId);
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

