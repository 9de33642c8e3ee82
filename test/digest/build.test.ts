import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigestPreview } from '../../src/digest/preview.js';
import type { Store } from '../../src/store/client.js';
import { addCluster, addItems, tempStore, testConfig } from './support.js';

// 2026-W47 in Asia/Taipei: 2026-11-15T16:00Z … 2026-11-22T16:00Z.
const inWeek = new Date('2026-11-17T02:00:00Z');
const weekStart = new Date('2026-11-15T16:00:00Z');
const trailing = new Date('2026-10-25T02:00:00Z'); // W44
const week = { year: 2026, week: 47 };
const config = testConfig();

let env: Awaited<ReturnType<typeof tempStore>>;
let store: Store;
const ids: Record<string, number> = {};

beforeAll(async () => {
  env = await tempStore();
  store = env.store;
  ids.fees = await addCluster(store, { title: 'Annual card fee charged twice', product: 'cards', issue: 'fees_interest' });
  await addItems(store, ids.fees, { at: inWeek, count: 30, branch: (i) => `Branch ${i % 12}`, text: 'Customer furious: annual fee charged twice' });
  await addItems(store, ids.fees, { at: trailing, count: 40 });
  await addItems(store, ids.fees, { at: inWeek, status: 'deleted' });
  await addItems(store, ids.fees, { at: new Date('2026-11-23T02:00:00Z'), count: 5 }); // next week
  ids.merged = await addCluster(store, { title: 'Fee twice (old)', product: 'cards', status: 'merged', mergedIntoId: ids.fees });
  await addItems(store, ids.merged, { at: inWeek, count: 2, branch: () => 'Branch 3', channelType: 'contact_centre' });
  ids.compliance = await addCluster(store, { title: 'Teller told customer the regulator allows hidden fees', product: 'deposits', issue: 'unclear_disclosure' });
  await addItems(store, ids.compliance, { at: inWeek, flags: ['compliance'], text: 'Teller said <hidden fees> are fine & legal' });
  ids.fresh = await addCluster(store, { title: 'Mortgage app upload fails', product: 'loans', issue: 'app_crash', firstSeen: new Date('2026-11-16T05:00:00Z') });
  await addItems(store, ids.fresh, { at: inWeek, count: 5, permalink: null });
  ids.dismissed = await addCluster(store, { title: 'Pen at counter missing', product: 'branch_atm', status: 'dismissed', dismissedVolume: 5 });
  await addItems(store, ids.dismissed, { at: inWeek, count: 6 });
  await addItems(store, null, { at: inWeek, count: 3, unclassified: true });
});

afterAll(async () => env.cleanup());

describe('buildDigestPreview', () => {
  it('ranks the week: must-do lane, then the score, merged items folded in, dismissed kept out', async () => {
    const preview = await buildDigestPreview(store, config, { week });
    expect(preview.week).toBe('2026-W47');
    expect(preview.payloads).toHaveLength(1);
    const text = preview.text;
    expect(text).toContain('Frontline weekly digest · 2026-W47');
    expect(text).toContain('2026-11-16 – 2026-11-22 (Asia/Taipei)');
    expect(text).toContain('47 reports');
    expect(text).toContain('3 unclassified reports need a tag');
    // Must-do first although it has one report.
    expect(text.indexOf('regulator allows hidden fees')).toBeLessThan(text.indexOf('Annual card fee charged twice'));
    expect(text).toContain('1 report · 1 branch');
    // 30 + 2 merged-in this week; 40 in the trailing four weeks → 10/week.
    expect(text).toContain('32 reports · 12 branches · 2 channels · ▲ 3.2× vs 4-wk avg');
    expect(text).toContain('first seen this week');
    expect(text).not.toContain('Fee twice (old)');
    expect(text).not.toContain('Pen at counter');
    expect(text).toContain('1 dismissed clusters stay hidden');
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('shows redacted quotes with permalinks, escaping Slack markup', async () => {
    const preview = await buildDigestPreview(store, config, { week });
    const json = JSON.stringify(preview.payloads);
    expect(json).toContain('&lt;hidden fees&gt; are fine &amp; legal');
    expect(json).toMatch(/<https:\/\/bank\.slack\.com\/archives\/C1\/p\d+\|view>/);
  });

  it('scopes a subscription to its products', async () => {
    const scoped = testConfig({ FRONTLINE_DIGEST_CHANNELS: 'CLOANS1:loans,CALL01' });
    const preview = await buildDigestPreview(store, scoped, { week });
    expect(preview.payloads.map((p) => p.channel)).toEqual(['CLOANS1', 'CALL01']);
    const loans = JSON.stringify(preview.payloads[0]);
    expect(loans).toContain('Mortgage app upload fails');
    expect(loans).not.toContain('Annual card fee');
    expect(loans).toContain('Products: loans');
  });

  it('writes in the subscription language', async () => {
    const zh = testConfig({ FRONTLINE_DIGEST_CHANNELS: 'CZH0001', FRONTLINE_LANGUAGE: 'zh-TW' });
    const preview = await buildDigestPreview(store, zh, { week });
    expect(preview.text).toContain('Frontline 每週摘要 · 2026-W47');
    expect(preview.text).toContain('32 則回報 · 12 家分行 · 2 個管道 · ▲ 為 4 週平均的 3.2 倍');
  });

  it('colours the terminal rendering only when asked', async () => {
    const preview = await buildDigestPreview(store, config, { week, colour: true });
    expect(preview.text).toMatch(/\x1b\[1;36m/);
  });

  it('gives each cluster the four PM buttons carrying its id and week', async () => {
    const preview = await buildDigestPreview(store, config, { week });
    const blocks = preview.payloads[0]!.messages[0]!.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(3);
    expect(actions[0]!.elements!.map((e) => e.action_id)).toEqual(['cluster_promote', 'cluster_merge', 'cluster_relabel', 'cluster_dismiss']);
    expect(JSON.parse(actions[0]!.elements![0]!.value)).toEqual({ clusterId: ids.compliance, week: '2026-W47' });
    expect(weekStart.toISOString()).toBe('2026-11-15T16:00:00.000Z');
  });
});
