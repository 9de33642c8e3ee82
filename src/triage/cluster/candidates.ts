// Inverted index from feature id to the clusters listed under it. A query
// reads only the rarest few features of the new item and only the newest
// entries of each posting list, so assignment cost stays flat as the store
// grows (no all-pairs comparison).
import type { FeatureVector } from './similarity.js';
import type { Vocabulary } from './vocabulary.js';

/** Rarest features of the query item that are looked up. */
const QUERY_FEATURES = 6;
/** Newest entries read per posting list. */
const POSTING_SCAN = 96;
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
    return [...scores]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, SHORTLIST)
      .map(([id]) => id);
  }
}
