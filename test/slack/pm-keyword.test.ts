// The unclassified queue through the Slack stand-in: "Add keyword…" writes the
// keyword into the taxonomy folder in use and re-tags the reports it matches;
// "Tag as…" puts a human label on one report.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_INTENTS_DIR, readTaxonomy } from '../../src/store/taxonomy-files.js';
import { blockAction, viewSubmission } from '../support/slack-standin/index.js';
import { PM, STAFF, seedCluster, type TestDb } from '../actions/support.js';
import { ActionError } from '../../src/actions/errors.js';
import { select, startPmHarness, text, type PmHarness } from './pm-harness.js';
import { BUILD_TIMEOUT } from '../support/timeouts.js';

let h: PmHarness;
let dir: string;
afterEach(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = { blank: 0, stuck: 0, queue: 0 };
async function seed(db: TestDb) {
  const p = db.store.prisma;
  const c = await seedCluster(p, 'Zephyr gizmo', [{ text: 'The zephyr gizmo shows a blank page' }, { text: 'Customer says their zephyr gizmo is stuck again' }, { text: 'Waited an hour in the queue' }]);
  [ids.blank, ids.stuck, ids.queue] = c.itemIds as [number, number, number];
  await p.feedbackItem.updateMany({ where: { id: { in: c.itemIds } }, data: { unclassified: true } });
}

const homeClick = (action_id: string, value: string, user = PM) => blockAction({ action_id, value, user, container: { type: 'view', view_id: 'VHOME' } });

describe('the unclassified queue through the Slack stand-in', () => {
  it('"Add keyword…" writes the keyword into the taxonomy in use and re-tags the reports it matches', async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-intents-'));
    cpSync(BUILT_IN_INTENTS_DIR, dir, { recursive: true });
    h = await startPmHarness(seed, { FRONTLINE_INTENTS_DIR: dir });
    await h.client.interactive(homeClick('unclassified_keyword', String(ids.blank)));
    await h.settle();
    const [open] = await h.slack.waitFor('views.open', 1);
    const modal = open!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe('taxonomy_keyword_submit');

    const short = await h.client.interactive(viewSubmission({ callback_id: modal.callback_id, user: PM, private_metadata: modal.private_metadata, values: { label: select('product:digital_channels'), keyword: text('z') } }));
    expect(short.json).toMatchObject({ response_action: 'errors', errors: { keyword: expect.any(String) } });

    const res = await h.client.interactive(viewSubmission({ callback_id: modal.callback_id, user: PM, private_metadata: modal.private_metadata, values: { label: select('product:digital_channels'), keyword: text('zephyr gizmo') } }));
    await h.settle();
    expect(res.text).toBe('');
    expect(readFileSync(join(dir, 'products.yaml'), 'utf8')).toMatch(/zephyr gizmo/);
    expect(readFileSync(join(dir, 'products.yaml'), 'utf8')).toMatch(/^# Products:/); // comments kept
    const taxonomy = readTaxonomy(dir);
    expect(taxonomy.labels.find((l) => l.id === 'digital_channels')?.keywords.en.map((k) => (typeof k === 'string' ? k : k.text))).toContain('zephyr gizmo');

    const tagged = async (id: number) => (await h.db.store.prisma.tagAssignment.findMany({ where: { itemId: id, kind: 'product' } })).map((t) => t.label);
    expect(await tagged(ids.blank)).toEqual(['digital_channels']);
    expect(await tagged(ids.stuck)).toEqual(['digital_channels']);
    expect(await tagged(ids.queue)).toEqual([]);
    // The report the keyword came from is the PM's example: it trains the rebuilt classifier, which then tags the other.
    const origins = await h.db.store.prisma.tagAssignment.findMany({ where: { itemId: { in: [ids.blank, ids.stuck] }, kind: 'product' }, orderBy: { itemId: 'asc' }, select: { origin: true } });
    expect(origins.map((o) => o.origin)).toEqual(['human', 'rule']);
    const items = await h.db.store.prisma.feedbackItem.findMany({ where: { id: { in: [ids.blank, ids.queue] } }, orderBy: { id: 'asc' } });
    expect(items.map((i) => i.unclassified)).toEqual([false, true]);
    const dm = h.slack.callsTo('chat.postMessage').map((c) => c.args as { channel: string; text: string }).find((m) => m.channel === PM);
    expect(dm?.text).toMatch(/2 reports re-tagged/);

    // The same keyword again is refused inline; the file is not touched twice.
    const again = await h.client.interactive(viewSubmission({ callback_id: modal.callback_id, user: PM, private_metadata: modal.private_metadata, values: { label: select('product:digital_channels'), keyword: text('Zephyr Gizmo') } }));
    expect(again.json).toMatchObject({ response_action: 'errors', errors: { keyword: expect.stringMatching(/Already/) } });
    expect(readFileSync(join(dir, 'products.yaml'), 'utf8').match(/zephyr gizmo/gi)).toHaveLength(1);
  }, BUILD_TIMEOUT);

  it('"Tag as…" puts a human label on the report; a reporter cannot', async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-intents-'));
    h = await startPmHarness(seed);
    await h.client.interactive(homeClick('unclassified_tag', String(ids.queue), STAFF));
    await h.settle();
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
    expect(String(h.slack.callsTo('chat.postMessage').at(-1)!.args.text)).toMatch(/^Only PMs and admins can tag/);

    await h.client.interactive(homeClick('unclassified_tag', String(ids.queue)));
    await h.settle();
    const modal = (await h.slack.waitFor('views.open', 1))[0]!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe('item_tag_submit');
    const res = await h.client.interactive(viewSubmission({ callback_id: modal.callback_id, user: PM, private_metadata: modal.private_metadata, values: { product: select('branch_atm'), issue: select('waiting_staff_service') } }));
    await h.settle();
    expect(res.text).toBe('');
    const tags = await h.db.store.prisma.tagAssignment.findMany({ where: { itemId: ids.queue }, orderBy: { kind: 'asc' } });
    expect(tags.map((t) => [t.kind, t.label, t.origin])).toEqual([['issue', 'waiting_staff_service', 'human'], ['product', 'branch_atm', 'human']]);
    expect((await h.db.store.prisma.feedbackItem.findUniqueOrThrow({ where: { id: ids.queue } })).unclassified).toBe(false);
  });

  it('a submission slower than the ack budget closes the modal at once and reports by DM when done', async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-intents-'));
    h = await startPmHarness(seed);
    const slowly = <T>(value: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => { try { resolve(value()); } catch (e) { reject(e); } }, 2600));
    let calls = 0;
    h.pm.keywords = {
      add: () => slowly(() => {
        calls++;
        if (calls === 2) throw new ActionError('invalid', 'That keyword is already there.', { keyword: 'That keyword is already there.' });
        return { retagged: 3 };
      }),
    };
    const meta = JSON.stringify({ itemId: ids.blank });
    const submit = () => h.client.interactive(viewSubmission({ callback_id: 'taxonomy_keyword_submit', user: PM, private_metadata: meta, values: { label: select('product:cards'), keyword: text('slow keyword') } }));
    const first = await submit();
    expect(first.status).toBe(200);
    expect(first.text).toBe(''); // acked (modal closed) before the work finished; Slack allows 3 s
    await h.settle();
    const second = await submit();
    expect(second.text).toBe('');
    await h.settle();
    const dms = h.slack.callsTo('chat.postMessage').map((c) => c.args as { channel: string; text: string }).filter((m) => m.channel === PM).map((m) => m.text);
    expect(dms).toEqual([expect.stringMatching(/3 reports re-tagged/), 'That keyword is already there.']);
  });
});
