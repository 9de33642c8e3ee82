import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dismissCluster, mergeClusters, mergeTargets, relabelCluster, tagItem, unmergeClusters } from '../../src/actions/cluster-actions.js';
import { readAudit } from '../../src/store/audit.js';
import { deps, NOW, PM, seedCluster, STAFF, testDb, type TestDb } from './support.js';

let db: TestDb;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => db.cleanup());

const members = async (clusterId: number) =>
  (await db.store.prisma.feedbackItem.findMany({ where: { clusterId }, select: { id: true }, orderBy: { id: 'asc' } })).map((i) => i.id);

describe('cluster actions', () => {
  it('merges with history kept, and unmerge restores the original membership', async () => {
    const a = await seedCluster(db.store.prisma, 'OTP late', [{}, {}]);
    const b = await seedCluster(db.store.prisma, 'OTP not received', [{}, {}, {}]);
    const merged = await mergeClusters(deps(db.store), PM, a.id, b.id);
    expect(await members(a.id)).toEqual([]);
    expect(await members(b.id)).toEqual([...b.itemIds, ...a.itemIds].sort((x, y) => x - y));
    expect(merged.movedItemIds.sort()).toEqual(a.itemIds.sort());
    await expect(mergeClusters(deps(db.store), PM, a.id, b.id)).rejects.toThrow(/already one cluster/);

    const undone = await unmergeClusters(deps(db.store), PM, merged.mergeRecordId);
    expect(undone).toMatchObject({ sourceId: a.id, targetId: b.id });
    expect(await members(a.id)).toEqual(a.itemIds);
    expect(await members(b.id)).toEqual(b.itemIds);
    await expect(unmergeClusters(deps(db.store), PM, merged.mergeRecordId)).rejects.toThrow(/already undone/);
    const actions = (await readAudit(db.store.prisma, { limit: 10, order: 'asc' })).map((e) => `${e.action}:${e.allowed}`);
    expect(actions).toEqual(['merge:true', 'unmerge:true']);
  });

  it('refuses a reporter merging, and nothing moves', async () => {
    const a = await seedCluster(db.store.prisma, 'OTP late', [{}]);
    const b = await seedCluster(db.store.prisma, 'OTP not received', [{}]);
    await expect(mergeClusters(deps(db.store), STAFF, a.id, b.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await members(a.id)).toEqual(a.itemIds);
  });

  it('relabels: the cluster takes the product and issue, and its items get human labels replacing earlier ones', async () => {
    const c = await seedCluster(db.store.prisma, 'Card fee', [{}, {}], { product: 'cards', issue: 'app_crash' });
    await relabelCluster(deps(db.store), PM, c.id, { product: 'cards', issue: 'fees_interest' });
    await relabelCluster(deps(db.store), PM, c.id, { issue: 'fees_and_interest' });
    const cluster = await db.store.prisma.cluster.findUniqueOrThrow({ where: { id: c.id } });
    expect(cluster).toMatchObject({ product: 'cards', issue: 'fees_and_interest', pinned: true });
    const tags = await db.store.prisma.tagAssignment.findMany({ where: { itemId: c.itemIds[0] }, orderBy: { kind: 'asc' } });
    expect(tags.map((t) => [t.kind, t.label, t.origin, t.actorId])).toEqual([
      ['issue', 'fees_and_interest', 'human', PM],
      ['product', 'cards', 'human', PM],
    ]);
    await expect(relabelCluster(deps(db.store), PM, c.id, {})).rejects.toMatchObject({ code: 'invalid' });
  });

  it('tags one unclassified item by hand', async () => {
    const c = await seedCluster(db.store.prisma, 'Misc', [{}]);
    await db.store.prisma.feedbackItem.update({ where: { id: c.itemIds[0] }, data: { unclassified: true } });
    await tagItem(deps(db.store), PM, c.itemIds[0]!, { product: 'loans' });
    const item = await db.store.prisma.feedbackItem.findUniqueOrThrow({ where: { id: c.itemIds[0] }, include: { tags: true } });
    expect(item.unclassified).toBe(false);
    expect(item.tags.map((t) => `${t.kind}:${t.label}:${t.origin}`)).toEqual(['product:loans:human']);
  });

  it("dismisses with a reason, recording this week's volume", async () => {
    const lastMonth = new Date(NOW.getTime() - 20 * 86_400_000);
    const c = await seedCluster(db.store.prisma, 'Pen at branch', [{}, {}, { receivedAt: lastMonth }]);
    const weekStart = new Date(NOW.getTime() - 86_400_000);
    const result = await dismissCluster(deps(db.store), PM, c.id, { reason: 'noise', note: 'not a product issue', weekStart });
    expect(result.dismissedVolume).toBe(2);
    expect(await db.store.prisma.cluster.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      status: 'dismissed',
      dismissedReason: 'noise: not a product issue',
      dismissedVolume: 2,
      dismissedAt: NOW,
    });
    await expect(dismissCluster(deps(db.store), PM, c.id, { reason: 'noise', weekStart })).rejects.toThrow(/already dismissed/);
    await expect(dismissCluster(deps(db.store), PM, c.id, { reason: 'because', weekStart })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('lists other open clusters as merge targets, searchable by title', async () => {
    const a = await seedCluster(db.store.prisma, 'OTP late', [{}]);
    const b = await seedCluster(db.store.prisma, 'OTP not received', [{}]);
    await seedCluster(db.store.prisma, 'ATM fee', [{}]);
    expect((await mergeTargets(db.store.prisma, a.id, 'OTP')).map((c) => c.id)).toEqual([b.id]);
    expect((await mergeTargets(db.store.prisma, a.id, '')).length).toBe(2);
  });
});
