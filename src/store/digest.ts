// The queries behind the weekly digest. They aggregate in SQL over the
// receivedAt and (clusterId, receivedAt) indexes, so a week of 50,000 items
// in a year of 1,000,000 builds within the 2 s budget (src/bench/digest.ts).
// They read through a read-only better-sqlite3 connection on the store's file:
// tens of thousands of aggregate rows cost ~10 µs each through Prisma's raw
// queries and well under 1 µs here. Writes stay with Prisma.
import Database from 'better-sqlite3';
import { isNegative } from '../digest/signals.js';
import type { Quote } from '../digest/types.js';

export type DigestReader = Database.Database;

/** A read-only connection for the digest's aggregates; close it when done. */
export function openDigestReader(path: string): DigestReader {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
  db.defaultSafeIntegers(false);
  return db;
}

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

// Deleted items, and reactions whose message was not read yet (no text), are not counted.
const LIVE = `status NOT IN ('deleted', 'awaiting_text')`;
const n = (v: unknown) => Number(v ?? 0);
type Row = Record<string, unknown>;

export function loadWeekData(db: DigestReader, range: { start: Date; end: Date }, trailingStart: Date): WeekData {
  const start = range.start.getTime();
  const end = range.end.getTime();
  const week = `receivedAt >= @start AND receivedAt < @end AND ${LIVE}`;
  const all = (sql: string, params: Record<string, number>) => db.prepare(sql).all(params) as Row[];
  const groupRows = all(
    `SELECT clusterId, branch, channelType, COUNT(*) AS items FROM FeedbackItem
     WHERE ${week} AND clusterId IS NOT NULL GROUP BY clusterId, branch, channelType`,
    { start, end },
  );
  // Sentiment needs the words: one pass over the week's texts with a compiled regex.
  const negative = new Map<number, number>();
  for (const r of db.prepare(`SELECT clusterId, text FROM FeedbackItem WHERE ${week} AND clusterId IS NOT NULL`).iterate({ start, end }) as Iterable<Row>) {
    if (isNegative(String(r.text))) negative.set(n(r.clusterId), (negative.get(n(r.clusterId)) ?? 0) + 1);
  }
  const totalRow = all(`SELECT COUNT(*) AS items, COUNT(DISTINCT branch) AS branches, SUM(unclassified) AS unclassified FROM FeedbackItem WHERE ${week}`, { start, end })[0] ?? {};
  // Only clusters active this week need a trend: each is a range scan of (clusterId, receivedAt).
  const trailingRows = all(
    `SELECT clusterId, COUNT(*) AS items FROM FeedbackItem
     WHERE clusterId IN (SELECT DISTINCT clusterId FROM FeedbackItem WHERE receivedAt >= @start AND receivedAt < @end AND clusterId IS NOT NULL)
       AND receivedAt >= @trailing AND receivedAt < @start AND ${LIVE}
     GROUP BY clusterId`,
    { start, end, trailing: trailingStart.getTime() },
  );
  const flagRows = all(
    `SELECT i.clusterId AS clusterId, f.flag AS flag, COUNT(*) AS items
     FROM FeedbackItem i JOIN MustDoFlag f ON f.itemId = i.id
     WHERE i.receivedAt >= @start AND i.receivedAt < @end AND i.${LIVE} AND i.clusterId IS NOT NULL
     GROUP BY i.clusterId, f.flag`,
    { start, end },
  );
  const tagRows = all(
    `SELECT i.clusterId AS clusterId, t.kind AS kind, t.label AS label, COUNT(DISTINCT t.itemId) AS items
     FROM FeedbackItem i JOIN TagAssignment t ON t.itemId = i.id
     WHERE i.receivedAt >= @start AND i.receivedAt < @end AND i.${LIVE} AND i.clusterId IS NOT NULL
     GROUP BY i.clusterId, t.kind, t.label`,
    { start, end },
  );
  const groups = groupRows.map((r) => ({
    clusterId: n(r.clusterId),
    branch: (r.branch as string | null) ?? null,
    channelType: String(r.channelType),
    items: n(r.items),
    negative: 0,
  }));
  // Sentiment is per cluster: carry it on the cluster's first group.
  const seen = new Set<number>();
  for (const g of groups) {
    if (seen.has(g.clusterId)) continue;
    seen.add(g.clusterId);
    g.negative = negative.get(g.clusterId) ?? 0;
  }
  return {
    groups,
    trailing: new Map(trailingRows.map((r) => [n(r.clusterId), n(r.items)])),
    flags: flagRows.map((r) => ({ clusterId: n(r.clusterId), flag: String(r.flag), items: n(r.items) })),
    tags: tagRows.map((r) => ({ clusterId: n(r.clusterId), kind: String(r.kind), label: String(r.label), items: n(r.items) })),
    clusters: loadClusters(db, new Set(groups.map((g) => g.clusterId))),
    totals: { items: n(totalRow.items), branches: n(totalRow.branches), unclassified: n(totalRow.unclassified) },
  };
}

/** The clusters and, transitively, the clusters they were merged into. */
function loadClusters(db: DigestReader, ids: Set<number>): Map<number, ClusterRow> {
  const found = new Map<number, ClusterRow>();
  const select = db.prepare(
    `SELECT id, title, product, issue, status, mergedIntoId, firstSeen, dismissedVolume FROM Cluster WHERE id IN (SELECT value FROM json_each(?))`,
  );
  let wanted = [...ids];
  while (wanted.length > 0) {
    for (const r of select.all(JSON.stringify(wanted)) as Row[]) {
      found.set(n(r.id), {
        id: n(r.id),
        title: String(r.title),
        product: (r.product as string | null) ?? null,
        issue: (r.issue as string | null) ?? null,
        status: String(r.status),
        mergedIntoId: r.mergedIntoId === null ? null : n(r.mergedIntoId),
        firstSeen: new Date(n(r.firstSeen)),
        dismissedVolume: r.dismissedVolume === null ? null : n(r.dismissedVolume),
      });
    }
    wanted = [...new Set([...found.values()].map((c) => c.mergedIntoId).filter((id): id is number => id !== null && !found.has(id)))];
  }
  return found;
}

/**
 * Up to `perCluster` quotes per cluster from the week: items with a permalink
 * first, then the newest. Texts were redacted at intake.
 */
export function loadQuotes(db: DigestReader, range: { start: Date; end: Date }, clusterIds: readonly number[], perCluster = 2): Map<number, Quote[]> {
  const quotes = new Map<number, Quote[]>();
  if (clusterIds.length === 0) return quotes;
  const rows = db
    .prepare(
      `SELECT clusterId, id, text, permalink FROM (
         SELECT clusterId, id, text, permalink,
                ROW_NUMBER() OVER (PARTITION BY clusterId ORDER BY (permalink IS NULL), receivedAt DESC, id DESC) AS rn
         FROM FeedbackItem WHERE clusterId IN (SELECT value FROM json_each(@ids)) AND receivedAt >= @start AND receivedAt < @end AND ${LIVE}
       ) WHERE rn <= @per ORDER BY clusterId, rn`,
    )
    .all({ ids: JSON.stringify(clusterIds), start: range.start.getTime(), end: range.end.getTime(), per: perCluster }) as Row[];
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
