// Modal submissions. Each returns what the view_submission handler passes to
// `ack()`: field errors inline (`response_action: errors`), a replacement view
// (`update`), or nothing to close the modal. Follow-ups (digest message update,
// close-the-loop, Home refresh) happen before returning; Slack allows 3 s, so
// the handler may instead ack with the validation result and run the rest after.
import { linkClusterToBacklog, promoteCluster, promoteInputErrors } from '../backlog.js';
import { dismissCluster, mergeClusters, relabelCluster, tagItem } from '../cluster-actions.js';
import { ActionError } from '../errors.js';
import { parseWeek, weekOf, weekRange } from '../../digest/week.js';
import { listBacklog } from '../../store/backlog.js';
import {
  dismissedLine,
  DISMISS_REASON_LABEL,
  errorsResponse,
  linkInsteadModal,
  markClusterInMessage,
  mergedBlocks,
  mergedLine,
  promotedLine,
  readDismissSubmission,
  readKeywordSubmission,
  readLabelsSubmission,
  readLinkSubmission,
  readMergeSubmission,
  readMeta,
  readPromoteSubmission,
  type ModalMeta,
} from '../../slack/blocks/backlog-modals.js';
import { refreshHome } from './home.js';
import type { PmFlowDeps, SubmitContext, SubmitResponse } from './port.js';

/** An ActionError shown under the modal's `block` (or its own field errors). */
async function inline(block: string, fn: () => Promise<SubmitResponse>): Promise<SubmitResponse> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return errorsResponse(Object.keys(error.fieldErrors).length > 0 ? error.fieldErrors : { [block]: error.message });
  }
}

/** Adds a status line under the cluster(s) in the digest message the modal came from. */
async function markDigest(deps: PmFlowDeps, meta: ModalMeta, clusterIds: (number | undefined)[], line: string, dropActions: string[] = []): Promise<void> {
  if (!meta.channelId || !meta.messageTs) return;
  try {
    const message = await deps.slack.getMessage(meta.channelId, meta.messageTs);
    if (!message) return;
    let blocks = message.blocks;
    for (const id of new Set(clusterIds.filter((x): x is number => x !== undefined))) blocks = markClusterInMessage(blocks, id, line, dropActions);
    await deps.slack.updateMessage(meta.channelId, meta.messageTs, message.text, blocks);
  } catch (error) {
    deps.onError?.(error, 'digest message update');
  }
}

/** New human labels: the running classifier learns them before the next report (a failure keeps the old one). */
async function learn(deps: PmFlowDeps): Promise<void> {
  try {
    await deps.onLabelsChanged?.();
  } catch (error) {
    deps.onError?.(error, 'retraining the classifier');
  }
}

const clusterOf = (meta: ModalMeta): number => {
  if (typeof meta.clusterId !== 'number') throw new ActionError('stale', 'This form lost track of its cluster. Close it and click the button again.');
  return meta.clusterId;
};

export async function onPromoteSubmit(deps: PmFlowDeps, ctx: SubmitContext): Promise<SubmitResponse> {
  const meta = readMeta(ctx.privateMetadata);
  const input = readPromoteSubmission(ctx.values);
  const errors = promoteInputErrors(input);
  if (Object.keys(errors).length > 0) return errorsResponse(errors);
  return inline('title', async () => {
    const clicked = clusterOf(meta);
    const result = await promoteCluster(deps, ctx.userId, { clusterId: clicked, ...input });
    if (result.kind === 'already_promoted') {
      const choices = (await listBacklog(deps.prisma, { limit: 100 })).filter((b) => b.status !== 'shipped' && b.status !== 'declined');
      return { response_action: 'update', view: linkInsteadModal(result.clusterId, result.backlog, choices, meta) };
    }
    await markDigest(deps, meta, [clicked, result.clusterId, result.followedFrom], promotedLine(ctx.userId, result.backlog.key), ['cluster_promote']);
    await refreshHome(deps, ctx.userId);
    return undefined;
  });
}

export async function onLinkSubmit(deps: PmFlowDeps, ctx: SubmitContext): Promise<SubmitResponse> {
  const meta = readMeta(ctx.privateMetadata);
  return inline('backlog', async () => {
    const backlogId = readLinkSubmission(ctx.values);
    if (!Number.isInteger(backlogId)) return errorsResponse({ backlog: 'Choose a backlog item.' });
    const result = await linkClusterToBacklog(deps, ctx.userId, clusterOf(meta), backlogId);
    await markDigest(deps, meta, [meta.clusterId, result.clusterId], `Linked by <@${ctx.userId}> → ${result.backlog.key}`, ['cluster_promote']);
    return undefined;
  });
}

export async function onMergeSubmit(deps: PmFlowDeps, ctx: SubmitContext): Promise<SubmitResponse> {
  const meta = readMeta(ctx.privateMetadata);
  return inline('target', async () => {
    const target = readMergeSubmission(ctx.values);
    if (!Number.isInteger(target)) return errorsResponse({ target: 'Choose the cluster to merge into.' });
    const merged = await mergeClusters(deps, ctx.userId, clusterOf(meta), target);
    await deps.slack.ephemeral(meta.channelId, ctx.userId, `Merged cluster ${merged.sourceId} into cluster ${merged.targetId}.`, mergedBlocks(merged));
    await markDigest(deps, meta, [meta.clusterId, merged.sourceId], mergedLine(ctx.userId, merged.targetId));
    return undefined;
  });
}

export async function onRelabelSubmit(deps: PmFlowDeps, ctx: SubmitContext): Promise<SubmitResponse> {
  const meta = readMeta(ctx.privateMetadata);
  return inline('product', async () => {
    const labels = readLabelsSubmission(ctx.values);
    const result = await relabelCluster(deps, ctx.userId, clusterOf(meta), labels);
    await learn(deps);
    const what = [labels.product, labels.issue].filter(Boolean).join(', ');
    await deps.slack.ephemeral(meta.channelId, ctx.userId, `Relabelled cluster ${result.clusterId} as ${what}: its ${result.items} reports now carry these as human labels.`);
    await markDigest(deps, meta, [meta.clusterId, result.clusterId], `Relabelled by <@${ctx.userId}> → ${what}`);
    return undefined;
  });
}

export async function onDismissSubmit(deps: PmFlowDeps, ctx: SubmitContext): Promise<SubmitResponse> {
  const meta = readMeta(ctx.privateMetadata);
  return inline('reason', async () => {
    const { reason, note } = readDismissSubmission(ctx.values);
    const tz = deps.timeZone;
    const week = (meta.week ? parseWeek(meta.week) : undefined) ?? weekOf(deps.now(), tz);
    const result = await dismissCluster(deps, ctx.userId, clusterOf(meta), { reason, note, weekStart: weekRange(week, tz).start });
    const label = DISMISS_REASON_LABEL[reason as keyof typeof DISMISS_REASON_LABEL] ?? reason;
    await markDigest(deps, meta, [meta.clusterId, result.clusterId], dismissedLine(ctx.userId, label));
    await refreshHome(deps, ctx.userId);
    return undefined;
  });
}

export async function onTagItemSubmit(deps: PmFlowDeps, ctx: SubmitContext): Promise<SubmitResponse> {
  const meta = readMeta(ctx.privateMetadata);
  return inline('product', async () => {
    if (typeof meta.itemId !== 'number') throw new ActionError('stale', 'This form lost track of its report. Close it and try again.');
    await tagItem(deps, ctx.userId, meta.itemId, readLabelsSubmission(ctx.values));
    await learn(deps);
    await refreshHome(deps, ctx.userId);
    return undefined;
  });
}

export async function onKeywordSubmit(deps: PmFlowDeps, ctx: SubmitContext): Promise<SubmitResponse> {
  const read = readKeywordSubmission(ctx.values);
  if ('errors' in read) return errorsResponse(read.errors);
  const { itemId } = readMeta(ctx.privateMetadata);
  return inline('keyword', async () => {
    await deps.roles.authorize(ctx.userId, 'taxonomy.keyword', `taxonomy:${read.kind}:${read.label}`);
    if (!deps.keywords) throw new ActionError('conflict', 'Adding keywords from Slack is not available in this installation; edit the taxonomy in intents/.');
    const { retagged } = await deps.keywords.add(ctx.userId, read.kind, read.label, read.keyword, typeof itemId === 'number' ? itemId : undefined);
    await learn(deps);
    await deps.slack.ephemeral(undefined, ctx.userId, `Added “${read.keyword}” to ${read.kind} ${read.label}; ${retagged} report${retagged === 1 ? '' : 's'} re-tagged.`);
    await refreshHome(deps, ctx.userId);
    return undefined;
  });
}
