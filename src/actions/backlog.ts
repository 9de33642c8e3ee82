// Backlog services: promote a cluster, link a cluster to an existing item,
// change an item's status. Each checks the role, writes the change, its audit
// entry and its webhook delivery in one transaction, then closes the loop.
import { appendAudit, type Db } from '../store/audit.js';
import {
  backlogOfCluster,
  createBacklogItem,
  getBacklogItem,
  linkCluster,
  PRIORITIES,
  setBacklogStatus,
  type BacklogStatus,
  type BacklogView,
  type Priority,
} from '../store/backlog.js';
import { liveCluster, tellReporters, type ActionDeps } from './deps.js';
import { ActionError } from './errors.js';
import { isReopen, transitionProblem } from './lifecycle.js';
import type { LoopResult } from './loop.js';
import { enqueueWebhook, type WebhookEvent } from './webhook.js';

export const TITLE_MAX = 150;
export const DESCRIPTION_MAX = 3000;

export interface PromoteInput {
  clusterId: number;
  title: string;
  description: string;
  priority: string;
  owner?: string | null | undefined;
  product?: string | null | undefined;
}

/** Field errors keyed by the promote modal's block IDs; empty when valid. */
export function promoteInputErrors(input: Omit<PromoteInput, 'clusterId'>): Record<string, string> {
  const errors: Record<string, string> = {};
  const title = input.title.trim();
  if (title === '') errors.title = 'A title is required.';
  else if (title.length > TITLE_MAX) errors.title = `The title is ${title.length} characters; keep it to ${TITLE_MAX}.`;
  if (input.description.length > DESCRIPTION_MAX) errors.description = `The description is ${input.description.length} characters; keep it to ${DESCRIPTION_MAX}.`;
  if (!(PRIORITIES as readonly string[]).includes(input.priority)) errors.priority = `Choose a priority: ${PRIORITIES.join(', ')}.`;
  if (input.owner && !/^[UW][A-Z0-9]{2,}$/.test(input.owner)) errors.owner = 'Choose the owner from the list of people.';
  return errors;
}

export type PromoteResult =
  | { kind: 'created'; backlog: BacklogView; clusterId: number; followedFrom?: number; loop?: LoopResult | undefined }
  | { kind: 'already_promoted'; backlog: BacklogView; clusterId: number; followedFrom?: number };

function webhookBody(backlog: BacklogView, actorId: string, at: Date, change: object): object {
  const { key, id, title, description, priority, owner, product, status, clusterIds, createdAt } = backlog;
  return {
    occurred_at: at.toISOString(),
    actor: actorId,
    backlog_item: { key, id, title, description, priority, owner, product, status, cluster_ids: clusterIds, created_at: createdAt },
    change,
  };
}

async function webhook(deps: ActionDeps, db: Db, event: WebhookEvent, backlog: BacklogView, actorId: string, at: Date, change: object) {
  if (deps.webhookEnabled) await enqueueWebhook(db, event, webhookBody(backlog, actorId, at, change), at);
}

/**
 * Creates BL-<n> linked to the cluster (or its survivor). Two PMs promoting one
 * cluster at once get one item: the transaction's first statement is a write on
 * the cluster row, which serialises promotes of it, and the second then finds
 * the link and gets `already_promoted` (the modal offers to link instead).
 */
export async function promoteCluster(deps: ActionDeps, actorId: string, input: PromoteInput): Promise<PromoteResult> {
  await deps.roles.authorize(actorId, 'promote', `cluster:${input.clusterId}`);
  const errors = promoteInputErrors(input);
  if (Object.keys(errors).length > 0) throw new ActionError('invalid', Object.values(errors).join(' '), errors);
  const cluster = await liveCluster(deps.prisma, input.clusterId);
  const followed = cluster.followedFrom !== undefined ? { followedFrom: cluster.followedFrom } : {};
  const at = deps.now();
  const outcome = await deps.prisma.$transaction(async (tx) => {
    // Write first: takes SQLite's write lock before we look for an existing link.
    await tx.cluster.update({ where: { id: cluster.id }, data: { pinned: true } });
    const existing = await backlogOfCluster(tx, cluster.id);
    if (existing) return { kind: 'already_promoted' as const, backlog: existing };
    const backlog = await createBacklogItem(tx, {
      title: input.title.trim(),
      description: input.description.trim(),
      priority: input.priority as Priority,
      owner: input.owner || null,
      product: input.product || cluster.product,
      createdBy: actorId,
      clusterId: cluster.id,
      at,
    });
    if (cluster.status === 'dismissed') {
      // Promoting a dismissed cluster is the PM changing their mind: it is open again.
      await tx.cluster.update({ where: { id: cluster.id }, data: { status: 'open', dismissedAt: null, dismissedReason: null, dismissedVolume: null } });
    }
    const auditId = await appendAudit(tx, {
      actorId,
      action: 'promote',
      subject: `cluster:${cluster.id}`,
      before: { status: cluster.status, backlog: null },
      after: { backlog: backlog.key, backlogItemId: backlog.id, title: backlog.title, priority: backlog.priority },
      ...(cluster.followedFrom !== undefined ? { detail: `asked for cluster ${cluster.followedFrom}, merged into ${cluster.id}` } : {}),
      at,
    });
    await webhook(deps, tx, 'backlog.created', backlog, actorId, at, { type: 'created', cluster_id: cluster.id });
    return { kind: 'created' as const, backlog, auditId };
  });
  if (outcome.kind === 'already_promoted') {
    return { kind: 'already_promoted', backlog: outcome.backlog, clusterId: cluster.id, ...followed };
  }
  const loop = await tellReporters(deps, { backlogItemId: outcome.backlog.id, kind: 'promoted', auditId: outcome.auditId });
  return { kind: 'created', backlog: outcome.backlog, clusterId: cluster.id, ...followed, loop };
}

/** Links a cluster to an existing backlog item ("link instead" of promoting again). */
export async function linkClusterToBacklog(
  deps: ActionDeps,
  actorId: string,
  clusterId: number,
  backlogItemId: number,
): Promise<{ backlog: BacklogView; clusterId: number; alreadyLinked: boolean; loop?: LoopResult | undefined }> {
  await deps.roles.authorize(actorId, 'backlog.link', `cluster:${clusterId}`);
  const cluster = await liveCluster(deps.prisma, clusterId);
  const at = deps.now();
  const outcome = await deps.prisma.$transaction(async (tx) => {
    await tx.cluster.update({ where: { id: cluster.id }, data: { pinned: true } });
    const before = await getBacklogItem(tx, backlogItemId);
    if (!before) throw new ActionError('not_found', `BL-${backlogItemId} does not exist.`);
    if (before.clusterIds.includes(cluster.id)) return { backlog: before, alreadyLinked: true as const };
    await linkCluster(tx, backlogItemId, cluster.id, actorId, at);
    const backlog = (await getBacklogItem(tx, backlogItemId))!;
    const auditId = await appendAudit(tx, {
      actorId,
      action: 'backlog.link',
      subject: `cluster:${cluster.id}`,
      before: { clusterIds: before.clusterIds },
      after: { backlog: backlog.key, backlogItemId, clusterId: cluster.id, clusterIds: backlog.clusterIds },
      at,
    });
    await webhook(deps, tx, 'backlog.linked', backlog, actorId, at, { type: 'linked', cluster_id: cluster.id });
    return { backlog, alreadyLinked: false as const, auditId };
  });
  if (outcome.alreadyLinked) return { backlog: outcome.backlog, clusterId: cluster.id, alreadyLinked: true };
  const loop = await tellReporters(deps, { backlogItemId, kind: 'linked', auditId: outcome.auditId, clusterIds: [cluster.id] });
  return { backlog: outcome.backlog, clusterId: cluster.id, alreadyLinked: false, loop };
}

/** Moves a backlog item along its lifecycle (see lifecycle.ts for what is allowed). */
export async function setStatus(
  deps: ActionDeps,
  actorId: string,
  backlogItemId: number,
  to: BacklogStatus,
): Promise<{ backlog: BacklogView; from: string; loop?: LoopResult | undefined }> {
  const subject = `backlog:BL-${backlogItemId}`;
  await deps.roles.authorize(actorId, 'backlog.status', subject);
  const at = deps.now();
  const outcome = await deps.prisma.$transaction(async (tx) => {
    const current = await getBacklogItem(tx, backlogItemId);
    if (!current) throw new ActionError('not_found', `BL-${backlogItemId} does not exist.`);
    const problem = transitionProblem(current.status, to);
    if (problem) throw new ActionError('conflict', `BL-${backlogItemId} was not changed: ${problem}.`);
    const backlog = await setBacklogStatus(tx, backlogItemId, to, at);
    const auditId = await appendAudit(tx, {
      actorId,
      action: 'backlog.status',
      subject,
      before: { status: current.status },
      after: { status: to, backlogItemId },
      at,
    });
    await webhook(deps, tx, 'backlog.status_changed', backlog, actorId, at, { type: 'status', from: current.status, to });
    return { backlog, from: current.status, auditId };
  });
  const loop = await tellReporters(deps, {
    backlogItemId,
    kind: 'status',
    auditId: outcome.auditId,
    status: to,
    reopened: isReopen(outcome.from, to),
  });
  return { backlog: outcome.backlog, from: outcome.from, loop };
}
