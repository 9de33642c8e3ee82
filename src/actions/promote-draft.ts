// What the Promote modal opens with: the cluster's title, and a description with
// its counts, branches, the digest's score line and up to 5 redacted quotes with
// permalinks. Stored texts are already redacted, so quotes are safe to show.
import type { Db } from '../store/audit.js';
import { backlogOfCluster, type BacklogView } from '../store/backlog.js';
import { liveCluster } from './deps.js';
import { DESCRIPTION_MAX, TITLE_MAX } from './backlog.js';

export interface PromoteDraft {
  clusterId: number;
  followedFrom?: number;
  title: string;
  description: string;
  product: string | null;
  /** Set when the cluster is already on the backlog: the modal offers to link instead. */
  existing?: BacklogView;
}

export interface DraftFacts {
  title: string;
  items: number;
  reporters: number;
  branches: string[];
  channelTypes: string[];
  scoreLine?: string | undefined;
  quotes: { text: string; permalink: string | null }[];
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max - 1).trimEnd() + '…' : text);

/** Pure: the description text, within the modal input's limit. */
export function draftDescription(facts: DraftFacts): string {
  const branches = facts.branches.length;
  const lines = [
    `${facts.items} report${facts.items === 1 ? '' : 's'} from ${facts.reporters} reporter${facts.reporters === 1 ? '' : 's'} · ${branches} branch${branches === 1 ? '' : 'es'}${facts.channelTypes.length ? ` · ${facts.channelTypes.join(', ')}` : ''}`,
  ];
  if (facts.scoreLine) lines.push(`Score: ${facts.scoreLine}`);
  if (branches > 0) lines.push(`Branches: ${facts.branches.slice(0, 12).join(', ')}${branches > 12 ? ` (+${branches - 12} more)` : ''}`);
  const header = lines.join('\n');
  const quotes: string[] = [];
  let used = header.length + 10;
  for (const q of facts.quotes.slice(0, 5)) {
    const line = `> ${clip(q.text.replace(/\s+/g, ' ').trim(), 280)}${q.permalink ? `\n  ${q.permalink}` : ''}`;
    if (used + line.length + 1 > DESCRIPTION_MAX) break;
    quotes.push(line);
    used += line.length + 1;
  }
  return quotes.length ? `${header}\n\nQuotes (redacted):\n${quotes.join('\n')}` : header;
}

/** Reads the cluster (following merges) and builds the draft; `scoreLine` comes from the digest ranking. */
export async function loadPromoteDraft(db: Db, clusterId: number, scoreLine?: string): Promise<PromoteDraft> {
  const cluster = await liveCluster(db, clusterId);
  const items = await db.feedbackItem.findMany({
    where: { clusterId: cluster.id, status: { not: 'deleted' } },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    select: { text: true, permalink: true, branch: true, channelType: true, reporterId: true },
  });
  const count = (values: (string | null)[]) => {
    const tally = new Map<string, number>();
    for (const v of values) if (v) tally.set(v, (tally.get(v) ?? 0) + 1);
    return [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  };
  // Quotes: prefer items with a permalink, and no two identical texts.
  const seen = new Set<string>();
  const quotes = [...items]
    .sort((a, b) => Number(b.permalink !== null) - Number(a.permalink !== null))
    .filter((i) => (seen.has(i.text) ? false : (seen.add(i.text), true)))
    .slice(0, 5);
  const description = draftDescription({
    title: cluster.title,
    items: items.length,
    reporters: new Set(items.map((i) => i.reporterId).filter(Boolean)).size,
    branches: count(items.map((i) => i.branch)),
    channelTypes: count(items.map((i) => i.channelType)),
    scoreLine,
    quotes,
  });
  const existing = await backlogOfCluster(db, cluster.id);
  return {
    clusterId: cluster.id,
    ...(cluster.followedFrom !== undefined ? { followedFrom: cluster.followedFrom } : {}),
    title: clip(cluster.title.trim(), TITLE_MAX),
    description,
    product: cluster.product,
    ...(existing ? { existing } : {}),
  };
}
