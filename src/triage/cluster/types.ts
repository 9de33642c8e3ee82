// Plain data the clustering engine takes and keeps. Callers (ingest, eval,
// the store) build ClusterItemInput from a normalised, redacted, tagged item;
// the engine never imports the normaliser or the matcher itself.
import type { Script } from '../types.js';
import type { FeatureVector } from './similarity.js';

export interface ClusterItemInput {
  id: number;
  /** foldText() of the redacted text. */
  folded: string;
  /** tokenize(folded). */
  tokens: readonly string[];
  /** Taxonomy keyword concepts matched, e.g. "cards/吞卡" (optional). */
  concepts?: readonly string[];
  /** The redacted text as written, for titles and quotes. */
  text?: string;
  script?: Script;
  product?: string | null;
  issue?: string | null;
  branch?: string | null;
  channel?: string | null;
  receivedAt: Date | number;
}

export interface ItemRecord {
  id: number;
  vector: FeatureVector;
  negated: boolean;
  clusterId: number;
  product: string | null;
  issue: string | null;
  branch: string | null;
  channel: string | null;
  receivedAt: number;
  text: string;
  script: Script;
  /** Placed by a person (split or move): re-clustering leaves it where it is. */
  locked: boolean;
}

export interface ClusterRecord {
  id: number;
  /** Item ids in the order they joined. */
  members: Set<number>;
  /** Feature id → summed weight over members; null while the founder is alone. */
  sums: Map<number, number> | null;
  negatedCount: number;
  product: string | null;
  issue: string | null;
  /** A PM acted on it: re-clustering keeps this id and its members. */
  pinned: boolean;
  /** Set when merged into another cluster; the record stays for unmerge. */
  mergedInto: number | null;
  /** Feature ids this cluster is listed under in the candidate index. */
  indexed: Set<number> | null;
  founderId: number;
  /** The founder's vector (what a one-item cluster is compared with). */
  founderVector: FeatureVector;
  /** Cached √Σ (weight × IDF)² of the centroid (cosine norm), and the document count it was computed at (-1: stale). */
  mass: number;
  /** Cached Σ weight × IDF of the centroid (for the Jaccard floor), refreshed with `mass`. */
  l1: number;
  massDocs: number;
}

export interface MergeRecord {
  id: number;
  sourceId: number;
  targetId: number;
  itemIds: number[];
  undone: boolean;
}

export interface Assignment {
  itemId: number;
  clusterId: number;
  /** Similarity to the cluster joined; 0 for a new cluster. */
  similarity: number;
  created: boolean;
}

export interface ClusterOptions {
  /** Join an existing cluster at or above this similarity. */
  threshold: number;
  /** Items with conflicting product or issue tags join only at or above this. */
  nearDuplicate: number;
}
