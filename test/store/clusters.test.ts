// The cluster store against a real database: merge, unmerge, split and move
// change the stored membership and the audit log together, refusals change
// nothing, and a restart rebuilds the engine so a merge can still be undone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/client.js';
import { ClusterStore } from '../../src/store/clusters.js';
import { normalize } from '../../src/triage/normalize.js';
import { runFrontline } from '../support/cli.js';

let dir: string;
let store: Store;
const url = () => `file:${join(dir, 'test.db')}`;
const prepare = (text: string) => ({ ...normalize(text), concepts: [] });

const csv = [
  'text,branch,channel,created_at,reporter',
  'The app logs me out during a transfer,Taipei,branch,2026-11-17T02:00:00Z,U1',
  'the app logs me out during a transfer again,Tainan,branch,2026-11-17T03:00:00Z,U2',
  '信用卡年費怎麼收,Taipei,contact_centre,2026-11-18T02:00:00Z,U3',
  '信用卡年费怎么收,Shanghai,contact_centre,2026-11-18T03:00:00Z,U4',
  'Branch queue took an hour,Kaohsiung,branch,2026-11-19T02:00:00Z,U5',
].join('\n');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-cluster-store-'));
  writeFileSync(join(dir, 'feedback.csv'), csv);
  const run = await runFrontline(['ingest', 'feedback.csv', '--json'], { DATABASE_URL: url() }, dir);
  expect(run.code).toBe(0);
  store = await openStore(url(), dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function membership(): Promise<Map<number, number[]>> {
  const rows = await store.prisma.feedbackItem.findMany({ select: { id: true, clusterId: true }, orderBy: { id: 'asc' } });
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.clusterId!, [...(out.get(r.clusterId!) ?? []), r.id]);
  return out;
}

describe('ClusterStore', () => {
  it('merges and unmerges in the database with audit entries, also after a restart', async () => {
    const before = await membership();
    expect(before.size).toBe(3);
    const [transfer, fee] = [...before.keys()];
    const clusters = await ClusterStore.load(store.prisma, prepare);
    const { mergeId } = await clusters.merge(store.prisma, fee!, transfer!, 'U_PM');
    const merged = await membership();
    expect(merged.get(transfer!)).toHaveLength(4);
    expect(merged.has(fee!)).toBe(false);
    expect(await store.prisma.cluster.findUnique({ where: { id: fee! } })).toMatchObject({ status: 'merged', mergedIntoId: transfer });

    // A restart rebuilds the engine from the database; the merge can still be undone.
    const restarted = await ClusterStore.load(store.prisma, prepare);
    await expect(restarted.merge(store.prisma, fee!, transfer!, 'U_PM')).rejects.toThrow(/already merged/);
    await restarted.unmerge(store.prisma, mergeId, 'U_PM');
    expect(await membership()).toEqual(before);
    expect(await store.prisma.cluster.findUnique({ where: { id: fee! } })).toMatchObject({ status: 'open', mergedIntoId: null });
    const audit = await store.prisma.auditLog.findMany({ where: { action: { startsWith: 'cluster.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([['cluster.merge', 'U_PM'], ['cluster.unmerge', 'U_PM']]);
  });

  it('refuses a self-merge, a merge into a merged-away cluster and a cycle, changing nothing', async () => {
    const clusters = await ClusterStore.load(store.prisma, prepare);
    const [a, b, c] = [...(await membership()).keys()];
    await expect(clusters.merge(store.prisma, a!, a!, 'U_PM')).rejects.toThrow(/into itself/);
    await clusters.merge(store.prisma, b!, a!, 'U_PM');
    const after = await membership();
    const auditCount = await store.prisma.auditLog.count();
    await expect(clusters.merge(store.prisma, c!, b!, 'U_PM')).rejects.toThrow(/merged into cluster/);
    await expect(clusters.merge(store.prisma, a!, b!, 'U_PM')).rejects.toThrow(/cycle/);
    expect(await membership()).toEqual(after);
    expect(await store.prisma.auditLog.count()).toBe(auditCount);
  });

  it('splits and moves items by hand, locks them, and records both', async () => {
    const clusters = await ClusterStore.load(store.prisma, prepare);
    const [transfer, fee] = [...(await membership()).entries()];
    const created = await clusters.split(store.prisma, transfer![0], [transfer![1][1]!], 'U_PM');
    await clusters.move(store.prisma, fee![1][0]!, created, 'U_PM');
    const now = await membership();
    expect(now.get(created)).toEqual([transfer![1][1], fee![1][0]].sort((x, y) => x! - y!));
    const locked = await store.prisma.feedbackItem.findMany({ where: { clusterLocked: true }, select: { id: true } });
    expect(locked.map((r) => r.id).sort()).toEqual(now.get(created));
    const audit = await store.prisma.auditLog.findMany({ where: { action: { startsWith: 'cluster.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['cluster.split', 'cluster.move']);
  });
});
