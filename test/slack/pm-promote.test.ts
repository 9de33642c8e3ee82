// End to end through the local Slack stand-in: the real Bolt app receives
// signed clicks and modal submissions; we read the database and the Web API
// calls it made. Promote, close the loop, refusals, validation, races, stale buttons.
import { afterEach, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/store/audit.js';
import { listBacklog } from '../../src/store/backlog.js';
import { viewSubmission } from '../support/slack-standin/index.js';
import { PM, PM2, STAFF, seedCluster } from '../actions/support.js';
import { DIGEST_CHANNEL, select, startPmHarness, text, user, type PmHarness } from './pm-harness.js';

const R2 = 'U0REPORT02';
const R3 = 'U0REPORT03';
let h: PmHarness;
afterEach(() => h?.close());

const ids = { a: 0, b: 0 };
async function seed(db: Parameters<Parameters<typeof startPmHarness>[0] & {}>[0]) {
  const p = db.store.prisma;
  ids.a = (await seedCluster(p, 'Card declined abroad', [
    { reporterId: STAFF, branch: 'Taipei Main', text: 'Customer card declined at a shop in Tokyo' },
    { reporterId: STAFF, branch: 'Taipei Main', text: 'Card declined overseas again, customer angry' },
    { reporterId: R2, source: 'watched_channel', slackChannelId: 'C0BRANCH01', slackMessageTs: '1732000000.000100', branch: 'Hsinchu', text: 'Declined abroad in Osaka' },
  ], { product: 'cards' })).id;
  ids.b = (await seedCluster(p, 'Foreign card payment refused', [{ reporterId: R3, text: 'Card refused when paying in euros' }])).id;
}

function promoteValues(title: string, priority = 'high') {
  return { title: text(title), description: text('From the digest'), priority: select(priority), owner: user(PM), product: select('cards') };
}

async function openedView(h: PmHarness, n = 1) {
  const calls = await h.slack.waitFor('views.open', n);
  return calls[n - 1]!.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
}

describe('PM actions through the Slack stand-in', () => {
  it('a PM promotes a cluster: modal prefilled, BL item, digest updated in place, every reporter told once (merged-in items too)', async () => {
    h = await startPmHarness(seed);
    const digest = h.postDigest([{ id: ids.a, title: 'Card declined abroad' }, { id: ids.b, title: 'Foreign card payment refused' }]);

    // Merge B into A first, so A's reporters include B's.
    await h.clickCluster(PM, 'merge', ids.b, digest);
    const mergeView = await openedView(h, 1);
    expect(mergeView.callback_id).toBe('cluster_merge_submit');
    const merged = await h.client.interactive(viewSubmission({ callback_id: 'cluster_merge_submit', user: PM, private_metadata: mergeView.private_metadata, values: { target: { merge_target: { type: 'external_select', selected_option: { value: String(ids.a) } } } } }));
    expect(merged.text).toBe('');
    await h.settle();

    await h.clickCluster(PM, 'promote', ids.a, digest);
    const view = await openedView(h, 2);
    expect(view.callback_id).toBe('backlog_promote');
    const title = view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value;
    const description = view.blocks.find((b) => b.block_id === 'description')?.element?.initial_value ?? '';
    // The cluster store re-titles the survivor after a merge; the modal shows the cluster's title as it is now.
    expect(title).toBe((await h.db.store.prisma.cluster.findUniqueOrThrow({ where: { id: ids.a } })).title.slice(0, 150));
    expect(description).toMatch(/4 reports/);
    expect(description).toMatch(/Taipei Main/);
    expect(description).toMatch(/12 reports · 4 branches/); // the digest's score line
    expect(view.blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['priority', 'owner', 'product']));

    const res = await h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: PM, private_metadata: view.private_metadata, values: promoteValues('Cards declined abroad') }));
    expect(res.status).toBe(200);
    expect(res.text).toBe(''); // the modal closes
    await h.settle();

    const backlog = await listBacklog(h.db.store.prisma);
    expect(backlog).toHaveLength(1);
    expect(backlog[0]).toMatchObject({ key: 'BL-1', title: 'Cards declined abroad', status: 'new', priority: 'high', owner: PM });
    expect(backlog[0]!.clusterIds).toContain(ids.a);

    const update = h.slack.callsTo('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: DIGEST_CHANNEL, ts: digest });
    expect(JSON.stringify(update.args.blocks)).toContain(`Promoted by <@${PM}> → BL-1`);
    // The Promote button is gone from that cluster's row; the other buttons stay.
    const row = (update.args.blocks as { block_id?: string; elements?: { action_id: string }[] }[]).find((b) => b.block_id === `cluster_actions:${ids.a}`);
    expect(row?.elements?.map((e) => e.action_id)).not.toContain('cluster_promote');

    const posts = h.slack.callsTo('chat.postMessage').map((c) => c.args as { channel: string; thread_ts?: string; text: string });
    const told = posts.filter((p) => /BL-1/.test(p.text));
    expect(told.filter((p) => p.channel === STAFF)).toHaveLength(1); // two items, one message
    expect(told.filter((p) => p.channel === R3)).toHaveLength(1); // merged in from cluster B
    const thread = told.filter((p) => p.channel === 'C0BRANCH01');
    expect(thread).toHaveLength(1); // watched-channel item: a thread reply, mentioning the reporter
    expect(thread[0]).toMatchObject({ thread_ts: '1732000000.000100' });
    expect(thread[0]!.text).toContain(`<@${R2}>`);
    expect(told).toHaveLength(3);

    // Promoting again offers to link instead, and creates nothing.
    await h.clickCluster(PM2, 'promote', ids.a, digest);
    const again = await openedView(h, 3);
    expect(again.callback_id).toBe('backlog_link');
    expect(JSON.stringify(again.blocks)).toContain('already on the backlog as *BL-1');
    expect(await listBacklog(h.db.store.prisma)).toHaveLength(1);
  });

  it('a status change tells reporters again, once each; a muted reporter hears nothing', async () => {
    h = await startPmHarness(seed);
    const digest = h.postDigest([{ id: ids.a, title: 'Card declined abroad' }]);
    await h.clickCluster(PM, 'promote', ids.a, digest);
    const view = await openedView(h);
    await h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: PM, private_metadata: view.private_metadata, values: promoteValues('Cards declined abroad') }));
    await h.settle();
    const { blockAction } = await import('../support/slack-standin/index.js');
    // STAFF mutes from the App Home.
    await h.client.interactive(blockAction({ action_id: 'loop_mute', value: 'mute', user: STAFF, container: { type: 'view', view_id: 'VHOME' } }));
    await h.settle();
    const before = h.slack.callsTo('chat.postMessage').length;
    // The PM moves BL-1 to planned from the App Home.
    const [bl] = await listBacklog(h.db.store.prisma);
    const res = await h.client.interactive({ ...blockAction({ action_id: 'backlog_status', user: PM, container: { type: 'view', view_id: 'VHOME' } }), actions: [{ type: 'static_select', action_id: 'backlog_status', block_id: `backlog:${bl!.id}`, selected_option: { text: { type: 'plain_text', text: 'Planned' }, value: `${bl!.id}:planned` }, action_ts: '1' }] });
    expect(res.status).toBe(200);
    await h.settle();
    expect((await listBacklog(h.db.store.prisma))[0]!.status).toBe('planned');
    const after = h.slack.callsTo('chat.postMessage').slice(before).map((c) => c.args as { channel: string; text: string });
    expect(after.filter((p) => p.channel === STAFF)).toHaveLength(0);
    expect(after.filter((p) => p.channel === 'C0BRANCH01' && /planned/i.test(p.text))).toHaveLength(1);
    expect(h.slack.callsTo('views.publish').length).toBeGreaterThan(0); // the Home refreshed after the change
  });

  it('a non-PM is refused with an ephemeral naming the role; nothing changes, the refusal is audited', async () => {
    h = await startPmHarness(seed);
    const digest = h.postDigest([{ id: ids.a, title: 'Card declined abroad' }]);
    for (const button of ['promote', 'merge', 'relabel', 'dismiss'] as const) await h.clickCluster(STAFF, button, ids.a, digest);
    const eph = await h.slack.waitFor('chat.postEphemeral', 4);
    for (const e of eph) {
      expect(e.args).toMatchObject({ channel: DIGEST_CHANNEL, user: STAFF });
      expect(String(e.args.text)).toMatch(/^Only PMs and admins can .*Nothing was changed/);
    }
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
    // A forged submission (a modal the reporter never got) is refused too.
    const forged = await h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: STAFF, private_metadata: JSON.stringify({ clusterId: ids.a }), values: promoteValues('Sneaky') }));
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { title: expect.stringMatching(/Only PMs and admins/) } });
    await h.settle();
    expect(await listBacklog(h.db.store.prisma)).toHaveLength(0);
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
    const cluster = await h.db.store.prisma.cluster.findUniqueOrThrow({ where: { id: ids.a } });
    expect(cluster.status).toBe('open');
    const refusals = await readAudit(h.db.store.prisma, { actor: STAFF, limit: 100 });
    expect(refusals.map((r) => [r.action, r.allowed])).toEqual(expect.arrayContaining([['promote', false], ['merge', false], ['relabel', false], ['dismiss', false]]));
  });

  it('validates the modal inline: title required and at most 150 characters', async () => {
    h = await startPmHarness(seed);
    const meta = JSON.stringify({ clusterId: ids.a });
    const empty = await h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: PM, private_metadata: meta, values: promoteValues('   ') }));
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { title: expect.any(String) } });
    const long = await h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: PM, private_metadata: meta, values: promoteValues('x'.repeat(151)) }));
    expect(long.json).toMatchObject({ response_action: 'errors', errors: { title: expect.stringMatching(/150/) } });
    expect(await listBacklog(h.db.store.prisma)).toHaveLength(0);
  });

  it('two PMs promoting one cluster at once make one backlog item; the other is offered the link', async () => {
    h = await startPmHarness(seed);
    const meta = JSON.stringify({ clusterId: ids.a });
    const [one, two] = await Promise.all([
      h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: PM, private_metadata: meta, values: promoteValues('First') })),
      h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: PM2, private_metadata: meta, values: promoteValues('Second') })),
    ]);
    await h.settle();
    expect(await listBacklog(h.db.store.prisma)).toHaveLength(1);
    const answers = [one.json, two.json];
    expect(answers.filter((a) => a === undefined)).toHaveLength(1);
    expect(answers.find((a) => a !== undefined)).toMatchObject({ response_action: 'update', view: { callback_id: 'backlog_link' } });
  });

  it('stale buttons explain themselves; a merged-away cluster is followed to its survivor', async () => {
    h = await startPmHarness(seed);
    const digest = h.postDigest([{ id: ids.a, title: 'Card declined abroad' }, { id: ids.b, title: 'Foreign card payment refused' }]);
    await h.clickCluster(PM, 'promote', 0, digest, 'not-a-frontline-value');
    await h.clickCluster(PM, 'dismiss', 999999, digest);
    const eph = await h.slack.waitFor('chat.postEphemeral', 2);
    expect(String(eph[0]!.args.text)).toMatch(/older version of Frontline/);
    expect(String(eph[1]!.args.text)).toMatch(/Cluster 999999 no longer exists/);

    await h.pm.clusterOps!.merge(ids.b, ids.a, PM);
    await h.clickCluster(PM, 'promote', ids.b, digest); // the old button of the merged-away cluster
    const view = await openedView(h);
    expect(view.callback_id).toBe('backlog_promote');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ clusterId: ids.a });
    expect(JSON.stringify(view.blocks)).toMatch(new RegExp(`cluster ${ids.b}.*merged into cluster ${ids.a}|merged`, 'i'));
  });

  it('a click whose trigger expired explains itself and opens nothing', async () => {
    h = await startPmHarness(seed);
    const digest = h.postDigest([{ id: ids.a, title: 'Card declined abroad' }]);
    h.slack.script('views.open', { error: 'expired_trigger_id' });
    await h.clickCluster(PM, 'promote', ids.a, digest);
    const [eph] = await h.slack.waitFor('chat.postEphemeral', 1);
    expect(eph!.args).toMatchObject({ channel: DIGEST_CHANNEL, user: PM });
    expect(String(eph!.args.text)).toMatch(/took too long.*click the button again/);
    expect(await listBacklog(h.db.store.prisma)).toHaveLength(0);
  });
});
