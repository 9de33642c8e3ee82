// The digest's domain shapes: what the store aggregates, what ranking adds,
// and the model the Block Kit builders render.
import type { MustDoFlag } from '../triage/types.js';

export type DigestLanguage = 'en' | 'zh-TW' | 'zh-CN';

/** One cluster's figures for one week, after merged-away clusters were folded into their survivor. */
export interface ClusterWeek {
  id: number;
  title: string;
  /** Product label id, or null when unknown. */
  product: string | null;
  /** Issue label ids, the cluster's main one first. */
  issues: string[];
  status: string;
  dismissedVolume: number | null;
  firstSeen: Date;
  /** Items this week, distinct branches and channel types among them. */
  items: number;
  branches: number;
  channels: number;
  /** Items in the four weeks before this one. */
  trailingItems: number;
  /** Items this week carrying each must-do flag. */
  flags: Partial<Record<MustDoFlag, number>>;
  /** Items this week with negative sentiment. */
  negative: number;
}

export interface RankedCluster extends ClusterWeek {
  lane: 'must_do' | 'top';
  score: number;
  /** Trailing four-week average items per week. */
  trailingAverage: number;
  /** items / trailingAverage, or null when the trailing weeks were empty. */
  trend: number | null;
  isNew: boolean;
  rising: boolean;
  /** A dismissed cluster that came back at ≥ 2× its dismissed volume. */
  resurfaced: boolean;
  severity: number;
  weight: number;
  mustDoFlags: MustDoFlag[];
}

export interface Ranking {
  mustDo: RankedCluster[];
  top: RankedCluster[];
  /** Ranked but below the top N. */
  leftOut: { clusters: number; items: number };
  /** Dismissed clusters kept out this week. */
  dismissedHidden: number;
  /** Over every ranked cluster, shown or not. */
  counts: { clusters: number; newClusters: number; rising: number };
}

export interface Quote {
  itemId: number;
  /** Redacted at intake; shortened for display. */
  text: string;
  permalink: string | null;
}

export interface DigestCluster extends RankedCluster {
  quotes: Quote[];
  /** Display names of its product and issue tags, in the digest's language. */
  tagNames: string[];
}

export interface DigestTotals {
  items: number;
  clusters: number;
  branches: number;
  mustDo: number;
  newClusters: number;
  rising: number;
  /** Unclassified items this week: triaged in the App Home. */
  unclassified: number;
}

/** Everything one digest message shows. */
export interface Digest {
  week: string;
  /** Local dates of the week's Monday and Sunday, e.g. 2026-11-16. */
  from: string;
  to: string;
  timeZone: string;
  language: DigestLanguage;
  /** Products this subscription covers; empty means all. */
  products: string[];
  productNames: string[];
  totals: DigestTotals;
  mustDo: DigestCluster[];
  top: DigestCluster[];
  leftOut: { clusters: number; items: number; dismissed: number };
}
