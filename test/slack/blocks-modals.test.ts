import { describe, expect, it } from 'vitest';
import {
  addKeywordModal,
  dismissModal,
  errorsResponse,
  linkInsteadModal,
  markClusterInMessage,
  mergedBlocks,
  mergeModal,
  mergeTargetOptions,
  promotedLine,
  promoteModal,
  readDismissSubmission,
  readKeywordSubmission,
  readMeta,
  readPromoteSubmission,
  relabelModal,
  tagItemModal,
  type KBlock,
} from '../../src/slack/blocks/backlog-modals.js';
import { draftDescription } from '../../src/actions/promote-draft.js';
import { promoteInputErrors } from '../../src/actions/backlog.js';
import type { BacklogView } from '../../src/store/backlog.js';
import { viewProblems } from './blockkit-check.js';

const taxonomy = {
  products: [{ id: 'cards', name: 'Cards' }, { id: 'digital_channels', name: 'Digital channels' }],
  issues: [{ id: 'fees_interest', name: 'Fees and interest' }, { id: 'card_declined', name: 'Card declined, blocked or retained' }],
};
const meta = { channelId: 'CDIGEST01', messageTs: '1700000000.000200', week: '2026-W47' };
const cluster = { id: 12, title: 'ATM 吞卡 / card retained at ATM', items: 14, product: 'cards', issue: 'card_declined' };
const backlog = (id: number, title: string, status = 'planned'): BacklogView => ({
  key: `BL-${id}`, id, title, description: '', priority: 'high', owner: 'UOWNER01', product: 'cards', status,
  createdBy: 'UPM00001', createdAt: '2026-11-20T00:00:00.000Z', updatedAt: '2026-11-21T00:00:00.000Z', clusterIds: [id],
});

const description = draftDescription({
  title: cluster.title,
  items: 14,
  reporters: 9,
  branches: ['Xinyi', 'Taipei Main', 'Banqiao'],
  channelTypes: ['branch', 'contact_centre'],
  scoreLine: '14 reports · 3 branches · ▲ 2.3× vs 4-wk avg · score 18.2',
  quotes: [
    { text: 'Customer card [CARD-1234] was swallowed by the ATM at Xinyi', permalink: 'https://bank.slack.com/archives/C1/p1700000000000100' },
    { text: '客戶的卡被 ATM 吞了，等了兩天', permalink: null },
  ],
});

describe('PM action modals', () => {
  it('promote: prefilled title, description with counts, branches, score line and quotes; priority, owner, product', () => {
    const view = promoteModal({ clusterId: 12, followedFrom: 5, title: cluster.title, description, product: 'cards' }, meta, taxonomy.products);
    expect(viewProblems(view)).toEqual([]);
    expect(view).toMatchSnapshot();
    expect(description).toContain('14 reports from 9 reporters · 3 branches · branch, contact_centre');
    expect(description).toContain('Score: 14 reports · 3 branches · ▲ 2.3× vs 4-wk avg · score 18.2');
    expect(readMeta(view.private_metadata)).toEqual({ ...meta, clusterId: 12 });
  });

  it('promote: reads a submission and shows validation errors inline', () => {
    const values = {
      title: { value: { type: 'plain_text_input', value: 'x'.repeat(151) } },
      description: { value: { type: 'plain_text_input', value: null } },
      priority: { value: { type: 'static_select', selected_option: { value: 'urgent' } } },
      owner: { value: { type: 'users_select', selected_user: 'UOWNER01' } },
      product: { value: { type: 'static_select', selected_option: null } },
    };
    const input = readPromoteSubmission(values);
    expect(input).toEqual({ title: 'x'.repeat(151), description: '', priority: 'urgent', owner: 'UOWNER01', product: null });
    expect(errorsResponse(promoteInputErrors(input))).toEqual({
      response_action: 'errors',
      errors: { title: 'The title is 151 characters; keep it to 150.' },
    });
  });

  it('already promoted: says where, and offers to link to another item instead', () => {
    const view = linkInsteadModal(12, backlog(3, 'Cards retained by ATMs'), [backlog(3, 'Cards retained by ATMs'), backlog(4, 'ATM network timeouts', 'new')], meta);
    expect(viewProblems(view)).toEqual([]);
    expect(view).toMatchSnapshot();
  });

  it('merge: an external select of other open clusters, then an Unmerge button', () => {
    const view = mergeModal(cluster, meta);
    expect(viewProblems(view)).toEqual([]);
    expect(view).toMatchSnapshot();
    expect(mergeTargetOptions([{ id: 13, title: 'Card retained'.repeat(10), itemCount: 4 }]).options[0]!.text.text.length).toBeLessThanOrEqual(75);
    expect(mergedBlocks({ mergeRecordId: 7, sourceId: 12, targetId: 13, movedItemIds: [1, 2, 3], sourceTitle: 'ATM 吞卡', targetTitle: 'Card retained' })).toMatchSnapshot();
  });

  it('relabel, dismiss, tag an item, add a keyword', () => {
    const views = [
      relabelModal(cluster, meta, taxonomy),
      dismissModal(cluster, meta),
      tagItemModal({ id: 99, text: 'Customer asks why the <app> is slow & crashes' }, {}, taxonomy),
      addKeywordModal({ id: 99, text: '客戶說 OTP 收不到' }, {}, taxonomy),
    ];
    for (const view of views) expect(viewProblems(view)).toEqual([]);
    expect(views).toMatchSnapshot();
    expect(readDismissSubmission({ reason: { value: { selected_option: { value: 'noise' } } }, note: { value: { value: '' } } })).toEqual({ reason: 'noise', note: undefined });
    expect(readKeywordSubmission({ label: { value: { selected_option: { value: 'issue:card_declined' } } }, keyword: { value: { value: ' 吞卡 ' } } })).toEqual({ kind: 'issue', label: 'card_declined', keyword: '吞卡' });
    expect(readKeywordSubmission({ label: { value: {} }, keyword: { value: { value: 'x' } } })).toEqual({
      errors: { label: 'Choose a tag.', keyword: 'A keyword needs at least 2 characters.' },
    });
  });
});

describe('digest message updated in place', () => {
  it('adds "Promoted by @pm → BL-12" under the cluster and drops its Promote button, keeping the block count', () => {
    const blocks: KBlock[] = [
      { type: 'section', block_id: 'cluster:12', text: { type: 'mrkdwn', text: '*1. ATM 吞卡*\n14 reports' } },
      { type: 'actions', block_id: 'cluster_actions:12', elements: ['cluster_promote', 'cluster_merge', 'cluster_relabel', 'cluster_dismiss'].map((action_id) => ({ type: 'button', action_id })) },
      { type: 'section', block_id: 'cluster:13', text: { type: 'mrkdwn', text: '*2. Other*' } },
    ];
    const updated = markClusterInMessage(blocks, 12, promotedLine('UPM00001', 'BL-12'));
    expect(updated).toHaveLength(3);
    expect(updated).toMatchSnapshot();
    const twice = markClusterInMessage(updated, 12, promotedLine('UPM00002', 'BL-12'));
    expect((twice[0]!.text as { text: string }).text).toBe('*1. ATM 吞卡*\n14 reports\n✅ Promoted by <@UPM00002> → BL-12');
    expect(twice[2]).toEqual(blocks[2]);
  });
});
