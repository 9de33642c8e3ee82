// Weighted (Ruzicka) Jaccard over IDF-weighted features: Σ min / Σ max.
// Chosen over cosine because on the BQ corpus it separates paraphrases from
// near-misses better (0.706 vs 0.697 best accuracy on character unigrams) and
// because against a centroid it falls as a cluster drifts: mass the item does
// not share counts against it, which keeps clusters from chaining.
import type { Vocabulary } from './vocabulary.js';

/** Features as one sorted Int32Array: [id, weight × WEIGHT_SCALE, …] (see features.ts). */
export type FeatureVector = Int32Array;

/** Multiplier when exactly one side is negated (see features.ts). */
export const NEGATION_MISMATCH = 0.7;

/** Weighted Jaccard between two items' vectors, in [0, 1]. */
export function vectorSimilarity(a: FeatureVector, b: FeatureVector, vocab: Vocabulary): number {
  let i = 0;
  let j = 0;
  let min = 0;
  let max = 0;
  while (i < a.length || j < b.length) {
    const ida = i < a.length ? a[i]! : Infinity;
    const idb = j < b.length ? b[j]! : Infinity;
    if (ida === idb) {
      const idf = vocab.idf(ida);
      const wa = a[i + 1]!;
      const wb = b[j + 1]!;
      min += Math.min(wa, wb) * idf;
      max += Math.max(wa, wb) * idf;
      i += 2;
      j += 2;
    } else if (ida < idb) {
      max += a[i + 1]! * vocab.idf(ida);
      i += 2;
    } else {
      max += b[j + 1]! * vocab.idf(idb);
      j += 2;
    }
  }
  return max > 0 ? min / max : 0;
}

/**
 * One item scored against many clusters (the candidate loop): its IDF
 * weights and total mass are computed once, and for each candidate only the
 * shared mass Σmin is walked; Σmax = mass(item) + mass(cluster) − Σmin.
 */
export class QueryScorer {
  private idf = new Float64Array(64);
  private vector: FeatureVector = new Int32Array(0);
  /** Σ weight × IDF of the loaded item. */
  mass = 0;

  constructor(private readonly vocab: Vocabulary) {}

  load(vector: FeatureVector): void {
    const n = vector.length >> 1;
    if (n > this.idf.length) this.idf = new Float64Array(Math.max(n, this.idf.length * 2));
    let mass = 0;
    for (let k = 0; k < n; k++) {
      const idf = this.vocab.idf(vector[2 * k]!);
      this.idf[k] = idf;
      mass += vector[2 * k + 1]! * idf;
    }
    this.vector = vector;
    this.mass = mass;
  }

  /** Σ min(w_item, w_other) × IDF over the features both have. */
  sharedWithVector(b: FeatureVector): number {
    const a = this.vector;
    let i = 0;
    let j = 0;
    let min = 0;
    while (i < a.length && j < b.length) {
      const ida = a[i]!;
      const idb = b[j]!;
      if (ida === idb) {
        min += Math.min(a[i + 1]!, b[j + 1]!) * this.idf[i >> 1]!;
        i += 2;
        j += 2;
      } else if (ida < idb) i += 2;
      else j += 2;
    }
    return min;
  }

  /** Σ min(w_item, sum / size) × IDF over the item's features. */
  sharedWithCentroid(sums: ReadonlyMap<number, number>, size: number): number {
    const a = this.vector;
    let min = 0;
    for (let i = 0; i < a.length; i += 2) {
      const sum = sums.get(a[i]!);
      if (sum !== undefined) min += Math.min(a[i + 1]!, sum / size) * this.idf[i >> 1]!;
    }
    return min;
  }
}

/** Σ weight × IDF of a vector. */
export function vectorMass(vector: FeatureVector, vocab: Vocabulary): number {
  let mass = 0;
  for (let i = 0; i < vector.length; i += 2) mass += vector[i + 1]! * vocab.idf(vector[i]!);
  return mass;
}

/** Σ (sum / size) × IDF of a centroid. */
export function centroidMass(sums: ReadonlyMap<number, number>, size: number, vocab: Vocabulary): number {
  let mass = 0;
  for (const [id, sum] of sums) mass += sum * vocab.idf(id);
  return mass / size;
}

/** Applies the negation rule to a raw similarity. */
export function withNegation(similarity: number, negatedA: boolean, negatedB: boolean): number {
  return negatedA === negatedB ? similarity : similarity * NEGATION_MISMATCH;
}
