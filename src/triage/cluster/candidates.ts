// Inverted index from feature id to the clusters listed under it. A query
// reads only the rarest few features of the new item and only the newest
// entries of each posting list, so assignment cost stays flat as the store
// grows (no all-pairs comparison).
import type { FeatureVector } from './similarity.js';
import type { Vocabulary } from './vocabulary.js';

/** Rarest features of the query item that are looked up. */
const QUERY_FEATURES = 4;
/** Newest entries read per posting list. */
const POSTING_SCAN = 32;
/** Clusters scored exactly per query. */
const SHORTLIST = 12;

export class CandidateIndex {
  private readonly postings = new Map<number, number[]>();

  add(featureId: number, clusterId: number): void {
    const list = this.postings.get(featureId);
    if (list === undefined) this.postings.set(featureId, [clusterId]);
    else list.push(clusterId);
  }

  /**
   * Cluster ids worth scoring for this vector, best first. `resolve` maps a
   * listed id to the cluster that now holds it (merges), or undefined.
   */
  shortlist(vector: FeatureVector, vocab: Vocabulary, resolve: (id: number) => number | undefined): number[] {
    const features: Array<[number, number]> = [];
    for (let i = 0; i < vector.length; i += 2) {
      if (this.postings.has(vector[i]!)) features.push([vector[i]!, vocab.idf(vector[i]!)]);
    }
    features.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const scores = new Map<number, number>();
    for (const [featureId, idf] of features.slice(0, QUERY_FEATURES)) {
      const list = this.postings.get(featureId)!;
      for (let k = list.length - 1, end = Math.max(0, list.length - POSTING_SCAN); k >= end; k--) {
        const id = resolve(list[k]!);
        if (id !== undefined) scores.set(id, (scores.get(id) ?? 0) + idf);
      }
    }
    // Top SHORTLIST by score (ties: lower id), without sorting every candidate.
    const top: Array<[number, number]> = [];
    for (const entry of scores) {
      if (top.length === SHORTLIST && !better(entry, top[SHORTLIST - 1]!)) continue;
      let k = Math.min(top.length, SHORTLIST - 1);
      top[k] = entry;
      while (k > 0 && better(top[k]!, top[k - 1]!)) {
        [top[k], top[k - 1]] = [top[k - 1]!, top[k]!];
        k--;
      }
    }
    return top.map(([id]) => id);
  }
}

function better(a: [number, number], b: [number, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
}
