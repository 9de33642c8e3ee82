// Button clicks: the digest's and App Home's cluster buttons open their modal
// (after the role check, so a reporter is refused before typing anything);
// Unmerge, backlog status selects, mute and the unclassified queue's buttons.
// The Slack handler acks first, then calls one of these.
import { setStatus } from '../backlog.js';
import { mergeTargets, unmergeClusters } from '../cluster-actions.js';
import { liveCluster } from '../deps.js';
import { ActionError } from '../errors.js';
import { isBacklogStatus } from '../lifecycle.js';
import { muteLoop, unmuteLoop } from '../loop.js';
import { loadPromoteDraft } from '../promote-draft.js';
import type { ActionName } from '../roles.js';
import { listBacklog } from '../../store/backlog.js';
import {
  addKeywordModal,
  dismissModal,
  linkInsteadModal,
  mergeModal,
  mergeTargetOptions,
  promoteModal,
  readMeta,
  relabelModal,
  tagItemModal,
  type ModalMeta,
} from '../../slack/blocks/backlog-modals.js';
import { refreshHome } from './home.js';
import { parseButtonValue, scoreLineFromBlocks, type ClickContext, type PmFlowDeps } from './port.js';

export type ClusterButton = 'promote' | 'merge' | 'relabel' | 'dismiss';

const ROLE_OF: Record<ClusterButton, ActionName> = { promote: 'promote', merge: 'merge', relabel: 'relabel', dismiss: 'dismiss' };

/** Runs `fn`; an ActionError becomes an ephemeral message to the user (refused, stale, conflict…). */
export async function explainFailures(deps: PmFlowDeps, ctx: { userId: string; channelId?: string | undefined }, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    await deps.slack.ephemeral(ctx.channelId, ctx.userId, error.message);
  }
}

/** `cluster_promote`, `cluster_merge`, `cluster_relabel`, `cluster_dismiss`. */
export async function onClusterButton(deps: PmFlowDeps, button: ClusterButton, ctx: ClickContext): Promise<void> {
  await explainFailures(deps, ctx, async () => {
    const parsed = parseButtonValue(ctx.value);
    if (!parsed) throw new ActionError('stale', 'This button is from an older version of Frontline and no longer works. Open the Home tab for current clusters.');
    await deps.roles.authorize(ctx.userId, ROLE_OF[button], `cluster:${parsed.id}`);
    const meta: ModalMeta = {
      ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
      ...(ctx.messageTs ? { messageTs: ctx.messageTs } : {}),
      ...(parsed.week ? { week: parsed.week } : {}),
    };
    if (button === 'promote') {
      const draft = await loadPromoteDraft(deps.prisma, parsed.id, scoreLineFromBlocks(ctx.blocks, parsed.id));
      if (draft.existing) {
        const choices = await listBacklog(deps.prisma, { limit: 100 });
        await deps.slack.openView(ctx.triggerId, linkInsteadModal(draft.clusterId, draft.existing, choices.filter((b) => b.status !== 'shipped' && b.status !== 'declined'), meta));
      } else await deps.slack.openView(ctx.triggerId, promoteModal(draft, meta, deps.taxonomy().products));
      return;
    }
    const live = await liveCluster(deps.prisma, parsed.id);
    const items = await deps.prisma.feedbackItem.count({ where: { clusterId: live.id, status: { not: 'deleted' } } });
    const summary = { id: live.id, title: live.title, items, product: live.product, issue: live.issue, followedFrom: live.followedFrom };
    const view = button === 'merge' ? mergeModal(summary, meta) : button === 'relabel' ? relabelModal(summary, meta, deps.taxonomy()) : dismissModal(summary, meta);
    await deps.slack.openView(ctx.triggerId, view);
  });
}

/** `cluster_unmerge` (value: the merge record ID). */
export async function onUnmerge(deps: PmFlowDeps, ctx: Omit<ClickContext, 'triggerId'>): Promise<void> {
  await explainFailures(deps, ctx, async () => {
    const undone = await unmergeClusters(deps, ctx.userId, Number(ctx.value));
    await deps.slack.ephemeral(ctx.channelId, ctx.userId, `Unmerged: cluster ${undone.sourceId} has its ${undone.restoredItemIds.length} reports back, and cluster ${undone.targetId} is as it was.`);
  });
}

/** `backlog_status` select on the App Home (value `<backlog id>:<status>`). */
export async function onBacklogStatus(deps: PmFlowDeps, ctx: { userId: string; value: string }): Promise<void> {
  await explainFailures(deps, ctx, async () => {
    const [id, status] = ctx.value.split(':') as [string, string];
    if (!isBacklogStatus(status ?? '')) throw new ActionError('stale', 'That choice is no longer valid; the Home tab has been refreshed.');
    await setStatus(deps, ctx.userId, Number(id), status as never);
  });
  await refreshHome(deps, ctx.userId);
}

/** `loop_mute` / `loop_unmute` on a reporter's App Home. */
export async function onMute(deps: PmFlowDeps, ctx: { userId: string }, mute: boolean): Promise<void> {
  await (mute ? muteLoop(deps.prisma, ctx.userId) : unmuteLoop(deps.prisma, ctx.userId));
  await refreshHome(deps, ctx.userId);
}

/** `unclassified_tag` and `unclassified_keyword` (value: the item ID). */
export async function onUnclassifiedButton(deps: PmFlowDeps, which: 'tag' | 'keyword', ctx: ClickContext): Promise<void> {
  await explainFailures(deps, ctx, async () => {
    const itemId = Number(ctx.value);
    await deps.roles.authorize(ctx.userId, which === 'tag' ? 'item.tag' : 'taxonomy.keyword', `item:${itemId}`);
    const item = await deps.prisma.feedbackItem.findUnique({ where: { id: itemId }, select: { id: true, text: true, status: true } });
    if (!item || item.status === 'deleted') throw new ActionError('stale', `Report #${itemId} no longer exists.`);
    const view = which === 'tag' ? tagItemModal(item, {}, deps.taxonomy()) : addKeywordModal(item, {}, deps.taxonomy());
    await deps.slack.openView(ctx.triggerId, view);
  });
}

/** Options for the Merge modal's external select (`merge_target`), searchable by title. */
export async function onMergeTargetOptions(deps: PmFlowDeps, ctx: { query: string; privateMetadata: string }) {
  const meta = readMeta(ctx.privateMetadata);
  return mergeTargetOptions(await mergeTargets(deps.prisma, meta.clusterId ?? -1, ctx.query));
}
