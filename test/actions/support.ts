// A fresh database per test, a few seeded clusters and items, and fakes for
// the parts the Slack shell and the cluster store provide.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/client.js';
import { Roles } from '../../src/actions/roles.js';
import type { ActionDeps } from '../../src/actions/deps.js';
import type { ClusterOps } from '../../src/actions/cluster-ops.js';
import type { MessagePoster, OutgoingMessage } from '../../src/actions/loop.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

export const ADMIN = 'UADMIN01';
export const PM = 'UPM00001';
export const PM2 = 'UPM00002';
export const STAFF = 'USTAFF01';
export const NOW = new Date('2026-11-24T02:00:00Z');

export interface TestDb {
  store: Store;
  dir: string;
  url: string;
  cleanup(): Promise<void>;
}

export async function testDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-actions-'));
  const url = `file:${join(dir, 'test.db')}`;
  const store = await openStore(url, dir);
  return {
    store,
    dir,
    url,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export class RecordingPoster implements MessagePoster {
  sent: OutgoingMessage[] = [];
  failFor = new Set<string>();
  async post(message: OutgoingMessage): Promise<void> {
    if (this.failFor.has(message.channel)) throw new Error('channel_not_found');
    this.sent.push(message);
  }
}

/** Merge/unmerge over the same tables, as the cluster store does it. */
export function fakeClusterOps(prisma: PrismaClient): ClusterOps {
  return {
    async merge(sourceId, targetId, actorId) {
      return prisma.$transaction(async (tx) => {
        const moved = (await tx.feedbackItem.findMany({ where: { clusterId: sourceId }, select: { id: true } })).map((i) => i.id);
        await tx.feedbackItem.updateMany({ where: { id: { in: moved } }, data: { clusterId: targetId } });
        await tx.cluster.update({ where: { id: sourceId }, data: { status: 'merged', mergedIntoId: targetId, itemCount: 0 } });
        await tx.cluster.update({ where: { id: targetId }, data: { itemCount: { increment: moved.length } } });
        const record = await tx.clusterMergeRecord.create({ data: { sourceId, targetId, itemIds: JSON.stringify(moved), actorId } });
        return { mergeRecordId: record.id, sourceId, targetId, movedItemIds: moved };
      });
    },
    async unmerge(mergeRecordId) {
      return prisma.$transaction(async (tx) => {
        const record = await tx.clusterMergeRecord.findUniqueOrThrow({ where: { id: mergeRecordId } });
        const ids = JSON.parse(record.itemIds) as number[];
        await tx.feedbackItem.updateMany({ where: { id: { in: ids } }, data: { clusterId: record.sourceId } });
        await tx.cluster.update({ where: { id: record.sourceId }, data: { status: 'open', mergedIntoId: null, itemCount: ids.length } });
        await tx.cluster.update({ where: { id: record.targetId }, data: { itemCount: { decrement: ids.length } } });
        await tx.clusterMergeRecord.update({ where: { id: mergeRecordId }, data: { undoneAt: new Date() } });
        return { mergeRecordId, sourceId: record.sourceId, targetId: record.targetId, restoredItemIds: ids };
      });
    },
  };
}

export function deps(store: Store, extra: Partial<ActionDeps> = {}): ActionDeps {
  const roles = new Roles(store.prisma, { FRONTLINE_ADMINS: [ADMIN], FRONTLINE_PMS: [PM, PM2] }, { now: () => NOW });
  return { prisma: store.prisma, roles, now: () => NOW, webhookEnabled: false, clusterOps: fakeClusterOps(store.prisma), ...extra };
}

let seq = 0;
export interface SeedItem {
  reporterId?: string | null;
  text?: string;
  branch?: string | null;
  source?: string;
  slackChannelId?: string | null;
  slackMessageTs?: string | null;
  permalink?: string | null;
  receivedAt?: Date;
  channelType?: string;
}

/** A cluster with the given items; returns its ID and the items' IDs. */
export async function seedCluster(
  prisma: PrismaClient,
  title: string,
  items: SeedItem[],
  extra: { product?: string; issue?: string } = {},
): Promise<{ id: number; itemIds: number[] }> {
  const cluster = await prisma.cluster.create({
    data: { title, firstSeen: NOW, lastSeen: NOW, itemCount: items.length, product: extra.product ?? null, issue: extra.issue ?? null },
  });
  const itemIds: number[] = [];
  for (const item of items) {
    seq++;
    const row = await prisma.feedbackItem.create({
      data: {
        intakeKey: `test:${process.pid}:${seq}:${Math.random()}`,
        source: item.source ?? 'dm',
        slackChannelId: item.slackChannelId ?? null,
        slackMessageTs: item.slackMessageTs ?? null,
        permalink: item.permalink ?? null,
        reporterId: item.reporterId === undefined ? STAFF : item.reporterId,
        branch: item.branch ?? null,
        channelType: item.channelType ?? 'branch',
        text: item.text ?? `Customer says the app logged them out mid-transfer (${seq})`,
        contentHash: `h${seq}`,
        receivedAt: item.receivedAt ?? NOW,
        status: 'triaged',
        clusterId: cluster.id,
      },
    });
    itemIds.push(row.id);
  }
  return { id: cluster.id, itemIds };
}
