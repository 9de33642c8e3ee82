import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkClusterToBacklog, promoteCluster, setStatus } from '../../src/actions/backlog.js';
import { mergeClusters } from '../../src/actions/cluster-actions.js';
import { ActionError } from '../../src/actions/errors.js';
import { loadPromoteDraft } from '../../src/actions/promote-draft.js';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { listBacklog } from '../../src/store/backlog.js';
import { readAudit } from '../../src/store/audit.js';
import { deps, PM, PM2, seedCluster, STAFF, testDb, type TestDb } from './support.js';

const execFileAsync = promisify(execFile);
const fixture = fileURLToPath(new URL('./fixtures/promote-once.ts', import.meta.url));

let db: TestDb;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => db.cleanup());

const input = (clusterId: number, extra: Partial<Parameters<typeof promoteCluster>[2]> = {}) => ({
  clusterId,
  title: 'App logs customers out mid-transfer',
  description: '3 reports',
  priority: 'high',
  owner: 'UOWNER01',
  product: 'digital_channels',
  ...extra,
});

describe('promote', () => {
  it('creates BL-<n> linked to the cluster and audits it', async () => {
    const c = await seedCluster(db.store.prisma, 'Logged out mid-transfer', [{}, {}]);
    const result = await promoteCluster(deps(db.store), PM, input(c.id));
    expect(result.kind).toBe('created');
    expect(result.backlog).toMatchObject({ key: 'BL-1', status: 'new', priority: 'high', owner: 'UOWNER01', clusterIds: [c.id], createdBy: PM });
    const audit = await readAudit(db.store.prisma, { subject: `cluster:${c.id}`, limit: 5 });
    expect(audit[0]).toMatchObject({ actor: PM, action: 'promote', allowed: true, after: { backlog: 'BL-1' } });
  });

  it('refuses a reporter and changes nothing', async () => {
    const c = await seedCluster(db.store.prisma, 'Logged out', [{}]);
    await expect(promoteCluster(deps(db.store), STAFF, input(c.id))).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/Only PMs and admins/),
    });
    expect(await listBacklog(db.store.prisma)).toEqual([]);
    expect((await db.store.prisma.cluster.findUniqueOrThrow({ where: { id: c.id } })).pinned).toBe(false);
    expect(await readAudit(db.store.prisma, { limit: 5 })).toEqual([expect.objectContaining({ actor: STAFF, allowed: false, action: 'promote' })]);
  });

  it('validates the title (required, at most 150 characters) and priority, with errors per field', async () => {
    const c = await seedCluster(db.store.prisma, 'Logged out', [{}]);
    const error = (await promoteCluster(deps(db.store), PM, input(c.id, { title: '   ', priority: 'asap' })).catch((e: unknown) => e)) as ActionError;
    expect(error.code).toBe('invalid');
    expect(error.fieldErrors).toEqual({ title: 'A title is required.', priority: expect.stringMatching(/Choose a priority/) });
    const long = (await promoteCluster(deps(db.store), PM, input(c.id, { title: 'x'.repeat(151) })).catch((e: unknown) => e)) as ActionError;
    expect(long.fieldErrors.title).toMatch(/151 characters; keep it to 150/);
    expect(await listBacklog(db.store.prisma)).toEqual([]);
  });

  it('gives one backlog item when PMs promote one cluster at once, in one process or in two', async () => {
    const c = await seedCluster(db.store.prisma, 'Logged out', [{}]);
    const results = await Promise.all([
      promoteCluster(deps(db.store), PM, input(c.id)),
      promoteCluster(deps(db.store), PM2, input(c.id, { title: 'Second try' })),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already_promoted', 'created']);
    expect(results[0].backlog.key).toBe(results[1].backlog.key);

    const d = await seedCluster(db.store.prisma, 'Card swallowed', [{}]);
    const runs = await Promise.all(
      [PM, PM2].map((pm) => execFileAsync(process.execPath, ['--import', 'tsx', fixture, db.url, db.dir, String(d.id), pm], { cwd: process.cwd() })),
    );
    const outcomes = runs.map((r) => JSON.parse(r.stdout) as { kind: string; key: string });
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already_promoted', 'created']);
    expect(outcomes[0]!.key).toBe(outcomes[1]!.key);
    expect(await listBacklog(db.store.prisma)).toHaveLength(2);
  }, 30_000);

  it('offers to link instead when the cluster is already promoted, and links another cluster', async () => {
    const a = await seedCluster(db.store.prisma, 'Logged out', [{}]);
    const b = await seedCluster(db.store.prisma, 'Session ends during transfer', [{}]);
    const first = await promoteCluster(deps(db.store), PM, input(a.id));
    const draft = await loadPromoteDraft(db.store.prisma, a.id);
    expect(draft.existing?.key).toBe(first.backlog.key);
    const linked = await linkClusterToBacklog(deps(db.store), PM2, b.id, first.backlog.id);
    expect(linked.backlog.clusterIds).toEqual([a.id, b.id]);
    const again = await linkClusterToBacklog(deps(db.store), PM2, b.id, first.backlog.id);
    expect(again.alreadyLinked).toBe(true);
  });

  it('follows a merged-away cluster to its survivor, and explains a cluster that is gone', async () => {
    const a = await seedCluster(db.store.prisma, 'Logged out', [{}]);
    const b = await seedCluster(db.store.prisma, 'Logged out again', [{}]);
    await mergeClusters(deps(db.store), PM, a.id, b.id);
    const result = await promoteCluster(deps(db.store), PM, input(a.id));
    expect(result).toMatchObject({ kind: 'created', clusterId: b.id, followedFrom: a.id });
    expect(result.backlog.clusterIds).toEqual([b.id]);
    await expect(promoteCluster(deps(db.store), PM, input(9999))).rejects.toMatchObject({
      code: 'stale',
      message: expect.stringMatching(/Cluster 9999 no longer exists/),
    });
  });
});

describe('backlog lifecycle', () => {
  it('moves new → planned → in progress → shipped, refuses impossible moves, and allows reopening to planned', async () => {
    const c = await seedCluster(db.store.prisma, 'Logged out', [{}]);
    const { backlog } = await promoteCluster(deps(db.store), PM, input(c.id));
    const d = deps(db.store);
    expect((await setStatus(d, PM, backlog.id, 'planned')).backlog.status).toBe('planned');
    expect((await setStatus(d, PM, backlog.id, 'in_progress')).backlog.status).toBe('in_progress');
    expect((await setStatus(d, PM, backlog.id, 'shipped')).backlog.status).toBe('shipped');
    await expect(setStatus(d, PM, backlog.id, 'shipped')).rejects.toThrow(/already shipped/);
    await expect(setStatus(d, PM, backlog.id, 'declined')).rejects.toThrow(/cannot go from shipped to declined; from shipped it can go to planned/);
    expect((await setStatus(d, PM, backlog.id, 'planned')).backlog.status).toBe('planned');
    await expect(setStatus(d, STAFF, backlog.id, 'declined')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setStatus(d, PM, 999, 'planned')).rejects.toThrow(/BL-999 does not exist/);
    const history = await readAudit(db.store.prisma, { subject: backlog.key, limit: 20, order: 'asc' });
    expect(history.filter((h) => h.allowed).map((h) => (h.after as { status: string }).status)).toEqual(['planned', 'in_progress', 'shipped', 'planned']);
  });
});
