// The re-cluster pass against a real database: paraphrases that split because
// they arrived early are joined after an import, clusters a PM acted on keep
// their id and members, a second pass changes nothing, and each pass that
// changed something leaves one audit entry.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openIntake, type Intake } from '../../src/intake/open.js';
import { openStore, type Store } from '../../src/store/client.js';
import { runFrontline } from '../support/cli.js';

let dir: string;
let store: Store;
const url = () => `file:${join(dir, 'test.db')}`;

// Seven ways to say "the OTP SMS does not arrive", then unrelated items. Filed
// in this order, the fifth, sixth and seventh start a cluster of their own.
const texts = [
  'OTP SMS not arriving for login. Customer waited 10 min nothing.',
  'Customers abroad cannot get the OTP SMS so they cannot log in to internet banking while travelling',
  'Cust says verification code text never comes. can we offer app push or email OTP instead?',
  'SMS verification code arrives after it has already expired (5+ min delay)',
  'the OTP text message never shows up when customer logs in',
  'OTP SMS never arrives when the customer logs in',
  'customer did not receive the OTP SMS for login',
  'ATM kept the customer card after she entered her PIN.',
  'ATM swallowed card. Customer waited 40 mins for someone to open the machine nobody came.',
  'Card retained by ATM at the MRT station machine customer needs it back today for a trip',
  'Another card retention at the lobby ATM after a network timeout.',
  'Branch queue took an hour',
  'Customer wants a higher credit limit for a wedding',
];
const at = (i: number) => new Date(Date.UTC(2026, 10, 17, 2 + i));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-recluster-'));
});
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function membership(): Promise<Map<number, number[]>> {
  const rows = await store.prisma.feedbackItem.findMany({ select: { id: true, clusterId: true }, orderBy: { id: 'asc' } });
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.clusterId!, [...(out.get(r.clusterId!) ?? []), r.id]);
  return out;
}

const clusterOf = async (itemId: number) => (await store.prisma.feedbackItem.findUniqueOrThrow({ where: { id: itemId } })).clusterId!;
const reclusterAudit = () => store.prisma.auditLog.findMany({ where: { action: 'cluster.recluster' } });

/** Files the texts one by one through the intake pipeline, without the pass an import runs at its end. */
async function fileIncrementally(): Promise<Intake> {
  store = await openStore(url(), dir);
  const intake = await openIntake(store, loadConfig({ FRONTLINE_TIMEZONE: 'Asia/Taipei' }, dir));
  for (const [i, text] of texts.entries()) {
    await intake.pipeline.fileBatch([{ intakeKey: `import:t${i}`, source: 'import', text, receivedAt: at(i), branch: `B${i}`, channelType: 'branch' }]);
  }
  return intake;
}

describe('re-cluster pass', () => {
  it('joins paraphrases that split during an import, records one audit entry, and a second pass changes nothing', async () => {
    const csv = ['text,branch,channel,created_at,reporter', ...texts.map((t, i) => `"${t}",B${i},branch,${at(i).toISOString()},U${i}`)];
    writeFileSync(join(dir, 'feedback.csv'), csv.join('\n'));
    const run = await runFrontline(['ingest', 'feedback.csv', '--json'], { DATABASE_URL: url() }, dir);
    expect(run.code).toBe(0);
    store = await openStore(url(), dir);
    // The import's pass merged the cluster the fifth report had started into the first one's.
    const merges = await store.prisma.clusterMergeRecord.findMany({ orderBy: { id: 'asc' } });
    expect(merges.length).toBeGreaterThan(0);
    expect(merges.every((m) => m.actorId === 'system')).toBe(true);
    const otp = await clusterOf(1);
    for (const id of [2, 5, 6, 7]) expect(await clusterOf(id)).toBe(otp);
    for (const id of [8, 9, 10, 11, 12, 13]) expect(await clusterOf(id)).not.toBe(otp);
    for (const m of merges) expect(await store.prisma.cluster.findUnique({ where: { id: m.sourceId } })).toMatchObject({ status: 'merged', itemCount: 0 });
    const audit = await reclusterAudit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: 'system', subjectType: 'other', subjectId: 'clusters' });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ merges: merges.length });

    // A second pass, from the CLI: nothing to change, nothing written.
    const before = await membership();
    const again = await runFrontline(['clusters', '--recluster', '--json'], { DATABASE_URL: url() }, dir);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ items_moved: 0, merges: [] });
    expect(await membership()).toEqual(before);
    expect(await reclusterAudit()).toHaveLength(1);
  });

  it('moves and merges through the store, and the result survives a restart', async () => {
    const intake = await fileIncrementally();
    const split = await clusterOf(5);
    expect(split).not.toBe(await clusterOf(1));
    expect(await clusterOf(6)).toBe(split);
    const summary = await intake.clusters.recluster(store.prisma);
    expect(summary.itemsMoved).toBeGreaterThan(0);
    for (const id of [5, 6, 7]) expect(await clusterOf(id)).toBe(await clusterOf(1));
    const after = await membership();
    // Rebuilt from the database, the engine agrees there is nothing left to do.
    const restarted = await openIntake(store, loadConfig({ FRONTLINE_TIMEZONE: 'Asia/Taipei' }, dir));
    expect((await restarted.clusters.recluster(store.prisma)).itemsMoved).toBe(0);
    expect(await membership()).toEqual(after);
    expect(await reclusterAudit()).toHaveLength(1);
  });

  const protections: [string, (clusterId: number, intake: Intake) => Promise<void>][] = [
    ['pinned', async (id) => void (await store.prisma.cluster.update({ where: { id }, data: { pinned: true } }))],
    [
      'promoted to the backlog',
      async (id) => {
        const item = await store.prisma.backlogItem.create({ data: { title: 'OTP', createdBy: 'U_PM' } });
        await store.prisma.backlogLink.create({ data: { backlogItemId: item.id, clusterId: id, linkedBy: 'U_PM' } });
      },
    ],
    [
      'holding an item a PM moved there',
      async (id, intake) => {
        await intake.clusters.move(store.prisma, 12, id, 'U_PM');
      },
    ],
  ];
  for (const [what, protect] of protections) {
    it(`keeps the id and members of a cluster ${what}`, async () => {
      const intake = await fileIncrementally();
      // The cluster the fifth report started would be merged away into the first one's.
      const acted = await clusterOf(5);
      expect(acted).not.toBe(await clusterOf(1));
      await protect(acted, intake);
      const members = (await membership()).get(acted)!;
      await intake.clusters.recluster(store.prisma);
      const row = await store.prisma.cluster.findUniqueOrThrow({ where: { id: acted } });
      expect(row.status).toBe('open');
      expect(row.mergedIntoId).toBeNull();
      const now = (await membership()).get(acted) ?? [];
      for (const id of members) expect(now).toContain(id);
    });
  }
});
