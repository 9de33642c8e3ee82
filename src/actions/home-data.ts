// Reads what the App Home shows. PMs: this week's ranking (the digest's, over
// all products), the unclassified queue and their backlog items. Reporters:
// their recent reports with tags, cluster and backlog status.
import { buildDigest, loadWeek, type DigestSettings } from '../digest/build.js';
import { weekOf } from '../digest/week.js';
import { openDigestReader } from '../store/digest.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { listBacklog, type BacklogView } from '../store/backlog.js';
import type { HomeData, PmHome, ReporterHome } from '../slack/blocks/home.js';
import { HOME_CAPS } from '../slack/blocks/home.js';
import { isLoopMuted } from './loop.js';
import type { Role } from './roles.js';

/** This week's ranking so far, over all products, or null when there is nothing yet. */
export type WeekRanking = (now: Date) => Promise<PmHome['digest']>;

/** The digest's own ranking, read from the database file at `dbPath`. */
export function digestRanking(dbPath: string, settings: DigestSettings): WeekRanking {
  return async (now) => {
    const reader = openDigestReader(dbPath);
    try {
      const loaded = loadWeek(reader, weekOf(now, settings.timeZone), settings.timeZone);
      const digest = buildDigest(reader, loaded, { products: [], language: settings.defaultLanguage }, settings);
      return digest.totals.items > 0 || digest.mustDo.length > 0 || digest.top.length > 0 ? digest : null;
    } finally {
      reader.close();
    }
  };
}

export async function loadPmHome(prisma: PrismaClient, userId: string, ranking: WeekRanking, now: Date): Promise<PmHome> {
  const digest = await ranking(now);
  const [unclassifiedTotal, unclassified] = await Promise.all([
    prisma.feedbackItem.count({ where: { unclassified: true, status: { not: 'deleted' } } }),
    prisma.feedbackItem.findMany({
      where: { unclassified: true, status: { not: 'deleted' } },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: HOME_CAPS.unclassified,
      select: { id: true, text: true, receivedAt: true, branch: true, permalink: true },
    }),
  ]);
  const mine = { OR: [{ owner: userId }, { createdBy: userId }] };
  const [items, groups] = await Promise.all([
    prisma.backlogItem.findMany({ where: mine, orderBy: { updatedAt: 'desc' }, take: 200, select: { id: true } }),
    prisma.backlogItem.groupBy({ by: ['status'], where: mine, _count: { _all: true } }),
  ]);
  const backlog: BacklogView[] = items.length > 0 ? await listBacklog(prisma, { ids: items.map((i) => i.id) }) : [];
  return {
    kind: 'pm',
    userId,
    digest,
    unclassified: { total: unclassifiedTotal, items: unclassified.map((u) => ({ ...u, receivedAt: u.receivedAt.toISOString() })) },
    backlog: { counts: Object.fromEntries(groups.map((g) => [g.status, g._count._all])), items: backlog },
  };
}

export async function loadReporterHome(prisma: PrismaClient, userId: string): Promise<ReporterHome> {
  // Items still awaiting their text (a reaction being read) have nothing to show yet.
  const where = { reporterId: userId, status: { notIn: ['deleted', 'awaiting_text'] } };
  const [total, rows, muted] = await Promise.all([
    prisma.feedbackItem.count({ where }),
    prisma.feedbackItem.findMany({
      where,
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: HOME_CAPS.reports,
      include: { tags: true, cluster: { select: { id: true, title: true, mergedIntoId: true, backlogLinks: { select: { backlogItem: true } } } } },
    }),
    isLoopMuted(prisma, userId),
  ]);
  return {
    kind: 'reporter',
    userId,
    muted,
    totalReports: total,
    reports: rows.map((r) => {
      // A human label replaces the machine's label of the same kind.
      const human = new Set(r.tags.filter((t) => t.origin === 'human').map((t) => t.kind));
      const tags = [...new Set(r.tags.filter((t) => t.origin === 'human' || !human.has(t.kind)).map((t) => t.label))];
      const link = r.cluster?.backlogLinks[0]?.backlogItem;
      return {
        id: r.id,
        text: r.text,
        receivedAt: r.receivedAt.toISOString(),
        tags,
        cluster: r.cluster ? { id: r.cluster.id, title: r.cluster.title } : null,
        backlog: link ? { key: `BL-${link.id}`, title: link.title, status: link.status } : null,
      };
    }),
  };
}

/** What `app_home_opened` (and any action that changes the Home) publishes for a user. */
export async function loadHome(prisma: PrismaClient, userId: string, role: Role, ranking: WeekRanking, now: Date): Promise<HomeData> {
  return role === 'reporter' ? loadReporterHome(prisma, userId) : loadPmHome(prisma, userId, ranking, now);
}

