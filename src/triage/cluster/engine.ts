// Incremental clustering: a new item joins the most similar existing cluster,
// measured against the cluster's centroid (never single-link), or founds a
// new one. Candidates come from the rare-feature index and, for tagged items,
// from the newest clusters with the same product or issue tag (tags.ts).
// Pure and deterministic: same items in the same order, same result.
import type { Script } from '../types.js';
import { CandidateIndex } from './candidates.js';
import { vectorize, withoutPlaceholders } from './features.js';
import { DEFAULT_THRESHOLD, NEAR_DUPLICATE } from './thresholds.js';
import { centroidMass, centroidNorm, type FeatureVector, QueryScorer, vectorMass, vectorNorm, vectorSimilarity, withNegation } from './similarity.js';
import { TagRoute, tagsConflict, textSimilarity } from './tags.js';
import type { Assignment, ClusterItemInput, ClusterOptions, ClusterRecord, ItemRecord, MergeRecord } from './types.js';
import { Vocabulary } from './vocabulary.js';

export { DEFAULT_THRESHOLD, DUPLICATE_THRESHOLD, NEAR_DUPLICATE } from './thresholds.js';

/**
 * A join also needs this weighted Jaccard with the centroid. Cosine alone lets
 * a centroid that concentrates on one rare shared feature pull in every text
 * that has it (1M-item bench: 200-item clusters held together by one rare
 * character pair, planted-pair precision 0.93); Jaccard counts the rest of
 * the text against the join.
 */
const JACCARD_FLOOR = 0.2;

/** Index a cluster under at most this many features (bounds index growth). */
const MAX_INDEXED = 48;

export interface PreparedText {
  vector: FeatureVector;
  negated: boolean;
}

export class ClusterEngine {
  readonly vocab = new Vocabulary();
  readonly options: ClusterOptions;
  readonly items = new Map<number, ItemRecord>();
  readonly clusters = new Map<number, ClusterRecord>();
  readonly merges: MergeRecord[] = [];
  private readonly index = new CandidateIndex();
  private readonly query = new QueryScorer(this.vocab);
  /**
   * The same records as `clusters`, by id in a dense array: the candidate loop
   * looks clusters up at random, and a Map of a million entries misses the
   * CPU cache on nearly every lookup.
   */
  private readonly byId: (ClusterRecord | undefined)[] = [];
  private nextClusterId = 1;
  private readonly tagRoute = new TagRoute();
  private readonly resolver = (id: number): number | undefined => this.resolve(id);

  constructor(options: Partial<ClusterOptions> = {}) {
    this.options = { threshold: DEFAULT_THRESHOLD, nearDuplicate: NEAR_DUPLICATE, ...options };
  }

  /** Features of a text, without storing it. */
  prepare(input: Pick<ClusterItemInput, 'folded' | 'tokens' | 'concepts' | 'product' | 'issue'>): PreparedText {
    const { folded, tokens } = withoutPlaceholders(input.folded, input.tokens);
    return vectorize(folded, tokens, input.concepts ?? [], this.vocab, input);
  }

  /** Counts a text towards document frequencies (IDF) without storing it. */
  learn(prepared: PreparedText): void {
    this.vocab.observe(prepared.vector);
  }

  /** Pair similarity of two prepared texts (weighted Jaccard; joins use cosine to a centroid). */
  similarity(a: PreparedText, b: PreparedText): number {
    return withNegation(vectorSimilarity(a.vector, b.vector, this.vocab), a.negated, b.negated);
  }

  /** Stores a new item and assigns it to a cluster. */
  add(input: ClusterItemInput): Assignment {
    const record = this.record(input);
    this.vocab.observe(record.vector);
    const best = this.bestCluster(record);
    const clusterId = best ? best.clusterId : this.newCluster(record).id;
    if (best) this.attach(record, this.byId[clusterId]!);
    return { itemId: record.id, clusterId, similarity: best?.similarity ?? 0, created: !best };
  }

  /** Rebuilds state at start-up: puts a stored item back in its stored cluster, no search. */
  restore(input: ClusterItemInput, clusterId: number, locked = false): void {
    const record = this.record(input);
    record.locked = locked;
    this.vocab.observe(record.vector);
    const cluster = this.clusters.get(clusterId);
    if (cluster) this.attach(record, cluster);
    else this.newCluster(record, clusterId);
  }

  /**
   * Rebuilds merge history at start-up, after the items are restored: the
   * source (empty by now) points at its target, and the record can be undone.
   * Records must be replayed in their original order; ids are 1, 2, 3…
   */
  restoreMerge(record: { sourceId: number; targetId: number; itemIds: number[]; undone: boolean }): MergeRecord {
    const source = this.clusters.get(record.sourceId) ?? this.emptyCluster(null, null, record.sourceId);
    if (!record.undone) source.mergedInto = record.targetId;
    this.index.markMoved(record.sourceId);
    const restored: MergeRecord = { id: this.merges.length + 1, ...record };
    this.merges.push(restored);
    return restored;
  }

  /** Marks a cluster as acted on; re-clustering then keeps its id and members. */
  pin(clusterId: number, pinned = true): void {
    const cluster = this.clusters.get(clusterId);
    if (cluster) cluster.pinned = pinned;
  }

  /** The active cluster an id now stands for, following merges. */
  resolve(clusterId: number): number | undefined {
    let cluster = this.byId[clusterId];
    for (let hops = 0; cluster && cluster.mergedInto !== null && hops < 10_000; hops++) {
      cluster = this.byId[cluster.mergedInto];
    }
    return cluster && cluster.mergedInto === null && cluster.members.size > 0 ? cluster.id : undefined;
  }

  activeClusters(): ClusterRecord[] {
    return [...this.clusters.values()].filter((c) => c.mergedInto === null && c.members.size > 0);
  }

  /** Similarity of an item to a cluster's centroid, negation rule included. */
  similarityToCluster(item: Pick<ItemRecord, 'vector' | 'negated'>, cluster: ClusterRecord): number {
    this.query.load(item.vector);
    return this.scoreLoaded(item.negated, cluster);
  }

  /** Best cluster the item may join, or undefined to found a new one. */
  bestCluster(
    item: ItemRecord,
    exclude?: number,
  ): { clusterId: number; similarity: number } | undefined {
    if (item.vector.length === 0) return undefined; // no features: never lumped together
    let bestId = -1;
    let bestSim = 0;
    const shortlist = this.index.shortlist(item.vector, this.vocab, this.resolver);
    this.tagRoute.addCandidates(item, shortlist, this.resolver);
    if (shortlist.length > 0) this.query.load(item.vector);
    for (const id of shortlist) {
      if (id === exclude) continue;
      const cluster = this.byId[id]!;
      // Only a near-duplicate of the cluster's founder crosses tags; the tag
      // features themselves, which differ by definition, are left out.
      const conflict = this.tagsConflict(item, cluster);
      const sim = conflict ? textSimilarity(this.vocab, item, this.items.get(cluster.founderId), cluster) : this.scoreLoaded(item.negated, cluster);
      if (sim < (conflict ? this.options.nearDuplicate : this.options.threshold)) continue;
      if (bestId < 0 || sim > bestSim || (sim === bestSim && id < bestId)) {
        bestId = id;
        bestSim = sim;
      }
    }
    return bestId < 0 ? undefined : { clusterId: bestId, similarity: bestSim };
  }

  /** Conflicting product or issue tags (see tags.ts). */
  tagsConflict(item: Pick<ItemRecord, 'product' | 'issue' | 'vector'>, cluster: ClusterRecord): boolean {
    return tagsConflict(this.vocab, item, cluster);
  }

  /**
   * Cosine (IDF-weighted) of the loaded query item with a cluster: its
   * founder while alone, else its mean. Cosine rather than the weighted
   * Jaccard of pairs (similarity.ts): in a mean, the words only one member
   * used shrink with the square of the cluster size, so the centroid's norm
   * concentrates on what the members share, while under Σmin/Σmax every
   * stray word still counts against a newcomer (see thresholds.ts).
   */
  private scoreLoaded(negated: boolean, cluster: ClusterRecord): number {
    const size = cluster.members.size;
    if (size === 0) return 0;
    const dot = cluster.sums === null ? this.query.dotWithVector(cluster.founderVector) : this.query.dotWithCentroid(cluster.sums, size);
    const denom = this.query.norm * this.clusterNorm(cluster);
    const max = this.query.mass + cluster.l1 - this.query.shared;
    if (max <= 0 || this.query.shared < JACCARD_FLOOR * max) return 0;
    return withNegation(denom > 0 ? Math.min(1, dot / denom) : 0, negated, cluster.negatedCount * 2 > size);
  }

  /**
   * The cluster's √Σ (weight × IDF)² (and Σ weight × IDF in `l1`), cached: it is recomputed when members
   * change or the store has grown by 1/64 since (IDF moves slowly), so big
   * clusters are not re-summed for every candidate comparison.
   */
  private clusterNorm(cluster: ClusterRecord): number {
    const docs = this.vocab.documentCount;
    if (cluster.massDocs >= 0 && docs <= cluster.massDocs + (cluster.massDocs >> 6)) return cluster.mass;
    cluster.mass = cluster.sums === null ? vectorNorm(cluster.founderVector, this.vocab) : centroidNorm(cluster.sums, cluster.members.size, this.vocab);
    cluster.l1 = cluster.sums === null ? vectorMass(cluster.founderVector, this.vocab) : centroidMass(cluster.sums, cluster.members.size, this.vocab);
    cluster.massDocs = docs;
    return cluster.mass;
  }

  /** Creates an empty cluster (used by split). */
  emptyCluster(product: string | null, issue: string | null, id = this.nextClusterId): ClusterRecord {
    this.nextClusterId = Math.max(this.nextClusterId, id + 1);
    const cluster: ClusterRecord = {
      id,
      members: new Set(),
      sums: new Map(),
      negatedCount: 0,
      product,
      issue,
      pinned: false,
      mergedInto: null,
      indexed: new Set(),
      founderId: -1,
      founderVector: EMPTY,
      mass: 0,
      l1: 0,
      massDocs: -1,
    };
    this.clusters.set(cluster.id, cluster);
    this.byId[cluster.id] = cluster;
    return cluster;
  }

  /** Adds an item to a cluster: centroid, negation count and index. */
  attach(item: ItemRecord, cluster: ClusterRecord): void {
    if (cluster.members.size === 1 && cluster.sums === null) {
      const founder = this.items.get(cluster.founderId)!;
      cluster.sums = new Map();
      cluster.indexed = new Set();
      addVector(cluster.sums, founder.vector, 1);
      for (let i = 0; i < founder.vector.length; i += 2) cluster.indexed.add(founder.vector[i]!);
    }
    if (cluster.members.size === 0 && cluster.founderId < 0) {
      cluster.founderId = item.id;
      cluster.founderVector = item.vector;
    }
    cluster.massDocs = -1;
    cluster.members.add(item.id);
    item.clusterId = cluster.id;
    if (item.negated) cluster.negatedCount++;
    if (cluster.sums === null) {
      for (let i = 0; i < item.vector.length; i += 2) this.index.add(item.vector[i]!, cluster.id);
      return;
    }
    addVector(cluster.sums, item.vector, 1);
    const indexed = cluster.indexed!;
    for (let i = 0; i < item.vector.length && indexed.size < MAX_INDEXED; i += 2) {
      const id = item.vector[i]!;
      if (!indexed.has(id)) {
        indexed.add(id);
        this.index.add(id, cluster.id);
      }
    }
  }

  /** Removes an item from its cluster (the index keeps stale entries; scoring ignores them). */
  detach(item: ItemRecord): ClusterRecord {
    const cluster = this.clusters.get(item.clusterId)!;
    if (cluster.sums === null) {
      cluster.sums = new Map();
      addVector(cluster.sums, item.vector, 1);
      cluster.indexed = new Set();
      for (let i = 0; i < item.vector.length; i += 2) cluster.indexed.add(item.vector[i]!);
    }
    cluster.members.delete(item.id);
    cluster.massDocs = -1;
    if (cluster.members.size === 0) this.index.markMoved(cluster.id);
    addVector(cluster.sums, item.vector, -1);
    if (item.negated) cluster.negatedCount--;
    return cluster;
  }

  private record(input: ClusterItemInput): ItemRecord {
    const prepared = this.prepare(input);
    const record: ItemRecord = {
      id: input.id,
      vector: prepared.vector,
      negated: prepared.negated,
      clusterId: -1,
      product: input.product ?? null,
      issue: input.issue ?? null,
      branch: input.branch ?? null,
      channel: input.channel ?? null,
      receivedAt: typeof input.receivedAt === 'number' ? input.receivedAt : input.receivedAt.getTime(),
      text: input.text ?? input.folded,
      script: (input.script ?? 'unknown') as Script,
      locked: false,
    };
    this.items.set(record.id, record);
    return record;
  }

  private newCluster(founder: ItemRecord, id = this.nextClusterId): ClusterRecord {
    this.nextClusterId = Math.max(this.nextClusterId, id + 1);
    const cluster: ClusterRecord = {
      id,
      members: new Set(),
      sums: null,
      negatedCount: 0,
      product: founder.product,
      issue: founder.issue,
      pinned: false,
      mergedInto: null,
      indexed: null,
      founderId: founder.id,
      founderVector: founder.vector,
      mass: 0,
      l1: 0,
      massDocs: -1,
    };
    this.clusters.set(id, cluster);
    this.byId[id] = cluster;
    this.tagRoute.add(founder, id);
    this.attach(founder, cluster);
    return cluster;
  }
}

const EMPTY: FeatureVector = new Int32Array(0);

function addVector(sums: Map<number, number>, vector: FeatureVector, sign: 1 | -1): void {
  for (let i = 0; i < vector.length; i += 2) {
    const next = (sums.get(vector[i]!) ?? 0) + sign * vector[i + 1]!;
    if (next > 0) sums.set(vector[i]!, next);
    else sums.delete(vector[i]!);
  }
}
