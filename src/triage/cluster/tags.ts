// How product and issue tags shape clustering (intake items carry them; eval
// and bench items do not):
// - a second candidate route: the newest clusters founded with the item's
//   product tag or issue tag. Paraphrases in other words or another language
//   share their topic (concepts, tags) but rarely their rarest words, which
//   is all the feature index (candidates.ts) looks up;
// - the conflict rule: items with different tags join only as near-duplicates,
//   unless each side's tag was also matched by the other's concepts.
import type { FeatureVector } from './similarity.js';
import { vectorSimilarity, withNegation } from './similarity.js';
import type { ClusterRecord, ItemRecord } from './types.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Newest clusters per tag read by the tag route. On the demo sample, 64 finds
 * the same joins as scoring every cluster; 32 misses some. At most
 * 2 × TAG_ROUTE_SCAN more clusters are scored per tagged item.
 */
const TAG_ROUTE_SCAN = 64;

type Tagged = { product: string | null; issue: string | null };

export class TagRoute {
  /** "p:product" / "i:issue" of a cluster's founder → cluster ids, oldest first. */
  private readonly lists = new Map<string, number[]>();

  /** Lists a new cluster under its founder's tags. */
  add(founder: Tagged, clusterId: number): void {
    for (const key of keysOf(founder)) {
      const list = this.lists.get(key);
      if (list) list.push(clusterId);
      else this.lists.set(key, [clusterId]);
    }
  }

  /** Appends the newest clusters with the item's tags (resolved through merges) to the shortlist. */
  addCandidates(item: Tagged, shortlist: number[], resolve: (id: number) => number | undefined): void {
    for (const key of keysOf(item)) {
      const list = this.lists.get(key);
      if (!list) continue;
      for (let k = list.length - 1, end = Math.max(0, list.length - TAG_ROUTE_SCAN); k >= end; k--) {
        const id = resolve(list[k]!);
        if (id !== undefined && !shortlist.includes(id)) shortlist.push(id);
      }
    }
  }
}

function keysOf(item: Tagged): string[] {
  const keys: string[] = [];
  if (item.product !== null) keys.push('p:' + item.product);
  if (item.issue !== null) keys.push('i:' + item.issue);
  return keys;
}

/**
 * Different product or issue tags, when both sides have one, unless the
 * side with one tag also matched the other's tag among its taxonomy
 * concepts (tags are the top label of a noisy classifier: "logged out in
 * the middle of a transfer" is tagged payments or digital by a hair).
 */
export function tagsConflict(vocab: Vocabulary, item: Tagged & { vector: FeatureVector }, cluster: ClusterRecord): boolean {
  return kindConflict(vocab, item.product, cluster.product, item.vector, cluster) ||
    kindConflict(vocab, item.issue, cluster.issue, item.vector, cluster);
}

function kindConflict(vocab: Vocabulary, mine: string | null, theirs: string | null, vector: FeatureVector, cluster: ClusterRecord): boolean {
  if (mine === null || theirs === null || mine === theirs) return false;
  const theirsId = vocab.find('c:' + theirs);
  if (theirsId >= 0 && vectorHas(vector, theirsId)) return false;
  const mineId = vocab.find('c:' + mine);
  if (mineId < 0) return true;
  return cluster.sums === null ? !vectorHas(cluster.founderVector, mineId) : !cluster.sums.has(mineId);
}

/** Pair similarity of an item and a cluster's founder, tag features left out (they differ by definition). */
export function textSimilarity(
  vocab: Vocabulary,
  item: Pick<ItemRecord, 'vector' | 'negated'>,
  founder: ItemRecord | undefined,
  cluster: ClusterRecord,
): number {
  const other = founder?.vector ?? cluster.founderVector;
  const raw = vectorSimilarity(withoutTags(vocab, item.vector), withoutTags(vocab, other), vocab);
  return withNegation(raw, item.negated, founder?.negated ?? false);
}

function withoutTags(vocab: Vocabulary, vector: FeatureVector): FeatureVector {
  let tags = 0;
  for (let i = 0; i < vector.length; i += 2) if (vocab.isTag(vector[i]!)) tags++;
  if (tags === 0) return vector;
  const kept = new Int32Array(vector.length - 2 * tags);
  let k = 0;
  for (let i = 0; i < vector.length; i += 2) {
    if (vocab.isTag(vector[i]!)) continue;
    kept[k++] = vector[i]!;
    kept[k++] = vector[i + 1]!;
  }
  return kept;
}

/** Whether a sorted [id, weight, …] vector has the feature. */
function vectorHas(vector: FeatureVector, id: number): boolean {
  let lo = 0;
  let hi = (vector.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = vector[2 * mid]!;
    if (at === id) return true;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
