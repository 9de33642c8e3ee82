// Backlog items (BL-<id>) and their links to clusters.
import type { Db } from './audit.js';

export const BACKLOG_STATUSES = ['new', 'planned', 'in_progress', 'shipped', 'declined'] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface BacklogView {
  key: string;
  id: number;
  title: string;
  description: string;
  priority: string;
  owner: string | null;
  product: string | null;
  status: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  clusterIds: number[];
}

export const backlogKey = (id: number): string => `BL-${id}`;

/** `BL-12`, `bl-12` or `12` → 12; undefined when it is not a backlog key. */
export function parseBacklogKey(text: string): number | undefined {
  const m = /^(?:BL-)?(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

type Row = {
  id: number; title: string; description: string; priority: string; owner: string | null; product: string | null;
  status: string; createdBy: string; createdAt: Date; updatedAt: Date; links: { clusterId: number }[];
};

function view(r: Row): BacklogView {
  return {
    key: backlogKey(r.id),
    id: r.id,
    title: r.title,
    description: r.description,
    priority: r.priority,
    owner: r.owner,
    product: r.product,
    status: r.status,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    clusterIds: r.links.map((l) => l.clusterId).sort((a, b) => a - b),
  };
}

const withLinks = { links: { select: { clusterId: true } } } as const;

export async function getBacklogItem(db: Db, id: number): Promise<BacklogView | undefined> {
  const row = await db.backlogItem.findUnique({ where: { id }, include: withLinks });
  return row ? view(row) : undefined;
}

/** The backlog item a cluster is already linked to, if any. */
export async function backlogOfCluster(db: Db, clusterId: number): Promise<BacklogView | undefined> {
  const link = await db.backlogLink.findFirst({ where: { clusterId }, orderBy: { createdAt: 'asc' } });
  return link ? getBacklogItem(db, link.backlogItemId) : undefined;
}

export interface NewBacklogItem {
  title: string;
  description: string;
  priority: Priority;
  owner: string | null;
  product: string | null;
  createdBy: string;
  clusterId: number;
  at: Date;
}

export async function createBacklogItem(db: Db, item: NewBacklogItem): Promise<BacklogView> {
  const row = await db.backlogItem.create({
    data: {
      title: item.title,
      description: item.description,
      priority: item.priority,
      owner: item.owner,
      product: item.product,
      createdBy: item.createdBy,
      createdAt: item.at,
      links: { create: { clusterId: item.clusterId, linkedBy: item.createdBy, createdAt: item.at } },
    },
    include: withLinks,
  });
  return view(row);
}

export async function linkCluster(db: Db, backlogItemId: number, clusterId: number, linkedBy: string, at: Date): Promise<void> {
  await db.backlogLink.upsert({
    where: { backlogItemId_clusterId: { backlogItemId, clusterId } },
    create: { backlogItemId, clusterId, linkedBy, createdAt: at },
    update: {},
  });
}

export async function setBacklogStatus(db: Db, id: number, status: BacklogStatus, at: Date): Promise<BacklogView> {
  const row = await db.backlogItem.update({ where: { id }, data: { status, updatedAt: at }, include: withLinks });
  return view(row);
}

export interface BacklogQuery {
  status?: string | undefined;
  product?: string | undefined;
  owner?: string | undefined;
  ids?: number[] | undefined;
  limit?: number | undefined;
}

export async function listBacklog(db: Db, query: BacklogQuery = {}): Promise<BacklogView[]> {
  const rows = await db.backlogItem.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.product ? { product: query.product } : {}),
      ...(query.owner ? { owner: query.owner } : {}),
      ...(query.ids ? { id: { in: query.ids } } : {}),
    },
    orderBy: { id: 'desc' },
    ...(query.limit ? { take: query.limit } : {}),
    include: withLinks,
  });
  return rows.map(view);
}

export async function countBacklogByStatus(db: Db, owner?: string): Promise<Record<string, number>> {
  const groups = await db.backlogItem.groupBy({ by: ['status'], where: owner ? { owner } : {}, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
