// What a PM can do to clusters: merge (kept in history, undoable), unmerge,
// split items out, move an item. Refusals throw ClusterOperationError with a
// message that says what to do instead. Items placed by hand are locked, so
// re-clustering does not undo the PM's decision.
import type { ClusterEngine } from './engine.js';
import { ClusterOperationError } from './errors.js';
import type { ClusterRecord, MergeRecord } from './types.js';

function cluster(engine: ClusterEngine, id: number): ClusterRecord {
  const found = engine.clusters.get(id);
  if (!found) throw new ClusterOperationError('unknown_cluster', `cluster ${id} does not exist`);
  return found;
}

function root(engine: ClusterEngine, id: number): number {
  let current = cluster(engine, id);
  const seen = new Set<number>();
  while (current.mergedInto !== null && !seen.has(current.id)) {
    seen.add(current.id);
    current = cluster(engine, current.mergedInto);
  }
  return current.id;
}

/** Merges source into target; returns the history record unmerge takes. */
export function mergeClusters(engine: ClusterEngine, sourceId: number, targetId: number): MergeRecord {
  if (sourceId === targetId) {
    throw new ClusterOperationError('self_merge', `cannot merge cluster ${sourceId} into itself`);
  }
  const source = cluster(engine, sourceId);
  const target = cluster(engine, targetId);
  if (source.mergedInto !== null) {
    throw new ClusterOperationError(
      'source_merged_away',
      `cluster ${sourceId} was already merged into cluster ${root(engine, sourceId)}; merge that cluster or unmerge ${sourceId} first`,
    );
  }
  // Walk the target's merge chain: reaching the source means a cycle.
  for (let id: number | null = target.mergedInto, hops = 0; id !== null && hops < 10_000; hops++) {
    if (id === sourceId) {
      throw new ClusterOperationError(
        'merge_cycle',
        `merging cluster ${sourceId} into cluster ${targetId} would make a cycle: ${targetId} is already merged into ${sourceId}`,
      );
    }
    id = cluster(engine, id).mergedInto;
  }
  if (target.mergedInto !== null) {
    const into = root(engine, targetId);
    throw new ClusterOperationError(
      'target_merged_away',
      `cluster ${targetId} was merged into cluster ${into}; merge into ${into} instead`,
    );
  }
  const itemIds = [...source.members];
  for (const itemId of itemIds) {
    const item = engine.items.get(itemId)!;
    engine.detach(item);
    engine.attach(item, target);
  }
  source.mergedInto = target.id;
  const record: MergeRecord = { id: engine.merges.length + 1, sourceId, targetId, itemIds, undone: false };
  engine.merges.push(record);
  return record;
}

/** Undoes a merge: the items that came from the source and are still in the target go back. */
export function unmergeClusters(engine: ClusterEngine, mergeId: number): number[] {
  const record = engine.merges[mergeId - 1];
  if (!record) throw new ClusterOperationError('not_merged', `merge ${mergeId} does not exist`);
  if (record.undone) {
    throw new ClusterOperationError('already_unmerged', `merge ${mergeId} (cluster ${record.sourceId} into ${record.targetId}) was already undone`);
  }
  const source = cluster(engine, record.sourceId);
  const target = cluster(engine, record.targetId);
  if (target.mergedInto !== null) {
    throw new ClusterOperationError(
      'target_merged_away',
      `cluster ${record.targetId} has since been merged into cluster ${root(engine, record.targetId)}; unmerge that first`,
    );
  }
  const moved = record.itemIds.filter((id) => target.members.has(id));
  for (const itemId of moved) {
    const item = engine.items.get(itemId)!;
    engine.detach(item);
    engine.attach(item, source);
  }
  source.mergedInto = null;
  record.undone = true;
  return moved;
}

/** The last merge of source that is not undone (for "unmerge cluster X"). */
export function lastMergeOf(engine: ClusterEngine, sourceId: number): MergeRecord {
  for (let i = engine.merges.length - 1; i >= 0; i--) {
    const record = engine.merges[i]!;
    if (record.sourceId === sourceId && !record.undone) return record;
  }
  throw new ClusterOperationError('not_merged', `cluster ${sourceId} is not merged into another cluster`);
}

function activeCluster(engine: ClusterEngine, id: number, role: string): ClusterRecord {
  const found = cluster(engine, id);
  if (found.mergedInto !== null) {
    throw new ClusterOperationError(
      'target_merged_away',
      `${role} cluster ${id} was merged into cluster ${root(engine, id)}; use ${root(engine, id)} instead`,
    );
  }
  return found;
}

/** Moves the given items out of their cluster into a new one; returns the new cluster. */
export function splitItems(engine: ClusterEngine, clusterId: number, itemIds: readonly number[]): ClusterRecord {
  const from = activeCluster(engine, clusterId, 'source');
  const unique = [...new Set(itemIds)];
  if (unique.length === 0) throw new ClusterOperationError('empty_selection', 'choose at least one item to split out');
  for (const id of unique) {
    if (!from.members.has(id)) {
      throw new ClusterOperationError('unknown_item', `item ${id} is not in cluster ${clusterId}`);
    }
  }
  if (unique.length === from.members.size) {
    throw new ClusterOperationError('empty_selection', `splitting every item out of cluster ${clusterId} would leave it empty; keep at least one`);
  }
  const first = engine.items.get(unique[0]!)!;
  const to = engine.emptyCluster(first.product, first.issue);
  for (const id of unique) {
    const item = engine.items.get(id)!;
    engine.detach(item);
    engine.attach(item, to);
    item.locked = true;
  }
  return to;
}

/** Moves one item to another cluster and locks it there. */
export function moveItem(engine: ClusterEngine, itemId: number, targetId: number): void {
  const item = engine.items.get(itemId);
  if (!item) throw new ClusterOperationError('unknown_item', `item ${itemId} does not exist`);
  const to = activeCluster(engine, targetId, 'target');
  if (item.clusterId === targetId) {
    throw new ClusterOperationError('duplicate_item', `item ${itemId} is already in cluster ${targetId}`);
  }
  engine.detach(item);
  engine.attach(item, to);
  item.locked = true;
}
