// The rows of `frontline clusters`: every cluster with its reach, counted in
// SQL from the stored items (no engine needed).
import type { Db } from './audit.js';

/** One row of `frontline clusters`: a cluster and its reach, from the stored items. */
export interface ClusterListing {
  id: number;
  title: string;
  keywords: string[];
  status: string;
  merged_into: number | null;
  product: string | null;
  issue: string | null;
  pinned: boolean;
  size_this_week: number;
  size_total: number;
  branches: number;
  branches_this_week: number;
  channels: number;
  first_seen: string | null;
  last_seen: string | null;
}

/**
 * Clusters with their reach counted from the live (not deleted) items: size
 * in [start, end) and in total, distinct branches and channel types, first
 * and last seen. Busiest this week first. Merged-away clusters only with `all`.
 */
export async function listClusters(
  db: Db,
  options: { start: Date; end: Date; limit: number; all?: boolean },
): Promise<ClusterListing[]> {
  const start = options.start.getTime();
  const end = options.end.getTime();
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT c.id, c.title, c.keywords, c.status, c.mergedIntoId, c.product, c.issue, c.pinned,
            COALESCE(s.total, 0) AS total, COALESCE(s.week, 0) AS week, COALESCE(s.branches, 0) AS branches,
            COALESCE(s.weekBranches, 0) AS weekBranches, COALESCE(s.channels, 0) AS channels, s.first, s.last
       FROM "Cluster" c
       LEFT JOIN (
         SELECT clusterId, COUNT(*) AS total,
                SUM(CASE WHEN receivedAt >= ? AND receivedAt < ? THEN 1 ELSE 0 END) AS week,
                COUNT(DISTINCT branch) AS branches,
                COUNT(DISTINCT CASE WHEN receivedAt >= ? AND receivedAt < ? THEN branch END) AS weekBranches,
                COUNT(DISTINCT channelType) AS channels, MIN(receivedAt) AS first, MAX(receivedAt) AS last
           FROM "FeedbackItem" WHERE clusterId IS NOT NULL AND status != 'deleted' GROUP BY clusterId
       ) s ON s.clusterId = c.id
      WHERE ? OR c.status != 'merged'
      ORDER BY week DESC, total DESC, c.id ASC
      LIMIT ?`,
    start, end, start, end, options.all ? 1 : 0, options.limit,
  );
  const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());
  return rows.map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    keywords: parseKeywords(r.keywords),
    status: String(r.status),
    merged_into: r.mergedIntoId === null ? null : Number(r.mergedIntoId),
    product: (r.product as string | null) ?? null,
    issue: (r.issue as string | null) ?? null,
    pinned: Number(r.pinned) === 1 || r.pinned === true,
    size_this_week: Number(r.week),
    size_total: Number(r.total),
    branches: Number(r.branches),
    branches_this_week: Number(r.weekBranches),
    channels: Number(r.channels),
    first_seen: iso(r.first),
    last_seen: iso(r.last),
  }));
}

function parseKeywords(value: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(value));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
