// The cluster store's merge and unmerge, as the PM actions need them. The
// database implementation lives with cluster persistence (src/store/clusters.ts);
// tests use a small fake over the same tables.
export interface MergeOutcome {
  mergeRecordId: number;
  sourceId: number;
  targetId: number;
  movedItemIds: number[];
}

export interface UnmergeOutcome {
  mergeRecordId: number;
  sourceId: number;
  targetId: number;
  restoredItemIds: number[];
}

export interface ClusterOps {
  /** Moves every item of source into target, marks source merged into target, keeps a ClusterMergeRecord. */
  merge(sourceId: number, targetId: number, actorId: string): Promise<MergeOutcome>;
  /** Undoes a merge: the items that moved go back, source is open again. */
  unmerge(mergeRecordId: number, actorId: string): Promise<UnmergeOutcome>;
}
