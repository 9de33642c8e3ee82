// What a PM sees of a cluster: a title (distinctive keywords plus the
// representative item's text, in the cluster's dominant script), reach
// figures, and first/last seen. Computed on demand from the engine's state.
import type { Script } from '../types.js';
import type { ClusterEngine } from './engine.js';
import type { ItemRecord } from './types.js';
import { displayFeature, isTitleFeature } from './features.js';

export interface ClusterSummary {
  id: number;
  title: string;
  keywords: string[];
  representativeItemId: number | null;
  script: Script;
  size: number;
  sizeThisWeek: number;
  branches: number;
  channels: number;
  firstSeen: number | null;
  lastSeen: number | null;
  memberIds: number[];
  pinned: boolean;
  mergedInto: number | null;
}

const KEYWORDS = 4;
/** Members scored when picking the representative (bounds cost on huge clusters). */
const REPRESENTATIVE_POOL = 200;
const QUOTE_CHARS = 80;

/** The title part of a summary, which can be kept while a cluster grows. */
export type ClusterTitle = Pick<ClusterSummary, 'title' | 'keywords' | 'representativeItemId' | 'script' | 'size'>;

/**
 * `previous`: the title computed earlier for this cluster. It is kept while the
 * cluster has grown (never shrunk) by less than a quarter and its representative
 * is still a member: picking a representative and keywords costs O(members), and bulk
 * imports touch the same large clusters in every batch. Titles that don't
 * flicker with every new report are also easier on PMs.
 */
export function summarizeCluster(
  engine: ClusterEngine,
  clusterId: number,
  weekStart: Date | number,
  previous?: ClusterTitle,
): ClusterSummary | undefined {
  const cluster = engine.clusters.get(clusterId);
  if (!cluster) return undefined;
  const since = typeof weekStart === 'number' ? weekStart : weekStart.getTime();
  const members = [...cluster.members].map((id) => engine.items.get(id)!);
  const branches = new Set<string>();
  const channels = new Set<string>();
  let thisWeek = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const item of members) {
    if (item.branch) branches.add(item.branch);
    if (item.channel) channels.add(item.channel);
    if (item.receivedAt >= since) thisWeek++;
    first = first === null ? item.receivedAt : Math.min(first, item.receivedAt);
    last = last === null ? item.receivedAt : Math.max(last, item.receivedAt);
  }
  const reuse =
    previous !== undefined &&
    previous.size > 0 &&
    members.length >= previous.size &&
    members.length < previous.size * 1.25 &&
    previous.representativeItemId !== null &&
    cluster.members.has(previous.representativeItemId);
  const heading = reuse ? previous : titleOf(engine, clusterId, members);
  return {
    id: cluster.id,
    title: heading.title,
    keywords: heading.keywords,
    representativeItemId: heading.representativeItemId,
    script: heading.script,
    size: members.length,
    sizeThisWeek: thisWeek,
    branches: branches.size,
    channels: channels.size,
    firstSeen: first,
    lastSeen: last,
    memberIds: members.map((m) => m.id),
    pinned: cluster.pinned,
    mergedInto: cluster.mergedInto,
  };
}

/** Dominant script, representative member (closest to the centroid) and distinctive keywords. */
function titleOf(engine: ClusterEngine, clusterId: number, members: ItemRecord[]): ClusterTitle {
  const cluster = engine.clusters.get(clusterId)!;
  const scripts = new Map<Script, number>();
  for (const item of members) scripts.set(item.script, (scripts.get(item.script) ?? 0) + 1);
  // Dominant script; ties go to the first member's script.
  let script: Script = members[0]?.script ?? 'unknown';
  for (const [s, n] of scripts) if (n > (scripts.get(script) ?? 0)) script = s;
  // Representative: the member of the dominant script closest to the centroid.
  let representative = members[0];
  let bestFit = -1;
  for (const item of members.filter((m) => m.script === script).slice(0, REPRESENTATIVE_POOL)) {
    const fit = engine.similarityToCluster(item, cluster);
    if (fit > bestFit) {
      bestFit = fit;
      representative = item;
    }
  }
  const keywords = distinctiveKeywords(engine, clusterId);
  const quote = representative ? shorten(representative.text) : '';
  return {
    title: keywords.length > 0 ? `${keywords.join(' · ')}: ${quote}` : quote,
    keywords,
    representativeItemId: representative?.id ?? null,
    script,
    size: members.length,
  };
}

/** Features with the highest mean weight × IDF, shown as words (no lone Han characters). */
export function distinctiveKeywords(engine: ClusterEngine, clusterId: number, count = KEYWORDS): string[] {
  const cluster = engine.clusters.get(clusterId);
  if (!cluster || cluster.members.size === 0) return [];
  const sums = new Map<number, number>();
  if (cluster.sums) for (const [id, s] of cluster.sums) sums.set(id, s);
  else {
    const v = engine.items.get(cluster.founderId)!.vector;
    for (let i = 0; i < v.length; i += 2) sums.set(v[i]!, v[i + 1]!);
  }
  const ranked = [...sums]
    .map(([id, s]) => ({ key: engine.vocab.keyOf(id), score: s * engine.vocab.idf(id), id }))
    .filter((f) => isTitleFeature(f.key))
    .sort((a, b) => b.score - a.score || a.id - b.id);
  const out: string[] = [];
  for (const { key } of ranked) {
    const shown = displayFeature(key);
    if (shown === '<num>' || out.includes(shown)) continue;
    out.push(shown);
    if (out.length === count) break;
  }
  return out;
}

function shorten(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length <= QUOTE_CHARS ? chars.join('') : chars.slice(0, QUOTE_CHARS - 1).join('') + '…';
}
