// Turns the week's SQL aggregates into one ClusterWeek per surviving cluster,
// scoped to a subscription's products. Pure.
import type { MustDoFlag } from '../triage/types.js';
import { survivorOf, type WeekData } from '../store/digest.js';
import type { ClusterWeek } from './types.js';

const MUST_DO: ReadonlySet<string> = new Set<MustDoFlag>(['compliance', 'customer_rights', 'major_risk']);

export interface ScopedWeek {
  clusters: ClusterWeek[];
  /** Items and distinct branches in scope (all items of the week when unscoped). */
  items: number;
  branches: number;
  /** Cluster ids whose items count for each surviving cluster (itself and those merged into it). */
  members: Map<number, number[]>;
}

interface Acc {
  items: number;
  negative: number;
  branches: Set<string>;
  channels: Set<string>;
  trailing: number;
  flags: Partial<Record<MustDoFlag, number>>;
  tags: Map<string, { kind: string; items: number }>;
  members: number[];
}

/** The product a cluster belongs to: its own label, else the product tag most of its week's items carry. */
function productOf(clusterProduct: string | null, acc: Acc): string | null {
  if (clusterProduct) return clusterProduct;
  let best: [string, number] | null = null;
  for (const [label, t] of acc.tags) if (t.kind === 'product' && (!best || t.items > best[1])) best = [label, t.items];
  return best?.[0] ?? null;
}

export function aggregateWeek(data: WeekData, products: readonly string[]): ScopedWeek {
  const accs = new Map<number, Acc>();
  const acc = (clusterId: number): Acc => {
    const id = survivorOf(data.clusters, clusterId);
    let a = accs.get(id);
    if (!a) {
      a = { items: 0, negative: 0, branches: new Set(), channels: new Set(), trailing: 0, flags: {}, tags: new Map(), members: [] };
      accs.set(id, a);
    }
    if (!a.members.includes(clusterId)) a.members.push(clusterId);
    return a;
  };
  for (const g of data.groups) {
    const a = acc(g.clusterId);
    a.items += g.items;
    a.negative += g.negative;
    if (g.branch) a.branches.add(g.branch);
    a.channels.add(g.channelType);
  }
  for (const [clusterId, items] of data.trailing) if (accs.has(survivorOf(data.clusters, clusterId))) acc(clusterId).trailing += items;
  for (const f of data.flags) {
    if (!MUST_DO.has(f.flag)) continue;
    const a = acc(f.clusterId);
    const flag = f.flag as MustDoFlag;
    a.flags[flag] = (a.flags[flag] ?? 0) + f.items;
  }
  for (const t of data.tags) {
    const a = acc(t.clusterId);
    const prev = a.tags.get(t.label);
    a.tags.set(t.label, { kind: t.kind, items: (prev?.items ?? 0) + t.items });
  }

  const scope = new Set(products);
  const clusters: ClusterWeek[] = [];
  const members = new Map<number, number[]>();
  const branches = new Set<string>();
  let items = 0;
  for (const [id, a] of accs) {
    const row = data.clusters.get(id);
    if (!row) continue;
    const product = productOf(row.product, a);
    if (scope.size > 0 && (!product || !scope.has(product))) continue;
    // The cluster's issue first, then other issue tags carried by at least a third of its items.
    const issues = [...new Set([
      ...(row.issue ? [row.issue] : []),
      ...[...a.tags].filter(([, t]) => t.kind === 'issue' && t.items * 3 >= a.items).sort((x, y) => y[1].items - x[1].items).map(([label]) => label),
    ])];
    clusters.push({
      id,
      title: row.title,
      product,
      issues,
      status: row.status,
      dismissedVolume: row.dismissedVolume,
      firstSeen: row.firstSeen,
      items: a.items,
      branches: a.branches.size,
      channels: a.channels.size,
      trailingItems: a.trailing,
      flags: a.flags,
      negative: a.negative,
    });
    members.set(id, a.members);
    items += a.items;
    for (const b of a.branches) branches.add(b);
  }
  if (scope.size === 0) return { clusters, items: data.totals.items, branches: data.totals.branches, members };
  return { clusters, items, branches: branches.size, members };
}
