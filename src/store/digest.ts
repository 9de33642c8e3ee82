// The queries behind the weekly digest. They aggregate in SQL over the
// receivedAt and (clusterId, receivedAt) indexes, so a week of 50,000 items
// in a year of 1,000,000 builds in well under the 2 s budget (src/bench/digest.ts).
import type { PrismaClient } from '../generated/prisma/client.js';
import { NEGATIVE_LEXICON } from '../digest/signals.js';
import type { Quote } from '../digest/types.js';

/** Items of one (cluster, branch, channel type) group in the week. */
export interface WeekGroup {
  clusterId: number;
  branch: string | null;
  channelType: string;
  items: number;
  negative: number;
}

export interface ClusterRow {
  id: number;
  title: string;
  product: string | null;
  issue: string | null;
  status: string;
  mergedIntoId: number | null;
  firstSeen: Date;
  dismissedVolume: number | null;
}

export interface WeekData {
  groups: WeekGroup[];
  /** Items per cluster in the four weeks before. */
  trailing: Map<number, number>;
  flags: { clusterId: number; flag: string; items: number }[];
  tags: { clusterId: number; kind: string; label: string; items: number }[];
  /** Every cluster the groups name, plus the clusters they were merged into. */
  clusters: Map<number, ClusterRow>;
  totals: { items: number; branches: number; unclassified: number };
}

const LIVE = `status != 'deleted'`;
const n = (v: unknown) => Number(v ?? 0);

// One CASE over the lexicon: sentiment is counted in the same pass as reach.
const negativeSql = `SUM(CASE WHEN ${NEGATIVE_LEXICON.map(() => 'instr(lower(text), ?) > 0').join(' OR ')} THEN 1 ELSE 0 END)`;

export async function loadWeekData(
  prisma: PrismaClient,
  range: { start: Date; end: Date },
  trailingStart: Date,
): Promise<WeekData> {
  const start = range.start.getTime();
  const end = range.end.getTime();
  const [groupRows, totalRows, trailingRows, flagRows, tagRows] = await Promise.all([
    prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT clusterId, branch, channelType, COUNT(*) AS items, ${negativeSql} AS negative
       FROM FeedbackItem WHERE receivedAt >= ? AND receivedAt < ? AND ${LIVE} AND clusterId IS NOT NULL
       GROUP BY clusterId, branch, channelType`,
      ...NEGATIVE_LEXICON.map((w) => w.toLowerCase()),
      start,
      end,
    ),
    prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT COUNT(*) AS items, COUNT(DISTINCT branch) AS branches, SUM(unclassified) AS unclassified
       FROM FeedbackItem WHERE receivedAt >= ? AND receivedAt < ? AND ${LIVE}`,
      start,
      end,
    ),
    // Only clusters active this week need a trend: each is a range scan of (clusterId, receivedAt).
    prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT clusterId, COUNT(*) AS items FROM FeedbackItem
       WHERE clusterId IN (SELECT DISTINCT clusterId FROM FeedbackItem WHERE receivedAt >= ? AND receivedAt < ? AND clusterId IS NOT NULL)
         AND receivedAt >= ? AND receivedAt < ? AND ${LIVE}
       GROUP BY clusterId`,
      start,
      end,
      trailingStart.getTime(),
      start,
    ),
    prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT i.clusterId AS clusterId, f.flag AS flag, COUNT(*) AS items
       FROM FeedbackItem i JOIN MustDoFlag f ON f.itemId = i.id
       WHERE i.receivedAt >= ? AND i.receivedAt < ? AND i.${LIVE} AND i.clusterId IS NOT NULL
       GROUP BY i.clusterId, f.flag`,
      start,
      end,
    ),
    prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT i.clusterId AS clusterId, t.kind AS kind, t.label AS label, COUNT(DISTINCT t.itemId) AS items
       FROM FeedbackItem i JOIN TagAssignment t ON t.itemId = i.id
       WHERE i.receivedAt >= ? AND i.receivedAt < ? AND i.${LIVE} AND i.clusterId IS NOT NULL
       GROUP BY i.clusterId, t.kind, t.label`,
      start,
      end,
    ),
  ]);
  const groups = groupRows.map((r) => ({
    clusterId: n(r.clusterId),
    branch: (r.branch as string | null) ?? null,
    channelType: String(r.channelType),
    items: n(r.items),
    negative: n(r.negative),
  }));
  const total = totalRows[0] ?? {};
  return {
    groups,
    trailing: new Map(trailingRows.map((r) => [n(r.clusterId), n(r.items)])),
    flags: flagRows.map((r) => ({ clusterId: n(r.clusterId), flag: String(r.flag), items: n(r.items) })),
    tags: tagRows.map((r) => ({ clusterId: n(r.clusterId), kind: String(r.kind), label: String(r.label), items: n(r.items) })),
    clusters: await loadClusters(prisma, new Set(groups.map((g) => g.clusterId))),
    totals: { items: n(total.items), branches: n(total.branches), unclassified: n(total.unclassified) },
  };
}

/** The clusters and, transitively, the clusters they were merged into. */
async function loadClusters(prisma: PrismaClient, ids: Set<number>): Promise<Map<number, ClusterRow>> {
  const found = new Map<number, ClusterRow>();
  let wanted = [...ids];
  while (wanted.length > 0) {
    for (let i = 0; i < wanted.length; i += 10_000) {
      const rows = await prisma.cluster.findMany({
        where: { id: { in: wanted.slice(i, i + 10_000) } },
        select: { id: true, title: true, product: true, issue: true, status: true, mergedIntoId: true, firstSeen: true, dismissedVolume: true },
      });
      for (const row of rows) found.set(row.id, row);
    }
    wanted = [...new Set([...found.values()].map((c) => c.mergedIntoId).filter((id): id is number => id !== null && !found.has(id)))];
  }
  return found;
}

/**
 * Up to `perCluster` quotes per cluster from the week: items with a permalink
 * first, then the newest. Texts were redacted at intake.
 */
export async function loadQuotes(
  prisma: PrismaClient,
  range: { start: Date; end: Date },
  clusterIds: readonly number[],
  perCluster = 2,
): Promise<Map<number, Quote[]>> {
  const quotes = new Map<number, Quote[]>();
  if (clusterIds.length === 0) return quotes;
  const ids = clusterIds.map((id) => Math.trunc(id)).join(',');
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT clusterId, id, text, permalink FROM (
       SELECT clusterId, id, text, permalink,
              ROW_NUMBER() OVER (PARTITION BY clusterId ORDER BY (permalink IS NULL), receivedAt DESC, id DESC) AS rn
       FROM FeedbackItem WHERE clusterId IN (${ids}) AND receivedAt >= ? AND receivedAt < ? AND ${LIVE}
     ) WHERE rn <= ? ORDER BY clusterId, rn`,
    range.start.getTime(),
    range.end.getTime(),
    perCluster,
  );
  for (const r of rows) {
    const list = quotes.get(n(r.clusterId)) ?? [];
    list.push({ itemId: n(r.id), text: String(r.text), permalink: (r.permalink as string | null) ?? null });
    quotes.set(n(r.clusterId), list);
  }
  return quotes;
}

/** Items of clusters merged away are folded into the survivor. */
export function survivorOf(clusters: Map<number, ClusterRow>, id: number): number {
  let current = id;
  for (let hops = 0; hops < 64; hops++) {
    const next = clusters.get(current)?.mergedIntoId;
    if (next === null || next === undefined) return current;
    current = next;
  }
  return current;
}
