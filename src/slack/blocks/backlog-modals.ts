// The PM-action modals (promote, link instead, merge, relabel, dismiss, tag an
// item, add a keyword), what their submissions contain, and the in-place update
// of a digest message after an action. Pure functions of domain data.
// Every input block has action_id `value`; block IDs match the services' field
// error keys, so `errorsResponse(error.fieldErrors)` shows errors inline.
import { DESCRIPTION_MAX, TITLE_MAX } from '../../actions/backlog.js';
import { DISMISS_REASONS } from '../../actions/cluster-actions.js';
import type { PromoteDraft } from '../../actions/promote-draft.js';
import { PRIORITIES, type BacklogView } from '../../store/backlog.js';
import { STATUS_LABEL } from '../../actions/lifecycle.js';
import { escapeMrkdwn, shorten } from './digest.js';
import { TAG_KINDS, type TagKind } from '../../triage/types.js';

export type KBlock = { type: string; block_id?: string } & Record<string, unknown>;
export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: { type: 'plain_text'; text: string };
  submit?: { type: 'plain_text'; text: string };
  close: { type: 'plain_text'; text: string };
  private_metadata: string;
  blocks: KBlock[];
}

/** Where the modal came from, so the submission can update that digest message. */
export interface ModalMeta {
  clusterId?: number;
  itemId?: number;
  channelId?: string;
  messageTs?: string;
  week?: string;
}

export const CALLBACK_IDS = {
  promote: 'backlog_promote',
  link: 'backlog_link',
  merge: 'cluster_merge_submit',
  relabel: 'cluster_relabel_submit',
  dismiss: 'cluster_dismiss_submit',
  tagItem: 'item_tag_submit',
  addKeyword: 'taxonomy_keyword_submit',
} as const;

export const MERGE_TARGET_ACTION = 'merge_target';
export const UNMERGE_ACTION = 'cluster_unmerge';

export interface LabelOption {
  id: string;
  name: string;
}

export interface ClusterSummary {
  id: number;
  title: string;
  items: number;
  product: string | null;
  issue: string | null;
  followedFrom?: number | undefined;
}

/** Cuts to `max` code points with "…", keeping line breaks (digest's `shorten` flattens them). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('').trimEnd() + '…';
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const section = (text: string): KBlock => ({ type: 'section', text: mrkdwn(clip(text, 3000)) });
const context = (text: string): KBlock => ({ type: 'context', elements: [mrkdwn(clip(text, 3000))] });
const option = (text: string, value: string) => ({ text: plain(shorten(text, 75).text), value });
const input = (block_id: string, label: string, element: Record<string, unknown>, optional = false, hint?: string): KBlock => ({
  type: 'input',
  block_id,
  label: plain(label),
  element: { action_id: 'value', ...element },
  ...(optional ? { optional: true } : {}),
  ...(hint ? { hint: plain(hint) } : {}),
});

function modal(callback_id: string, title: string, meta: ModalMeta, blocks: KBlock[], submit?: string): ModalView {
  return {
    type: 'modal',
    callback_id,
    title: plain(shorten(title, 24).text) as ModalView['title'],
    ...(submit ? { submit: plain(submit) as ModalView['title'] } : {}),
    close: plain('Cancel') as ModalView['title'],
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

const labelSelect = (labels: readonly LabelOption[], current: string | null | undefined, placeholder: string) => {
  const options = labels.slice(0, 100).map((l) => option(l.name, l.id));
  const initial = options.find((o) => o.value === current);
  return { type: 'static_select', placeholder: plain(placeholder), options, ...(initial ? { initial_option: initial } : {}) };
};

const followedNote = (c: { id: number; followedFrom?: number | undefined }): KBlock[] =>
  c.followedFrom !== undefined ? [context(`:twisted_rightwards_arrows: Cluster ${c.followedFrom} was merged into cluster ${c.id}; acting on cluster ${c.id}.`)] : [];

/** Promote: title, description, priority, owner and target product, prefilled from the cluster. */
export function promoteModal(draft: PromoteDraft, meta: ModalMeta, products: readonly LabelOption[]): ModalView {
  const medium = option('Medium', 'medium');
  return modal(CALLBACK_IDS.promote, 'Promote to backlog', { ...meta, clusterId: draft.clusterId }, [
    ...followedNote({ id: draft.clusterId, followedFrom: draft.followedFrom }),
    input('title', 'Title', { type: 'plain_text_input', initial_value: draft.title, max_length: TITLE_MAX }),
    input('description', 'Description', { type: 'plain_text_input', multiline: true, initial_value: draft.description, max_length: DESCRIPTION_MAX }, true),
    input('priority', 'Priority', {
      type: 'static_select',
      options: PRIORITIES.map((p) => option(p[0]!.toUpperCase() + p.slice(1), p)),
      initial_option: medium,
    }),
    input('owner', 'Owner', { type: 'users_select', placeholder: plain('Who owns it') }, true),
    input(
      'product',
      'Target product',
      products.length > 0 ? labelSelect(products, draft.product, 'Choose a product') : { type: 'plain_text_input', ...(draft.product ? { initial_value: draft.product } : {}) },
      true,
    ),
    context(`Creates a backlog item linked to cluster ${draft.clusterId}. Everyone who reported it is told.`),
  ], 'Promote');
}

/** The cluster is already on the backlog: say where, and offer to link it to another item instead. */
export function linkInsteadModal(clusterId: number, existing: BacklogView, choices: readonly BacklogView[], meta: ModalMeta): ModalView {
  const others = choices.filter((b) => b.id !== existing.id).slice(0, 100);
  const blocks: KBlock[] = [
    section(`Cluster ${clusterId} is already on the backlog as *${existing.key}: ${escapeMrkdwn(shorten(existing.title, 150).text)}* (${STATUS_LABEL[existing.status as keyof typeof STATUS_LABEL] ?? existing.status}). Nothing new was created.`),
  ];
  if (others.length === 0) return modal(CALLBACK_IDS.link, 'Already promoted', { ...meta, clusterId }, blocks);
  blocks.push(
    input('backlog', 'Link it to another backlog item instead', {
      type: 'static_select',
      placeholder: plain('Choose a backlog item'),
      options: others.map((b) => option(`${b.key} ${b.title}`, String(b.id))),
    }),
  );
  return modal(CALLBACK_IDS.link, 'Already promoted', { ...meta, clusterId }, blocks, 'Link');
}

export function mergeModal(cluster: ClusterSummary, meta: ModalMeta): ModalView {
  return modal(CALLBACK_IDS.merge, 'Merge cluster', { ...meta, clusterId: cluster.id }, [
    ...followedNote(cluster),
    section(`Merge *${escapeMrkdwn(shorten(cluster.title, 150).text)}* (${cluster.items} reports) into another open cluster. The history is kept and you can unmerge afterwards.`),
    input('target', 'Merge into', { type: 'external_select', action_id: MERGE_TARGET_ACTION, min_query_length: 0, placeholder: plain('Search open clusters by title') }),
  ], 'Merge');
}

/** Options for the merge target's external select (title search results). */
export function mergeTargetOptions(rows: readonly { id: number; title: string; itemCount: number }[]) {
  return { options: rows.slice(0, 100).map((r) => option(`#${r.id} ${r.title} (${r.itemCount})`, String(r.id))) };
}

/** What the PM sees after a merge: the result and an Unmerge button. */
export function mergedBlocks(m: { mergeRecordId: number; sourceId: number; targetId: number; movedItemIds: number[]; sourceTitle: string; targetTitle: string }): KBlock[] {
  return [
    section(`:twisted_rightwards_arrows: Merged cluster ${m.sourceId} *${escapeMrkdwn(shorten(m.sourceTitle, 100).text)}* into cluster ${m.targetId} *${escapeMrkdwn(shorten(m.targetTitle, 100).text)}* (${m.movedItemIds.length} reports moved).`),
    { type: 'actions', block_id: `unmerge:${m.mergeRecordId}`, elements: [{ type: 'button', action_id: UNMERGE_ACTION, text: plain('Unmerge'), value: String(m.mergeRecordId) }] },
  ];
}

export function relabelModal(cluster: ClusterSummary, meta: ModalMeta, taxonomy: { products: readonly LabelOption[]; issues: readonly LabelOption[] }): ModalView {
  return modal(CALLBACK_IDS.relabel, 'Relabel cluster', { ...meta, clusterId: cluster.id }, [
    ...followedNote(cluster),
    section(`*${escapeMrkdwn(shorten(cluster.title, 150).text)}* (${cluster.items} reports). The new tags become human labels on all its reports, which the classifier learns from.`),
    input('product', 'Product', labelSelect(taxonomy.products, cluster.product, 'Choose a product'), true),
    input('issue', 'Issue', labelSelect(taxonomy.issues, cluster.issue, 'Choose an issue'), true),
  ], 'Relabel');
}

export const DISMISS_REASON_LABEL: Record<(typeof DISMISS_REASONS)[number], string> = {
  noise: 'Noise or not feedback',
  already_known: 'Already known or being worked on',
  wont_fix: "Won't fix",
  not_actionable: 'Not actionable',
  other: 'Other',
};

export function dismissModal(cluster: ClusterSummary, meta: ModalMeta): ModalView {
  return modal(CALLBACK_IDS.dismiss, 'Dismiss cluster', { ...meta, clusterId: cluster.id }, [
    ...followedNote(cluster),
    section(`Dismiss *${escapeMrkdwn(shorten(cluster.title, 150).text)}*? It leaves future digests unless it comes back with at least twice this week's reports.`),
    input('reason', 'Reason', { type: 'static_select', options: DISMISS_REASONS.map((r) => option(DISMISS_REASON_LABEL[r], r)) }),
    input('note', 'Note', { type: 'plain_text_input', max_length: 500 }, true),
  ], 'Dismiss');
}

const taggedOptions = (taxonomy: { products: readonly LabelOption[]; issues: readonly LabelOption[] }) => ({
  type: 'static_select',
  placeholder: plain('Choose a tag'),
  option_groups: [
    { label: plain('Products'), options: taxonomy.products.slice(0, 100).map((l) => option(l.name, `product:${l.id}`)) },
    { label: plain('Issues'), options: taxonomy.issues.slice(0, 100).map((l) => option(l.name, `issue:${l.id}`)) },
  ].filter((g) => g.options.length > 0),
});

export interface ItemSummary {
  id: number;
  text: string;
}

const quoted = (item: ItemSummary) => section(`>${escapeMrkdwn(shorten(item.text, 500).text)}`);

/** "Tag as…" from the unclassified queue. */
export function tagItemModal(item: ItemSummary, meta: ModalMeta, taxonomy: { products: readonly LabelOption[]; issues: readonly LabelOption[] }): ModalView {
  return modal(CALLBACK_IDS.tagItem, 'Tag report', { ...meta, itemId: item.id }, [
    quoted(item),
    input('product', 'Product', labelSelect(taxonomy.products, null, 'Choose a product'), true),
    input('issue', 'Issue', labelSelect(taxonomy.issues, null, 'Choose an issue'), true),
  ], 'Tag');
}

/** "Add keyword…": a keyword for a tag, written into the taxonomy in use; matching reports are re-tagged. */
export function addKeywordModal(item: ItemSummary, meta: ModalMeta, taxonomy: { products: readonly LabelOption[]; issues: readonly LabelOption[] }): ModalView {
  return modal(CALLBACK_IDS.addKeyword, 'Add keyword', { ...meta, itemId: item.id }, [
    quoted(item),
    input('label', 'Tag', taggedOptions(taxonomy)),
    input('keyword', 'Keyword or phrase', { type: 'plain_text_input', max_length: 60, placeholder: plain('e.g. 吞卡, card retained') }, false, 'Reports containing it get this tag, in every script.'),
  ], 'Add keyword');
}

// ---- Submissions -------------------------------------------------------------

type StateValue = { type?: string; value?: string | null; selected_option?: { value: string } | null; selected_user?: string | null };
export type ViewStateValues = Record<string, Record<string, StateValue>>;

function read(values: ViewStateValues, block: string): string | undefined {
  const v = values[block]?.value ?? Object.values(values[block] ?? {})[0];
  const raw = v?.selected_option?.value ?? v?.selected_user ?? v?.value ?? undefined;
  return raw === null || raw === undefined || raw === '' ? undefined : raw;
}

export function readMeta(privateMetadata: string): ModalMeta {
  try {
    const parsed = JSON.parse(privateMetadata) as ModalMeta;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

export function readPromoteSubmission(values: ViewStateValues) {
  return {
    title: read(values, 'title') ?? '',
    description: read(values, 'description') ?? '',
    priority: read(values, 'priority') ?? 'medium',
    owner: read(values, 'owner') ?? null,
    product: read(values, 'product') ?? null,
  };
}

export const readLinkSubmission = (values: ViewStateValues) => Number(read(values, 'backlog'));
export const readMergeSubmission = (values: ViewStateValues) => Number(read(values, 'target'));
export const readLabelsSubmission = (values: ViewStateValues) => ({ product: read(values, 'product') ?? null, issue: read(values, 'issue') ?? null });
export const readDismissSubmission = (values: ViewStateValues) => ({ reason: read(values, 'reason') ?? '', note: read(values, 'note') });

export function readKeywordSubmission(values: ViewStateValues): { kind: TagKind; label: string; keyword: string } | { errors: Record<string, string> } {
  const tag = read(values, 'label') ?? '';
  const keyword = (read(values, 'keyword') ?? '').trim();
  const [kind, label] = tag.split(':', 2) as [string, string | undefined];
  const errors: Record<string, string> = {};
  if (!TAG_KINDS.includes(kind as TagKind) || !label) errors.label = 'Choose a tag.';
  if ([...keyword].length < 2) errors.keyword = 'A keyword needs at least 2 characters.';
  return Object.keys(errors).length > 0 ? { errors } : { kind: kind as TagKind, label: label!, keyword };
}

/** `ack(errorsResponse(…))`: Slack shows each message under its input. */
export function errorsResponse(fieldErrors: Record<string, string>) {
  return { response_action: 'errors' as const, errors: fieldErrors };
}

// ---- The digest message, updated in place ------------------------------------

/**
 * Adds a status line ("Promoted by @pm → BL-12") under a cluster in a digest
 * message and drops its Promote button; the block count does not change, so
 * the message stays within Slack's limits.
 */
export function markClusterInMessage(blocks: readonly KBlock[], clusterId: number, line: string, dropActions: readonly string[] = ['cluster_promote']): KBlock[] {
  return blocks.flatMap((b): KBlock[] => {
    if (b.type === 'section' && b.block_id === `cluster:${clusterId}`) {
      const text = (b.text as { type: string; text: string }) ?? mrkdwn('');
      const base = text.text.split('\n').filter((l) => !l.startsWith('✅ ')).join('\n');
      return [{ ...b, text: { ...text, text: clip(`${base}\n✅ ${line}`, 3000) } }];
    }
    if (b.type === 'actions' && b.block_id === `cluster_actions:${clusterId}`) {
      const elements = (b.elements as { action_id: string }[]).filter((e) => !dropActions.includes(e.action_id));
      return elements.length > 0 ? [{ ...b, elements }] : [];
    }
    return [b];
  });
}

export const promotedLine = (actorId: string, key: string) => `Promoted by <@${actorId}> → ${key}`;
export const dismissedLine = (actorId: string, reason: string) => `Dismissed by <@${actorId}> (${reason})`;
export const mergedLine = (actorId: string, targetId: number) => `Merged by <@${actorId}> into cluster ${targetId}`;
