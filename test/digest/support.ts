// Throwaway databases with clusters and items for digest tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore, type Store } from '../../src/store/client.js';

export async function tempStore(): Promise<{ store: Store; dir: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-digest-'));
  const store = await openStore(`file:${join(dir, 'x.db')}`, dir);
  return {
    store,
    dir,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ FRONTLINE_TIMEZONE: 'Asia/Taipei', ...env }, tmpdir());
}

let seq = 0;

export interface ClusterSpec {
  title: string;
  product?: string | null;
  issue?: string | null;
  status?: string;
  firstSeen?: Date;
  dismissedVolume?: number | null;
  mergedIntoId?: number | null;
}

export async function addCluster(store: Store, spec: ClusterSpec): Promise<number> {
  const firstSeen = spec.firstSeen ?? new Date('2026-01-01T00:00:00Z');
  const row = await store.prisma.cluster.create({
    data: {
      title: spec.title,
      product: spec.product ?? null,
      issue: spec.issue ?? null,
      status: spec.status ?? 'open',
      firstSeen,
      lastSeen: firstSeen,
      dismissedVolume: spec.dismissedVolume ?? null,
      mergedIntoId: spec.mergedIntoId ?? null,
    },
  });
  return row.id;
}

export interface ItemSpec {
  at: Date;
  count?: number;
  branch?: (i: number) => string | null;
  channelType?: string;
  text?: string;
  flags?: string[];
  tags?: { kind: string; label: string }[];
  permalink?: string | null;
  unclassified?: boolean;
  status?: string;
}

export async function addItems(store: Store, clusterId: number | null, spec: ItemSpec): Promise<void> {
  for (let i = 0; i < (spec.count ?? 1); i++) {
    const key = `test:${++seq}`;
    const item = await store.prisma.feedbackItem.create({
      data: {
        intakeKey: key,
        source: 'import',
        text: spec.text ?? `report ${seq}`,
        contentHash: key,
        receivedAt: new Date(spec.at.getTime() + i * 60_000),
        branch: spec.branch ? spec.branch(i) : 'Taipei Main',
        channelType: spec.channelType ?? 'branch',
        status: spec.status ?? 'triaged',
        unclassified: spec.unclassified ?? false,
        clusterId,
        permalink: spec.permalink === undefined ? `https://bank.slack.com/archives/C1/p${seq}` : spec.permalink,
      },
    });
    for (const flag of spec.flags ?? []) await store.prisma.mustDoFlag.create({ data: { itemId: item.id, flag } });
    for (const tag of spec.tags ?? []) {
      await store.prisma.tagAssignment.create({ data: { itemId: item.id, kind: tag.kind, label: tag.label, confidence: 0.9, origin: 'rule' } });
    }
  }
}
