import { describe, expect, it } from 'vitest';
import { HOME_ACTIONS, homeView, type PmHome, type ReporterHome } from '../../src/slack/blocks/home.js';
import type { DigestCluster } from '../../src/digest/types.js';
import type { BacklogView } from '../../src/store/backlog.js';
import { viewProblems } from './blockkit-check.js';

function cluster(id: number, over: Partial<DigestCluster> = {}): DigestCluster {
  return {
    id, title: `OTP SMS arrives late (${id})`, product: 'digital_channels', issues: ['login_otp'], status: 'open', dismissedVolume: null,
    firstSeen: new Date('2026-11-01T00:00:00Z'), items: 12, branches: 6, channels: 2, trailingItems: 16, flags: {}, negative: 2,
    lane: 'top', score: 14.2, trailingAverage: 4, trend: 3, isNew: false, rising: true, resurfaced: false, severity: 0.4, weight: 1,
    mustDoFlags: [], tagNames: ['digital channels', 'login & OTP'],
    quotes: [{ itemId: id * 10, text: '客戶說 OTP 收不到，轉帳失敗', permalink: 'https://bank.slack.com/archives/C1/p1700000000000100' }],
    ...over,
  };
}

const backlogItem = (id: number, status: string, title = `Backlog item ${id}`): BacklogView => ({
  key: `BL-${id}`, id, title, description: '', priority: 'high', owner: 'UPM00001', product: 'cards', status,
  createdBy: 'UPM00001', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-02T00:00:00.000Z', clusterIds: [id],
});

function pmHome(over: Partial<PmHome> = {}): PmHome {
  return {
    kind: 'pm',
    userId: 'UPM00001',
    digest: {
      week: '2026-W48', language: 'en',
      totals: { items: 130, clusters: 22, branches: 14, mustDo: 1, newClusters: 2, rising: 3, unclassified: 4 },
      mustDo: [cluster(7, { lane: 'must_do', mustDoFlags: ['major_risk'], title: 'Unauthorised transfers after phishing SMS' })],
      top: [cluster(1), cluster(2, { title: 'Annual fee charged twice', product: 'cards', tagNames: ['cards', 'fees'] })],
    },
    unclassified: {
      total: 4,
      items: [
        { id: 501, text: 'Customer asked whether <the branch> & ATM open on Sunday', receivedAt: '2026-11-23T03:00:00.000Z', branch: 'Xinyi', permalink: null },
        { id: 502, text: '客户说 app 字太小看不清', receivedAt: '2026-11-22T03:00:00.000Z', branch: null, permalink: 'https://bank.slack.com/archives/C1/p2' },
      ],
    },
    backlog: {
      counts: { new: 1, planned: 1, in_progress: 1, shipped: 1 },
      items: [backlogItem(4, 'in_progress', 'OTP SMS delays'), backlogItem(3, 'planned'), backlogItem(2, 'new'), backlogItem(1, 'shipped', 'Double annual fee')],
    },
    ...over,
  };
}

const reporter: ReporterHome = {
  kind: 'reporter',
  userId: 'UTELLER1',
  muted: false,
  totalReports: 3,
  reports: [
    { id: 11, text: 'ATM 吞卡 at Xinyi, customer waited 2 days', receivedAt: '2026-11-23T01:00:00.000Z', tags: ['branch_atm', 'card_declined'], cluster: { id: 12, title: 'Cards retained by ATMs' }, backlog: { key: 'BL-3', title: 'Cards retained', status: 'in_progress' } },
    { id: 10, text: 'Customer could not find the FX rate', receivedAt: '2026-11-20T01:00:00.000Z', tags: [], cluster: null, backlog: null },
  ],
};

const count = (view: { blocks: unknown[] }, actionId: string) => JSON.stringify(view.blocks).split(`"action_id":"${actionId}"`).length - 1;

describe('App Home', () => {
  it('PM: must-do lane and top clusters with the digest buttons, the unclassified queue, backlog by status', () => {
    const view = homeView(pmHome());
    expect(viewProblems(view)).toEqual([]);
    expect(view).toMatchSnapshot();
    expect(count(view, 'cluster_promote')).toBe(3);
    expect(count(view, HOME_ACTIONS.tagItem)).toBe(2);
    expect(count(view, HOME_ACTIONS.addKeyword)).toBe(2);
    const shipped = JSON.stringify(view.blocks.find((b) => b.block_id === 'backlog:1'));
    expect(shipped).toContain('Reopen (planned)');
  });

  it('PM with nothing yet', () => {
    const view = homeView(pmHome({ digest: null, unclassified: { total: 0, items: [] }, backlog: { counts: {}, items: [] } }));
    expect(viewProblems(view)).toEqual([]);
    expect(view).toMatchSnapshot();
  });

  it('reporter: recent reports with tags, cluster and backlog status, and a mute button', () => {
    const view = homeView(reporter);
    expect(viewProblems(view)).toEqual([]);
    expect(view).toMatchSnapshot();
    expect(homeView({ ...reporter, muted: true, reports: [], totalReports: 0 })).toMatchSnapshot();
  });

  it('stays within 100 blocks with 1,000 backlog items, long texts and many clusters', () => {
    const long = 'Customer reported that the transfer failed and the app froze '.repeat(60);
    const statuses = ['new', 'planned', 'in_progress', 'shipped', 'declined'];
    const items = Array.from({ length: 1000 }, (_, i) => backlogItem(i + 1, statuses[i % 5]!, long));
    const view = homeView(
      pmHome({
        digest: {
          week: '2026-W48', language: 'en',
          totals: { items: 50_000, clusters: 900, branches: 60, mustDo: 40, newClusters: 30, rising: 12, unclassified: 1000 },
          mustDo: Array.from({ length: 40 }, (_, i) => cluster(i + 1, { lane: 'must_do', mustDoFlags: ['compliance'], title: long })),
          top: Array.from({ length: 40 }, (_, i) => cluster(i + 100, { title: long, quotes: [{ itemId: 1, text: long, permalink: null }] })),
        },
        unclassified: { total: 1000, items: Array.from({ length: 1000 }, (_, i) => ({ id: i, text: long, receivedAt: '2026-11-23T00:00:00.000Z', branch: long, permalink: null })) },
        backlog: { counts: { new: 200, planned: 200, in_progress: 200, shipped: 200, declined: 200 }, items },
      }),
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(viewProblems(view)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('…and 970 more. All of them: `frontline backlog list`.');
    expect(text).toContain('…and 992 more.');
    const reporterView = homeView({ ...reporter, totalReports: 5000, reports: Array.from({ length: 1000 }, (_, i) => ({ ...reporter.reports[0]!, id: i, text: long })) });
    expect(reporterView.blocks.length).toBeLessThanOrEqual(100);
    expect(viewProblems(reporterView)).toEqual([]);
  });
});
