// End to end through the local Slack stand-in: merge (searchable options) and
// unmerge, relabel feeding the classifier, dismiss, the backlog webhook, the
// App Home for PMs and reporters, and `/feedback role`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTriager } from '../../src/intake/triager.js';
import { verifyWebhook, WebhookWorker } from '../../src/actions/webhook.js';
import { readAudit } from '../../src/store/audit.js';
import { listBacklog } from '../../src/store/backlog.js';
import { blockAction, eventCallback, slashCommand, viewSubmission } from '../support/slack-standin/index.js';
import { ADMIN, NOW, PM, STAFF, seedCluster, type TestDb } from '../actions/support.js';
import { select, startPmHarness, text, user, type PmHarness } from './pm-harness.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

let h: PmHarness;
afterEach(() => h?.close());

const ids = { a: 0, b: 0, c: 0, aItems: [] as number[], bItems: [] as number[] };
async function seed(db: TestDb) {
  const p = db.store.prisma;
  const a = await seedCluster(p, 'QR payment fails at checkout', [{ text: 'QR payment failed at the shop' }, { text: 'QR code payment did not go through' }]);
  const b = await seedCluster(p, 'QR scan error in the app', [{ reporterId: 'U0REPORT02', text: 'Scanning the QR code shows an error' }]);
  const c = await seedCluster(p, 'Branch queue too long', [{ text: 'Waited an hour at the branch' }]);
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, aItems: a.itemIds, bItems: b.itemIds });
}

async function view(h: PmHarness, n: number) {
  const calls = await h.slack.waitFor('views.open', n);
  return calls[n - 1]!.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
}

const members = async (h: PmHarness, clusterId: number) =>
  (await h.db.store.prisma.feedbackItem.findMany({ where: { clusterId }, select: { id: true }, orderBy: { id: 'asc' } })).map((i) => i.id);

describe('cluster actions through the Slack stand-in', () => {
  it('merge (targets searchable by title), then Unmerge restores the original membership', async () => {
    h = await startPmHarness(seed);
    const digest = h.postDigest([{ id: ids.b, title: 'QR scan error in the app' }]);
    await h.clickCluster(PM, 'merge', ids.b, digest);
    const modal = await view(h, 1);
    expect(modal.callback_id).toBe('cluster_merge_submit');

    const search = await h.client.interactive({
      type: 'block_suggestion', action_id: 'merge_target', block_id: 'target', value: 'qr pay',
      user: { id: PM, team_id: 'T0TEST0001' }, team: { id: 'T0TEST0001', domain: 'frontline-test' }, api_app_id: 'A0FRONTLINE', token: 'x',
      container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'modal', callback_id: 'cluster_merge_submit', private_metadata: modal.private_metadata, state: { values: {} } },
    });
    const options = (search.json as { options: { value: string; text: { text: string } }[] }).options;
    expect(options.map((o) => o.value)).toEqual([String(ids.a)]); // matches the title, excludes itself and others
    expect(options[0]!.text.text).toContain('QR payment fails at checkout');

    const res = await h.client.interactive(viewSubmission({ callback_id: 'cluster_merge_submit', user: PM, private_metadata: modal.private_metadata, values: { target: { merge_target: { type: 'external_select', selected_option: { value: String(ids.a) } } } } }));
    expect(res.text).toBe('');
    await h.settle();
    expect(await members(h, ids.a)).toEqual([...ids.aItems, ...ids.bItems]);
    expect(await members(h, ids.b)).toEqual([]);
    const confirm = h.slack.callsTo('chat.postEphemeral').at(-1)!;
    const buttons = (confirm.args.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []);
    const unmerge = buttons.find((e) => e.action_id === 'cluster_unmerge');
    expect(unmerge?.value).toMatch(/^\d+$/);
    expect(JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain(`Merged by <@${PM}> into cluster ${ids.a}`);

    await h.client.interactive(blockAction({ action_id: 'cluster_unmerge', value: unmerge!.value, user: PM }));
    await h.settle();
    expect(await members(h, ids.a)).toEqual(ids.aItems);
    expect(await members(h, ids.b)).toEqual(ids.bItems);
    expect((await h.db.store.prisma.cluster.findUniqueOrThrow({ where: { id: ids.b } })).status).toBe('open');
    expect(String(h.slack.callsTo('chat.postEphemeral').at(-1)!.args.text)).toMatch(/^Unmerged/);
    const audit = await readAudit(h.db.store.prisma, { actor: PM, limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['merge', 'unmerge']));
  });

  it('relabelling a cluster changes what the classifier predicts for a similar new item', async () => {
    // A made-up thing with no product in it (a 'widget' reads as the app since train-28 taught the model home-screen widgets).
    const texts = ['Zephyr doohickey glitched for the customer', 'customer doohickey on zephyr glitched again', 'the zephyr doohickey glitch is back', 'zephyr doohickey glitches every morning'];
    let cluster = 0;
    h = await startPmHarness(async (db) => {
      cluster = (await seedCluster(db.store.prisma, 'Zephyr doohickey glitch', texts.map((t) => ({ text: t })))).id;
    });
    const probe = 'another customer says the zephyr doohickey glitched';
    // What intake would tag a new report with: the triager is built from the taxonomy plus the human labels stored so far.
    const products = async () => (await loadTriager(h.config, h.db.store)).triage(probe).tags.filter((t) => t.kind === 'product').map((t) => t.label);
    expect(await products()).toEqual([]);

    const digest = h.postDigest([{ id: cluster, title: 'Zephyr doohickey glitch' }]);
    await h.clickCluster(PM, 'relabel', cluster, digest);
    const modal = await view(h, 1);
    expect(modal.callback_id).toBe('cluster_relabel_submit');
    const res = await h.client.interactive(viewSubmission({ callback_id: 'cluster_relabel_submit', user: PM, private_metadata: modal.private_metadata, values: { product: select('cards'), issue: select('app_bug') } }));
    expect(res.text).toBe('');
    await h.settle();
    const human = await h.db.store.prisma.tagAssignment.count({ where: { origin: 'human', kind: 'product', label: 'cards' } });
    expect(human).toBe(texts.length);
    expect(await products()).toEqual(['cards']);
  }, BUILD_TIMEOUT);

  it('dismiss with a reason: the cluster is dismissed, the digest says why', async () => {
    h = await startPmHarness(seed);
    const digest = h.postDigest([{ id: ids.c, title: 'Branch queue too long' }]);
    await h.clickCluster(PM, 'dismiss', ids.c, digest);
    const modal = await view(h, 1);
    const missing = await h.client.interactive(viewSubmission({ callback_id: 'cluster_dismiss_submit', user: PM, private_metadata: modal.private_metadata, values: { reason: { value: { type: 'static_select', selected_option: null } }, note: text('') } }));
    expect(missing.json).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    const res = await h.client.interactive(viewSubmission({ callback_id: 'cluster_dismiss_submit', user: PM, private_metadata: modal.private_metadata, values: { reason: select('already_known'), note: text('Fix ships in December') } }));
    expect(res.text).toBe('');
    await h.settle();
    const row = await h.db.store.prisma.cluster.findUniqueOrThrow({ where: { id: ids.c } });
    expect(row.status).toBe('dismissed');
    expect(JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain(`Dismissed by <@${PM}> (Already known`);
  });

  it('the backlog webhook retries until its receiver answers 200, and the receiver verifies the HMAC', async () => {
    const secret = 'webhook-shared-secret-for-tests';
    let calls = 0;
    const received: { event: string; body: { backlog_item: { key: string } } }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        calls++;
        const ok = verifyWebhook(secret, { timestamp: req.headers['x-frontline-timestamp'] as string, signature: req.headers['x-frontline-signature'] as string }, body, Math.floor(Date.now() / 1000));
        if (!ok) return void res.writeHead(401).end();
        if (calls <= 2) return void res.writeHead(503).end('busy');
        received.push({ event: req.headers['x-frontline-event'] as string, body: JSON.parse(body) });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      h = await startPmHarness(seed, { FRONTLINE_WEBHOOK_URL: url, FRONTLINE_WEBHOOK_SECRET: secret });
      const digest = h.postDigest([{ id: ids.a, title: 'QR payment fails at checkout' }]);
      await h.clickCluster(PM, 'promote', ids.a, digest);
      const modal = await view(h, 1);
      await h.client.interactive(viewSubmission({ callback_id: 'backlog_promote', user: PM, private_metadata: modal.private_metadata, values: { title: text('QR payments fail'), description: text('d'), priority: select('high'), owner: user(null), product: select('payments_transfers') } }));
      await h.settle();
      const worker = new WebhookWorker(h.db.store.prisma, { url, secret, baseBackoffMs: 20, maxBackoffMs: 100 });
      for (let i = 0; i < 50 && received.length === 0; i++) {
        await worker.runOnce();
        await new Promise((r) => setTimeout(r, 30));
      }
      expect(calls).toBe(3);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ event: 'backlog.created', body: { backlog_item: { key: 'BL-1' } } });
      const row = await h.db.store.prisma.webhookDelivery.findFirstOrThrow();
      expect(row.attempts).toBe(3);
      expect(row.deliveredAt).not.toBeNull();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('App Home on app_home_opened: PMs get lanes with the cluster buttons, the unclassified queue and their backlog (≤100 blocks with 1,000 items); reporters get their reports', async () => {
    h = await startPmHarness(async (db) => {
      await seed(db);
      const p = db.store.prisma;
      await p.feedbackItem.update({ where: { id: ids.aItems[0]! }, data: { unclassified: true } });
      const statuses = ['new', 'planned', 'in_progress', 'shipped', 'declined'];
      await p.$transaction(async (tx) => {
        for (let i = 0; i < 1000; i++) {
          await tx.backlogItem.create({ data: { title: `Backlog item ${i}`, description: '', priority: 'medium', owner: PM, product: null, status: statuses[i % 5]!, createdBy: PM, createdAt: NOW, links: { create: { clusterId: ids.c, linkedBy: PM, createdAt: NOW } } } });
        }
      });
    });
    await h.client.event(eventCallback({ type: 'app_home_opened', user: PM, channel: 'D0PMHOME01', tab: 'home' }));
    await h.client.event(eventCallback({ type: 'app_home_opened', user: STAFF, channel: 'D0STAFF001', tab: 'home' }));
    const published = await h.slack.waitFor('views.publish', 2);
    await h.settle();
    const pmView = published.find((c) => c.args.user_id === PM)!.args.view as { type: string; blocks: unknown[] };
    expect(pmView.type).toBe('home');
    expect(pmView.blocks.length).toBeLessThanOrEqual(100);
    const pmJson = JSON.stringify(pmView.blocks);
    expect(pmJson).toContain('PM dashboard');
    expect(pmJson).toContain('"action_id":"cluster_promote"');
    expect(pmJson).toContain('Unclassified queue');
    expect(pmJson).toContain('"action_id":"unclassified_tag"');
    expect(pmJson).toContain('"action_id":"unclassified_keyword"');
    expect(pmJson).toContain('Your backlog items');
    expect(pmJson).toContain('"action_id":"backlog_status"');

    const staffView = published.find((c) => c.args.user_id === STAFF)!.args.view as { blocks: unknown[] };
    const staffJson = JSON.stringify(staffView.blocks);
    expect(staffJson).toContain('your reports');
    expect(staffJson).toContain('QR payment failed at the shop');
    expect(staffJson).not.toContain('cluster_promote');
  });

  it('/feedback role @user pm: admins grant roles; anyone else is refused and nothing changes', async () => {
    h = await startPmHarness(seed);
    const NEW = 'U0NEWPM001';
    const refusedUrl = h.slack.responseUrl('refused');
    await h.client.command(slashCommand({ text: `role <@${NEW}|newpm> pm`, user_id: STAFF, response_url: refusedUrl }));
    await h.settle();
    expect(await h.pm.roles.roleOf(NEW)).toBe('reporter');
    const grantUrl = h.slack.responseUrl('granted');
    await h.client.command(slashCommand({ text: `role <@${NEW}|newpm> pm`, user_id: ADMIN, response_url: grantUrl }));
    await h.settle();
    expect(await h.pm.roles.roleOf(NEW)).toBe('pm');
    const replies = h.slack.callsTo('response_url').map((c) => c.args as { id: string; text: string });
    expect(replies.find((r) => r.id === 'refused')?.text).toMatch(/Only admins can grant roles/);
    expect(replies.find((r) => r.id === 'granted')?.text).toMatch(/is now a PM/);
    const usage = h.slack.responseUrl('usage');
    await h.client.command(slashCommand({ text: 'role someone', user_id: ADMIN, response_url: usage }));
    await h.settle();
    expect(h.slack.callsTo('response_url').find((c) => c.args.id === 'usage')?.args.text).toMatch(/^Usage/);
    expect((await listBacklog(h.db.store.prisma)).length).toBe(0);
  });
});
