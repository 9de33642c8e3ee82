// Refusals of cluster operations. Each carries a code the Slack and CLI layers
// can branch on and a message a PM can read as is.

export type ClusterErrorCode =
  | 'unknown_cluster'
  | 'unknown_item'
  | 'self_merge'
  | 'source_merged_away'
  | 'target_merged_away'
  | 'merge_cycle'
  | 'not_merged'
  | 'already_unmerged'
  | 'pinned_cluster'
  | 'empty_selection'
  | 'duplicate_item';

export class ClusterOperationError extends Error {
  constructor(
    readonly code: ClusterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClusterOperationError';
  }
}
